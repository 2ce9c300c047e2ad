"""What the checks share: blank-as-zero values, source lines, the report's prose (`prose`,
which is `gov_disclosure.form.prose_cells`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gov_disclosure.form import prose_cells as prose
from gov_disclosure.model import AnnualReport, Cell

__all__ = ["TABLE_NAMES", "is_blank", "line", "prose", "unplaced_cells", "value"]

_DIGIT = re.compile(r"\d")
#: How messages name the three tables.
TABLE_NAMES = {
    "active": "表2（主动公开政府信息情况）",
    "applications": "表3（收到和处理申请情况）",
    "reviews": "表4（行政复议、行政诉讼情况）",
}


def value(cell: Cell[Any] | None) -> int | Decimal:
    """A cell's number for arithmetic: blank (and absent) count as 0."""
    if cell is None or cell.value is None:
        return 0
    v: int | Decimal = cell.value
    return v


def unplaced_cells(report: AnnualReport) -> frozenset[tuple[str, str, str]]:
    """(table, row, column) of every cell the reader saw a value for but left out
    (`report.unplaced`): not missing from the report, and of unknown value."""
    return frozenset(
        (item.table, item.row, column)
        for item in report.unplaced
        if item.row is not None
        for column in item.columns
    )


def is_blank(cell: Cell[Any] | None) -> bool:
    """Blank in the report: present with no value and no digits (``/``, ``-``, empty)."""
    return cell is not None and cell.value is None and not _DIGIT.search(cell.raw)


def line(*cells: Cell[Any] | None) -> int | None:
    """The source line of the first of the cells that has one."""
    for cell in cells:
        if cell is not None and cell.span is not None:
            return cell.span.line
    return None
