"""What a report says about itself: title, subject, year, publication date, organ, source.

Read from the preamble (the lines before 一、), the signature at the end, a copy's header
lines (标题: / 发布时间: / 发布机构: / 原文链接:, which the grammar tells from prose) and,
failing a year in the title, the 统计期限 sentence.
"""

from __future__ import annotations

import itertools
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
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Markdown's bold and italic marks (**…**, __…__): no organ's name has them.
_MD_EMPHASIS = re.compile(r"[*_]+")
_YEAR = re.compile(r"([12][0-9]{3}|[１２][０-９]{3})\s*年")
# After a year-first title's year: 度, then the organ's name up to the report's own words.
_AFTER_YEAR = re.compile(r"\s*度?\s*(.+?)\s*(?:政府信息公开|政务公开|信息公开|年度报告|工作报告)")
_MAX_TITLE = 200  # a title's organ and words after its year: read no further
_PERIOD_YEAR = re.compile(r"统计期限[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")


def read_meta(
    canon: Canonical,
    preamble: Sequence[Prose],
    parts: Sequence[Part],
    dates: Sequence[Unit],
    template: Template | None,
    header: Sequence[Unit] = (),
) -> ReportMeta:
    """The report's metadata from its preamble's prose, its parts, its date-only lines and a
    copy's header lines (``header``)."""
    fields = _header_fields(canon, header)
    heads = itertools.takewhile(lambda p: p.kind != "signature_date", preamble)
    title, subject, year = _title(canon, [canon.units[p.token.at] for p in heads])
    if (title is None or "报告" not in (title.value or "")) and "title" in fields:
        # The preamble holds no title line, but the copy's 标题 field does.
        title, subject, year = _title(canon, [fields["title"][0]], start=fields["title"][1])
    if year is None:
        year = _period_year(canon, preamble, parts)
    return ReportMeta(
        title=title,
        subject=subject,
        year=year,
        published=_published(canon, preamble, dates, header),
        template=template,
        layout=canon.layout,
        organ=_field_cell(canon, fields.get("organ")),
        source=_field_cell(canon, fields.get("source")),
    )


# A header line's keys, by what they give; a line may hold several ("来源:… | 发布日期:…").
_FIELD_KEYS = {
    "title": ("标题", "题目", "文章标题"),
    "organ": ("发布机构", "发文机关", "发文机构", "信息来源", "来源"),
    "source": ("原文链接", "原文地址", "原文网址", "链接地址", "网址", "URL", "url"),
}
_KEYS = sorted((k for keys in _FIELD_KEYS.values() for k in keys), key=len, reverse=True)
_FIELD = re.compile(r"(" + "|".join(_KEYS) + r")\s*[:：]\s*")
# Where a field's value ends: the next "key:" on the line, or a separator between fields.
_FIELD_END = re.compile(r"\s*(?:[|｜]|\s{2,}|[\u4e00-\u9fff]{2,6}\s*[:：])")


def _header_fields(canon: Canonical, header: Sequence[Unit]) -> dict[str, tuple[Unit, int, int]]:
    """The first value of each kind of field in the header lines: (line, start, end) of the
    value in the source."""
    kinds = {key: kind for kind, keys in _FIELD_KEYS.items() for key in keys}
    out: dict[str, tuple[Unit, int, int]] = {}
    for unit in header:
        raw = canon.raw(unit)
        for m in _FIELD.finditer(raw):
            end = _FIELD_END.search(raw, m.end())
            stop = end.start() if end else len(raw.rstrip())
            if stop > m.end():
                out.setdefault(kinds[m.group(1)], (unit, unit.start + m.end(), unit.start + stop))
    return out


def _field_cell(canon: Canonical, field: tuple[Unit, int, int] | None) -> Cell[str] | None:
    if field is None:
        return None
    _, start, end = field
    raw = canon.source[start:end]
    return Cell(value=fold_cell(raw), raw=raw, span=canon.span(start, end))


def _title(
    canon: Canonical, preamble: Sequence[Unit], start: int | None = None
) -> tuple[Cell[str] | None, Cell[str] | None, Cell[int] | None]:
    """Title, subject and year from the first lines of the preamble, up to the one that says
    报告; ``start`` is where the title begins in a header line (after "标题:")."""
    lines: list[Unit] = []
    for unit in preamble[:4]:
        lines.append(unit)
        if "报告" in lines[-1].text:
            break
    if lines and "报告" not in lines[-1].text:
        lines = lines[:1]
    # A page's byline above the title (发布时间：… 来源：…) is not part of it, nor is a line
    # without a Chinese word (the end of a URL a converter wrapped), nor a line said twice (a
    # page's <title> above the same words as its heading).
    while len(lines) > 1 and (_NOT_TITLE.search(lines[0].text) or not _HAN.search(lines[0].text)):
        lines.pop(0)
    lines = [u for i, u in enumerate(lines) if i + 1 == len(lines) or u.text != lines[i + 1].text]
    if not lines:
        return None, None, None
    first, last = lines[0], lines[-1]
    begin = first.start if start is None else start
    raw = canon.source[begin : last.end]
    if start is None:
        title = text_cell(canon, first, last, value=" ".join(_MD_EMPHASIS.sub("", u.text) for u in lines))
    else:
        title = Cell(value=fold_cell(raw), raw=raw, span=canon.span(begin, last.end))
    m = _YEAR.search(raw)
    if not m:
        return title, None, None
    year_text = m.group(1)
    year = Cell(
        value=int(fold_cell(year_text)),
        raw=year_text,
        span=canon.span(begin + m.start(1), begin + m.end(1)),
    )
    a, b = 0, m.start()
    if not fold_cell(_MD_EMPHASIS.sub("", _MD_HEADING_MARKS.sub("", raw[a:b]))):
        # A year-first title (2024年上海市某委政府信息公开工作年度报告): the name follows it.
        after = _AFTER_YEAR.match(raw, m.end(), m.end() + _MAX_TITLE)
        a, b = (after.start(1), after.end(1)) if after else (b, b)
    head = raw[a:b]
    name = fold_cell(_MD_EMPHASIS.sub("", _MD_HEADING_MARKS.sub("", head)))
    subject = None
    if name:
        lead = len(head) - len(head.lstrip())
        subject = Cell(
            value=name,
            raw=head.strip(),
            span=canon.span(begin + a + lead, begin + a + len(head.rstrip())),
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


def _published(
    canon: Canonical, preamble: Sequence[Prose], dates: Sequence[Unit], header: Sequence[Unit]
) -> Cell[str] | None:
    """The signature date under the report (`dates.signature`); failing that, a 发布日期 line:
    a copy's header line, or a line near the top."""
    signed = signature([(unit, m) for unit in dates if (m := _search(canon, unit, DATE))])
    if signed is not None:
        return _date_cell(canon, *signed)
    for unit in [*header, *(canon.units[item.token.at] for item in preamble)]:
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
