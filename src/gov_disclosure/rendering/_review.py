"""The review page: a report as the form draws it, each problem marked on its cell.

One self-contained HTML page (no outside resource: styles inline, system fonts) for the
offices that review subordinate organs' reports. A value cell a finding is about is coloured
by severity, names the finding on hover (``title``) and carries ``data-finding="A001 …"``;
a finding about a row marks the row's label, one about a table the table; a finding with
only a line marks the paragraph of that line. The list of findings links to what it marks.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence

from gov_disclosure._names import shown_name
from gov_disclosure.findings import Finding
from gov_disclosure.form import FORM_2021
from gov_disclosure.model import AnnualReport, ReportMeta
from gov_disclosure.rendering._blocks import Paragraph, blocks
from gov_disclosure.rendering._grid import Grid, GridCell

__all__ = ["REVIEW_CSS", "cell_id", "review_html", "severity_counts"]

_ORDER = {"error": 0, "warning": 1, "info": 2}
_CHINESE = {"error": "错误", "warning": "警告", "info": "提示"}
_NUMERALS = "〇一二三四五六"

REVIEW_CSS = (
    # No web font: the reader's own CJK fonts (a page that loads nothing from outside).
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "'WenQuanYi Micro Hei','SimSun',sans-serif;max-width:72em;margin:1em auto;padding:0 1em;"
    "color:#222;line-height:1.6}"
    "h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc}"
    "p.title{text-align:center;font-size:1.3em;font-weight:bold}p.signature{text-align:right}"
    "table.report{border-collapse:collapse;margin:1em auto}"
    "table.report td{border:1px solid #555;padding:2px 6px;text-align:center}"
    "table.findings{border-collapse:collapse;width:100%}"
    "table.findings td,table.findings th{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;"
    "vertical-align:top}"
    ".error{background:#f8d7da;outline:2px solid #c62828}"
    ".warning{background:#fff3cd;outline:2px solid #e0a800}"
    ".info{background:#dbeafe;outline:1px dashed #1d4ed8}"
    "td.error,td.warning,td.info{cursor:help}"
    ".counts span{margin-right:1.5em}"
    "a.to{white-space:nowrap}"
    ":target{box-shadow:0 0 0 4px #6d28d9}"
)


def cell_id(table: str, row: str | None = None, column: str | None = None) -> str:
    """The element id the review page gives a table, a row's label or a cell."""
    return "-".join(p for p in ("t", table, row, column) if p)


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings of each severity: ``{"error": …, "warning": …, "info": …}``."""
    counts = dict.fromkeys(_ORDER, 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


class _Marks:
    """Which findings each element of the page carries, and where each finding is shown."""

    def __init__(self, findings: Sequence[Finding], present: set[str]) -> None:
        self.by_target: dict[str, list[Finding]] = defaultdict(list)
        self.target: dict[int, str] = {}
        for i, finding in enumerate(findings):
            where = self._target(finding, present)
            if where is not None:
                self.by_target[where].append(finding)
                self.target[i] = where

    @staticmethod
    def _target(finding: Finding, present: set[str]) -> str | None:
        """The most precise element of the page the finding is about: its cell, else its
        row's label, else its table, else the paragraph of its line."""
        candidates = []
        if finding.table is not None:
            if finding.row is not None:
                if finding.column is not None:
                    candidates.append(cell_id(finding.table, finding.row, finding.column))
                candidates.append(cell_id(finding.table, finding.row))
            candidates.append(cell_id(finding.table))
        if finding.line is not None:
            candidates.append(f"line-{finding.line}")
        return next((c for c in candidates if c in present), None)

    def attributes(self, target: str, base: str = "") -> str:
        """The id, and for a marked element its class (after ``base``), hover text and
        ``data-finding``."""
        found = self.by_target.get(target)
        if not found:
            return f' id="{target}"' + (f' class="{base}"' if base else "")
        worst = min(found, key=lambda f: _ORDER.get(f.severity, 3)).severity
        codes = " ".join(f.code for f in found)
        hover = "\n".join(f"{f.code} [{_CHINESE.get(f.severity, f.severity)}] {f.message}" for f in found)
        classes = f"{base} {worst}" if base else worst
        return (
            f' id="{target}" class="{classes}" data-finding="{html.escape(codes)}"'
            f' title="{html.escape(hover)}"'
        )


def _grid_target(table: str, cell: GridCell) -> str | None:
    """The id of a grid cell a finding can be about: a value cell, or a row's own label (both
    carry their row's key; captions and headers carry none)."""
    return None if cell.row is None else cell_id(table, cell.row, cell.column)


def _table_name(table: str) -> str:
    """表三 收到和处理政府信息公开申请情况: the table's number and title, from the form."""
    try:
        form = FORM_2021.table(table)
    except KeyError:  # a finding of one's own may name a table the form has not
        return table
    return f"表{_NUMERALS[form.number]} {form.title}"


def _cell_html(cell: GridCell, table: str, marks: _Marks, shown: set[str]) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    marked = ""
    target = _grid_target(table, cell)
    if target is not None and target not in shown:  # an id once: a repeated label is marked once
        shown.add(target)
        marked = marks.attributes(target)
    return f"<td{spans}{marked}>{html.escape(cell.text)}</td>"


def _table_html(block: Grid, marks: _Marks, shown: set[str]) -> list[str]:
    target = cell_id(block.table)
    shown.add(target)
    out = [f"<table{marks.attributes(target, 'report')}>", "<tbody>"]
    out.extend(
        "<tr>" + "".join(_cell_html(c, block.table, marks, shown) for c in row.cells) + "</tr>"
        for row in block.rows
    )
    out += ["</tbody>", "</table>"]
    return out


def _paragraph_html(block: Paragraph, marks: _Marks, shown: set[str]) -> str:
    text = html.escape(block.text)
    extra = ""
    if block.line is not None and f"line-{block.line}" not in shown:
        shown.add(f"line-{block.line}")
        extra = marks.attributes(f"line-{block.line}")
    if block.role == "title":
        return f'<p class="title"{extra}>{text}</p>'
    if block.role in ("heading", "subheading"):
        return f"<p{extra}><strong>{text}</strong></p>"
    if block.role == "signature":
        return f'<p class="signature"{extra}>{text}</p>'
    return f"<p{extra}>{text}</p>"


def _ids(items: Sequence[Paragraph | Grid]) -> set[str]:
    """The ids the page will give its tables, row labels, cells and paragraphs."""
    out: set[str] = set()
    for block in items:
        if isinstance(block, Grid):
            out.add(cell_id(block.table))
            for row in block.rows:
                out.update(t for c in row.cells if (t := _grid_target(block.table, c)) is not None)
        elif block.line is not None:
            out.add(f"line-{block.line}")
    return out


def _label(table: str, row: str, column: str | None, template: str | None) -> str:
    from gov_disclosure.form import label

    try:
        return label(table, row, column, template=template)
    except KeyError:  # a finding of one's own may name keys the form does not have
        return column or row


def _where(finding: Finding, meta: ReportMeta) -> str:
    """Where a finding is, in the form's Chinese wording (its keys when the form has none)."""
    parts = []
    if finding.table is not None:
        parts.append(_table_name(finding.table))
        if finding.row is not None:
            parts.append(_label(finding.table, finding.row, None, meta.template))
            if finding.column is not None:
                parts.append(_label(finding.table, finding.row, finding.column, meta.template))
    page = meta.page_of(finding.line)
    if page is not None:  # a PDF: the page the user sees, before the line of our text
        parts.append(f"第{page}页 page {page}")
    if finding.line is not None:
        parts.append(f"第{finding.line}行 line {finding.line}")
    return " · ".join(parts)


def review_html(report: AnnualReport, findings: Sequence[Finding], *, source: str = "") -> str:
    """The review page of ``report`` with ``findings`` marked on its tables and prose.

    ``source`` names the file the report was read from, for the page's heading.
    """
    items = blocks(report)
    marks = _Marks(findings, _ids(items))
    shown: set[str] = set()
    body: list[str] = []
    for block in items:
        if isinstance(block, Grid):
            body += _table_html(block, marks, shown)
        else:
            body.append(_paragraph_html(block, marks, shown))
    source = shown_name(source)
    title = "".join(b.text for b in items if isinstance(b, Paragraph) and b.role == "title") or source
    counts = severity_counts(findings)
    rows = []
    for i, finding in enumerate(findings):
        target = marks.target.get(i)
        link = f'<a class="to" href="#{target}">定位 go to</a>' if target in shown else ""
        rows.append(
            f'<tr class="{finding.severity}-row"><td>{html.escape(finding.code)}</td>'
            f"<td>{_CHINESE.get(finding.severity, finding.severity)}</td>"
            f"<td>{html.escape(finding.message)}</td><td>{html.escape(_where(finding, report.meta))}</td>"
            f"<td>{link}</td></tr>"
        )
    summary = "".join(
        f'<span class="{s}">{_CHINESE[s]} {s}: {counts[s]}</span>' for s in ("error", "warning", "info")
    )
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>审查 Review: {html.escape(title)}</title>",
        f"<style>{REVIEW_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>审查 Review: {html.escape(title)}</h1>",
        f"<p>文件 File: {html.escape(source)}</p>" if source else "",
        f'<p class="counts">{summary}</p>',
        f"<h2>问题 Findings ({len(findings)})</h2>",
        '<table class="findings" id="findings"><thead><tr><th>代码 code</th><th>级别 severity</th>'
        "<th>说明 message</th><th>位置 where</th><th></th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
        "<h2>报告 Report</h2>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
