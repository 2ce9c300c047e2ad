"""The report from its sections: the parts' prose, the tables (`assemble`), the metadata (`meta`)."""

from __future__ import annotations

from collections.abc import Sequence

from gov_disclosure.model import AnnualReport, Cell, Part, Subsection
from gov_disclosure.parsing._assemble import assemble
from gov_disclosure.parsing._elements import Element, Prose, Ref, Section
from gov_disclosure.parsing._frontend import Canonical, Unit
from gov_disclosure.parsing._meta import read_meta
from gov_disclosure.parsing._values import text_cell

__all__ = ["build_report"]


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
    for section in sections:
        number = section.number or None
        loose.append((section.trail, number))
        paragraphs: list[Cell[str]] = []
        subsections: list[tuple[Cell[str], list[Cell[str]]]] = []
        for item in section.items:
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
            cell = text_cell(canon, units[item.token.at])
            if item.kind == "subheading" and section.number:
                subsections.append((cell, []))
            elif subsections:
                subsections[-1][1].append(cell)
            else:
                paragraphs.append(cell)
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
