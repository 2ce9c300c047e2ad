"""Reading one table cell: its number (count or 万元 amount), blank or not, with its source span."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from gov_disclosure import limits
from gov_disclosure._fast import new_cell
from gov_disclosure.model import Cell
from gov_disclosure.parsing._frontend import Canonical, Unit

__all__ = ["Number", "count_cell", "money_cell", "read_number", "text_cell"]

# The grammar's _NUM_CELL, spelt again for reading: sign, digits with separators, decimals, unit.
_NUMBER = re.compile(r"^([+\-]?)(\d[\d,]*(?:\.\d+)?)(万元|万|元|亿元|件|条|个|项)?$")


class Number(NamedTuple):
    """What a value cell's text says."""

    number: Decimal
    word: str
    """The unit word after the digits, "" for none."""
    as_count: int | None
    """The count the cell gives, unless the word is 万/万元 (computed per cell) or it is not whole."""


@functools.lru_cache(maxsize=4096)
def read_number(text: str) -> Number | None:
    """The number a value cell's folded text holds; None for a blank cell.

    Cached: a report's values are mostly the same few small numbers.
    """
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, digits, word = m.groups()
    if sum(c.isdigit() for c in digits) > limits.MAX_DIGITS:
        return None  # no count has so many digits: the cell keeps its text, A005 says why
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - _NUMBER admits only digit strings
        return None
    if sign == "-":
        number = -number
    word = word or ""
    count = int(number) if not word.startswith("万") and number == number.to_integral_value() else None
    return Number(number, word, count)


def _strip_zeros(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def text_cell(canon: Canonical, first: Unit, last: Unit | None = None, value: str | None = None) -> Cell[str]:
    """A text cell of one unit, or of the units from ``first`` to ``last`` (a split heading)."""
    end = (last or first).end
    return new_cell(
        first.text if value is None else value, canon.source[first.start : end], canon.span(first.start, end)
    )


def count_cell(canon: Canonical, unit: Unit) -> Cell[int]:
    """A count; 万 counts are multiplied out when whole, a blank or unreadable cell has no value."""
    read = read_number(unit.text)
    value = None
    if read is not None:
        value = read.as_count
        if read.word.startswith("万"):
            number = read.number * 10_000
            if number == number.to_integral_value():
                value = int(number)
    return new_cell(value, canon.source[unit.start : unit.end], canon.span(unit.start, unit.end))


def money_cell(canon: Canonical, unit: Unit) -> Cell[Decimal]:
    """A 万元 amount; 元 and 亿元 are converted, keeping the digits the report wrote."""
    read = read_number(unit.text)
    number = None if read is None else read.number
    if read is not None and read.word == "元":
        number = _strip_zeros(read.number.scaleb(-4))
    elif read is not None and read.word == "亿元":
        number = _strip_zeros(read.number.scaleb(4))
    return new_cell(number, canon.raw(unit), canon.span(unit.start, unit.end))
