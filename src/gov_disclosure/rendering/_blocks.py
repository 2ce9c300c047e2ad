"""The document as blocks: the title, headings, paragraphs and tables in order."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

import attrs
from attrs import frozen

from gov_disclosure.model import (
    AnnualReport,
    Cell,
    Part,
)
from gov_disclosure.parsing._dates import DATE_LINE, PUBLISHED_AT, read_date, signature
from gov_disclosure.parsing._frontend import fold_cell, fold_prose, source_lines
from gov_disclosure.rendering._grid import Grid, TableModel, clean_text, grid

ParagraphRole = Literal["title", "heading", "subheading", "paragraph", "signature"]


@frozen(kw_only=True)
class Paragraph:
    """A line of prose: the title, a part heading, a sub-heading, a paragraph or the signature."""

    text: str
    role: ParagraphRole
    line: int | None = attrs.field(default=None, eq=False)
    """The source line the paragraph was read from; None for text the renderer adds."""


Block = Paragraph | Grid

_MD_MARKS = re.compile(r"^#{1,6}\s+")
_SPACES = re.compile(r"[ \t]+")


def _prose(cell: Cell[str], role: ParagraphRole) -> list[Paragraph]:
    """A prose cell as paragraphs: one per line, markdown marks and runs of spaces dropped."""
    out = []
    first = cell.span.line if cell.span is not None else None
    for i, line in enumerate(source_lines(cell.raw)):
        text = _SPACES.sub(" ", _MD_MARKS.sub("", line.strip())).strip()
        if text:
            out.append(Paragraph(text=text, role=role, line=None if first is None else first + i))
    return out


def _published_reads(prose: Sequence[Paragraph], preamble: Sequence[Paragraph]) -> str | None:
    """The publication date a reader takes from this prose: the signature's date-only line
    (`dates.signature`), else a 发布日期 line of the preamble, as the transformer does."""
    signed = signature([(p, m) for p in prose if (m := DATE_LINE.fullmatch(fold_prose(p.text)))])
    if signed is not None:
        return signed[2].isoformat()
    found = (read_date(m) for p in preamble if (m := PUBLISHED_AT.search(p.text)))
    return next((d.isoformat() for d in found if d is not None), None)


def _date_text(published: Cell[str]) -> str:
    """A published date as a report writes it (2024年1月20日); its raw text when it is no
    real date."""
    when = published.value
    try:
        day = date.fromisoformat(when) if when else None
    except ValueError:
        day = None
    if day is None:
        return clean_text(published.raw)
    return f"{day.year}年{day.month}月{day.day}日"


def _signature(report: AnnualReport) -> list[Paragraph]:
    published = report.meta.published
    if published is None:
        return []
    subject = report.meta.subject
    lead = [Paragraph(text=clean_text(subject.raw), role="signature")] if subject else []
    return [*lead, Paragraph(text=_date_text(published), role="signature")]


def _header(report: AnnualReport) -> list[Paragraph]:
    """A copy's header lines the model keeps (发布机构, 原文链接), as such lines."""
    meta = report.meta
    out = []
    if meta.organ is not None:
        out.append(Paragraph(text=f"发布机构：{clean_text(meta.organ.raw)}", role="paragraph"))
    if meta.source is not None:
        out.append(Paragraph(text=f"原文链接：{clean_text(meta.source.raw)}", role="paragraph"))
    return out


def _title_lines(report: AnnualReport) -> tuple[list[Paragraph], list[Cell[str]]]:
    """The title's paragraphs, and the preamble after them."""
    meta = report.meta
    preamble = list(report.preamble)
    if meta.title is not None:
        want = fold_cell(meta.title.raw)
        for k in range(1, min(4, len(preamble)) + 1):
            if fold_cell("".join(c.raw for c in preamble[:k])) == want:
                return [p for c in preamble[:k] for p in _prose(c, "title")], preamble[k:]
        return _prose(meta.title, "title"), preamble
    if meta.year is not None:
        # No title in the report, but a year (and perhaps the organ) to show: the title the
        # template asks for carries them.
        subject = clean_text(meta.subject.raw) if meta.subject else ""
        text = f"{subject}{meta.year.value}年政府信息公开工作年度报告"
        return [Paragraph(text=text, role="title")], preamble
    return [], preamble


def _home(tables: Sequence[TableModel], parts: Sequence[Part]) -> dict[int, list[TableModel]]:
    """Where each table goes: the index of its part in ``parts``, or -1 for the preamble.

    A table stands under the part it was found in; when the report lacks that part, under the
    nearest part before it, as a table whose heading was lost reads.
    """
    homes: dict[int, list[TableModel]] = {}
    for table in tables:
        at = -1
        if table.part is not None:
            exact = [i for i, p in enumerate(parts) if p.number == table.part]
            before = [i for i, p in enumerate(parts) if p.number < table.part]
            at = exact[0] if exact else (before[-1] if before else -1)
        homes.setdefault(at, []).append(table)
    return homes


def blocks(report: AnnualReport) -> tuple[Block, ...]:
    """The report as a sequence of paragraphs and table grids, in reading order.

    The title, the preamble, then each part: heading, paragraphs, sub-headings with theirs, then
    the tables that stand in the part. Metadata the prose does not carry is added where a
    report carries it: the title when the preamble lacks it; a copy's header lines under the
    title (发布日期, 发布机构, 原文链接) when the model has them; else a signature (organ and
    date) at the end of the last part when no date line gives the publication date.
    """
    title, rest = _title_lines(report)
    preamble = [*title, *(p for c in rest for p in _prose(c, "paragraph"))]
    parts: list[list[Paragraph]] = []
    for part in report.parts:
        prose = _prose(part.heading, "heading")
        prose += [p for c in part.paragraphs for p in _prose(c, "paragraph")]
        for sub in part.subsections:
            prose += _prose(sub.heading, "subheading")
            prose += [p for c in sub.paragraphs for p in _prose(c, "paragraph")]
        parts.append(prose)
    everything = [*preamble, *(p for prose in parts for p in prose)]
    published = report.meta.published
    header = _header(report)
    if published is not None and _published_reads(everything, preamble) != published.value:
        if header or PUBLISHED_AT.search(published.raw):
            # A date read from a copy's header (发布日期：…), or a copy with a header
            # (发布机构, 原文链接): the date is written there.
            header.insert(0, Paragraph(text=f"发布日期：{_date_text(published)}", role="paragraph"))
        else:
            (parts[-1] if parts else preamble).extend(_signature(report))
    # Under the title, as a page's byline stands (a web reader starts at the title).
    preamble = [*preamble[: len(title)], *header, *preamble[len(title) :]]
    tables: list[TableModel] = [
        t for t in (report.active, report.applications, report.reviews) if t is not None
    ]
    homes = _home(tables, report.parts)
    out: list[Block] = [*preamble, *(grid(t) for t in homes.get(-1, []))]
    for i, prose in enumerate(parts):
        out += prose
        out += [grid(t) for t in homes.get(i, [])]
    return tuple(out)
