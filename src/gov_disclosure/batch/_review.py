"""``batch --review DIR``: a review page per report, written by the worker that read it, and an
index page of every file with its counts of errors and warnings, sortable, linking to them."""

from __future__ import annotations

import hashlib
import html
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gov_disclosure.batch._result import FileResult
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport

__all__ = ["page_name", "write_index", "write_page"]

_SORT_JS = (
    # Click a heading to sort by that column; numbers as numbers; again to reverse.
    "document.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){"
    "var body=th.closest('table').tBodies[0],rows=Array.from(body.rows),up=th.dataset.up!=='1';"
    "th.dataset.up=up?'1':'0';rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,"
    "y=b.cells[i].dataset.v||b.cells[i].textContent,nx=parseFloat(x),ny=parseFloat(y);"
    "var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh');return up?c:-c;});"
    "rows.forEach(function(r){body.appendChild(r);});});});"
    # index.html#sort=4 opens sorted by the fifth column (errors): a link that keeps its order.
    "var m=location.hash.match(/sort=(\\d+)/);if(m){var h=document.querySelectorAll('th')[+m[1]];"
    "if(h){h.click();if(location.hash.indexOf('desc')>0){h.click();}}}"
)


def page_name(file: str) -> str:
    """The review page's file name for a report file: its name, then a digest of its whole
    path (two files of one name in different folders get two pages)."""
    stem = Path(file).stem[:60] or "report"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
    digest = hashlib.sha256(os.fsencode(file)).hexdigest()[:10]
    return f"{safe}-{digest}.html"


def _write_atomic(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=".", delete=False, suffix=".tmp"
    ) as f:
        f.write(text)
    os.replace(f.name, path)


def write_page(folder: str, file: str, report: AnnualReport, findings: Iterable[Finding]) -> None:
    """Write the review page of one report into ``folder`` (`page_name`)."""
    from gov_disclosure.rendering import review_html

    _write_atomic(Path(folder) / page_name(file), review_html(report, list(findings), source=file))


def write_index(folder: str, results: Iterable[FileResult]) -> int:
    """Write ``folder``/index.html listing every result; returns how many it lists."""
    from gov_disclosure._names import shown_name
    from gov_disclosure.rendering._review import REVIEW_CSS, severity_counts

    rows = []
    for result in results:
        meta = result.meta or {}
        counts = severity_counts(result.findings)
        target = Path(folder) / page_name(result.file)
        name = html.escape(shown_name(result.file))
        # A failed or skipped file has no page of this run (one left by an earlier run is stale).
        fresh = result.status in ("ok", "partial") and target.exists()
        link = f'<a href="{html.escape(target.name)}">{name}</a>' if fresh else name
        note = html.escape(result.error or "")
        cells = [
            f"<td>{link}</td>",
            f"<td>{html.escape(str(meta.get('subject') or ''))}</td>",
            f"<td>{html.escape(str(meta.get('year') or ''))}</td>",
            f"<td>{result.status}</td>",
            *(f'<td data-v="{counts[s]}" class="{s if counts[s] else ""}">{counts[s]}</td>' for s in counts),
            f"<td>{note}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = (
        "<th>文件 file</th><th>主体 subject</th><th>年度 year</th><th>状态 status</th>"
        "<th>错误 errors</th><th>警告 warnings</th><th>提示 info</th><th>原因 reason</th>"
    )
    page = "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            '<head><meta charset="utf-8" /><title>审查 Review: index</title>',
            f"<style>{REVIEW_CSS}th{{cursor:pointer;text-align:left}}</style></head>",
            "<body>",
            f"<h1>审查 Review ({len(rows)} 个文件 files)</h1>",
            "<p>点击表头排序 Click a heading to sort.</p>",
            f'<table class="findings" id="index"><thead><tr>{head}</tr></thead><tbody>',
            *rows,
            "</tbody></table>",
            f"<script>{_SORT_JS}</script>",
            "</body>",
            "</html>",
        ]
    )
    _write_atomic(Path(folder) / "index.html", page + "\n")
    return len(rows)
