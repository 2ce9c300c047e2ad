"""The report from its sections: the parts' prose, the tables (`assemble`), the metadata (`meta`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gov_disclosure.model import AnnualReport, Cell, Part, Subsection
from gov_disclosure.parsing._assemble import assemble
from gov_disclosure.parsing._elements import Element, Prose, Ref, Section
from gov_disclosure.parsing._frontend import Canonical, Unit
from gov_disclosure.parsing._meta import read_meta
from gov_disclosure.parsing._values import text_cell

__all__ = ["build_report"]

# A line that ends a sentence, a clause or a quotation.
_ENDS = re.compile(r"[。；;！!？?：:…」”’）)]$")


def _full_line(canon: Canonical, sections: Sequence[Section]) -> int:
    """How long a paragraph line is when a PDF or a converter wrapped it at the page's width:
    most of the longest lines' length, when the lines show a width (0 when they do not)."""
    lengths = sorted(
        len(canon.units[item.token.at].text)
        for section in sections
        for item in section.items
        if isinstance(item, Prose) and item.kind == "paragraph"
    )
    if len(lengths) < 10:
        return 0
    width = lengths[len(lengths) * 9 // 10]
    # Wrapped text has many lines near one width; a paragraph per line has no such width.
    near = sum(1 for n in lengths if n >= width * 0.85)
    return int(width * 0.85) if near * 3 >= len(lengths) else 0


def build_report(canon: Canonical, sections: Sequence[Section]) -> AnnualReport:
    """The model of a report from the sections the grammar found in its canonical text."""
    units = canon.units
    elements: list[Element] = []
    loose: list[tuple[Sequence[Ref], int | None]] = []
    dates: list[Unit] = []
    preamble: tuple[Cell[str], ...] = ()
    preamble_prose: list[Prose] = []
    meta_lines: list[Unit] = []
    parts: list[Part] = []
    full = _full_line(canon, sections)
    for section in sections:
        number = section.number or None
        loose.append((section.trail, number))
        paragraphs: list[Cell[str]] = []
        subsections: list[tuple[Cell[str], list[Cell[str]]]] = []
        wrapped: Unit | None = None  # the first line of the paragraph the last line continues
        for item in section.items:
            last, wrapped = wrapped, None
            if not isinstance(item, Prose):  # a run of table elements
                elements.extend(item)
                continue
            loose.append((item.trail, number))
            if item.kind == "meta_line":
                meta_lines.append(units[item.token.at])
                continue
            if item.kind == "chrome":
                continue
            if item.kind == "signature_date":
                dates.append(units[item.token.at])
            if section.number == 0:
                preamble_prose.append(item)
            unit = units[item.token.at]
            cell = text_cell(canon, unit)
            target = subsections[-1][1] if subsections else paragraphs
            if item.kind == "paragraph" and section.number and last is not None and target:
                # The line before ended mid-sentence at the full width: this line continues it.
                cell = text_cell(canon, last, unit, value=f"{target.pop().value}{unit.text}")
            if item.kind == "subheading" and section.number:
                subsections.append((cell, []))
            else:
                target.append(cell)
            if (
                item.kind == "paragraph"
                and section.number
                and full
                and len(unit.text) >= full
                and not _ENDS.search(unit.text)
            ):
                wrapped = last or unit
        if section.heading is None:
            preamble = tuple(paragraphs)
            continue
        first = units[section.heading.at]
        parts.append(
            Part(
                number=section.number,
                heading=text_cell(
                    canon,
                    first,
                    units[section.heading.at + section.heading_lines - 1],
                    value="".join(
                        u.text for u in units[section.heading.at : section.heading.at + section.heading_lines]
                    ),
                ),
                paragraphs=tuple(paragraphs),
                subsections=tuple(Subsection(heading=h, paragraphs=tuple(ps)) for h, ps in subsections),
            )
        )
    tables = assemble(canon, elements, loose)
    template = tables.active.template if tables.active is not None else None
    return AnnualReport(
        meta=read_meta(canon, preamble_prose, parts, dates, template, meta_lines),
        preamble=preamble,
        parts=tuple(parts),
        active=tables.active,
        applications=tables.applications,
        reviews=tables.reviews,
        stray=tables.stray,
        unplaced=tables.unplaced,
    )
