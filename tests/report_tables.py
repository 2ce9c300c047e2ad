"""Write a parsed report back out as HTML or DOCX, with the statutory tables' real spans.

The tests of the HTML and DOCX readers compare the facts of a report read from text with the
facts of the same report written as a web page or a Word file and read back. The tables are
written as the official form lays them out (国办公开办函〔2019〕60号 / 〔2021〕30号): table 3
with its 3-row header, a 3-column label area and the group labels spanning their sub-rows,
table 4 with 行政复议 over five columns and 行政诉讼 over ten, table 2 as captioned blocks.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from io import BytesIO
from typing import Any

import attrs

from gov_disclosure.model import (
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Reviews,
)
from gov_disclosure.readers.grid import SpanCell

Row = list[SpanCell]
Table = list[Row]
Block = str | Table  # a paragraph, or a table


def _raw(cell: Cell[Any] | None) -> str | None:
    return None if cell is None else cell.raw


def _values(row: Any) -> list[str]:
    """The row's value cells the source has (a cut row has fewer), as written."""
    out: list[str] = []
    for f in attrs.fields(type(row)):
        if "label" not in f.metadata:
            continue
        raw = _raw(getattr(row, f.name))
        if raw is None:
            break
        out.append(raw)
    return out


_T2_2021 = (
    (
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        ["rules", "normative_documents"],
    ),
    ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
    ("第二十条第（六）项", ["本年处理决定数量"], ["punishment", "coercion"]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"]),
)
_T2_2019 = (
    (
        "第二十条第（一）项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["rules", "normative_documents"],
    ),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["licensing", "other_services"]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["punishment", "coercion"]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["fees"]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["procurement"]),
)


def active_table(active: Active2021 | Active2019) -> Table:
    """Table 2, four columns wide: each block a caption row, a header row and its rows."""
    blocks = _T2_2021 if active.template == "2021" else _T2_2019
    table: Table = []
    for caption, columns, keys in blocks:
        rows = [getattr(active, k) for k in keys if getattr(active, k) is not None]
        if not rows:
            continue
        table.append([SpanCell(caption, colspan=4)])
        table.append([SpanCell("信息内容"), *_spread(columns)])
        for row in rows:
            table.append([SpanCell(row.label.raw), *_spread(_values(row), len(columns))])
    return table


def _spread(texts: Sequence[str], width: int | None = None) -> Row:
    """Cells over the 3 value columns: the last one spans what is left (1 → colspan 3)."""
    n = width or len(texts)
    cells = [SpanCell(t) for t in texts]
    if cells and n < 3 and len(cells) == n:
        cells[-1] = SpanCell(cells[-1].text, colspan=3 - n + 1)
    return cells


def _group_rows(group: Any, label: str, keys: Sequence[str], results: SpanCell | None) -> Iterator[Row]:
    rows = [(k, getattr(group, k)) for k in keys if getattr(group, k) is not None]
    for i, (_, row) in enumerate(rows):
        cells: Row = []
        if i == 0 and results is not None:
            cells.append(results)
        if i == 0:
            cells.append(SpanCell(label, rowspan=len(rows)))
        cells.append(SpanCell(row.label.raw))
        cells.extend(SpanCell(v) for v in _values(row))
        yield cells


def applications_table(apps: Applications) -> Table:
    """Table 3: 10 columns; the label area is 3 columns wide."""
    table: Table = [
        [
            SpanCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            SpanCell("申请人情况", colspan=7),
        ],
        [SpanCell("自然人", rowspan=2), SpanCell("法人或其他组织", colspan=5), SpanCell("总计", rowspan=2)],
        [SpanCell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]

    def top(row: ApplicantRow | None, colspan: int, lead: list[SpanCell] | None = None) -> None:
        if row is not None:
            table.append(
                [*(lead or []), SpanCell(row.label.raw, colspan=colspan), *map(SpanCell, _values(row))]
            )

    top(apps.new_received, 3)
    top(apps.carried_over, 3)
    body: list[Row] = []
    for key in ("granted", "partially_granted"):
        row = getattr(apps, key)
        if row is not None:
            body.append([SpanCell(row.label.raw, colspan=2), *map(SpanCell, _values(row))])
    groups = (
        (apps.denied, "（三）不予公开", [f.name for f in attrs.fields(type(apps.denied))][1:]),
        (apps.unavailable, "（四）无法提供", [f.name for f in attrs.fields(type(apps.unavailable))][1:]),
        (apps.not_processed, "（五）不予处理", [f.name for f in attrs.fields(type(apps.not_processed))][1:]),
    )
    for group, label, keys in groups:
        body.extend(_group_rows(group, _raw(group.label) or label, keys, None))
    other = apps.other
    if other.combined is not None:
        body.append([SpanCell(other.combined.label.raw, colspan=2), *map(SpanCell, _values(other.combined))])
    else:
        keys = ["overdue_correction", "overdue_fee", "other"]
        body.extend(_group_rows(other, _raw(other.label) or "（六）其他处理", keys, None))
    if apps.total is not None:
        body.append([SpanCell(apps.total.label.raw, colspan=2), *map(SpanCell, _values(apps.total))])
    if body:
        results = _raw(apps.results_label) or "三、本年度办理结果"
        body[0].insert(0, SpanCell(results, rowspan=len(body)))
        table.extend(body)
    top(apps.carried_forward, 3)
    return table


def reviews_table(reviews: Reviews) -> Table:
    """Table 4: 15 columns; a 3-row header over one row of 15 values."""
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    values: list[str] = []
    for block in (reviews.review, reviews.litigation_direct, reviews.litigation_after_review):
        cells = (
            [None] * 5 if block is None else [_raw(getattr(block, f.name)) for f in attrs.fields(type(block))]
        )
        values.extend("" if raw is None else raw for raw in cells)
    return [
        [SpanCell("行政复议", colspan=5), SpanCell("行政诉讼", colspan=10)],
        [
            *(SpanCell(t, rowspan=2) for t in five),
            SpanCell("未经复议直接起诉", colspan=5),
            SpanCell("复议后起诉", colspan=5),
        ],
        [SpanCell(t) for t in five * 2],
        [SpanCell(v) for v in values],
    ]


def report_blocks(report: AnnualReport) -> list[Block]:
    """The report's prose and tables in source order."""
    items: list[tuple[int, Block]] = []
    for cell in report.preamble:
        items.append((cell.span.start if cell.span else 0, cell.raw))
    for part in report.parts:
        cells = [part.heading, *part.paragraphs]
        for sub in part.subsections:
            cells.extend([sub.heading, *sub.paragraphs])
        items.extend((c.span.start if c.span else 0, c.raw) for c in cells)
    tables: list[tuple[Any, Table]] = []
    if report.active is not None:
        tables.append((report.active, active_table(report.active)))
    if report.applications is not None:
        tables.append((report.applications, applications_table(report.applications)))
    if report.reviews is not None:
        tables.append((report.reviews, reviews_table(report.reviews)))
    for obj, table in tables:
        items.append((obj.span.start if obj.span else 0, table))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


# ---- HTML ---------------------------------------------------------------------------------------


def table_html(table: Table, *, br_in_headers: bool = True) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">', "<tbody>"]
    for row in table:
        out.append("<tr>")
        for cell in row:
            attrs_ = ""
            if cell.rowspan != 1:
                attrs_ += f' rowspan="{cell.rowspan}"'
            if cell.colspan != 1:
                attrs_ += f' colspan="{cell.colspan}"'
            text = html.escape(cell.text)
            if br_in_headers and len(cell.text) == 4 and not cell.text[0].isdigit():
                text = f"{html.escape(cell.text[:2])}<br/>{html.escape(cell.text[2:])}"  # 结果<br/>维持
            if not text:
                text = "&nbsp;"
            out.append(
                f'<td{attrs_} valign="center"><p style="text-align:center"><span>{text}</span></p></td>'
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def report_html(
    report: AnnualReport,
    *,
    charset: str | None = "utf-8",
    debris: bool = True,
    layout_table: bool = False,
) -> str:
    """A government-style page for the report: header, nav, breadcrumb, article, footer."""
    blocks = report_blocks(report)
    body: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            body.append(f'<p style="text-indent:2em">{html.escape(block.strip())}</p>')
        else:
            body.append(f'<div style="text-align:center">{table_html(block)}</div>')
    article = "\n".join(body)
    head = f'<meta charset="{charset}">' if charset else ""
    if not debris:
        return f"<!DOCTYPE html><html><head>{head}<title>年报</title></head><body>{article}</body></html>"
    title = html.escape(" ".join(report.meta.title.raw.split())) if report.meta.title else "年度报告"
    published = f"发布时间：{report.meta.published.value} " if report.meta.published else ""
    page = f"""
<div class="header-top"><span id="utime">2025年12月30日 星期二</span>
  <ul class="header-menu"><li><a href="#">繁體版</a></li><li><a href="#">无障碍</a></li></ul></div>
<div class="header-ban"><div class="logo"><img src="logo.png" alt="青禾县人民政府"></div>
  <form class="header-search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<nav class="mainNav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政府信息公开</a></li>
  <li><a href="/nb">政府信息公开年报</a></li><li><a href="/hd">政民互动</a></li></ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开工作年度报告</div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="info">{published}来源：本站 浏览次数：<span>1024</span></div>
<div class="toolbar">【字号：<a>大</a> <a>中</a> <a>小</a>】 <a href="javascript:window.print()">【打印】</a></div>
<div class="article-content" id="zoom">
{article}
</div>
<div class="print-close"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<aside class="sidebar"><h3>相关报告</h3><ul><li><a href="/1">某某县2019年政府信息公开工作年度报告</a></li></ul></aside>
<footer class="footer"><p>主办单位：青禾县人民政府办公室 联系电话：0000-1234567</p>
  <p>网站标识码：9999000001 <a href="#">某ICP备00000001号</a> 某公网安备 00000000000001号</p></footer>
<script>var websiteId = "abc"; document.write("一、总体情况");</script>
<style>.article{{width:100%}}</style>
"""
    if layout_table:
        page = f'<table width="100%"><tr><td>{page}</td></tr></table>'
    return f"<!DOCTYPE html>\n<html><head>{head}<title>年度报告</title></head><body>{page}</body></html>"


# ---- DOCX ---------------------------------------------------------------------------------------


def report_docx(report: AnnualReport) -> bytes:
    """A Word document of the report: paragraphs, and the tables with merged cells."""
    import docx

    document = docx.Document()
    for block in report_blocks(report):
        if isinstance(block, str):
            document.add_paragraph(block.strip())
        else:
            add_table(document, block)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _placements(table: Table) -> tuple[list[tuple[int, int, SpanCell]], int]:
    """Where each cell's origin falls in the grid (HTML's table model), and the grid's width."""
    occupied: set[tuple[int, int]] = set()
    out: list[tuple[int, int, SpanCell]] = []
    for r, row in enumerate(table):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            out.append((r, c, cell))
            occupied.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return out, max((c for _, c in occupied), default=0) + 1


def add_table(document: Any, table: Table, *, wrap_headers: bool = True) -> None:
    """Add a table with its spans as merged cells (gridSpan across, vMerge down).

    Four-character header words are written as two paragraphs ("结果" / "维持"), as Word
    users wrap them, so the reader must join a cell's paragraphs.
    """
    placements, width = _placements(table)
    t = document.add_table(rows=len(table), cols=width)
    # Table.cell() lays out the whole table on every call; take the layout once, before the
    # merges (a merge keeps every cell it does not swallow where it was).
    slots = t._cells
    for r, c, cell in placements:
        first = slots[r * width + c]
        last = slots[(min(r + cell.rowspan, len(table)) - 1) * width + min(c + cell.colspan, width) - 1]
        merged = first.merge(last) if (cell.rowspan, cell.colspan) != (1, 1) else first
        text = cell.text
        if wrap_headers and len(text) == 4 and not text[0].isdigit():
            merged.text = text[:2]
            merged.add_paragraph(text[2:])
        else:
            merged.text = text
