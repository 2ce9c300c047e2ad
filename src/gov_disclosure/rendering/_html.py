"""The HTML page: the blocks as paragraphs, the grids as tables with rowspan/colspan."""

from __future__ import annotations

import html

from gov_disclosure.model import (
    AnnualReport,
)
from gov_disclosure.rendering._blocks import Paragraph, blocks
from gov_disclosure.rendering._grid import Grid

_CSS = (
    "body{font-family:'SimSun','Songti SC',serif;max-width:60em;margin:auto}"
    "p{text-indent:2em;line-height:1.8}p.title{text-align:center;font-size:1.4em;text-indent:0}"
    "p.signature{text-align:right}"
    "table{border-collapse:collapse;margin:1em auto}"
    "td{border:1px solid #000;padding:2px 6px;text-align:center}"
)


def _html_table(g: Grid) -> list[str]:
    out = ['<table border="1" cellspacing="0" cellpadding="0">', "<tbody>"]
    for row in g.rows:
        tds = []
        for cell in row.cells:
            attrs_ = ""
            if cell.rowspan > 1:
                attrs_ += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs_ += f' colspan="{cell.colspan}"'
            tds.append(f"<td{attrs_}>{html.escape(cell.text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def write_html(report: AnnualReport) -> str:
    items = blocks(report)
    title = "".join(b.text for b in items if isinstance(b, Paragraph) and b.role == "title")
    body: list[str] = []
    for block in items:
        if isinstance(block, Grid):
            body += _html_table(block)
            continue
        text = html.escape(block.text)
        if block.role == "title":
            body.append(f'<p class="title"><strong>{text}</strong></p>')
        elif block.role in ("heading", "subheading"):
            body.append(f"<p><strong>{text}</strong></p>")
        elif block.role == "signature":
            body.append(f'<p class="signature">{text}</p>')
        else:
            body.append(f"<p>{text}</p>")
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
