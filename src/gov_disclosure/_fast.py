"""Constructors for what a parse makes by the hundred: the model's `Span` and `Cell`, and the
parser's NamedTuples (units, refs, elements, pieces).

attrs' ``__init__`` for a frozen class sets each field through ``object.__setattr__``, twice
the cost of setting its slot directly; a report has some 250 spans and as many cells, a tenth
of a parse. These build the same objects by their slots. They are safe only while neither
class has a validator, converter, default factory or ``__attrs_post_init__``:
tests/test_fast.py holds them to that, and to equality with the attrs constructor.

A NamedTuple's own ``__new__`` is a Python function around ``tuple.__new__``: `new_tuple`
(``new_tuple(Unit, (True, text, start, end, row))``) skips it. Every field must be given:
no default is filled in.
"""

from __future__ import annotations

from typing import Any, TypeVar

from attrs import fields

from gov_disclosure.model import Cell
from gov_disclosure.span import Span

__all__ = ["new_cell", "new_span", "new_tuple"]

T = TypeVar("T")

_new = object.__new__
_LINE, _COLUMN, _END_LINE, _END_COLUMN, _START, _END = (Span.__dict__[f.name].__set__ for f in fields(Span))
_VALUE, _RAW, _SPAN = (Cell.__dict__[f.name].__set__ for f in fields(Cell))


def new_span(line: int, column: int, end_line: int, end_column: int, start: int, end: int) -> Span:
    """``Span(line=…, column=…, end_line=…, end_column=…, start=…, end=…)``, faster."""
    span: Span = _new(Span)
    _LINE(span, line)
    _COLUMN(span, column)
    _END_LINE(span, end_line)
    _END_COLUMN(span, end_column)
    _START(span, start)
    _END(span, end)
    return span


def new_cell(value: Any, raw: str, span: Span | None) -> Cell[Any]:
    """``Cell(value=…, raw=…, span=…)``, faster."""
    cell: Cell[Any] = _new(Cell)
    _VALUE(cell, value)
    _RAW(cell, raw)
    _SPAN(cell, span)
    return cell


new_tuple = tuple.__new__
