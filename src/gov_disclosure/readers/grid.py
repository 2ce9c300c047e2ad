"""From a table grid to the grammar's input: the step the HTML, DOCX and PDF readers share.

A reader hands over a table as a full rectangular grid: rowspan and colspan expanded, every
slot a `Slot` that knows its offset inside the span it belongs to (``(0, 0)`` is the
span's origin, the cell the source actually holds). `grid_lines` writes the grid in the
``tsv`` layout the front end already reads (see ``gov_disclosure.parsing._frontend``): one line per
table row, cells apart by TAB. The contract, found by running every seed and example report
written as span-faithful tables, and tables with mismatched spans, through the grammar:

* **Only origins carry text.** A copy never repeats its origin's text: a repeated label
  ("三、本年度办理结果" down its rowspan of 22, "一、本年新收…" across its colspan of 3) is read
  by the grammar as a second row of that kind, and a repeated value would be counted twice.
* **Colspan copies are dropped.** The grammar maps a row's values by their order after the
  row's label, not by grid column: that survives the tables whose header and data rows span
  differently (a 2019 （八）项 header of 上一年项目数量 + 本年增/减 over two columns, the data
  of 0 over two columns + 0), where placeholders would shift every value after them.
* **Rowspan copies between two cells of a row are written as an empty cell**, so a value
  merged down two rows leaves its place blank in the lower row instead of pulling the next
  column's value into it. Before a row's first origin and after its last, copies carry no
  position and are dropped ("\\t\\t2.其他法律行政法规禁止公开" would only add blank cells to
  the row above).
* **A blank origin is an empty cell, never dropped**: blank is not zero, and a trailing blank
  (总计 left empty) is a fact of its own. Text inside a cell is one line: TABs, line breaks
  and runs of white space become one space (the front end folds white space out of cells).
* **A row with no text of its own is dropped** (no origin, or only empty origins): it carries
  no fact the grammar could attribute, and the front end drops a line of TABs alone anyway
  (the spacer rows Word puts at a table's end). So an all-blank table-4 data row, having no
  label, gives no facts.
* **A row of one cell ends with a TAB** ("第二十条第（一）项\\t"), so it stays a cell (with a
  blank after it) and does not turn into a paragraph line among the table's rows; unless the
  cell is a part heading ("二、主动公开政府信息情况" drawn as the table's first row), which is
  written as the prose line it is.

`expand` builds the grid from rows of `SpanCell` (the HTML model: a cell's spans, slots taken
by a rowspan from above are skipped), clamping absurd spans so that memory stays bounded:
rowspan to the rows left in the table, colspan to `MAX_COLSPAN`; a grid of more than
`MAX_GRID_CELLS` slots is refused (`BudgetError`), never cut short.

`is_statistical` tells a table of the report from a layout or information table: only the
former are written as grids; readers write the others' cells as paragraphs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from attrs import frozen

from gov_disclosure.errors import beyond_budget
from gov_disclosure.limits import MAX_COLSPAN, MAX_GRID_CELLS

__all__ = [
    "MAX_COLSPAN",
    "MAX_GRID_CELLS",
    "PART_HEADING",
    "Slot",
    "SpanCell",
    "cell_text",
    "expand",
    "grid_lines",
    "is_statistical",
    "traced_grid_lines",
]


_WS = re.compile(r"\s+")
# Text that only the report has: a part heading ("二、主动公开政府信息情况"). An HTML element
# holding one is never chrome, and a table row holding only one is the heading, not a caption.
PART_HEADING = re.compile(
    r"[一二三四五六]\s*[、.．]\s*(?:政府信息公开)?(?:工作)?(?:总体情况|主动公开|收到和处理|(?:因)?(?:政府信息公开)?(?:工作)?"
    r"(?:被申请)?行政复议|存在的?(?:主要)?问题|其他需要报告)"
)


def _table_words() -> re.Pattern[str]:
    """Words that open a cell of the three statutory tables (folded: NFKC, no white space):
    the form's row, block and column labels (without their numbering, and with it), and the
    template's header words."""
    from gov_disclosure.form import (
        APPLICATIONS_UNION,
        FORMS,
        LABEL_NUMBERING,
        T3_APPLICANTS,
        T3_LEGAL_PERSONS,
        T3_NOTE,
    )

    tables = [*FORMS["2021"].tables, *FORMS["2019"].tables, APPLICATIONS_UNION]
    labels = {r.label for t in tables for r in t.rows} | {b.label for t in tables for b in t.blocks}
    labels |= {c.label for t in tables for r in t.rows for c in r.columns}
    labels |= {T3_NOTE, T3_APPLICANTS, T3_LEGAL_PERSONS, "信息内容", "第二十条"}
    words: set[str] = set()
    for label in labels:
        folded = _fold(label)
        bare = LABEL_NUMBERING.sub("", folded)
        for word in (folded, bare):
            # Four characters say which label it is; "其他" and "总计" alone say nothing.
            if len(word) >= 2 and word not in ("其他", "总计"):
                words.add(re.escape(word[:4]))
    return re.compile("^(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")")


_NUMBER = re.compile(r"^[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|万|元|亿元|件|条|个|项)?$")
# A label is short; a layout table's cell holds paragraphs.
_MAX_LABEL = 60


@frozen
class SpanCell:
    """One cell as a source table holds it: its text and how far it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    where: str = ""
    """Where the cell is in its document (a reader's own words: an element path …)."""


@frozen
class Slot:
    """One slot of an expanded table grid.

    ``row`` and ``col`` are the slot's offset inside its span: ``(0, 0)`` is the origin (the
    cell the source holds, with its text); any other offset is a copy, whose text is ignored.
    """

    text: str
    row: int = 0
    col: int = 0
    where: str = ""
    """Where the origin's cell is in its document (see `SpanCell.where`)."""

    @property
    def origin(self) -> bool:
        """True for the span's top-left slot, the only one that carries the cell's text."""
        return self.row == 0 and self.col == 0


def cell_text(text: str) -> str:
    """A cell's text on one line: TABs, line breaks and white-space runs become one space."""
    return _WS.sub(" ", text).strip()


def expand(
    rows: Iterable[Sequence[SpanCell]], *, max_cells: int = MAX_GRID_CELLS, limit: str = "MAX_GRID_CELLS"
) -> list[list[Slot]]:
    """The rectangular grid of a table given as rows of spanning cells (HTML's model).

    A slot taken by a rowspan from a row above is skipped when the row's own cells are laid
    out; where spans overlap, the first one laid out keeps the slot. Spans are clamped
    (rowspan to the rows left, 0 meaning all of them; colspan to `MAX_COLSPAN`). A grid of
    more than ``max_cells`` slots raises `BudgetError` naming ``limit``. Slots no cell covers
    (a row shorter than the table) are copies without an origin: they carry no text and no
    position.
    """
    source = list(rows)
    height = len(source)
    # Rowspans still open: start column -> (origin row, last row, colspan).
    active: dict[int, tuple[int, int, int]] = {}
    laid: list[dict[int, Slot]] = []
    width = 0
    budget = max_cells
    for r, row in enumerate(source):
        placed: dict[int, Slot] = {}
        for c0, (r0, _last, colspan) in active.items():
            for dc in range(colspan):
                placed.setdefault(c0 + dc, Slot("", r - r0, dc))
        c = 0
        for cell in row:
            while c in placed:
                c += 1
            rowspan = height - r if cell.rowspan <= 0 else min(cell.rowspan, height - r)
            colspan = min(max(cell.colspan, 1), MAX_COLSPAN)
            if len(placed) + colspan > budget:
                raise beyond_budget("table cells", limit, max_cells)
            for dc in range(colspan):
                placed.setdefault(c + dc, Slot(cell.text, 0, 0, cell.where) if dc == 0 else Slot("", 0, dc))
            if rowspan > 1:
                active.setdefault(c, (r, r + rowspan - 1, colspan))
            c += colspan
        active = {c0: span for c0, span in active.items() if span[1] > r}
        row_width = max(placed, default=-1) + 1
        budget -= max(row_width, width)
        if budget < 0:
            raise beyond_budget("table cells", limit, max_cells)
        if placed:
            width = max(width, row_width)
            laid.append(placed)
    filler = Slot("", 0, 1)
    return [[placed.get(c, filler) for c in range(width)] for placed in laid]


def grid_lines(grid: Sequence[Sequence[Slot]]) -> list[str]:
    """The grid as ``tsv`` lines, one per row that has text of its own (see the module doc)."""
    return [text for text, _ in traced_grid_lines(grid)]


def traced_grid_lines(grid: Sequence[Sequence[Slot]]) -> list[tuple[str, list[tuple[int, int, int, int]]]]:
    """`grid_lines`, each line with where its cells' texts lie: ``(start, end, row, column)``
    for every cell the line holds (a blank one as ``start == end``), its columns in the line
    (end excluded) and its slot in the grid."""
    lines: list[tuple[str, list[tuple[int, int, int, int]]]] = []
    for r, row in enumerate(grid):
        cells: list[tuple[str, int] | None] = []
        for c, slot in enumerate(row):
            if slot.origin:
                cells.append((cell_text(slot.text), c))
            elif slot.col == 0:
                cells.append(None)  # a rowspan copy: a placeholder if it falls between cells
        while cells and cells[0] is None:
            cells.pop(0)
        while cells and cells[-1] is None:
            cells.pop()
        if not any(cell and cell[0] for cell in cells):
            continue
        texts = [cell[0] if cell else "" for cell in cells]
        if len(texts) == 1 and PART_HEADING.match(texts[0]):
            # A part heading drawn as the first row of its table (洪泽区 2024's PDF): prose, so
            # the grammar sees the part open.
            lines.append((texts[0], [(0, len(texts[0]), r, cells[0][1])]))  # type: ignore[index]
            continue
        where: list[tuple[int, int, int, int]] = []
        start = 0
        for cell in cells:
            if cell:  # a blank cell too: its place is where its value would stand
                where.append((start, start + len(cell[0]), r, cell[1]))
            start += (len(cell[0]) if cell else 0) + 1
        lines.append(("\t".join(texts) + ("\t" if len(texts) == 1 else ""), where))
    return lines


def _fold(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


_TABLE_WORDS = functools.cache(_table_words)


def is_statistical(grid: Sequence[Sequence[Slot]]) -> bool:
    """Whether a table (without tables nested in it) is one of the report's statistical tables.

    It needs two columns or more and two pieces of evidence among its short cells: cells that
    open with a word of the statutory tables (第二十条, 信息内容, 自然人, 行政复议, a row label …)
    and cells that are numbers, with three numbers enough on their own. A page wrapped in a
    one-cell layout table, an information box of 索引号 / 发布机构 pairs, a menu beside an
    article, or a box whose one short cell reads "（一）…" is not.
    """
    if not grid or len(grid[0]) < 2:
        return False
    words = numbers = 0
    for row in grid:
        for slot in row:
            if not slot.origin:
                continue
            text = _fold(slot.text)
            if not text or len(text) > _MAX_LABEL:
                continue
            if _TABLE_WORDS().match(text):
                words += 1
            elif _NUMBER.match(text):
                numbers += 1
            if words >= 2 or (words and numbers) or numbers >= 3:
                return True
    return False
