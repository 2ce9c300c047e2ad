"""Damage a rendered report's tables the way document converters do, for property tests.

`render` writes clean tables, but real extractions tear them: a label lands on a line of its own,
empty cells vanish, numbers run together, two rows fuse, a row goes missing. `data_rows` finds
the statistical tables' data rows in rendered text, and `degrade` damages one of them per call.
Every choice goes through ``pick`` (``pick(n)`` is in ``range(n)``; a test passes
``lambda n: data.draw(st.integers(0, n - 1))``), so hypothesis can replay and shrink it.

Only the text is read, never a report model, so rows are told apart by their look: a data row
is label cells, then value cells (numbers, blank markers, empty cells in position). The
template's header wording is fixed, so a row holding a header cell is a header row, whatever
empty cells trail it (``信息内容⇥本年处理决定数量⇥⇥`` is no row with two blank values).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["DAMAGES", "Damage", "DataRow", "Target", "TextCell", "data_rows", "degrade"]

Damage = Literal[
    "torn_label", "blanks_dropped", "run_together", "rows_merged", "row_deleted", "misread_label"
]
DAMAGES: tuple[Damage, ...] = (
    "torn_label",
    "blanks_dropped",
    "run_together",
    "rows_merged",
    "row_deleted",
    "misread_label",
)
Pick = Callable[[int], int]

# The header and note cells of the official template. A label never reads like one.
_HEADER_WORDS = """信息内容 本年制发件数 本年废止件数 现行有效件数 本年处理决定数量 本年收费金额（单位：万元）
    本年新制作数量 本年新公开数量 对外公开总数量 上一年项目数量 本年增/减 处理决定数量 采购项目数量
    采购总金额 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他
    行政复议 行政诉讼 未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结
    （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"""
_HEADERS = frozenset(_HEADER_WORDS.split())
_NUMBER = re.compile(r"[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|万|元)?")  # after NFKC
_BLANK = re.compile(r"(?:[/\-—–~～_*·]|无)*")  # empty, or only blank markers
# Table 3's label levels: 一、 (a top row), （一） (a result or a group), 1. (a group's sub-row).
_LEVEL = re.compile(r"([一二三四五六七八九十]+、)|(\([一二三四五六七八九十]+\))|(\d+\.)")
_TEXT_CELL = re.compile(r"\S+(?: \S+)*")  # text_rows: cells stand apart by runs of 2+ spaces
_MD_RULE = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")  # as the reader: | - | is a row of a blank
_NO_LIMIT = 10**6


@dataclass(frozen=True)
class TextCell:
    """A cell as rendered. ``pos`` is where it stands: the display column (``text_rows``), the
    field index (``tsv``, ``markdown``) or the line number (``tab_cells``, ``pipe_cells``)."""

    text: str
    pos: int


@dataclass(frozen=True)
class DataRow:
    """A table row holding values: its lines ``[start, stop)`` of the text (wrapped label lines
    and a ``pipe_cells`` row's end padding included), the cells before its values (labels, and
    the empty cells that stand in for merged ones) and its value cells."""

    start: int
    stop: int
    lead: tuple[TextCell, ...]
    values: tuple[TextCell, ...]

    @property
    def labels(self) -> tuple[TextCell, ...]:
        """The label cells, group labels (三、本年度办理结果, （三）不予公开) before the row's own."""
        return tuple(c for c in self.lead if c.text)

    @property
    def label(self) -> str | None:
        """The row's own label as its first line shows it; None for table 4's unlabelled row."""
        return self.labels[-1].text if self.labels else None


@dataclass(frozen=True)
class Target:
    """A damaged row: its label (`DataRow.label`) and its line numbers in the original text."""

    label: str | None
    lines: tuple[int, ...]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _is_value(text: str) -> bool:
    folded = _fold(text)
    return bool(_NUMBER.fullmatch(folded) or _BLANK.fullmatch(folded))


def _is_heading(text: str) -> bool:
    """A header, a caption (第二十条第（一）项) or a sentence: never a row label."""
    return text in _HEADERS or text.startswith("第二十条") or "。" in text


def _level(text: str) -> int:
    m = _LEVEL.match(_fold(text))
    return m.lastindex if m and m.lastindex else 0


def _width(text: str) -> int:
    """Display width, as pdftotext lays columns out: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _limit(cells: Sequence[TextCell], limit: int) -> int:
    """How many value columns the table's rows have, from a header row; else ``limit`` unchanged.

    Needed where padding looks like blank values: a ``tsv`` label merged across two columns
    leaves an empty cell before the values, and ``pipe_cells`` pads a row's end with pipes.
    """
    texts = [c.text for c in cells]
    if "申请人情况" in texts:
        return 7
    if "行政复议" in texts:
        return 15
    if "信息内容" in texts:
        return sum(t in _HEADERS for t in texts[texts.index("信息内容") + 1 :])
    return limit


# ---- finding the rows -------------------------------------------------------------------------


def _line_cells(line: str, layout: str) -> list[TextCell]:
    if layout == "tsv":
        # Table 4 cut down to one value is a line without a TAB.
        return [TextCell(t, k) for k, t in enumerate(line.split("\t"))]
    if layout == "markdown":
        s = line.strip()
        if len(s) < 2 or s[0] != "|" or s[-1] != "|" or _MD_RULE.fullmatch(s):
            return []
        return [TextCell(t.strip(), k) for k, t in enumerate(s[1:-1].split("|"))]
    return [TextCell(m.group(), _width(line[: m.start()])) for m in _TEXT_CELL.finditer(line)]


def _raw_rows(lines: Sequence[str], layout: str) -> Iterator[tuple[int, int, list[TextCell]]]:
    """Each table row's lines and cells (``tab_cells``: the TAB lines between blank lines)."""
    if layout != "tab_cells":
        for i, line in enumerate(lines):
            yield i, i + 1, _line_cells(line, layout)
        return
    for is_cell, run in itertools.groupby(enumerate(lines), lambda kl: kl[1].startswith("\t")):
        if is_cell:
            cells = [TextCell(line[1:], k) for k, line in run]
            yield cells[0].pos, cells[-1].pos + 1, cells


def _classify(start: int, stop: int, cells: list[TextCell], limit: int) -> DataRow | None:
    """A data row if the cells end in values after labels that are no header or caption."""
    k = len(cells)
    while k and _is_value(cells[k - 1].text):
        k -= 1
    while len(cells) - k > limit and not cells[k].text:
        k += 1  # an empty cell beyond the table's value columns stands in for a merged label
    lead, values = cells[:k], cells[k:]
    if not values or any(_is_heading(c.text) for c in lead) or not any(c.text for c in cells):
        return None
    return DataRow(start, stop, tuple(lead), tuple(values))


def _continues(row: DataRow, cells: list[TextCell]) -> bool:
    """A ``text_rows`` line holding the rest of a numbered label that wrapped (其他情形）).

    Only table 3's numbered labels are long enough to wrap, and a line that opens a number of
    its own (（二）部分公开…) is a row cut down to its label, not a continuation."""
    return (
        bool(cells)
        and row.label is not None
        and _level(row.label) > 0
        and _level(cells[0].text) == 0
        and not any(_is_value(c.text) or _is_heading(c.text) for c in cells)
    )


def _pipe_cell(line: str) -> str | None:
    if line == "|":
        return ""
    return line[:-2] if line.endswith(" |") else None


def _pipe_rows(lines: Sequence[str]) -> list[DataRow]:
    """``pipe_cells`` runs every cell on without row breaks, so a row is read as text cells, then
    at most the table's number of value cells, then any pipes of padding.

    The text cells before the values may hold headers and rows cut down to a label, so the
    row's labels are those after the last heading, and of table 3's numbered labels only those
    nesting into the row's own (三、 before （一） before 1.)."""
    rows: list[DataRow] = []
    limit, i, n = _NO_LIMIT, 0, len(lines)
    while i < n:
        texts: list[TextCell] = []
        while i < n and (t := _pipe_cell(lines[i])) is not None and not _is_value(t):
            texts.append(TextCell(t, i))
            i += 1
        limit = _limit(texts, limit)
        values: list[TextCell] = []
        while i < n and len(values) < limit and (t := _pipe_cell(lines[i])) is not None and _is_value(t):
            values.append(TextCell(t, i))
            i += 1
        stop = i
        # Pipes after the values are padding; a lone pipe only once the row is full, as before
        # that it is a blank value (table 4's first, after its header's padding).
        while stop < n and lines[stop] and set(lines[stop]) == {"|"}:
            if lines[stop] == "|" and len(values) < limit:
                break
            stop += 1
        after = texts[max((k + 1 for k, c in enumerate(texts) if _is_heading(c.text)), default=0) :]
        labels = after[-1:]
        for c in reversed(after[:-1]):
            if not 0 < _level(c.text) < _level(labels[0].text):
                break
            labels.insert(0, c)
        if values and (labels or any(v.text for v in values)):
            rows.append(DataRow((labels or values)[0].pos, stop, tuple(labels), tuple(values)))
        i = stop + (stop == i and not texts and not values)  # past a line that is no cell
    return rows


def data_rows(text: str, layout: str) -> list[DataRow]:
    """The data rows of the statistical tables in ``text``, a rendered report in ``layout``.

    A data row holds at least one value cell after its labels: table 2's and table 3's rows, and
    table 4's unlabelled row of 15 values. Captions, headers, prose and rows cut down to their
    label are not data rows.
    """
    if layout not in ("tab_cells", "pipe_cells", "tsv", "markdown", "text_rows"):
        raise ValueError(f"unknown text layout {layout!r}")
    lines = text.split("\n")
    if layout == "pipe_cells":
        return _pipe_rows(lines)
    rows: list[DataRow] = []
    limit = _NO_LIMIT
    for start, stop, cells in _raw_rows(lines, layout):
        limit = _limit(cells, limit)
        row = _classify(start, stop, cells, limit)
        if row is not None:
            rows.append(row)
        elif layout == "text_rows" and rows and rows[-1].stop == start and _continues(rows[-1], cells):
            rows[-1] = replace(rows[-1], stop=stop)
    return rows


# ---- writing rows back ------------------------------------------------------------------------


def _place(cells: Sequence[TextCell]) -> str:
    """A ``text_rows`` line: each cell at its column, at least two spaces after the one before;
    a cell pushed right (by a longer label) pushes the cells after it as far, keeping columns."""
    line, push = "", 0
    for c in cells:
        if c.text:
            gap = max(c.pos + push - _width(line), 2 if line else 0)
            push = _width(line) + gap - c.pos
            line += " " * gap + c.text
    return line


def _emit(layout: str, rows: Sequence[Sequence[TextCell]]) -> list[str]:
    """Table rows written in ``layout``; the cell-per-line layouts set rows apart by a blank line."""
    out: list[str] = []
    for i, cells in enumerate(rows):
        texts = [c.text for c in cells]
        if layout == "tab_cells":
            out += [""] * bool(i) + ["\t" + t for t in texts]
        elif layout == "pipe_cells":
            out += [""] * bool(i) + [f"{t} |" if t else "|" for t in texts]
        elif layout == "tsv":
            out.append("\t".join(texts))
        elif layout == "markdown":
            out.append("| " + " | ".join(texts) + " |")
        else:
            out.append(_place(cells))
    return out


def _own(row: DataRow) -> int:
    """The index in ``row.lead`` of the row's own label (the last label cell)."""
    return max(k for k, c in enumerate(row.lead) if c.text)


def _tail(lines: Sequence[str], layout: str, row: DataRow) -> list[str]:
    """The row's lines after its cells: wrapped label lines (``text_rows``), padding (``pipe_cells``)."""
    if layout == "text_rows":
        return list(lines[row.start + 1 : row.stop])
    if layout == "pipe_cells":
        return list(lines[row.values[-1].pos + 1 : row.stop])
    return []


def _full_label(lines: Sequence[str], layout: str, row: DataRow) -> str:
    """The row's own label with its wrapped lines joined back on."""
    rest = _tail(lines, layout, row) if layout == "text_rows" else []
    return row.lead[_own(row)].text + "".join(t for line in rest for t in _TEXT_CELL.findall(line))


def _target(row: DataRow) -> Target:
    return Target(row.label, tuple(range(row.start, row.stop)))


# ---- the damages ------------------------------------------------------------------------------


def _numbers(row: DataRow) -> list[str]:
    return [v.text for v in row.values if _NUMBER.fullmatch(_fold(v.text))]


def _empty(layout: str) -> str:
    """How an empty cell shows: nothing, or ``-`` where runs of spaces cannot show it."""
    return "-" if layout == "text_rows" else ""


def _fits(damage: str, layout: str, row: DataRow) -> bool:
    if damage == "blanks_dropped":
        return any(v.text == _empty(layout) for v in row.values)
    if damage == "run_together":  # a lone number has nothing to run into
        return len(_numbers(row)) >= 2
    if damage == "glued":
        return bool(row.labels and _numbers(row))
    if damage == "misread_label":  # a label with a character after its numbering
        return bool(row.labels) and len(row.lead[_own(row)].text) > _numbering(row.lead[_own(row)].text)
    return damage == "row_deleted" or bool(row.labels)  # torn_label, each row of rows_merged


def _torn_label(lines: Sequence[str], layout: str, row: DataRow) -> list[str]:
    """The labels on their own line(s) or cells, the values after them in position."""
    lead, values, gap = list(row.lead), list(row.values), TextCell("", 0)
    first, second = lead, values
    if layout == "tsv":  # no TABs after the label: they would read as blank values
        first, second = lead[: _own(row) + 1], [gap] * len(lead) + values
    elif layout == "markdown":  # still table rows, as wide as before
        first, second = lead + [gap] * len(values), [gap] * len(lead) + values
    if layout == "text_rows":  # a wrapped label keeps its lines, all above the values
        return [*_emit(layout, [first]), *_tail(lines, layout, row), *_emit(layout, [second])]
    return [*_emit(layout, [first, second]), *_tail(lines, layout, row)]


def _blanks_dropped(lines: Sequence[str], layout: str, row: DataRow) -> list[str]:
    """The row's empty value cells vanish, so the values after them move up."""
    cells = [*row.lead, *(v for v in row.values if v.text != _empty(layout))]
    return [*_emit(layout, [cells]), *_tail(lines, layout, row)]


def _run_together(lines: Sequence[str], layout: str, row: DataRow) -> list[str]:
    """The values with no separator (77 1 32 470 → 77132470), in the first value's place."""
    cells = [*row.lead, TextCell("".join(_numbers(row)), row.values[0].pos)]
    return [*_emit(layout, [cells]), *_tail(lines, layout, row)]


def _glued(lines: Sequence[str], layout: str, row: DataRow) -> list[str]:
    """The values run together onto the row's own label as well (规章77132470), one cell."""
    j = _own(row)
    cells = [
        *row.lead[:j],
        TextCell(_full_label(lines, layout, row) + "".join(_numbers(row)), row.lead[j].pos),
    ]
    return [*_emit(layout, [cells]), *([] if layout == "text_rows" else _tail(lines, layout, row))]


# What OCR makes of one character of a label: a character the form's labels never have.
MISREAD = "某"


def _misread_label(lines: Sequence[str], layout: str, row: DataRow, at: int) -> list[str]:
    """The row's own label with its ``at``-th character after its numbering misread."""
    j = _own(row)
    label = row.lead[j].text
    start = _numbering(label)
    k = start + at % (len(label) - start)
    lead = [
        *row.lead[:j],
        TextCell(label[:k] + MISREAD + label[k + 1 :], row.lead[j].pos),
        *row.lead[j + 1 :],
    ]
    return [*_emit(layout, [[*lead, *row.values]]), *_tail(lines, layout, row)]


def _numbering(label: str) -> int:
    """How many characters of a label its numbering takes (一、 （一） 1.)."""
    m = _LEVEL.match(_fold(label))  # NFKC keeps the length of （一） and 1．
    return len(label) - len(label.lstrip()) + len(m.group()) if m else 0


def _rows_merged(lines: Sequence[str], layout: str, a: DataRow, b: DataRow) -> list[str]:
    """Two rows as one: both labels in one cell, then the first row's values and the second's
    (``text_rows``: in as many columns again, right of the first row's)."""
    j = _own(a)
    label = (
        _full_label(lines, layout, a) + "".join(c.text for c in b.labels[:-1]) + _full_label(lines, layout, b)
    )
    lead = [*a.lead[:j], TextCell(label, a.lead[j].pos), *a.lead[j + 1 :]]
    second = list(b.values)
    if layout == "text_rows":
        ends = [v.pos + _width(v.text) for v in a.values]
        step = ends[-1] - ends[-2] if len(ends) > 1 else 10
        shift = ends[-1] + step - (b.values[0].pos + _width(b.values[0].text))
        second = [TextCell(v.text, v.pos + shift) for v in second]
    tail = _tail(lines, layout, b) if layout == "pipe_cells" else []
    return [*_emit(layout, [[*lead, *a.values, *second]]), *tail]


_REWRITE: dict[str, Callable[..., list[str]]] = {
    "torn_label": _torn_label,
    "blanks_dropped": _blanks_dropped,
    "run_together": _run_together,
    "glued": _glued,
    "rows_merged": _rows_merged,
    "row_deleted": lambda *_: [],  # wrapped label lines and padding go with the row
    "misread_label": _misread_label,
}


def degrade(text: str, layout: str, damage: Damage, pick: Pick) -> tuple[str, list[Target]]:
    """``text`` (a report rendered in ``layout``) with ``damage`` done to one data row, or to two
    consecutive rows for ``rows_merged``; and the damaged rows. When no row fits the damage (no
    empty cell to drop, say), the text comes back unchanged with no targets.

    ``pick(n)`` chooses among ``n`` options (an int in ``range(n)``): for ``run_together`` first
    whether the label is glued on too (1), then the row; for ``misread_label`` the row, then
    which character of its label (after the numbering) is misread as `MISREAD`.
    """
    lines = text.split("\n")
    rows = data_rows(text, layout)
    kind = "glued" if damage == "run_together" and pick(2) == 1 else damage
    units: list[tuple[DataRow, ...]] = [(r,) for r in rows if _fits(kind, layout, r)]
    if damage == "rows_merged":  # consecutive: nothing but blank lines between them
        units = [
            (a, b) for (a,), (b,) in itertools.pairwise(units) if not "".join(lines[a.stop : b.start]).strip()
        ]
    if not units:
        return text, []
    unit = units[pick(len(units))]
    start, stop = unit[0].start, unit[-1].stop
    if damage == "row_deleted" and layout == "tab_cells" and stop < len(lines) and not lines[stop]:
        stop += 1  # the blank line that ended the row goes with it
    extra = (pick(_NO_LIMIT),) if kind == "misread_label" else ()
    new = _REWRITE[kind](lines, layout, *unit, *extra)
    return "\n".join([*lines[:start], *new, *lines[stop:]]), [_target(r) for r in unit]
