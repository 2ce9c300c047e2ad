"""Facts: every number of the three tables, and the metadata, as (table, row, column, value).

The keys are the data dictionary's (``../spec/data-dictionary.md`` in the project, reproduced
in the docs). They come from the form (`gov_disclosure.form`), as do the model's field names and the
docs' data dictionary, so none of them can drift apart.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from gov_disclosure.form import present_cells
from gov_disclosure.model import AnnualReport
from gov_disclosure.span import Span

__all__ = ["Fact", "FactValue", "facts"]

FactValue = int | str | None
"""A count (int), a 万元 amount (decimal string), text (meta), or None for a blank cell."""

_META_ROWS = ("year", "template", "subject", "published")


@frozen(kw_only=True)
class Fact:
    """One value of a report under its canonical keys."""

    table: str
    """``meta``, ``active``, ``applications`` or ``reviews``."""
    row: str
    """The row key, e.g. ``denied.state_secret``; dotted for sub-rows."""
    column: str
    """The column key, e.g. ``natural_person``; ``value`` for meta."""
    value: FactValue
    span: Span | None = attrs.field(default=None, eq=False)
    """Where the value stands in the source (not part of a fact's identity)."""

    def as_dict(self) -> dict[str, FactValue]:
        """The JSON object the CLI prints: table, row, column, value."""
        return {"table": self.table, "row": self.row, "column": self.column, "value": self.value}


def _json_value(value: Any) -> FactValue:
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None or isinstance(value, int | str):
        return value
    raise TypeError(f"unexpected fact value {value!r}")  # pragma: no cover


def facts(report: AnnualReport) -> list[Fact]:
    """All facts of a report, in the data dictionary's order: meta, active, applications, reviews.

    A blank cell gives a fact whose value is None; a row or cell the report lacks gives none.
    """
    out: list[Fact] = []
    meta = report.meta
    values: dict[str, tuple[FactValue, Span | None]] = {
        "year": (meta.year.value if meta.year else None, meta.year.span if meta.year else None),
        "template": (meta.template, None),
        "subject": (
            meta.subject.value if meta.subject else None,
            meta.subject.span if meta.subject else None,
        ),
        "published": (
            meta.published.value if meta.published else None,
            meta.published.span if meta.published else None,
        ),
    }
    for key in _META_ROWS:
        value, span = values[key]
        out.append(Fact(table="meta", row=key, column="value", value=value, span=span))
    for table, row, column, cell in present_cells(report):
        out.append(
            Fact(
                table=table.key, row=row.key, column=column.key, value=_json_value(cell.value), span=cell.span
            )
        )
    return out
