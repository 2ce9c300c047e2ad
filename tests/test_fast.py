"""The slot-setting constructors of `gov_disclosure._fast` against attrs' own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from gov_disclosure._fast import new_cell, new_span, new_tuple
from gov_disclosure.model import Cell
from gov_disclosure.parsing._elements import Element, Prose, Ref
from gov_disclosure.parsing._frontend import Unit
from gov_disclosure.parsing._placement import Piece
from gov_disclosure.span import Span


def test_the_classes_have_nothing_the_fast_constructors_would_skip() -> None:
    for cls in (Span, Cell):
        for f in attrs.fields(cls):
            assert f.validator is None and f.converter is None and f.on_setattr in (None, attrs.setters.NO_OP)
            assert not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
        assert not hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__attrs_pre_init__")
    assert [f.name for f in attrs.fields(Span)] == [
        "line",
        "column",
        "end_line",
        "end_column",
        "start",
        "end",
    ]
    assert [f.name for f in attrs.fields(Cell)] == ["value", "raw", "span"]


_INTS = st.integers(min_value=0, max_value=10**9)


@given(_INTS, _INTS, _INTS, _INTS, _INTS, _INTS)
def test_new_span_is_the_attrs_span(a: int, b: int, c: int, d: int, e: int, f: int) -> None:
    fast = new_span(a, b, c, d, e, f)
    made = Span(line=a, column=b, end_line=c, end_column=d, start=e, end=f)
    assert fast == made and hash(fast) == hash(made) and repr(fast) == repr(made)
    assert attrs.asdict(fast) == attrs.asdict(made)


@given(
    st.one_of(st.none(), st.integers(), st.decimals(allow_nan=False), st.text()),
    st.text(),
    st.one_of(st.none(), st.builds(new_span, _INTS, _INTS, _INTS, _INTS, _INTS, _INTS)),
)
def test_new_cell_is_the_attrs_cell(value: int | Decimal | str | None, raw: str, span: Span | None) -> None:
    fast: Cell[Any] = new_cell(value, raw, span)
    made: Cell[Any] = Cell(value=value, raw=raw, span=span)
    assert fast == made and repr(fast) == repr(made)
    assert attrs.asdict(fast) == attrs.asdict(made)


def test_new_tuple_builds_what_the_named_tuples_build() -> None:
    ref = Ref("NUM", 3)
    made: list[tuple[Any, Any]] = [
        (new_tuple(Unit, (True, "12", 4, 6, 1)), Unit(True, "12", 4, 6, 1)),
        (new_tuple(Ref, ("NUM", 3)), ref),
        (new_tuple(Piece, (3, "12", 0)), Piece(3, "12")),
        (new_tuple(Element, ("t3_granted", ref, (ref,), 3)), Element("t3_granted", ref, (ref,), 3)),
        (new_tuple(Prose, ("paragraph", ref, ())), Prose("paragraph", ref, ())),
    ]
    for fast, slow in made:
        assert type(fast) is type(slow) and fast == slow and fast._fields == slow._fields
