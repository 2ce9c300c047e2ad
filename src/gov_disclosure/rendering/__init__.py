"""Write a report model back out as text, in every layout the reader takes, or as an HTML page.

`render(report, layout)` is the reader's inverse where the facts are concerned: for every report
``r`` and every text layout ``L``, ``facts(parse(render(r, L))) == facts(r)``. The text follows
what real extractions print (see ``docs/layouts.md``): the tables keep the official template's
merged cells, as placeholders in position (``tab_cells``, ``tsv``, ``markdown``), as padding at
the row's end (``pipe_cells``), as white space (``text_rows``) or as ``rowspan``/``colspan``
(``html``).

The tables are built once, as grids of cells with their spans (`Grid`), and every writer works
from those grids, so the text layouts, the HTML page and any other writer (a Word document,
say) show the same merged cells.
"""

from __future__ import annotations

from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing._frontend import LAYOUT_NAMES
from gov_disclosure.rendering._blocks import Block, Paragraph, blocks
from gov_disclosure.rendering._grid import Grid, GridCell, GridRow, TableModel, grid
from gov_disclosure.rendering._html import write_html
from gov_disclosure.rendering._review import REVIEW_CSS, cell_id, review_html, severity_counts
from gov_disclosure.rendering._text import TABLE_WRITERS, write_text

__all__ = [
    "LAYOUTS",
    "REVIEW_CSS",
    "Block",
    "Grid",
    "GridCell",
    "GridRow",
    "Paragraph",
    "TableModel",
    "blocks",
    "cell_id",
    "grid",
    "render",
    "review_html",
    "severity_counts",
]

LAYOUTS: tuple[str, ...] = (*LAYOUT_NAMES, "html")
"""Every layout `render` writes: the five text layouts the reader takes (the names
``ReportMeta.layout`` records), then ``"html"``."""


def render(report: AnnualReport, layout: str) -> str:
    """Write a report in one of the `LAYOUTS`.

    The text layouts are those the reader takes, so a rendered report parses back to the same
    facts: ``facts(parse(render(r, layout))) == facts(r)``. ``"html"`` writes a UTF-8 page with
    the three tables merged as in the official template (``rowspan``/``colspan``).

    What the report has is written and nothing more: a blank cell stays blank (never 0), rows
    and tables the report lacks stay out, and a row cut short ends where it ends. The tables'
    captions and headers are the template's. What no text can show: a cell missing before one
    that is present is written blank, and cells that fit no table (``stray``, ``surplus``) are
    left out.

    Args:
        report: The report to write.
        layout: One of `LAYOUTS`.

    Raises:
        ValueError: ``layout`` is not one of `LAYOUTS`.
    """
    if layout == "html":
        return write_html(report)
    if layout not in TABLE_WRITERS:
        raise ValueError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")
    return write_text(report, layout)
