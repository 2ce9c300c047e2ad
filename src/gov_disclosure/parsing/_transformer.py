"""The parse tree as plain elements: a Lark `Transformer`, one method per kind of rule.

The grammar says what each line is (a part heading, a paragraph, the label of table 3's
予以公开 row, a run of value cells); this turns the tree into `gov_disclosure.parsing._elements` values
that refer to the canonical units by index, taking every VALUES run apart cell by cell. It
decides nothing about tables or metadata: that is `gov_disclosure.parsing._assemble` and
`gov_disclosure.parsing._meta`.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from lark import Token, Transformer, Tree

from gov_disclosure._fast import new_tuple
from gov_disclosure.form import PARTS
from gov_disclosure.parsing._elements import Element, Prose, Ref, Section

__all__ = ["ElementTransformer", "sections"]

_PART_NUMBERS = {"preamble": 0} | {part.rule: part.number for part in PARTS}
_SIGNS = ("+", "-")


class ElementTransformer(Transformer[Token, tuple[Section, ...]]):
    """Tree → sections of prose and table elements.

    It keeps no state, so one instance serves every parse: embedded in the parser
    (`gov_disclosure.parsing._speed.element_parser`, which then builds no tree at all) or applied to
    a tree (`sections`).
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    def __getattr__(self, name: str) -> Callable[[list[Any]], Any]:
        # Lark looks a rule's method up by the rule's name; two families of rules are built
        # alike, so their names are answered here. A part's rule (the form's `FormPart.rule`,
        # or the preamble) is a section; a table element's rule (imported from tables.lark, so
        # namespaced: "tables__t3_granted") is its label token, then its values and noise.
        number = _PART_NUMBERS.get(name)
        if number is not None:
            return functools.partial(self._section, number)
        rule = name.rsplit("__", 1)[-1]
        if name.startswith("tables__") and rule.startswith(("t2_", "t3_", "t4_")):
            return functools.partial(_element, rule)
        if name.startswith("_"):
            # A rule the tree inlines into its parent (``_body``, ``__tables_plus_0``): the
            # parent takes its children from a plain tree, built here without the detour
            # through ``__default__``.
            return functools.partial(Tree, name)
        raise AttributeError(name)

    # ---- the report and its parts ------------------------------------------------------------
    def start(self, children: list[Section]) -> tuple[Section, ...]:
        return tuple(children)

    def _section(self, number: int, children: list[Any]) -> Section:
        heading = children[0] if number else None
        i = 1 if number else 0
        start = i
        while i < len(children) and isinstance(children[i], Token):
            i += 1
        items: list[Prose | tuple[Element, ...]] = []
        part = number or None
        for child in children[i:]:
            if isinstance(child, list):
                items.append(
                    tuple([new_tuple(Element, (kind, label, rest, part)) for kind, label, rest in child])
                )
            else:
                items.append(child)
        return Section(
            number=number,
            heading=_refs([heading])[0] if heading is not None else None,
            heading_lines=heading.count("\n") if heading is not None else 1,
            trail=_refs(children[start:i]),
            items=tuple(items),
        )

    # ---- prose ----------------------------------------------------------------------------------
    def _prose(self, kind: str, children: list[Token]) -> Prose:
        refs = _refs(children)
        return new_tuple(Prose, (kind, refs[0], refs[1:]))

    def paragraph(self, children: list[Token]) -> Prose:
        return self._prose("paragraph", children)

    def subheading(self, children: list[Token]) -> Prose:
        return self._prose("subheading", children)

    def meta_line(self, children: list[Token]) -> Prose:
        return self._prose("meta_line", children)

    def chrome(self, children: list[Token]) -> Prose:
        return self._prose("chrome", children)

    def signature_date(self, children: list[Token]) -> Prose:
        return self._prose("signature_date", children)

    # ---- tables ---------------------------------------------------------------------------------
    def tables(
        self, children: list[tuple[str, Ref, tuple[Ref, ...]]]
    ) -> list[tuple[str, Ref, tuple[Ref, ...]]]:
        # The part a run of table elements stands in is known one level up (`_section`).
        return children


def _refs(tokens: Sequence[Token]) -> tuple[Ref, ...]:
    """References to the cells of ``tokens``, a VALUES run taken apart cell by cell: a cell
    that is not a number is a blank (the grammar's two value-cell patterns)."""
    out: list[Ref] = []
    for token in tokens:
        # Every unit is one line of the canonical text, and every token starts a line.
        index = (token.line or 1) - 1
        if token.type != "VALUES":
            out.append(new_tuple(Ref, (token.type, index)))
            continue
        kinds = _cell_kinds(str(token))
        out += map(new_tuple, itertools.repeat(Ref), zip(kinds, itertools.count(index), strict=False))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _cell_kinds(run: str) -> tuple[str, ...]:
    """NUM or BLANK for each cell of a VALUES run (cached: most runs are a few small numbers).

    A run's lines are its cells: the cell mark, then the cell's folded text. The run matched
    VALUES, so a cell is a number exactly when a digit opens it, after its sign."""
    kinds = []
    for cell in run.split("\n")[:-1]:
        first = cell[1:2]
        number = first.isdecimal() or (first in _SIGNS and cell[2:3].isdecimal())
        kinds.append("NUM" if number else "BLANK")
    return tuple(kinds)


def _element(rule: str, children: list[Token]) -> tuple[str, Ref, tuple[Ref, ...]]:
    label = children[0]  # a row's or header's label: one line, never a run of values
    return rule, new_tuple(Ref, (label.type, (label.line or 1) - 1)), _refs(children[1:])


_TRANSFORMER = ElementTransformer()


def sections(tree: Tree[Token]) -> tuple[Section, ...]:
    """The sections (preamble, parts) of the report whose canonical text parsed to ``tree``."""
    return _TRANSFORMER.transform(tree)
