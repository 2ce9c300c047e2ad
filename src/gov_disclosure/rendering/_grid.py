"""The grid of a table: its cells with their spans, from the form's rows and columns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
from attrs import frozen

from gov_disclosure.form import (
    APPLICATIONS_UNION,
    FORMS,
    LEGAL_PERSON_COLUMNS,
    T3_APPLICANTS,
    T3_LEGAL_PERSONS,
    T3_NOTE,
    T3_RESULTS,
    FormRow,
    cell_at,
    row_at,
)
from gov_disclosure.model import (
    Active2019,
    Active2021,
    ApplicantRow,
    Applications,
    Cell,
    Reviews,
)
from gov_disclosure.parsing._frontend import fold_cell

CellKind = Literal["caption", "header", "label", "value"]
TableModel = Active2021 | Active2019 | Applications | Reviews


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
    row: str | None = None
    """The data dictionary's key of the row a label or value cell belongs to."""
    column: str | None = None
    """The column key of a value cell."""


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
        for r, row in enumerate(slot_rows(self)):
            for c, slot in enumerate(row):
                if slot is not None and slot.origin:
                    yield r, c, slot.cell


@frozen
class _Slot:
    """One grid position and the cell covering it."""

    cell: GridCell
    origin: bool  # the cell's top-left corner
    first_col: bool  # in the cell's first column (a merged cell leaves one placeholder per row)


def slot_rows(grid: Grid) -> list[list[_Slot | None]]:
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
TEXT_ROW_BLANKS = frozenset({"-", "—", "/", "／"})


def clean_text(text: str) -> str:
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
        return clean_text(cell.raw)
    return label


def _values(
    cells: Sequence[Cell[Any] | None], money: Sequence[bool], keys: Sequence[tuple[str, str]]
) -> tuple[list[GridCell], bool]:
    """Value cells of a row (``keys``: each cell's row and column keys); a row the report cut
    short ends at its last present cell.

    A cell missing before one that is present cannot be shown as missing in a table, so it
    is written blank.
    """
    last = max((i for i, c in enumerate(cells) if c is not None), default=-1)
    out: list[GridCell] = []
    for i in range(last + 1):
        cell, (row, column) = cells[i], keys[i]
        if cell is None:
            out.append(GridCell(text="", kind="value", blank=True, row=row, column=column))
        else:
            text = _value_text(cell, money[i])
            out.append(GridCell(text=text, kind="value", blank=cell.value is None, row=row, column=column))
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
            label = GridCell(text=_template_label(row.label, form_row.label), kind="label", row=key)
            values, complete = _values(
                [cell_at(row, c) for c in form_row.columns],
                [c.kind == "money" for c in form_row.columns],
                [(key, c.key) for c in form_row.columns],
            )
            cells = [label, *values]
            rows.append(
                GridRow(cells=tuple(_stretch(cells, _T2_WIDTH) if complete else cells), complete=complete)
            )
    return Grid(table="active", width=_T2_WIDTH, rows=tuple(rows), sections=tuple(sections))


# ---- table 3 --------------------------------------------------------------------------------

_T3_COLUMNS = [c.key for c in APPLICATIONS_UNION.rows[0].columns]
_T3_WIDTH = 3 + len(_T3_COLUMNS)


def _applicant_row(lead: list[GridCell], row: ApplicantRow, form_row: FormRow) -> GridRow:
    values, complete = _values(
        [cell_at(row, c) for c in _T3_COLUMNS],
        [False] * len(_T3_COLUMNS),
        [(form_row.key, c) for c in _T3_COLUMNS],
    )
    own = GridCell(text=_template_label(row.label, form_row.label), kind="label", row=form_row.key)
    cells = [*lead, own, *values]
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
        rows.append(_lead_span(_applicant_row(lead, obj, form_row), span))
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
    keys = [(r.key, c.key) for r in form.rows for c in r.columns]
    values, complete = _values(cells, [False] * len(cells), keys)
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
