"""What a report says about itself: title, subject, year, publication date.

Read from the preamble (the lines before 一、), the signature at the end, a web page's
发布日期 line and, failing a year in the title, the 统计期限 sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from gov_disclosure.model import Cell, Part, ReportMeta, Template
from gov_disclosure.parsing._dates import DATE, PUBLISHED_AT, read_date, signature
from gov_disclosure.parsing._elements import Prose
from gov_disclosure.parsing._frontend import Canonical, Unit, fold_cell
from gov_disclosure.parsing._values import text_cell

__all__ = ["read_meta"]

# Lines that stand above a title on web pages but are never part of it.
_NOT_TITLE = re.compile(r"[:：]|发布(?:时间|日期|机构)|来源|浏览|字号|索引号|打印")
# Markdown heading marks opening any line of a title written over several "#" lines.
_MD_HEADING_MARKS = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")
_YEAR = re.compile(r"([12][0-9]{3}|[１２][０-９]{3})\s*年")
_PERIOD_YEAR = re.compile(r"统计期限[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")


def read_meta(
    canon: Canonical,
    preamble: Sequence[Prose],
    parts: Sequence[Part],
    dates: Sequence[Unit],
    template: Template | None,
) -> ReportMeta:
    """The report's metadata from its preamble's prose, its parts, its date-only lines."""
    title, subject, year = _title(canon, preamble)
    if year is None:
        year = _period_year(canon, preamble, parts)
    return ReportMeta(
        title=title,
        subject=subject,
        year=year,
        published=_published(canon, preamble, dates),
        template=template,
        layout=canon.layout,
    )


def _title(
    canon: Canonical, preamble: Sequence[Prose]
) -> tuple[Cell[str] | None, Cell[str] | None, Cell[int] | None]:
    units = canon.units
    lines: list[Unit] = []
    for item in preamble[:4]:
        if item.kind == "signature_date":
            break
        lines.append(units[item.token.at])
        if "报告" in lines[-1].text:
            break
    if lines and "报告" not in lines[-1].text:
        lines = lines[:1]
    # A page's byline above the title (发布时间：… 来源：…) is not part of it.
    while len(lines) > 1 and _NOT_TITLE.search(lines[0].text):
        lines.pop(0)
    if not lines:
        return None, None, None
    first, last = lines[0], lines[-1]
    raw = canon.source[first.start : last.end]
    title = text_cell(canon, first, last, value=" ".join(u.text for u in lines))
    m = _YEAR.search(raw)
    if not m:
        return title, None, None
    year_text = m.group(1)
    year = Cell(
        value=int(fold_cell(year_text)),
        raw=year_text,
        span=canon.span(first.start + m.start(1), first.start + m.end(1)),
    )
    head = raw[: m.start()]
    name = fold_cell(_MD_HEADING_MARKS.sub("", head))
    subject = None
    if name:
        lead = len(head) - len(head.lstrip())
        subject = Cell(
            value=name,
            raw=head.strip(),
            span=canon.span(first.start + lead, first.start + len(head.rstrip())),
        )
    return title, subject, year


def _period_year(canon: Canonical, preamble: Sequence[Prose], parts: Sequence[Part]) -> Cell[int] | None:
    """The year of "统计期限自2021年1月1日…", when the title names none."""
    cells: Iterable[Cell[str]] = [text_cell(canon, canon.units[p.token.at]) for p in preamble]
    cells = [*cells, *(c for p in parts for c in p.paragraphs)]
    for cell in cells:
        m = _PERIOD_YEAR.search(cell.raw)
        if m and cell.span is not None:
            start = cell.span.start + m.start(1)
            return Cell(value=int(m.group(1)), raw=m.group(1), span=canon.span(start, start + 4))
    return None


def _published(canon: Canonical, preamble: Sequence[Prose], dates: Sequence[Unit]) -> Cell[str] | None:
    """The signature date under the report (`dates.signature`); failing that, a 发布日期 line
    near the top."""
    signed = signature([(unit, m) for unit in dates if (m := _search(canon, unit, DATE))])
    if signed is not None:
        return _date_cell(canon, *signed)
    for item in preamble:
        unit = canon.units[item.token.at]
        m = _search(canon, unit, PUBLISHED_AT)
        when = read_date(m) if m else None
        if m is not None and when is not None:
            return _date_cell(canon, unit, m, when)
    return None


def _search(canon: Canonical, unit: Unit, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` in the line read NFKC-folded, as the grammar saw it (２０２４, 二Ｏ二四, ⽉)."""
    return pattern.search(unicodedata.normalize("NFKC", canon.raw(unit)))


def _date_cell(canon: Canonical, unit: Unit, m: re.Match[str], when: date) -> Cell[str]:
    """A date `_search` found, as a cell of the source text of the date alone, or of the
    whole line when folding changed its length (offsets into the folded line would lie)."""
    start, end = unit.start, unit.end
    if len(m.string) == end - start:
        start, end = unit.start + m.start(), unit.start + m.end()
    return Cell(value=when.isoformat(), raw=canon.source[start:end], span=canon.span(start, end))
