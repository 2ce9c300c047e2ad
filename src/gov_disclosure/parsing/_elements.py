"""What the grammar's tree says, as plain values: the input of assembly.

`gov_disclosure.parsing._transformer` turns the parse tree into these; `gov_disclosure.parsing._assemble` and
`gov_disclosure.parsing._meta` build the model from them. Every reference is to a canonical unit (a cell
or a prose line) by its index, so the source text and span of anything can be had back.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Element", "Prose", "Ref", "Section"]


class Ref(NamedTuple):
    """A canonical line as the grammar classified it: its terminal, and its unit's index.

    A VALUES token (a run of value cells) becomes one reference per cell, of type NUM or BLANK;
    a cell that is neither a value nor a label is CELL_TEXT.
    """

    type: str
    at: int


class Element(NamedTuple):
    """A table element: the rule that recognised its label (``t3_granted``), the label, and
    the cells after it up to the next element (its values, then noise)."""

    kind: str
    label: Ref
    rest: tuple[Ref, ...]
    part: int | None


class Prose(NamedTuple):
    """A prose line: ``paragraph``, ``subheading`` or ``signature_date``, and the cells that
    trail it outside any table."""

    kind: str
    token: Ref
    trail: tuple[Ref, ...]


class Section(NamedTuple):
    """The preamble (number 0) or one part: its heading, its prose and its runs of table
    elements, in source order."""

    number: int
    heading: Ref | None
    heading_lines: int
    """2 when the heading's numeral stood alone on the line above its words."""
    trail: tuple[Ref, ...]
    items: tuple[Prose | tuple[Element, ...], ...]
