"""Columns by position: a text table's blank cells read from where its values stand.

Tools that lay a table out as text with spaces (pdftotext ``-layout``, pandoc's plain text,
inscriptis) drop a blank cell's text but not its place: the values after it stay under their
column. A row with every cell filled shows where each column stands; a row with fewer values
than columns has them placed by those positions, when every value stands at exactly one
column and no other is near. Nothing is placed where the full rows do not agree.

Tools count a position in characters (pdftotext, inscriptis) or in display cells, a Chinese
character two (pandoc), and align a cell's text at its start, end or middle; a value is placed
only where every measure under which the rows agree places it alike. Rows are grouped by
their columns and by how many text cells stand before their values on the line (inscriptis
shifts a row whose label spans two cells), and a group's positions place only its own rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from gov_disclosure._width import display_width
from gov_disclosure.parsing._frontend import Canonical, Unit

__all__ = ["Columns", "Key", "columns", "under_headings"]

# How far a value may stand from its column's position, and how far at least from any other.
_NEAR = 1
_APART = 3

Key = tuple[tuple[str, ...], int]
Measure = Callable[[Canonical, Unit], float]


def _char_start(canon: Canonical, unit: Unit) -> float:
    return unit.start - canon.row_starts[unit.row]


def _char_end(canon: Canonical, unit: Unit) -> float:
    return unit.end - canon.row_starts[unit.row]


def _char_mid(canon: Canonical, unit: Unit) -> float:
    return (_char_start(canon, unit) + _char_end(canon, unit)) / 2


def _cell_start(canon: Canonical, unit: Unit) -> float:
    return display_width(canon.source[canon.row_starts[unit.row] : unit.start])


def _cell_end(canon: Canonical, unit: Unit) -> float:
    return display_width(canon.source[canon.row_starts[unit.row] : unit.end])


def _cell_mid(canon: Canonical, unit: Unit) -> float:
    return (_cell_start(canon, unit) + _cell_end(canon, unit)) / 2


_MEASURES: tuple[Measure, ...] = (_char_start, _char_end, _char_mid, _cell_start, _cell_end, _cell_mid)


def _place(where: Sequence[float], xs: Sequence[float]) -> list[int] | None:
    """The column of each position, or None unless each stands at exactly one column, apart
    from the others, in order."""
    out: list[int] = []
    for x in xs:
        near = [j for j, at in enumerate(where) if abs(x - at) < _APART]
        if len(near) != 1 or abs(x - where[near[0]]) > _NEAR or (out and near[0] <= out[-1]):
            return None
        out.append(near[0])
    return out


class Columns:
    """Where each group's columns stand, in every measure under which the table's rows agree."""

    def __init__(self, canon: Canonical, wheres: Sequence[tuple[Measure, dict[Key, list[float]]]]) -> None:
        self._canon = canon
        self._wheres = wheres

    def place(self, key: Key, values: Sequence[Unit]) -> list[int] | None:
        """The column of each value: only when some measure places every value at one column,
        apart from the others, in order, and every measure that does agrees."""
        found: set[tuple[int, ...]] = set()
        for measure, where in self._wheres:
            columns = where.get(key)
            if columns is not None and len(values) <= len(columns):
                placed = _place(columns, [measure(self._canon, u) for u in values])
                if placed is not None:
                    found.add(tuple(placed))
        return list(found.pop()) if len(found) == 1 else None


Row = tuple[Key, Sequence[Unit]]


def _measured(
    canon: Canonical,
    measure: Measure,
    full: Sequence[Row],
    partial: Sequence[Row],
    headings: Mapping[tuple[str, ...], Sequence[Unit]],
) -> dict[Key, list[float]] | None:
    """Each group's column positions under ``measure``: from its full rows, which must agree;
    else from the column headings, which every row of the group must then fit. None when full
    rows disagree (the measure is not the tool's)."""
    groups: dict[Key, list[Sequence[Unit]]] = {}
    for key, units in full:
        groups.setdefault(key, []).append(units)
    where: dict[Key, list[float]] = {}
    for key, rows in groups.items():
        xs = [[measure(canon, u) for u in units] for units in rows]
        cols = list(zip(*xs, strict=True))
        if max(max(col) - min(col) for col in cols) > _NEAR:
            return None
        where[key] = [min(col) for col in cols]
    shorts: dict[Key, list[Sequence[Unit]]] = {}
    for key, units in partial:
        if key not in where and key[0] in headings:
            shorts.setdefault(key, []).append(units)
    for key, rows in shorts.items():
        heads = [measure(canon, u) for u in headings[key[0]]]
        # A group's rows must all stand under the headings; two rows at least, so that one
        # row's chance fit is no evidence.
        if len(rows) >= 2 and all(_place(heads, [measure(canon, u) for u in units]) for units in rows):
            where[key] = heads
    return where


def columns(
    canon: Canonical,
    full: Sequence[Row],
    partial: Sequence[Row],
    headings: Mapping[tuple[str, ...], Sequence[Unit]],
) -> Columns | None:
    """The columns' positions of a table set out with spaces, from its full rows (group, value
    cells) or else its column headings, in each measure under which they agree; None when
    none does."""
    if any(u.row < 0 for _, units in (*full, *partial) for u in units):
        return None
    wheres = [(m, where) for m in _MEASURES if (where := _measured(canon, m, full, partial, headings))]
    return Columns(canon, wheres) if wheres else None


def under_headings(canon: Canonical, headings: Sequence[Unit], values: Sequence[Unit]) -> list[int] | None:
    """The column of each value of a table's one row (table 4) from where its headings stand:
    only when some measure places every value, and every measure that does agrees."""
    if any(u.row < 0 for u in (*headings, *values)):
        return None
    found: set[tuple[int, ...]] = set()
    for measure in _MEASURES:
        placed = _place([measure(canon, u) for u in headings], [measure(canon, u) for u in values])
        if placed is not None:
            found.add(tuple(placed))
    return list(found.pop()) if len(found) == 1 else None
