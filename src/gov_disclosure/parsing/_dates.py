"""The dates a report writes under its signature, read into `datetime.date`.

Reports date themselves ``2024年1月20日`` mostly, but also in Chinese numerals
(``二〇二四年一月二十日``, with ``○``, ``零`` or a letter O for the zero) and now and then as
``2024-01-20``, ``2024.1.20`` or ``2024/1/20``. The grammar's ``DATE_LINE`` terminal
(grammars/common.lark) recognises a line that is only such a date; this module reads its value,
for the parser and for `rendering` (which must know what the parser will read).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

__all__ = ["DATE", "DATE_LINE", "PUBLISHED_AT", "read_date", "signature"]

T = TypeVar("T")

_ZERO = "〇○零Oo0"
_DIGITS = {**dict.fromkeys(_ZERO, 0), **{c: i for i, c in enumerate("一二三四五六七八九", 1)}}

_ARABIC = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_SMALL = "([一二三四五六七八九十]{1,3})"  # a month or a day: 一 … 十二, 一 … 三十一
_CHINESE = rf"([{_ZERO}一二三四五六七八九]{{4}})\s*年\s*{_SMALL}\s*月\s*{_SMALL}\s*日"
_NUMERIC = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"

DATE = re.compile(f"{_ARABIC}|{_CHINESE}|{_NUMERIC}")
"""A date in any of the three forms; `read_date` reads a match."""

DATE_LINE = re.compile(rf"[(（]?(?:{DATE.pattern})[)）]?")
"""A whole line that is a date (``fullmatch`` it), in parentheses or not: a signature date."""

PUBLISHED_AT = re.compile(
    r"发布(?:日期|时间)\s*+[:：]?\s*+(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
"""A web page's ``发布日期：2024-01-20`` (or ``发布时间：2024年1月20日 10:00``)."""


def _small(text: str) -> int | None:
    """一 … 三十一 as a number (a month or a day), None for anything else."""
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    high = 1 if tens == "" else _DIGITS.get(tens, -1) if len(tens) == 1 else -1
    low = 0 if units == "" else _DIGITS.get(units, -1) if len(units) == 1 else -1
    return None if high < 1 or low < 0 else high * 10 + low


def read_date(match: re.Match[str]) -> date | None:
    """The date a `DATE`, `DATE_LINE` or `PUBLISHED_AT` match writes; None for no real day."""
    groups = match.groups()
    if groups[0] is not None:
        numbers: tuple[int | None, ...] = tuple(int(g) for g in groups[0:3])
    elif groups[3] is not None:
        digits = int("".join(str(_DIGITS[c]) for c in groups[3]))
        numbers = (digits, _small(groups[4]), _small(groups[5]))
    else:
        numbers = tuple(int(g) for g in groups[6:9])
    year, month, day = numbers
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def signature(lines: Sequence[tuple[T, re.Match[str]]]) -> tuple[T, re.Match[str], date] | None:
    """Which of a report's date-only lines, in report order, is the signature's date.

    Each line comes as (whatever the caller keeps of it, its `DATE` or `DATE_LINE` match). The
    signature is the last line written with 年月日, in digits or in Chinese numerals; a bare
    ``2024-01-20`` line counts only when there is none, since web copies list dated links
    (相关链接) after the signature in that form. Lines that name no real day are passed over.
    """
    dated = [(item, m, day) for item, m in lines if (day := read_date(m)) is not None]
    written = [line for line in dated if "年" in line[1].group(0)]
    chosen = written or dated
    return chosen[-1] if chosen else None
