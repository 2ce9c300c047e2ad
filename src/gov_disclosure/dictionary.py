"""Facts: every number of the three tables, and the metadata, as (table, row, column, value).

The keys are the data dictionary's (``../spec/data-dictionary.md`` in the project, reproduced
in the docs). They are derived from the model's field names, so the model, the facts and the
docs cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from gov_disclosure.model import AnnualReport, Cell, Denied, NotProcessed, OtherHandling, Unavailable
from gov_disclosure.span import Span

__all__ = ["Fact", "FactValue", "facts"]

FactValue = int | str | None
"""A count (int), a 万元 amount (decimal string), text (meta), or None for a blank cell."""

_META_ROWS = ("year", "template", "subject", "published")
# Table 3's groups of sub-rows: their keys prefix the sub-rows' keys (denied.state_secret).
_GROUPS = (Denied, Unavailable, NotProcessed, OtherHandling)


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


def _columns(table: str, row_key: str, row: Any) -> Iterator[Fact]:
    for f in attrs.fields(type(row)):
        if "label" not in f.metadata:
            continue
        cell: Cell[Any] | None = getattr(row, f.name)
        if cell is None:  # the source has no such cell: no fact, not a null one
            continue
        yield Fact(table=table, row=row_key, column=f.name, value=_json_value(cell.value), span=cell.span)


def _rows(table: str, obj: Any, prefix: str = "") -> Iterator[Fact]:
    for f in attrs.fields(type(obj)):
        if "label" not in f.metadata:
            continue
        value = getattr(obj, f.name)
        if value is None:
            continue
        # A "key" in the metadata is absolute: the 2019 single （六） row is ``other``.
        key = f.metadata.get("key", prefix + f.name)
        if isinstance(value, _GROUPS):
            yield from _rows(table, value, key + ".")
        else:
            yield from _columns(table, key, value)


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
    for row in _META_ROWS:
        value, span = values[row]
        out.append(Fact(table="meta", row=row, column="value", value=value, span=span))
    if report.active is not None:
        out.extend(_rows("active", report.active))
    if report.applications is not None:
        out.extend(_rows("applications", report.applications))
    if report.reviews is not None:
        out.extend(_rows("reviews", report.reviews))
    return out
