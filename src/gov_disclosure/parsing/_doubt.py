"""Figures OCR was unsure of: kept where the form's sums confirm them, else left out.

A scanned page's figure carries the recogniser's confidence (`Region.confidence`). One read
with less than `DOUBTFUL` is not a number we can state on the recogniser's word: it stays in
the report only when a sum of the form whose every cell is there holds with it (a misread
would break it, unless another figure of that sum were misread to make up the difference
exactly); otherwise its cell is left out and `report.unplaced` says what was read, how sure
the recogniser was, and what the sums would make of it (rule P002). A read no sum touches
(table 2's) is never confirmed, so it is always left out when doubtful; and a positive figure
of a column that may be negative (2019's 本年增/减) is doubtful whatever its confidence, since
a lost minus sign leaves no trace.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure.form import (
    CellRef,
    Relation,
    lookup,
    present_cells,
    prose_cells,
    replaced,
    report_relations,
)
from gov_disclosure.model import AnnualReport, Cell, Unplaced

__all__ = ["DOUBTFUL", "settle_doubts"]

DOUBTFUL = 0.8
"""A figure read by OCR with less confidence than this is doubtful (see the module's note)."""


def settle_doubts(report: AnnualReport) -> AnnualReport:
    """The report with each doubtful OCR'd figure the sums do not confirm left out (P002), and
    its year too when the line it was read from is doubtful and no other line confirms it."""
    if not any(r.confidence is not None for r in report.meta.regions):
        return report  # no page read by OCR
    return _settle_year(_settle_cells(report))


def _settle_year(report: AnnualReport) -> AnnualReport:
    """The report without its year where OCR read the line that states it (the title, or the
    统计期限 sentence) with less confidence than `DOUBTFUL`, unless a sure line states the
    report's year the same: its statistics period (xxxx年1月1日), or a paragraph that opens
    with it (xxxx年，…). A line that merely names a year (2024年将…, a date) confirms nothing;
    a sure period of another year leaves the year out too. A year misread would date the
    report wrongly and pair it with the wrong reports (X001, X002)."""
    meta, year = report.meta, report.meta.year
    if year is None or year.span is None:
        return report
    region = meta.region_of(year.span.line, year.span.column)
    if region is None or region.confidence is None or region.confidence >= DOUBTFUL:
        return report
    stated: set[int] = set()
    for cell in prose_cells(report):
        if cell.span is None or cell.span.line == year.span.line:
            continue
        sure = meta.region_of(cell.span.line)
        if sure is not None and sure.confidence is not None and sure.confidence < DOUBTFUL:
            continue
        text = unicodedata.normalize("NFKC", "".join(cell.raw.split()))
        stated.update(int(m.group(1) or m.group(2)) for m in _OWN_YEAR.finditer(text))
    if stated == {year.value}:
        return report
    left = Unplaced(
        table="meta",
        row="year",
        columns=("value",),
        raw=year.raw,
        reason=f"OCR 识别把握不足（置信度 {region.confidence:.2f}），正文中没有别处印证"
        f" / OCR read it with confidence {region.confidence:.2f}, and no other line states it",
        span=year.span,
        confidence=region.confidence,
    )
    return attrs.evolve(report, meta=attrs.evolve(meta, year=None), unplaced=(*report.unplaced, left))


# How a line states the report's own year: its statistics period, or a paragraph opening with it.
_OWN_YEAR = re.compile(r"(\d{4})年1月1日|^(?:\D{0,12}?)(\d{4})年[,，]")


def _settle_cells(report: AnnualReport) -> AnnualReport:
    meta = report.meta
    doubtful: list[tuple[CellRef, tuple[str, ...], Cell[Any], float, bool]] = []
    for table, row, column, cell in present_cells(report):
        if cell.value is None or cell.span is None:
            continue
        region = meta.region_of(cell.span.line, cell.span.column)
        if region is None or region.confidence is None:
            continue
        # A minus sign is a short stroke OCR loses more often than any digit, and nothing
        # tells: a positive figure of a column that may be negative is doubtful however sure
        # the recogniser was of its digits.
        unsigned = column.kind == "signed" and cell.value > 0 and not cell.raw.lstrip().startswith("+")
        if region.confidence < DOUBTFUL or unsigned:
            ref = CellRef(table.key, row.key, column.key)
            doubtful.append((ref, (table.key, *row.path, column.key), cell, region.confidence, unsigned))
    if not doubtful:
        return report
    rels = report_relations(report)
    # Every verdict is taken on the report as read, before any cell is left out: leaving one
    # out makes the sums it is in uncheckable for the others.
    dropped = [
        item
        for item in doubtful
        # Confirmed by a sum that holds; one of its sums that breaks is A001–A004's to report.
        if not any(_holds(report, rel) for rel in rels if item[0] in rel.cells)
    ]
    gone = {ref for ref, *_ in dropped}
    unplaced = list(report.unplaced)
    for ref, path, cell, confidence, unsigned in dropped:
        # What the sums make of the cell, from figures that stay: not from another left out.
        implied = _implied(report, ref, [rel for rel in rels if not gone.intersection(rel.cells) - {ref}])
        report = replaced(report, path, None)
        unplaced.append(
            Unplaced(
                table=ref.table,
                row=ref.row,
                columns=(ref.column,),
                raw=cell.raw,
                reason=_reason(confidence, implied, unsigned=unsigned and confidence >= DOUBTFUL),
                span=cell.span,
                confidence=confidence,
                implied=implied,
            )
        )
    return attrs.evolve(report, unplaced=tuple(unplaced))


def _number(cell: Cell[Any] | None) -> int | Decimal | None:
    """A cell's number for a sum (blank counts 0); None where it has none to give (absent, or
    digits that read as no number)."""
    if cell is None:
        return None
    if cell.value is None:
        return None if any(c.isdigit() for c in cell.raw) else 0
    number: int | Decimal = cell.value
    return number


def _filled(cell: Cell[Any] | None) -> int | Decimal | None:
    """A cell's number; None where it has none (absent, blank, or digits that read as none)."""
    if cell is None or cell.value is None:
        return None
    number: int | Decimal = cell.value
    return number


def _holds(report: AnnualReport, rel: Relation) -> bool | None:
    """Whether the sum holds on the report; None where one of its cells is not there to add."""
    left = [_number(lookup(report, ref)) for ref in rel.left]
    right = [_number(lookup(report, ref)) for ref in rel.right]
    if None in left or None in right:
        return None
    return sum(n for n in left if n is not None) == sum(n for n in right if n is not None)


def _implied(report: AnnualReport, ref: CellRef, rels: list[Relation]) -> int | None:
    """What the sums that hold a figure in every other cell make of ``ref``, when they agree
    on one non-negative whole number; None otherwise. A blank cell of a scan may be a figure
    the recogniser lost (a thin 1), so a sum with one says nothing here."""
    found: set[int | Decimal] = set()
    for rel in rels:
        if ref not in rel.cells:
            continue
        sides = []
        for side in (rel.left, rel.right):
            numbers = [_filled(lookup(report, r)) for r in side if r != ref]
            if None in numbers:
                break
            sides.append((ref in side, sum(n for n in numbers if n is not None)))
        else:
            (mine, a), (_, b) = sides
            found.add(b - a if mine else a - b)
    if len(found) != 1:
        return None
    (number,) = found
    return int(number) if number >= 0 and number == int(number) else None


def _reason(confidence: float, implied: int | None, *, unsigned: bool) -> str:
    if unsigned:
        return (
            "本栏可为负数，OCR 常漏读负号，读出的正数无从印证 / the column may be negative and OCR"
            " often loses a minus sign: a positive figure read there cannot be confirmed"
        )
    sums = (
        f"按表中勾稽关系应为 {implied}，请核对原件 / the sums would make it {implied}: check the scan"
        if implied is not None
        else "表中勾稽关系不能印证 / no sum of the form confirms it"
    )
    return (
        f"OCR 识别把握不足（置信度 {confidence:.2f}）/ OCR read it with confidence {confidence:.2f}；{sums}"
    )
