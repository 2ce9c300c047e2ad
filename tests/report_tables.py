"""Write a parsed report back out as HTML or DOCX pages of several styles, with the tables' spans.

The tests of the HTML and DOCX readers compare the facts of a report read from text with the
facts of the same report written as a web page or a Word file and read back. The tables are
written as the official form lays them out (国办公开办函〔2019〕60号 / 〔2021〕30号): table 3
with its 3-row header, a 3-column label area and the group labels spanning their sub-rows,
table 4 with 行政复议 over five columns and 行政诉讼 over ten, table 2 as captioned blocks.
The paragraphs and table grids are `gov_disclosure.rendering`'s; this module only adds the
page styles a reader must cope with (site chrome, a layout table, Word-wrapped headers).
"""

from __future__ import annotations

import html
from io import BytesIO
from typing import Any

from gov_disclosure.model import AnnualReport, Applications, Reviews
from gov_disclosure.readers.grid import SpanCell
from gov_disclosure.rendering import Grid, blocks, grid

Row = list[SpanCell]
Table = list[Row]
Block = str | Table  # a paragraph, or a table


def _table(grid: Grid) -> Table:
    """A rendered grid as HTML's table model: each row's own cells, with their spans."""
    return [[SpanCell(cell.text, cell.rowspan, cell.colspan) for cell in row.cells] for row in grid.rows]


def applications_table(apps: Applications) -> Table:
    """Table 3: the 3-row applicant header, the label area, group labels spanning their rows."""
    return _table(grid(apps))


def reviews_table(reviews: Reviews) -> Table:
    """Table 4: 行政复议 over five columns, 行政诉讼 over ten, one row of 15 values."""
    return _table(grid(reviews))


def report_blocks(report: AnnualReport) -> list[Block]:
    """The report's prose and tables in source order, as `render` writes them."""
    return [_table(block) if isinstance(block, Grid) else block.text for block in blocks(report)]


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
            if br_in_headers and len(cell.text) == 4 and not cell.text.lstrip("+-")[:1].isdigit():
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
        # Numbers are never wrapped ("-262" is one value; two numbers in one cell are two).
        if wrap_headers and len(text) == 4 and not text.lstrip("+-")[:1].isdigit():
            merged.text = text[:2]
            merged.add_paragraph(text[2:])
        else:
            merged.text = text
