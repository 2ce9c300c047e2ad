"""A PDF page's characters and ruling lines laid out as lines of text, tables as grids.

Pure geometry, in display coordinates (points, origin top-left, y down), with no PDF library:
the PDF reader hands over each character with its box and each straight stroke or rectangle
side as a segment. Tables are found from the ruling lines the way pdfplumber's "lines"
strategy finds them (the reader used it before; its defaults are kept so that every report
reads as it did): segments snapped onto shared lines within 3 pt and joined across gaps of
3 pt; cells the smallest rectangles whose four corners are crossings joined by ruling lines;
tables the groups of cells that share corners. A character belongs to the cell that holds
its centre; the characters outside every table are prose, grouped into lines by their top
within 3 pt, with a space where a gap is wider than 3 pt. Tables and prose lines are put in
reading order by their top, then their left.

Every output line keeps the boxes its text came from (`Line.pieces`), so that a column of
the text can be traced back to the page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence

from attrs import frozen

from gov_disclosure.readers.grid import Slot, traced_grid_lines

__all__ = ["Box", "Char", "Line", "Piece", "Segment", "page_lines"]

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in points, from the page's top-left corner."""
Char = tuple[float, float, float, float, str]
"""A character: its box (``x0, top, x1, bottom``) and its text."""
Segment = tuple[float, float, float, float]
"""A straight ruling segment from ``(x0, y0)`` to ``(x1, y1)``."""

# pdfplumber's defaults, which every PDF of the corpus was read with.
_SNAP = 3.0  # ruling lines this close are one line
_JOIN = 3.0  # collinear ruling lines this far apart are one line
_MIN_LENGTH = 3.0  # a ruling line shorter than this (once joined) rules nothing
_PREFILTER = 1.0  # ... nor one shorter than this before joining
_CROSS = 3.0  # how far a ruling line may stop short of another and still cross it
_X_GAP = 3.0  # a wider gap between two characters of a line is a space
_Y_LINE = 3.0  # characters whose tops are this close are on one line
# How far (in points) a character may stick out of a table's box and still belong to it.
_SLACK = 1.0
# How far from axis-aligned a segment may be and still rule a table.
_SKEW = 0.5
_NOWHERE: Box = (0.0, 0.0, 0.0, 0.0)


@frozen
class Piece:
    """Where the columns ``start`` to ``end`` (0-based, end excluded) of a line came from."""

    start: int
    end: int
    box: Box
    confidence: float | None = None
    """OCR's confidence in the stretch's text (a scanned page); None for a text layer."""


@frozen
class Line:
    """One line of the reader's text and the boxes its text came from."""

    text: str
    pieces: tuple[Piece, ...] = ()


_Edge = tuple[float, float, float]
"""A ruling line: horizontal at y ``[0]`` from x ``[1]`` to ``[2]``, or vertical (x, y, y)."""


def page_lines(chars: Sequence[Char], segments: Iterable[Segment]) -> list[Line]:
    """The page's text: tables as grids (``tsv`` rows) and prose lines, in reading order."""
    horizontal, vertical = _edges(segments)
    tables = _tables(horizontal, vertical) if horizontal and vertical else []
    boxes = [_union(cells) for cells in tables]
    prose: list[Char] = []
    inside: list[list[Char]] = [[] for _ in tables]
    for char in chars:
        x = (char[0] + char[2]) / 2
        y = (char[1] + char[3]) / 2
        # A table drawn inside another (a highlight box in a ruled page frame) reads the
        # characters it holds as well as the outer one does.
        in_table = False
        for number, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 - _SLACK <= x <= x1 + _SLACK and top - _SLACK <= y <= bottom + _SLACK:
                inside[number].append(char)
                in_table = True
        if not in_table:
            prose.append(char)
    # (top, left, lines): prose lines and whole tables, put in reading order below.
    blocks: list[tuple[float, float, list[Line]]] = []
    for chars_of_line in _cluster_lines(prose):
        line = _line(chars_of_line)
        if line.text:
            box = line.pieces[0].box
            blocks.append((box[1], box[0], [line]))
    for cells, box, held in zip(tables, boxes, inside, strict=True):
        blocks.append((box[1], box[0], _table_lines(cells, held)))
    blocks.sort(key=lambda block: (block[0], block[1]))
    return [line for _, _, block in blocks for line in block]


# ---- ruling lines -----------------------------------------------------------------------


def _edges(segments: Iterable[Segment]) -> tuple[list[_Edge], list[_Edge]]:
    """The horizontal and vertical ruling lines: snapped, joined, long enough."""
    horizontal: list[_Edge] = []
    vertical: list[_Edge] = []
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) <= _SKEW and abs(x1 - x0) >= _PREFILTER:
            horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= _SKEW and abs(y1 - y0) >= _PREFILTER:
            vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return _merge(horizontal), _merge(vertical)


def _merge(edges: list[_Edge]) -> list[_Edge]:
    """Edges within `_SNAP` of each other moved onto their mean; collinear ones joined."""
    if not edges:
        return []
    edges.sort()
    lines: defaultdict[float, list[tuple[float, float]]] = defaultdict(list)
    group = [edges[0]]
    for edge in edges[1:]:
        # Chained, as pdfplumber does: each edge within reach of the previous one joins.
        if edge[0] <= group[-1][0] + _SNAP:
            group.append(edge)
            continue
        _snap(group, lines)
        group = [edge]
    _snap(group, lines)
    joined: list[_Edge] = []
    for at in sorted(lines):
        run = sorted(lines[at])
        low, high = run[0]
        for edge_low, edge_high in run[1:]:
            if edge_low <= high + _JOIN:
                high = max(high, edge_high)
            else:
                joined.append((at, low, high))
                low, high = edge_low, edge_high
        joined.append((at, low, high))
    return [edge for edge in joined if edge[2] - edge[1] >= _MIN_LENGTH]


def _snap(group: list[_Edge], lines: defaultdict[float, list[tuple[float, float]]]) -> None:
    """Put a group of edges on the line at their mean position."""
    mean = sum(edge[0] for edge in group) / len(group)
    lines[mean] += [(low, high) for _, low, high in group]


# ---- cells and tables -------------------------------------------------------------------


def _tables(horizontal: list[_Edge], vertical: list[_Edge]) -> list[list[Box]]:
    """The page's tables, each a list of cell boxes, top to bottom (two cells at least)."""
    # Crossing point -> the ruling lines through it (indices: vertical, horizontal).
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for v, ve in enumerate(vertical):
        for h, he in enumerate(horizontal):
            if (
                ve[1] <= he[0] + _CROSS
                and ve[2] >= he[0] - _CROSS
                and he[1] - _CROSS <= ve[0] <= he[2] + _CROSS
            ):
                through = crossings.setdefault((ve[0], he[0]), (set(), set()))
                through[0].add(v)
                through[1].add(h)
    if not crossings:
        return []
    down: defaultdict[float, list[float]] = defaultdict(list)  # x -> ys of crossings below
    across: defaultdict[float, list[float]] = defaultdict(list)  # y -> xs of crossings
    for x, y in sorted(crossings):
        down[x].append(y)
    for x, y in sorted(crossings, key=lambda point: (point[1], point[0])):
        across[y].append(x)

    def joined(a: tuple[float, float], b: tuple[float, float], axis: int) -> bool:
        return not crossings[a][axis].isdisjoint(crossings[b][axis])

    cells: list[Box] = []
    for x, y in sorted(crossings):
        point = (x, y)
        ys = down[x]
        xs = across[y]
        found = False
        for below_y in ys[bisect_right(ys, y) :]:
            below = (x, below_y)
            if not joined(point, below, 0):
                continue
            for right_x in xs[bisect_right(xs, x) :]:
                right = (right_x, y)
                if not joined(point, right, 1):
                    continue
                corner = (right_x, below_y)
                if corner in crossings and joined(corner, right, 0) and joined(corner, below, 1):
                    cells.append((x, y, right_x, below_y))
                    found = True
                    break
            if found:
                break
    return _group(cells)


def _group(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, directly or through others, form one table."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: defaultdict[int, list[Box]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    tables = [group for group in groups.values() if len(group) > 1]
    tables.sort(key=lambda group: min((cell[1], cell[0]) for cell in group))
    return tables


def _union(boxes: Iterable[Box]) -> Box:
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return (min(x0s), min(tops), max(x1s), max(bottoms))


# ---- a table's text ---------------------------------------------------------------------


def _table_lines(cells: list[Box], chars: list[Char]) -> list[Line]:
    """A table as ``tsv`` lines, or as paragraphs when it is a ruled box around prose."""
    rows = sorted({cell[1] for cell in cells})
    columns = sorted({cell[0] for cell in cells})
    at: dict[tuple[float, float], Box] = {(cell[1], cell[0]): cell for cell in cells}
    held = _chars_by_cell(cells, chars)
    lines = {cell: _cluster_lines(held.get(cell, [])) for cell in cells}
    texts = {cell: _cell_text([_line_text(line) for line in lines[cell]]) for cell in cells}
    grid_cells = [[at.get((top, x0)) for x0 in columns] for top in rows]
    used = {c for row in grid_cells for c, cell in enumerate(row) if cell is not None and texts[cell]}
    if len(used) <= 1:
        # A ruled box around prose (a preamble, a note): its lines are paragraphs, not cells.
        paragraphs = (
            _line(line) for row in grid_cells for cell in row if cell is not None for line in lines[cell]
        )
        return [line for line in paragraphs if line.text.strip()]
    grid = _grid(grid_cells, columns, texts)
    return [
        Line(text, tuple(Piece(start, end, grid_cells[r][c] or _NOWHERE) for start, end, r, c in where))
        for text, where in traced_grid_lines(grid)
    ]


def _chars_by_cell(cells: list[Box], chars: list[Char]) -> dict[Box, list[Char]]:
    """Each cell's characters: those whose centre it holds (left and top edges included)."""
    xs = sorted({v for cell in cells for v in (cell[0], cell[2])})
    ys = sorted({v for cell in cells for v in (cell[1], cell[3])})
    # Elementary rectangle between neighbouring ruling positions -> the cells covering it.
    covering: defaultdict[tuple[int, int], list[Box]] = defaultdict(list)
    for cell in cells:
        for i in range(xs.index(cell[0]), xs.index(cell[2])):
            for j in range(ys.index(cell[1]), ys.index(cell[3])):
                covering[i, j].append(cell)
    held: defaultdict[Box, list[Char]] = defaultdict(list)
    for char in chars:
        x = (char[0] + char[2]) / 2
        y = (char[1] + char[3]) / 2
        for cell in covering.get((bisect_right(xs, x) - 1, bisect_right(ys, y) - 1), ()):
            if cell[0] <= x < cell[2] and cell[1] <= y < cell[3]:
                held[cell].append(char)
    return held


def _grid(
    grid_cells: list[list[Box | None]], columns: list[float], texts: dict[Box, str]
) -> list[list[Slot]]:
    """The table as the readers' grid, telling colspan copies from rowspan copies.

    Where a row has no cell starting at a column, a merged cell covers the slot: from the
    left (a colspan copy) when the row's last cell reaches over the column's left edge,
    from above (a rowspan copy) otherwise.
    """
    grid: list[list[Slot]] = []
    for row in grid_cells:
        out: list[Slot] = []
        origin: Box | None = None  # the last cell this row holds
        for c, cell in enumerate(row):
            if cell is not None:
                out.append(Slot(texts[cell]))
                origin = cell
            elif origin is not None and origin[2] > columns[c] + _SLACK:
                out.append(Slot("", 0, 1))
            else:
                out.append(Slot("", 1, 0))
        grid.append(out)
    return grid


# ---- lines of characters ----------------------------------------------------------------


def _cluster_lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into lines by their top (chained within `_Y_LINE`), left to right."""
    if not chars:
        return []
    tops = sorted({char[1] for char in chars})
    line_of: dict[float, int] = {}
    number = 0
    last = tops[0]
    for top in tops:
        if top > last + _Y_LINE:
            number += 1
        line_of[top] = number
        last = top
    lines: list[list[Char]] = [[] for _ in range(number + 1)]
    for char in chars:
        lines[line_of[char[1]]].append(char)
    for line in lines:
        line.sort(key=lambda char: char[0])
    return lines


def _line_text(line: Sequence[Char]) -> str:
    """A line's words, one space apart; a word ends at white space or a gap over `_X_GAP`."""
    parts: list[str] = []
    last: Char | None = None  # the word's last character so far
    for char in line:
        if char[4].isspace():
            last = None
            continue
        if last is None:
            if parts:
                parts.append(" ")
        elif char[0] < last[0] or char[0] > last[2] + _X_GAP or abs(char[1] - last[1]) > _Y_LINE:
            parts.append(" ")
        parts.append(char[4])
        last = char
    return "".join(parts)


def _line(chars: Sequence[Char]) -> Line:
    """A prose line, traced to the box of its characters."""
    text = _line_text(chars)
    box = (
        min(c[0] for c in chars),
        min(c[1] for c in chars),
        max(c[2] for c in chars),
        max(c[3] for c in chars),
    )
    return Line(text, (Piece(0, len(text), box),))


def _cell_text(lines: list[str]) -> str:
    """A cell's lines on one line: wrapped Chinese joins without a space."""
    text = ""
    for part in (part.strip() for line in lines for part in line.splitlines()):
        # Chinese wraps anywhere without a space; only Latin words and numbers need one back.
        if text and part and _latin(text[-1]) and _latin(part[0]):
            text += " "
        text += part
    return text


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
