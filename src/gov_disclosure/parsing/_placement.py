"""Placing values whose cells a text does not say, by the form's sums, or not at all.

Converters lose what tells a value's column: blank cells vanish ("3 12" for 3 · blank · 12),
cells run together ("3112"), two rows merge into one. Each such row gets every reading the text
allows (`placements`, `splits`); `resolve` keeps the readings that break none of the form's
relations it can check, and a cell is placed only when every surviving reading gives it the
same value. A cell no reading pins down stays out of the model: a missing number is a
nuisance, a wrong one betrays the user.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple, TypeVar

from gov_disclosure.form import CellRef, Relation
from gov_disclosure.limits import MAX_READINGS
from gov_disclosure.parsing._values import read_number

__all__ = ["MAX_READINGS", "Piece", "Reading", "placements", "resolve", "run_digits", "splits", "value_of"]


class Piece(NamedTuple):
    """The text a reading puts in one cell: a value cell's text, or part of a run of digits."""

    unit: int
    """The index of the canonical unit (cell) the text comes from."""
    text: str
    offset: int = 0
    """Where ``text`` starts in the unit's folded text (for a part of a run)."""


K = TypeVar("K", bound=Hashable)
Reading = tuple[Piece | None, ...]
"""One way to read a row: a piece per column, None for a blank cell."""
Number = int | Decimal


def value_of(piece: Piece | None) -> Number | None:
    """A piece's number for the sums (None for a blank)."""
    if piece is None:
        return None
    read = read_number(piece.text)
    if read is None:
        return None
    return read.as_count if read.as_count is not None else read.number


def placements(pieces: Sequence[Piece | None], width: int) -> Iterator[Reading]:
    """Every way to put ``pieces`` into ``width`` columns in their order, blanks elsewhere."""
    if len(pieces) > width:
        return
    for columns in itertools.combinations(range(width), len(pieces)):
        row: list[Piece | None] = [None] * width
        for column, piece in zip(columns, pieces, strict=True):
            row[column] = piece
        yield tuple(row)


def run_digits(text: str) -> str | None:
    """The digits of ``text`` when it may be cells run together: two digits or more, after a
    sign at most (+1 and 0 run together read +10: the sign is the first cell's); else None."""
    body = text[1:] if text.startswith(("+", "-")) else text
    return body if len(body) > 1 and body.isdigit() else None


def splits(unit: int, text: str, parts: int) -> Iterator[Reading]:
    """Every way to cut a run of digits into ``parts`` numbers, none with a leading zero; a
    sign before the run stays with its first number."""
    sign = 1 if text.startswith(("+", "-")) else 0
    digits = text[sign:]
    n = len(digits)
    if not digits.isdigit() or not 1 <= parts <= n:
        return
    for cuts in itertools.combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        pieces = [digits[a:b] for a, b in itertools.pairwise(bounds)]
        if any(len(p) > 1 and p[0] == "0" for p in pieces):
            continue
        yield tuple(
            Piece(unit, text[:sign] + p, 0) if k == 0 else Piece(unit, p, a + sign)
            for k, (p, a) in enumerate(zip(pieces, bounds, strict=False))
        )


def _holds(
    rel: Relation, mine: Mapping[CellRef, Number | None], known: Mapping[CellRef, Number | None]
) -> bool | None:
    """Whether the relation holds with the row's reading; None when a cell of it is unknown,
    or when its total is blank: reports leave totals blank beside filled parts (the 上海 2019
    report does on every row), so a blank total says nothing about where the parts stand."""
    target = mine[rel.target] if rel.target in mine else known.get(rel.target, 0)
    if target is None:
        return None
    total: Number = 0
    for side, sign in ((rel.left, 1), (rel.right, -1)):
        for ref in side:
            if ref in mine:
                v = mine[ref]
            elif ref in known:
                v = known[ref]
            else:
                return None
            total += sign * (v or 0)
    return total == 0


def resolve(
    rows: Mapping[K, tuple[tuple[CellRef, ...], list[Reading], bool]],
    known: dict[CellRef, Number | None],
    relations: Sequence[Relation],
) -> dict[K, tuple[Piece | bool | None, ...]]:
    """For each uncertain row (its cells, its readings, and whether those are every reading
    the text allows, so that the truth is among them), what each cell can be said to hold.

    A reading survives unless a relation it can be checked against fails. Reports are not
    always consistent, so a failed relation may also strike out the truth; a survivor is
    therefore trusted only when it is *confirmed* (the relations among its own cells can be
    checked and hold: no blank total) or when it was the only reading the text allowed. A
    row's result has, per cell, the piece (or None for a blank) every surviving reading agrees
    on, or False where they disagree, none survives, or a survivor is unconfirmed.

    ``known`` holds the cells read for certain (None for a blank) and grows as rows are
    settled, so one settled row can settle the next.
    """
    touching: dict[CellRef, list[Relation]] = {}
    for rel in relations:
        for ref in rel.cells:
            touching.setdefault(ref, []).append(rel)
    pending = {
        key: (cells, list(readings), complete and len(readings) == 1)
        for key, (cells, readings, complete) in rows.items()
    }
    settled: dict[K, tuple[Piece | bool | None, ...]] = {}
    progress = True
    while progress and pending:
        progress = False
        for key in list(pending):
            cells, readings, only = pending[key]
            relevant = list({id(r): r for ref in cells for r in touching.get(ref, ())}.values())
            internal = [r for r in relevant if set(cells).issuperset(r.cells)]
            alive, trusted = [], True
            for reading in readings:
                mine = {ref: value_of(p) for ref, p in zip(cells, reading, strict=True)}
                if all(_holds(rel, mine, known) is not False for rel in relevant):
                    alive.append(reading)
                    trusted = trusted and (only or _confirmed(cells, reading, internal))
            if len(alive) != len(readings):
                progress = True
            if len(alive) == len(rows[key][1]) and rows[key][2]:
                # Nothing was ever struck out: the truth is among the readings, whatever the sums.
                trusted = True
            pending[key] = (cells, alive, only)
            agreed = _agreement(alive, len(cells)) if trusted else (False,) * len(cells)
            if alive and all(a is not False for a in agreed):
                for ref, piece in zip(cells, alive[0], strict=True):
                    known[ref] = value_of(piece)
                settled[key] = agreed
                del pending[key]
                progress = True
    for key, (cells, alive, only) in pending.items():
        untouched = len(alive) == len(rows[key][1]) and rows[key][2]
        trusted = (
            untouched or all(_confirmed(cells, r, relations) for r in alive) or (only and len(alive) == 1)
        )
        settled[key] = _agreement(alive, len(cells)) if trusted else (False,) * len(cells)
    return settled


def _confirmed(cells: tuple[CellRef, ...], reading: Reading, relations: Sequence[Relation]) -> bool:
    """The relations among the reading's own cells can all be checked, and hold."""
    own = set(cells)
    internal = [r for r in relations if own.issuperset(r.cells)]
    mine = {ref: value_of(p) for ref, p in zip(cells, reading, strict=True)}
    return bool(internal) and all(_holds(r, mine, {}) for r in internal)


def _blank(piece: Piece | None) -> bool:
    """A blank the text has (empty, /, -, 无), or one a reading supposes."""
    return piece is None or (value_of(piece) is None and not any(c.isdigit() for c in piece.text))


def _agreement(readings: Sequence[Reading], width: int) -> tuple[Piece | bool | None, ...]:
    """Per cell, the piece all readings agree on (the same text from the same place: a value,
    and where it stands), or None where all leave it blank; False where they differ."""
    if not readings:
        return (False,) * width
    out: list[Piece | bool | None] = []
    for i in range(width):
        first = readings[0][i]
        if all(r[i] == first for r in readings[1:]):
            out.append(first)
        elif all(_blank(r[i]) for r in readings):
            out.append(None)  # blank in every reading, though not always the same blank cell
        else:
            out.append(False)
    return tuple(out)
