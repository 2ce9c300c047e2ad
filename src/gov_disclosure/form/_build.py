"""Building the model's table objects from rows keyed by the form.

The reader's assembly and the strategies both end with "these rows, these cells": this puts
them into the model's typed classes, following each row's path, so neither writes the model's
nesting out again.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

from gov_disclosure.form._schema import FormTable
from gov_disclosure.model import Active2019, Active2021, Applications, Cell, Reviews

__all__ = ["build_table", "table_class"]

_TABLE_CLASSES: dict[tuple[str, str], type[Any]] = {
    ("active", "2021"): Active2021,
    ("active", "2019"): Active2019,
    ("applications", "2021"): Applications,
    ("applications", "2019"): Applications,
    ("reviews", "2021"): Reviews,
    ("reviews", "2019"): Reviews,
}


def table_class(key: str, template: str) -> type[Any]:
    """The model class of table ``key`` in the ``template`` form."""
    return _TABLE_CLASSES[(key, template)]


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The resolved annotations of a model class (kept: resolving them is slow)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


_FIELD_CLASSES: dict[tuple[type[Any], str], type[Any]] = {}


def _field_class(cls: type[Any], name: str) -> type[Any]:
    """The class a field of ``cls`` holds, ``X`` of ``X | None`` (kept, like `_hints`)."""
    key = (cls, name)
    if key not in _FIELD_CLASSES:
        hint = _hints(cls)[name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        _FIELD_CLASSES[key] = typing.cast("type[Any]", args[0] if args else hint)
    return _FIELD_CLASSES[key]


_RowPlan = tuple[str, str | None, str, type[Any], tuple[str, ...], Cell[str] | None]


_ROW_PLANS: dict[tuple[type[Any], FormTable], tuple[_RowPlan, ...]] = {}


def _row_plans(cls: type[Any], form: FormTable) -> tuple[_RowPlan, ...]:
    """Per row of ``form`` in table class ``cls``: its key, the group holding it (None at the
    top), its field name and class, its columns, and the label cell of the form's wording
    for a row class with a label (None otherwise): worked out once per table class and form."""
    known = _ROW_PLANS.get((cls, form))
    if known is not None:
        return known
    plans = []
    for row in form.rows:
        *outer, name = row.path
        row_cls = _field_class(_field_class(cls, outer[0]) if outer else cls, name)
        wording = Cell(value=row.label, raw=row.label) if "label" in _hints(row_cls) else None
        plans.append(
            (row.key, outer[0] if outer else None, name, row_cls, tuple(c.key for c in row.columns), wording)
        )
    _ROW_PLANS[cls, form] = tuple(plans)
    return _ROW_PLANS[cls, form]


def build_table(
    cls: type[Any],
    form: FormTable,
    rows: Mapping[str, Mapping[str, Cell[Any] | None]],
    *,
    labels: Mapping[str, Cell[str]] | None = None,
    group_labels: Mapping[str, Cell[str]] | None = None,
    **fields: Any,
) -> Any:
    """An instance of table class ``cls`` holding ``rows`` (row key → column key → cell).

    ``labels`` holds the rows' label cells by row key (the form's wording when a row has
    none), ``group_labels`` the label cells of table 3's groups by block key (``denied`` →
    （三）不予公开); ``fields`` are the table's other fields (span, part …). A row not in
    ``rows`` is absent (None); a column not in a row's mapping is absent too.
    """
    labels = labels or {}
    group_labels = group_labels or {}
    top: dict[str, Any] = dict(fields)
    groups: dict[str, dict[str, Any]] = {}
    for key, group, name, row_cls, columns, wording in _row_plans(cls, form):
        cells = rows.get(key)
        if cells is None:
            continue
        kwargs: dict[str, Any] = {c: cells.get(c) for c in columns}
        if wording is not None:
            kwargs["label"] = labels.get(key) or wording
        obj = row_cls(**kwargs)
        if group is not None:
            groups.setdefault(group, {})[name] = obj
        else:
            top[name] = obj
    for group in groups.keys() | group_labels.keys():
        # A group whose label was read but none of whose rows were keeps its label.
        top[group] = _field_class(cls, group)(label=group_labels.get(group), **groups.get(group, {}))
    return cls(**top)
