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

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import attrs
from attrs import frozen

from gov_disclosure.dates import DATE_LINE, PUBLISHED_AT, read_date, signature
from gov_disclosure.form import (
    APPLICATIONS_UNION,
    FORMS,
    LEGAL_PERSON_COLUMNS,
    T3_APPLICANTS,
    T3_LEGAL_PERSONS,
    T3_NOTE,
    T3_RESULTS,
    cell_at,
    row_at,
)
from gov_disclosure.frontend import LAYOUT_NAMES, fold_cell, fold_prose
from gov_disclosure.model import (
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Part,
    Reviews,
)

__all__ = ["LAYOUTS", "Grid", "GridCell", "GridRow", "Paragraph", "blocks", "grid", "render"]

LAYOUTS: tuple[str, ...] = (*LAYOUT_NAMES, "html")
"""Every layout `render` writes: the five text layouts the reader takes (the names
``ReportMeta.layout`` records), then ``"html"``."""

CellKind = Literal["caption", "header", "label", "value"]
ParagraphRole = Literal["title", "heading", "subheading", "paragraph", "signature"]
TableModel = Active2021 | Active2019 | Applications | Reviews


# ---------------------------------------------------------------------------------------------
# The grid of a table


@frozen(kw_only=True)
class GridCell:
    """One cell of a table as the official template draws it, with its merge."""

    text: str
    """What the cell shows; empty for a blank cell that the report left empty."""
    kind: CellKind
    """``caption`` (第二十条第（一）项), ``header``, ``label`` (a row's label) or ``value``."""
    rowspan: int = 1
    colspan: int = 1
    blank: bool = False
    """A value cell whose value is None (blank is not zero)."""


@frozen(kw_only=True)
class GridRow:
    """One row of a table: the cells that start in it, left to right."""

    cells: tuple[GridCell, ...]
    complete: bool = True
    """False for a data row the report cut short: it lacks its last value cells."""


@frozen(kw_only=True)
class Grid:
    """A table as rows of cells with spans, in the official template's shape."""

    table: Literal["active", "applications", "reviews"]
    width: int
    """The number of grid columns."""
    rows: tuple[GridRow, ...]
    sections: tuple[int, ...] = (0,)
    """Indexes of the rows that open a block of the table (each 第二十条 item of table 2)."""

    def placed(self) -> Iterator[tuple[int, int, GridCell]]:
        """Every cell with the grid row and column of its top-left corner."""
        for r, row in enumerate(_slot_rows(self)):
            for c, slot in enumerate(row):
                if slot is not None and slot.origin:
                    yield r, c, slot.cell


@frozen
class _Slot:
    """One grid position and the cell covering it."""

    cell: GridCell
    origin: bool  # the cell's top-left corner
    first_col: bool  # in the cell's first column (a merged cell leaves one placeholder per row)


def _slot_rows(grid: Grid) -> list[list[_Slot | None]]:
    """The grid expanded: for each row and column the cell covering it (None where a row was cut)."""
    taken: dict[tuple[int, int], tuple[GridCell, int, int]] = {}
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = (cell, r, c)
            c += cell.colspan
    out: list[list[_Slot | None]] = []
    for r in range(len(grid.rows)):
        line: list[_Slot | None] = []
        for c in range(grid.width):
            hit = taken.get((r, c))
            if hit is None:
                line.append(None)
                continue
            cell, r0, c0 = hit
            line.append(_Slot(cell, (r, c) == (r0, c0), c == c0))
        out.append(line)
    return out


# ---- cell texts -----------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_BLANK_MARK = re.compile(r"(?:[/\-—–~～_*·]|无)*")
# The blank markers a text row can show (``frontend._VALUE_TOKEN``).
_TEXT_ROW_BLANKS = frozenset({"-", "—", "/", "／"})


def _clean(text: str) -> str:
    """A cell's text on one line: white space collapsed, no column separators."""
    return _WS.sub(" ", text).strip().replace("|", "｜")


def _value_text(cell: Cell[Any], money: bool) -> str:
    """The value as the report wrote it when that reads back the same, else its plain digits."""
    raw = cell.raw.strip()
    if cell.value is None:
        folded = unicodedata.normalize("NFKC", raw)
        return raw if _BLANK_MARK.fullmatch(folded) and "|" not in raw else ""
    value = cell.value
    canon = format(value, "f") if isinstance(value, Decimal) else str(value)
    same = {canon, "+" + canon}
    if money:
        same |= {canon + "万", canon + "万元"}
    return raw if raw in same else canon


def _template_label(cell: Cell[str] | None, label: str) -> str:
    """The report's own wording of a label when it is the template's, spacing aside."""
    if cell is not None and fold_cell(cell.raw) == fold_cell(label):
        return _clean(cell.raw)
    return label


def _values(cells: Sequence[Cell[Any] | None], money: Sequence[bool]) -> tuple[list[GridCell], bool]:
    """Value cells of a row; a row the report cut short ends at its last present cell.

    A cell missing before one that is present cannot be shown as missing in a table, so it
    is written blank.
    """
    last = max((i for i, c in enumerate(cells) if c is not None), default=-1)
    out: list[GridCell] = []
    for i in range(last + 1):
        cell = cells[i]
        if cell is None:
            out.append(GridCell(text="", kind="value", blank=True))
        else:
            out.append(GridCell(text=_value_text(cell, money[i]), kind="value", blank=cell.value is None))
    return out, last + 1 == len(cells)


# ---- table 2 --------------------------------------------------------------------------------

_T2_WIDTH = 4
_T2_HEAD = "信息内容"


def _stretch(cells: list[GridCell], width: int) -> list[GridCell]:
    """Widen a complete row's last cell to the table's width (the template merges it)."""
    used = sum(c.colspan for c in cells)
    if cells and used < width:
        cells[-1] = attrs.evolve(cells[-1], colspan=cells[-1].colspan + width - used)
    return cells


def _active_grid(active: Active2021 | Active2019) -> Grid:
    form = FORMS[active.template].table("active")
    rows: list[GridRow] = []
    sections: list[int] = []
    present = [b for b in form.blocks if any(getattr(active, k) is not None for k in b.rows)]
    if not present:
        # A table 2 with no rows left still shows its first block's header, so the table (and
        # with it the template) is not lost.
        present = [form.blocks[0]]
    for block in present:
        sections.append(len(rows))
        rows.append(GridRow(cells=(GridCell(text=block.label, kind="caption", colspan=_T2_WIDTH),)))
        columns = form.row(block.rows[0]).columns
        header = [GridCell(text=_T2_HEAD, kind="header")]
        header += [GridCell(text=c.label, kind="header") for c in columns]
        rows.append(GridRow(cells=tuple(_stretch(header, _T2_WIDTH))))
        for key in block.rows:
            form_row = form.row(key)
            row = row_at(active, form_row)
            if row is None:
                continue
            label = GridCell(text=_template_label(row.label, form_row.label), kind="label")
            values, complete = _values(
                [cell_at(row, c) for c in form_row.columns], [c.kind == "money" for c in form_row.columns]
            )
            cells = [label, *values]
            rows.append(
                GridRow(cells=tuple(_stretch(cells, _T2_WIDTH) if complete else cells), complete=complete)
            )
    return Grid(table="active", width=_T2_WIDTH, rows=tuple(rows), sections=tuple(sections))


# ---- table 3 --------------------------------------------------------------------------------

_T3_COLUMNS = [c.key for c in APPLICATIONS_UNION.rows[0].columns]
_T3_WIDTH = 3 + len(_T3_COLUMNS)


def _applicant_row(lead: list[GridCell], row: ApplicantRow, label: str) -> GridRow:
    values, complete = _values([cell_at(row, c) for c in _T3_COLUMNS], [False] * len(_T3_COLUMNS))
    cells = [*lead, GridCell(text=_template_label(row.label, label), kind="label"), *values]
    return GridRow(cells=tuple(cells), complete=complete)


def _applications_grid(apps: Applications) -> Grid:
    form = APPLICATIONS_UNION
    columns = form.rows[0].columns
    legal = [c for c in columns if c.key in LEGAL_PERSON_COLUMNS]
    rows: list[GridRow] = [
        GridRow(
            cells=(
                GridCell(text=T3_NOTE, kind="header", rowspan=3, colspan=3),
                GridCell(text=T3_APPLICANTS, kind="header", colspan=len(columns)),
            )
        ),
        GridRow(
            cells=(
                GridCell(text=columns[0].label, kind="header", rowspan=2),
                GridCell(text=T3_LEGAL_PERSONS, kind="header", colspan=len(legal)),
                GridCell(text=columns[-1].label, kind="header", rowspan=2),
            )
        ),
        GridRow(cells=tuple(GridCell(text=c.label, kind="header") for c in legal)),
    ]
    present = [(r, obj) for r in form.rows if (obj := row_at(apps, r)) is not None]
    # 三、本年度办理结果 merges down beside every result row and （七）总计; a group's label
    # (（三）不予公开 …) beside its own rows.
    merged = [r for r, _ in present if r.result or r.key == "total"]
    groups = {b.key: b for b in form.blocks if b.key != "results"}
    for form_row, obj in present:
        lead: list[GridCell] = []
        if merged and form_row is merged[0]:
            text = _template_label(apps.results_label, T3_RESULTS)
            lead.append(GridCell(text=text, kind="label", rowspan=len(merged)))
        block = groups.get(form_row.block or "")
        if block is not None and form_row.level == 2:
            mine = [r for r, _ in present if r.block == block.key and r.level == 2]
            if form_row is mine[0]:
                text = _template_label(getattr(apps, block.key).label, block.label)
                lead.append(GridCell(text=text, kind="label", rowspan=len(mine)))
        span = 3 - form_row.level if form_row.level < 2 else 1
        rows.append(_lead_span(_applicant_row(lead, obj, form_row.label), span))
    return Grid(table="applications", width=_T3_WIDTH, rows=tuple(rows))


def _lead_span(row: GridRow, colspan: int) -> GridRow:
    """Give the row's own label (the cell before its values) the colspan of its level."""
    cells = list(row.cells)
    # The row's own label is the last label cell: the group labels merged down stand before it.
    i = max(i for i, c in enumerate(cells) if c.kind == "label")
    cells[i] = attrs.evolve(cells[i], colspan=colspan)
    return attrs.evolve(row, cells=tuple(cells))


# ---- table 4 --------------------------------------------------------------------------------


def _reviews_grid(reviews: Reviews) -> Grid:
    form = FORMS["2021"].table("reviews")
    first, *litigation = form.rows
    block = form.block("litigation")
    heads = [GridCell(text=c.label, kind="header") for c in first.columns]
    width = len(first.columns)
    cells = [cell_at(row_at(reviews, r), c) for r in form.rows for c in r.columns]
    values, complete = _values(cells, [False] * len(cells))
    rows = [
        GridRow(
            cells=(
                GridCell(text=first.label, kind="header", colspan=width),
                GridCell(text=block.label, kind="header", colspan=width * len(litigation)),
            )
        ),
        GridRow(
            cells=(
                *(attrs.evolve(h, rowspan=2) for h in heads),
                *(GridCell(text=r.label, kind="header", colspan=width) for r in litigation),
            )
        ),
        GridRow(cells=tuple(heads * len(litigation))),
    ]
    if values:
        rows.append(GridRow(cells=tuple(values), complete=complete))
    return Grid(table="reviews", width=width * len(form.rows), rows=tuple(rows))


def grid(table: TableModel) -> Grid:
    """The grid of one of the three tables, in the official template's shape.

    Rows the report lacks are left out, and a row the report cut short ends where the report
    ends it; the captions and headers are the template's.
    """
    if isinstance(table, Active2021 | Active2019):
        return _active_grid(table)
    if isinstance(table, Applications):
        return _applications_grid(table)
    return _reviews_grid(table)


# ---------------------------------------------------------------------------------------------
# The document: prose and tables in order


@frozen(kw_only=True)
class Paragraph:
    """A line of prose: the title, a part heading, a sub-heading, a paragraph or the signature."""

    text: str
    role: ParagraphRole


Block = Paragraph | Grid

_MD_MARKS = re.compile(r"^#{1,6}\s+")
_SPACES = re.compile(r"[ \t]+")


def _prose(cell: Cell[str], role: ParagraphRole) -> list[Paragraph]:
    """A prose cell as paragraphs: one per line, markdown marks and runs of spaces dropped."""
    out = []
    for line in cell.raw.splitlines():
        text = _SPACES.sub(" ", _MD_MARKS.sub("", line.strip())).strip()
        if text:
            out.append(Paragraph(text=text, role=role))
    return out


def _published_reads(prose: Sequence[Paragraph], preamble: Sequence[Paragraph]) -> str | None:
    """The publication date a reader takes from this prose: the signature's date-only line
    (`dates.signature`), else a 发布日期 line of the preamble, as the transformer does."""
    signed = signature([(p, m) for p in prose if (m := DATE_LINE.fullmatch(fold_prose(p.text)))])
    if signed is not None:
        return signed[2].isoformat()
    found = (read_date(m) for p in preamble if (m := PUBLISHED_AT.search(p.text)))
    return next((d.isoformat() for d in found if d is not None), None)


def _signature(report: AnnualReport) -> list[Paragraph]:
    published = report.meta.published
    if published is None:
        return []
    when = published.value
    try:
        day = date.fromisoformat(when) if when else None
    except ValueError:
        day = None
    text = f"{day.year}年{day.month}月{day.day}日" if day else _clean(published.raw)
    subject = report.meta.subject
    lead = [Paragraph(text=_clean(subject.raw), role="signature")] if subject else []
    return [*lead, Paragraph(text=text, role="signature")]


def _title_lines(report: AnnualReport) -> tuple[list[Paragraph], list[Cell[str]]]:
    """The title's paragraphs, and the preamble after them."""
    meta = report.meta
    preamble = list(report.preamble)
    if meta.title is not None:
        want = fold_cell(meta.title.raw)
        for k in range(1, min(4, len(preamble)) + 1):
            if fold_cell("".join(c.raw for c in preamble[:k])) == want:
                return [p for c in preamble[:k] for p in _prose(c, "title")], preamble[k:]
        return _prose(meta.title, "title"), preamble
    if meta.year is not None:
        # No title in the report, but a year (and perhaps the organ) to show: the title the
        # template asks for carries them.
        subject = _clean(meta.subject.raw) if meta.subject else ""
        text = f"{subject}{meta.year.value}年政府信息公开工作年度报告"
        return [Paragraph(text=text, role="title")], preamble
    return [], preamble


def _home(tables: Sequence[TableModel], parts: Sequence[Part]) -> dict[int, list[TableModel]]:
    """Where each table goes: the index of its part in ``parts``, or -1 for the preamble.

    A table stands under the part it was found in; when the report lacks that part, under the
    nearest part before it, as a table whose heading was lost reads.
    """
    homes: dict[int, list[TableModel]] = {}
    for table in tables:
        at = -1
        if table.part is not None:
            exact = [i for i, p in enumerate(parts) if p.number == table.part]
            before = [i for i, p in enumerate(parts) if p.number < table.part]
            at = exact[0] if exact else (before[-1] if before else -1)
        homes.setdefault(at, []).append(table)
    return homes


def blocks(report: AnnualReport) -> tuple[Block, ...]:
    """The report as a sequence of paragraphs and table grids, in reading order.

    The title, the preamble, then each part: heading, paragraphs, sub-headings with theirs, then
    the tables that stand in the part. Metadata the prose does not carry is added where a
    report carries it: the title when the preamble lacks it, and a signature (organ and date)
    at the end of the last part when no date line or 发布日期 gives the publication date.
    """
    title, rest = _title_lines(report)
    preamble = [*title, *(p for c in rest for p in _prose(c, "paragraph"))]
    parts: list[list[Paragraph]] = []
    for part in report.parts:
        prose = _prose(part.heading, "heading")
        prose += [p for c in part.paragraphs for p in _prose(c, "paragraph")]
        for sub in part.subsections:
            prose += _prose(sub.heading, "subheading")
            prose += [p for c in sub.paragraphs for p in _prose(c, "paragraph")]
        parts.append(prose)
    everything = [*preamble, *(p for prose in parts for p in prose)]
    published = report.meta.published
    if published is not None and _published_reads(everything, preamble) != published.value:
        (parts[-1] if parts else preamble).extend(_signature(report))
    tables: list[TableModel] = [
        t for t in (report.active, report.applications, report.reviews) if t is not None
    ]
    homes = _home(tables, report.parts)
    out: list[Block] = [*preamble, *(grid(t) for t in homes.get(-1, []))]
    for i, prose in enumerate(parts):
        out += prose
        out += [grid(t) for t in homes.get(i, [])]
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Text layouts


def _tab_cells(g: Grid) -> list[str]:
    """One cell per line after a TAB, a blank line after each row; a cell merged down from a
    row above shows as an empty cell in position, as Word's text export writes it."""
    out: list[str] = []
    slots = _slot_rows(g)
    for r, row in enumerate(g.rows):
        prev_short = r > 0 and not g.rows[r - 1].complete
        line = slots[r]
        first = next((c for c, s in enumerate(line) if s is not None and s.origin), len(line))
        last = max((c for c, s in enumerate(line) if s is not None and s.origin), default=-1)
        for c, slot in enumerate(line):
            if slot is None or not slot.first_col:
                continue
            if slot.origin:
                out.append("\t" + slot.cell.text)
            elif (c < first and not prev_short) or (c > last and row.complete) or first < c < last:
                # An empty cell right after a row cut short would read as one more of its values.
                out.append("\t")
        out.append("")
    return out


def _pipe_cells(g: Grid) -> list[str]:
    """One cell per line ending in `` |``; the padding for merged cells comes at the row's end
    as one line of pipes, as web pages flattened to text write it."""
    out: list[str] = []
    for r, row in enumerate(g.rows):
        for cell in row.cells:
            out.append(f"{cell.text} |" if cell.text else "|")
        pad = g.width - len(row.cells)
        next_short = r + 1 < len(g.rows) and not g.rows[r + 1].complete
        if pad > 0 and row.complete and not next_short:
            out.append("|" * pad)
    return out


def _row_cells(g: Grid) -> Iterator[tuple[int, list[str]]]:
    """Each row's cells for the layouts with a row per line: merged cells as empty cells in
    position, but none after a row's values and none next to a row cut short."""
    slots = _slot_rows(g)
    for r, row in enumerate(g.rows):
        prev_short = r > 0 and not g.rows[r - 1].complete
        line = slots[r]
        origins = [c for c, s in enumerate(line) if s is not None and s.origin]
        first, last = origins[0], origins[-1]
        has_values = any(c.kind == "value" for c in row.cells)
        cells: list[str] = []
        for c, slot in enumerate(line):
            if slot is None:
                continue
            leading = c < first and not prev_short
            inner = first < c < last and row.complete
            # Padding after a row's values could be read as values of the row.
            trailing = c > last and row.complete and not has_values
            if slot.origin:
                cells.append(slot.cell.text)
            elif leading or inner or trailing:
                cells.append("")
        if not any(cells):
            # A line of empty cells reads as a blank line: show the blanks.
            cells = ["-" if slot.cell.kind == "value" else "" for slot in (line[c] for c in origins) if slot]
        yield r, cells


def _tsv(g: Grid) -> list[str]:
    """A row per line, cells apart by TABs."""
    return ["\t".join(cells) for _, cells in _row_cells(g)]


def _markdown(g: Grid) -> list[str]:
    """Markdown pipe tables, one per block, each with a rule under its first row."""
    out: list[str] = []
    for r, cells in _row_cells(g):
        if r in g.sections and r:
            out.append("")
        out.append("| " + " | ".join(cells) + " |")
        if r in g.sections:
            out.append("|" + "---|" * g.width)
    return out


# ---- text_rows ------------------------------------------------------------------------------

_GAP = 2
_INDENT = 2


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_limit(g: Grid, cell: GridCell) -> int:
    """How many characters a cell shows per line before it wraps (pdftotext keeps the column)."""
    if cell.kind == "value":
        return 10**6
    if cell.kind == "header" and cell.colspan == 1 and g.table != "active":
        return 4
    if cell.kind == "header" and cell.colspan == 1:
        return 6
    return 18


def _wrap(text: str, limit: int) -> list[str]:
    pieces = [text[i : i + limit].strip() for i in range(0, len(text), limit)]
    return [p for p in pieces if p] or [""]


def _text_rows(g: Grid) -> list[str]:
    """A row per line, cells set in columns apart by runs of spaces, long labels and headers
    wrapped onto the next lines; a blank value shows as ``-``."""
    slots = _slot_rows(g)
    frags: dict[tuple[int, int], list[str]] = {}
    for r, c, cell in g.placed():
        text = cell.text
        if cell.kind == "value" and cell.blank and text not in _TEXT_ROW_BLANKS:
            text = "-"
        frags[(r, c)] = _wrap(text, _wrap_limit(g, cell))
    widths = [0] * g.width
    cells = {(r, c): cell for r, c, cell in g.placed()}
    for (r, c), pieces in sorted(frags.items(), key=lambda kv: cells[kv[0]].colspan):
        need = max(_width(p) for p in pieces) + _GAP
        span = cells[(r, c)].colspan
        have = sum(widths[c : c + span])
        if have < need:
            widths[c + span - 1] += need - have
    xs = [_INDENT + sum(widths[:c]) for c in range(g.width)]
    total = sum(widths)
    out: list[str] = []
    for r in range(len(g.rows)):
        origins = [(c, s.cell) for c, s in enumerate(slots[r]) if s is not None and s.origin]
        depth = max(len(frags[(r, c)]) for c, _ in origins)
        for k in range(depth):
            line = ""
            for c, cell in origins:
                pieces = frags[(r, c)]
                if k >= len(pieces) or not pieces[k]:
                    continue
                piece = pieces[k]
                span_width = sum(widths[c : c + cell.colspan]) - _GAP
                if cell.kind == "value":
                    x = xs[c] + span_width - _width(piece)
                elif cell.kind == "caption":
                    x = _INDENT + max(0, (total - _width(piece)) // 2)
                else:
                    x = xs[c]
                line += " " * max(x - _width(line), _GAP if line else 0) + piece
            out.append(line.rstrip())
    return out


# ---- prose per layout -----------------------------------------------------------------------

_PROSE_INDENT = {"tab_cells": "\u3000\u3000", "text_rows": "    "}


def _prose_line(p: Paragraph, layout: str, continued: bool = False) -> str:
    text = p.text.replace("\t", " ")
    if layout in ("pipe_cells", "markdown"):
        # A line ending (or, for markdown, starting) with a pipe would read as a table cell.
        text = text.replace("|", "｜")
    if layout == "markdown":
        # Only a title's first line is marked: the reader takes the organ from the text before
        # the year, and a second "# " there would stay in it.
        marks = {"title": "" if continued else "# ", "heading": "## ", "subheading": "### "}
        return marks.get(p.role, "") + text
    if p.role == "title":
        return text
    return _PROSE_INDENT.get(layout, "") + text


_TABLE_WRITERS = {
    "tab_cells": _tab_cells,
    "pipe_cells": _pipe_cells,
    "tsv": _tsv,
    "markdown": _markdown,
    "text_rows": _text_rows,
}
# Layouts that set blocks apart with an empty line (markdown needs it around tables).
_SPACED = frozenset({"tsv", "markdown"})


def _text(report: AnnualReport, layout: str) -> str:
    write = _TABLE_WRITERS[layout]
    # Web text (pipe_cells) runs everything together; Word text (tab_cells) ends every table
    # row with an empty line; the others set tables apart with one.
    apart = layout in ("tsv", "markdown", "text_rows")
    lines: list[str] = []
    previous = ""
    for block in blocks(report):
        if isinstance(block, Grid):
            previous = ""
            if apart and lines and lines[-1]:
                lines.append("")
            lines += write(block)
            if apart:
                lines.append("")
            continue
        lines.append(_prose_line(block, layout, continued=block.role == previous == "title"))
        previous = block.role
        if layout in _SPACED:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# HTML

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


def _html(report: AnnualReport) -> str:
    items = blocks(report)
    title = next((b.text for b in items if isinstance(b, Paragraph) and b.role == "title"), "")
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
        return _html(report)
    if layout not in _TABLE_WRITERS:
        raise ValueError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")
    return _text(report, layout)
