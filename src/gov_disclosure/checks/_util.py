"""What the checks share: the template's rows in order, blank-as-zero sums, locations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure.model import (
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Denied,
    NotProcessed,
    OtherHandling,
    ReviewRow,
    Reviews,
    Unavailable,
)

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "nonprofit",
    "legal_service",
    "other_org",
)
"""Table 3's columns summed into 总计."""
REVIEW_PARTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")
"""Table 4's columns summed into 总计."""
GROUPS = (Denied, Unavailable, NotProcessed, OtherHandling)
RESULT_ROWS_2019_OTHER = "combined"
_DIGIT = re.compile(r"\d")


def label(cls: type[Any], name: str) -> str:
    """The Chinese label of a model field."""
    return str(attrs.fields_dict(cls)[name].metadata["label"])


def value(cell: Cell[Any] | None) -> int | Decimal:
    """A cell's number for arithmetic: blank (and absent) count as 0."""
    if cell is None or cell.value is None:
        return 0
    v: int | Decimal = cell.value
    return v


def is_blank(cell: Cell[Any] | None) -> bool:
    """Blank in the report: present with no value and no digits (``/``, ``-``, empty)."""
    return cell is not None and cell.value is None and not _DIGIT.search(cell.raw)


def line(*cells: Cell[Any] | None) -> int | None:
    """The source line of the first of the cells that has one."""
    for cell in cells:
        if cell is not None and cell.span is not None:
            return cell.span.line
    return None


def number(v: int | Decimal) -> int | str:
    """A number as a Finding carries it."""
    return format(v, "f") if isinstance(v, Decimal) else v


def t3_rows(apps: Applications) -> Iterator[tuple[str, str, ApplicantRow | None, bool]]:
    """Every row of table 3 the report has or should have: (key, label, row, is a result row).

    The 2019 form's single （六）其他处理 row is yielded as ``other`` when the report has it, the
    2021 form's three sub-rows otherwise.
    """
    for f in attrs.fields(Applications):
        if "label" not in f.metadata:
            continue
        obj = getattr(apps, f.name)
        if isinstance(obj, GROUPS):
            yield from _group_rows(f.name, obj)
        else:
            result = f.name not in ("new_received", "carried_over", "total", "carried_forward")
            yield f.name, str(f.metadata["label"]), obj, result


def _group_rows(key: str, group: Any) -> Iterator[tuple[str, str, ApplicantRow | None, bool]]:
    combined = getattr(group, RESULT_ROWS_2019_OTHER, None)
    for f in attrs.fields(type(group)):
        if "label" not in f.metadata or f.name == RESULT_ROWS_2019_OTHER:
            continue
        if combined is not None and not _has_sub_rows(group):
            break
        yield f"{key}.{f.name}", str(f.metadata["label"]), getattr(group, f.name), True
    if combined is not None:
        yield key, "（六）其他处理", combined, True


def _has_sub_rows(group: Any) -> bool:
    return any(
        getattr(group, f.name) is not None
        for f in attrs.fields(type(group))
        if "label" in f.metadata and f.name != RESULT_ROWS_2019_OTHER
    )


def review_rows(reviews: Reviews) -> Iterator[tuple[str, str, ReviewRow | None]]:
    """Table 4's three blocks: (key, label, row)."""
    for f in attrs.fields(Reviews):
        if "label" in f.metadata:
            yield f.name, str(f.metadata["label"]), getattr(reviews, f.name)


def column_label(name: str) -> str:
    """The Chinese label of a table 3 column."""
    return label(ApplicantRow, name)


def prose(report: AnnualReport) -> Iterator[Cell[str]]:
    """Every paragraph of the report in order, with the part it stands in (preamble first)."""
    yield from report.preamble
    for part in report.parts:
        yield part.heading
        yield from part.paragraphs
        for sub in part.subsections:
            yield sub.heading
            yield from sub.paragraphs
