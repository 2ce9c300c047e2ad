"""Turn a report's text, in any supported layout, into the grammar's canonical line stream.

The grammar (``grammars/*.lark``) reads one token per line: a table cell is a line starting
with U+001F, anything else is a prose line. This module decides, per source line, what is a
cell and what is prose, and folds the text for matching (NFKC; white space removed inside
cells). It never decides what a cell *means*: which table, row or column a cell belongs to is
the grammar's business.

Every canonical line remembers the span of source text it came from, so positions reported by
the parser map back to the original line, column and raw text.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from attrs import frozen

from gov_disclosure import limits
from gov_disclosure._fast import new_span, new_tuple
from gov_disclosure._width import is_wide
from gov_disclosure.errors import BudgetError, over_budget
from gov_disclosure.form import glued_cells, glued_runs, opens_with_label
from gov_disclosure.parsing._dates import DATE_LINE
from gov_disclosure.span import Span

__all__ = ["LAYOUT_NAMES", "Canonical", "Unit", "canonicalize"]

CELL_MARK = "\x1f"

#: The text layouts the front end recognises, by the name recorded in ``ReportMeta.layout``.
LAYOUT_NAMES = ("tab_cells", "pipe_cells", "tsv", "markdown", "text_rows")

# Word's bookmark debris, glued to a paragraph or a heading: "[bookmark: _GoBack]六、…"
_BOOKMARK = re.compile(r"\[bookmark:[^\[\]\n]*\]")  # no [ inside: one scan per line, not per [
# Control characters other than TAB; they never carry meaning in a report.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\u200b-\u200d\ufeff]")
# "- 4 -", "— 12 —", "第 3 页", "第3页 共6页": page chrome from PDF extractions.
# Applied to stripped lines only: leading and trailing \s* around optional marks backtrack
# quadratically on a line of 200 000 spaces.
_PAGE_MARK = re.compile(
    r"(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)"
)
_PAGE_MARK_FIRST = frozenset("-—－–第")  # the characters a page mark can start with
_RULE_CELL = re.compile(r":?-{3,}:?")
# A markdown backslash escape of ASCII punctuation.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A markdown table rule without outer bars: ---|---.
_BARE_RULE = re.compile(r"(?<![-:]):?-{3,}+:?(?:\s*+\|\s*+:?-{3,}+:?)+")
# Box drawing (w3m -dump, some PDF-to-text tools): borders between cells become pipes, the
# lines between rows spaces; one character for one, so offsets into the text still hold.
_BOX_VERTICAL = "│┃├┤┼╋┣┫"
_BOX_TABLE = str.maketrans({**dict.fromkeys(_BOX_VERTICAL, "|"), **dict.fromkeys("─━┌┐└┘┬┴┏┓┗┛┳┻═", " ")})
_BOX_RULE = re.compile(r"[ ─━┌┐└┘┬┴├┤┼┏┓┗┛┳┻┣┫╋═]+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_WS = re.compile(r"\s+")
# A value token at the end of a text row: 3001, +23, -262, 24575.93万, 1,234, or a blank marker.
_VALUE_TOKEN = re.compile(r"[+\-]?\d[\d,，]*(?:\.\d+)?(?:万元|万|元)?|[-—/／]")
# The characters other than a digit (\d, which is str.isdecimal) that may end a value token.
_VALUE_TOKEN_LAST = frozenset(",，万元-—/／")
# Runs of what str.isspace() calls white space, and of the rest (``\s`` is that very test).
_SPACE_RUN = re.compile(r"\s*")
_WORD_RUN = re.compile(r"\S*")
# A sub-heading ("（一）主动公开"), told from prose before the grammar sees the line.
_SUBHEADING_LIKE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]\s*\S")
# A line of prose that opens a numbered part ("三、收到和处理…"): never a wrapped table label.
_HEADING_LIKE = re.compile(r"^(?:#{1,6}\s*)?[一二三四五六七八九十]{1,2}\s*[、.．]\s*\S{4,}")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
# The end of a sentence: a full stop, semicolon, exclamation or question mark, and any closing
# quotes or brackets. Full-width only: a mis-decoded label may end in an ASCII "?".
_SENTENCE_CLOSE = re.compile(r"[。；！？][”’」』）)]*$")
_MAX_FRAGMENT = 24
# The longest row label of the forms, with room for a converter's spaces.
_MAX_LABEL = 80
# The longest line of a row whose cells ran together: two labels and seven numbers.
_MAX_GLUED = 160
# Numbers apart by white space inside one cell: "48 9", "1 0 3".
_NUMBER_GROUPS = re.compile(r"(?<![\d,.])[+\-]?\d[\d,]*+(?:\.\d++)?(?:\s++[+\-]?\d[\d,]*+(?:\.\d++)?)+")


class Unit(NamedTuple):
    """One canonical line: a cell or a prose line, with the source span it came from.

    ``row`` is, for layouts that print a table row per line (TSV, markdown, text), the source
    line's index, so a row's cells can be told from the next row's; -1 for one-cell-per-line
    layouts. (A named tuple: a report has hundreds of units, built at half an attrs class's cost.)
    """

    is_cell: bool
    text: str  # folded text (without the cell mark and newline)
    start: int  # source offsets [start, end) of the raw text
    end: int
    row: int = -1


@frozen
class Canonical:
    """The canonical line stream of one report, and the way back to its source."""

    source: str
    text: str
    units: tuple[Unit, ...]
    unit_starts: tuple[int, ...]
    line_starts: tuple[int, ...]
    layout: str
    padding: frozenset[int] = frozenset()
    """The units of lines of two or more pipes: web text's padding for merged cells, no value."""
    row_starts: tuple[int, ...] = ()
    """Where each line the units' ``row`` counts starts in the source: its lines, or the
    pieces one line of one-line text was cut into."""

    def unit_at(self, pos: int) -> Unit:
        """The unit whose canonical line starts at ``pos`` (every token starts a line)."""
        return self.units[bisect_right(self.unit_starts, pos) - 1]

    def span(self, start: int, end: int) -> Span:
        """The span of source offsets ``[start, end)``, with 1-based lines and columns."""
        starts = self.line_starts
        line = end_line = bisect_right(starts, start)
        # Most spans end on the line they start on: look further only when they do not.
        if end > start and line < len(starts) and end - 1 >= starts[line]:
            end_line = bisect_right(starts, end - 1)
        column, end_column = start - starts[line - 1] + 1, end - starts[end_line - 1] + 1
        return new_span(line, column, end_line, end_column, start, end)

    def raw(self, unit: Unit) -> str:
        """The unit's text exactly as the source has it."""
        return self.source[unit.start : unit.end]


# str.split() and strip() cut at exactly the characters \s matches (str.isspace), and ASCII
# text is its own NFKC form: the folds below are the regex-and-normalize ones, only faster.

# The full-width forms of ASCII (！ to ～) and the ideographic space: NFKC maps each to one
# ASCII character, and they are nearly all a Chinese text holds that NFKC changes.
_WIDE = re.compile("[\uff01-\uff5e\u3000]+")
_NARROW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _narrow(m: re.Match[str]) -> str:
    return m.group().translate(_NARROW)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, about three times faster on Chinese prose.

    Normalizing in full decomposes and recomposes every character once one of them is not in
    NFKC form (a full-width comma is not); here the full-width forms are mapped to ASCII as
    NFKC maps them, and when that leaves the text in NFKC form it is the text NFKC gives.
    Otherwise (a combining mark after a full-width letter, a compatibility ideograph …) the
    text is normalized in full.
    """
    if text.isascii():
        return text
    narrowed = _WIDE.sub(_narrow, text)
    if unicodedata.is_normalized("NFKC", narrowed):
        return narrowed
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=8192)
def fold_cell(text: str) -> str:
    """Fold a cell's text for matching: NFKC, no white space (so "自 然 人" reads 自然人).

    Cached: labels and small numbers recur in every report.
    """
    return "".join(nfkc(text).split())


def fold_prose(text: str) -> str:
    """Fold a prose line for matching: NFKC, trimmed, white space collapsed, no markdown marks."""
    text = nfkc(text)
    text = " ".join(text.split())
    return _MD_HEADING.sub("", text) if text.startswith("#") else text


_LINE_END = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` as spans number them: apart at \\r\\n, \\r and \\n only (a form
    feed or \\u2028 is a character of its line, not a line end)."""
    lines = _LINE_END.split(text)
    if lines and not lines[-1]:
        lines.pop()  # the text's last newline ends its last line; it starts none
    return lines


def _line_starts(text: str) -> list[int]:
    """The offset of every line of ``text``: 0 and each position after \\r\\n, \\r or \\n."""
    # Line ends are \r\n, \r and \n only: splitlines' other breaks (\v, \f, \x1c-\x1e, \x85,
    # \u2028, \u2029) are control characters, blanked before this is called on clean text.
    starts = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
    if text and not text.endswith(("\n", "\r")):
        starts.pop()  # the end of a last line without a newline starts no line
    return starts


def _detect_layout(lines: list[tuple[int, str]]) -> str:
    counts = dict.fromkeys(LAYOUT_NAMES, 0)
    for _, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if "\t" in line:
            if line.startswith("\t") and "\t" not in line[1:]:
                counts["tab_cells"] += 1
                continue
            if "\t" in line.strip("\t"):
                counts["tsv"] += 1
                continue
        if stripped[-1] != "|":
            continue
        if stripped.startswith("|") and stripped.strip("|").strip():
            counts["markdown"] += 1
        elif stripped.endswith(" |") or not stripped.strip("|"):  # or only pipes
            counts["pipe_cells"] += 1
    best = max(counts, key=lambda k: counts[k])
    # A stray TAB or pipe in prose must not switch a whole document to a cell layout.
    return best if counts[best] >= 3 else "text_rows"


class _Builder:
    """Collects units; joins continuation fragments into the cell before them."""

    def __init__(self, spacing: Callable[[], int] | None = None) -> None:
        self.units: list[Unit] = []
        # Paragraph-spaced text: how many empty lines stand between paragraphs, worked out
        # (a pass over the whole text) only when a gap before a value may be blank cells.
        self._spacing_of = spacing
        self._spacing: int | None = None
        self.empties: list[tuple[int, int]] = []  # the empty lines since the last with text
        # A box table's last row: its line, its borders, the unit of each of its cells.
        self.box_row: tuple[int, tuple[int, ...], list[int | None]] | None = None

    def pipe_row(self, row: int, line: str, start: int, lead: int, end: int, *, boxed: bool) -> None:
        """The cells between the pipes of ``line[lead:end]``; a box table's row is kept for
        the line that may continue it."""
        pos = lead
        cells: list[int | None] = []
        for piece in line[lead:end].split("|"):
            first = len(self.units)
            self.cell(piece, start + pos, start + pos + len(piece), row)
            cells.append(first if len(self.units) == first + 1 else None)
            pos += len(piece) + 1
        if boxed:
            self.box_row = (row, _pipes(line), cells)

    def wraps(self, row: int, line: str, start: int, lead: int, end: int) -> bool:
        """Joins a box table's line to the row above when it continues that row's text cells
        (w3m wraps a cell's text inside its box: 2.其他法律行政法规禁止 / 公开): the same
        borders, no value, and text only under cells that have text."""
        if self.box_row is None or self.box_row[0] != row - 1 or self.box_row[1] != _pipes(line):
            return False
        pieces = line[lead:end].split("|")
        cells = self.box_row[2]
        ends: list[tuple[int, str, int]] = []
        pos = lead
        for k, piece in enumerate(pieces):
            text = piece.strip()
            if text:
                at = cells[k] if k < len(cells) else None
                if at is None or _VALUE_TOKEN.fullmatch(text) or not self.units[at].text:
                    return False
                if _VALUE_TOKEN.fullmatch(self.units[at].text):
                    return False
                ends.append((at, text, start + pos + len(piece.rstrip())))
            pos += len(piece) + 1
        if not ends:
            return False
        for at, text, stop in ends:
            unit = self.units[at]
            self.units[at] = Unit(True, unit.text + fold_cell(text), unit.start, stop, unit.row)
        self.box_row = (row, self.box_row[1], cells)
        return True

    def _over_budget(self) -> BudgetError:
        return over_budget("cells and lines of text", len(self.units) + 1, "MAX_CELLS", limits.MAX_CELLS)

    @property
    def spacing(self) -> int:
        if self._spacing is None:
            self._spacing = self._spacing_of() if self._spacing_of is not None else 0
        return self._spacing

    def empty_line(self, row: int, start: int) -> None:
        if self._spacing_of is not None:
            self.empties.append((row, start))

    def line(self, line: str) -> None:
        """Before each line: for one with text, the blank cells the gap above it stands for."""
        if self.empties and line and not line.isspace():
            _blank_cells(self, self.empties, line)
            self.empties = []

    def cell(self, text: str, start: int, end: int, row: int = -1) -> None:
        # Checked inline, not by a method: a report has hundreds of cells.
        if len(self.units) >= limits.MAX_CELLS:
            raise self._over_budget()
        # Offsets are narrowed to the cell's visible text so raw text and columns are exact.
        stripped = text.strip()
        if stripped:  # an empty cell is kept as it is, at its place
            # Cheap tests first: most cells are ASCII numbers or labels that open with no digit.
            if (
                (not stripped.isascii() or " " in stripped)
                and (stripped[0].isdigit() or stripped[0] in "+-")
                and _NUMBER_GROUPS.fullmatch(stripped)
            ):
                # Two columns' numbers in one cell ("48 9": a converter merged the cells).
                # Folding would run them together into one wrong number; they are two cells.
                for m in re.finditer(r"\S+", text):
                    self.cell(m.group(), start + m.start(), start + m.end(), row)
                return
            if stripped is not text:
                start += len(text) - len(text.lstrip())
            end = start + len(stripped)
            if "\\" in stripped:
                stripped = _MD_ESCAPE.sub(r"\1", stripped)  # pandoc's markdown: \- is -, \* is *
        self.units.append(new_tuple(Unit, (True, fold_cell(stripped), start, end, row)))

    def prose(self, text: str, start: int) -> None:
        if len(self.units) >= limits.MAX_CELLS:
            raise self._over_budget()
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        folded = fold_prose(stripped)
        if folded:
            self.units.append(
                new_tuple(Unit, (False, folded, start + lead, start + lead + len(stripped), -1))
            )

    def extend_last_cell(self, text: str, end: int) -> None:
        last = self.units[-1]
        self.units[-1] = Unit(True, last.text + fold_cell(text), last.start, end, last.row)

    def last_is_cell(self) -> bool:
        return bool(self.units) and self.units[-1].is_cell


# One-line text (a web page's tags stripped with no separator): a line longer than this that
# holds two part headings or table rows whose cells ran together, or more, is cut before each
# part heading, sub-heading, table caption, header and row, and after each sentence.
_ONE_LINE = _MAX_LABEL
_PART_OPENING = re.compile(
    r"[一二三四五六][、.．](?=总体情况|主动公开|收到和处理|政府信息公开行政复议|政府信息公开工作存在|存在的主要问题|其他需要报告)"
)
_PART_HEADING = re.compile(
    r"[一二三四五六][、.．](?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况"
    r"|政府信息公开行政复议[、和]?行政诉讼情况|(?:政府信息公开工作)?存在的主要问题及改进情况|其他需要报告的事项)"
)
_CUT_BEFORE = re.compile(
    _PART_OPENING.pattern
    + r"|[（(][一二三四五六七八九十]{1,2}[）)]|第二十条第|信息内容|[（(]本列数据|申请人情况|行政复议行政诉讼"
)


def _relined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The text's lines, a one-line report's one line cut into the lines it lost."""
    # A text of one line is looked at whatever its length: a short report (two headings and
    # a sentence) loses its lines too.
    one = len(lines) == 1
    lengths = list(map(len, map(itemgetter(1), lines)))
    if not one and max(lengths, default=0) <= _ONE_LINE:
        return lines
    out: list[tuple[int, str]] = []
    done = 0  # lines[:done] are in out, or all of them when nothing is cut
    for k in range(len(lines)) if one else [k for k, n in enumerate(lengths) if n > _ONE_LINE]:
        start, line = lines[k]
        runs = [m.span() for m in glued_runs(line)]
        if len(_PART_OPENING.findall(line)) + len(runs) < 2:
            continue
        out += lines[done:k]
        done = k + 1
        cuts = {m.start() for m in _CUT_BEFORE.finditer(line)}
        cuts |= {m.end() for m in _PART_HEADING.finditer(line)}
        cuts |= {m.end() for m in re.finditer(r"。", line)}
        cuts |= {i for span in runs for i in span}
        bounds = sorted({0, *cuts, len(line)})
        if len(out) + len(bounds) > limits.MAX_LINES:
            raise over_budget("lines once cut", len(out) + len(bounds), "MAX_LINES", limits.MAX_LINES)
        out += [(start + a, line[a:b]) for a, b in itertools.pairwise(bounds) if line[a:b].strip()]
    if not done:
        return lines  # no line was cut
    out += lines[done:]
    return out


def _paragraph_spacing(lines: Sequence[tuple[int, str]]) -> int:
    """How many empty lines a text puts between two paragraphs (and table cells), when the gaps
    follow that rule: docx2txt and mammoth write each of a Word table's cells as a paragraph,
    so a blank cell is one paragraph more in the gap. 0 when the gaps show no such rule."""
    gaps: dict[int, int] = {}
    run, seen = 0, False
    for _, line in lines:
        if not line or line.isspace():
            run += 1
            continue
        if seen:
            gaps[run] = gaps.get(run, 0) + 1
        run, seen = 0, True
    if not gaps:
        return 0
    common = max(gaps, key=lambda k: gaps[k])
    # Every gap (but a few) must be the spacing and whole paragraphs more: PDF text, with its
    # lines of one paragraph one after the other, is not spaced so.
    fit = sum(n for gap, n in gaps.items() if gap >= common and (gap - common) % (common + 1) == 0)
    return common if common >= 1 and fit * 100 >= sum(gaps.values()) * 97 else 0


def _blank_cells(out: _Builder, empties: Sequence[tuple[int, int]], line: str) -> None:
    """Blank cells in paragraph-spaced text with one cell a line: a gap longer than the
    paragraph spacing, by whole paragraphs, between two of a table's cells is that many empty
    cells, each at one of the gap's empty lines."""
    # Only before a value: a gap before a label may be a merged cell's place at the row's start
    # (the rows under 三、本年度办理结果), and one before prose the end of a table.
    if not out.last_is_cell() or _VALUE_TOKEN.fullmatch(line.strip()) is None:
        return
    spacing = out.spacing
    extra = len(empties) - spacing
    if not spacing or extra <= 0 or extra % (spacing + 1):
        return
    for row, start in empties[spacing : spacing + extra : spacing + 1]:
        out.cell("", start, start, row)


def _run_end(run: re.Pattern[str], text: str, pos: int) -> int:
    """Where the run of ``run`` (a pattern matching the empty string too) from ``pos`` ends."""
    m = run.match(text, pos)
    return pos if m is None else m.end()


def _value_tail(body: str) -> tuple[list[tuple[int, int]], int]:
    """The whitespace-separated value tokens that end ``body`` (the last first), and where the
    text before them ends: walked back token by token, linear in the line."""
    tail: list[tuple[int, int]] = []
    size = end = len(body)
    backwards = ""  # the line reversed, made once it ends in a value: a token and the gap
    # before it are then each one regex match forwards (not a Python step per character)
    while end > 0:
        # A value token ends in a digit, a unit or a blank mark: a line of prose is done with at
        # its last character, without walking back over its last word.
        last = body[end - 1]
        if not (last.isdecimal() or last in _VALUE_TOKEN_LAST):
            break
        backwards = backwards or body[::-1]
        start = size - _run_end(_WORD_RUN, backwards, size - end)
        if not _VALUE_TOKEN.fullmatch(body, start, end):
            break
        tail.append((start, end))
        if len(tail) > limits.MAX_CELLS:
            raise over_budget("cells on one line", len(tail), "MAX_CELLS", limits.MAX_CELLS)
        end = size - _run_end(_SPACE_RUN, backwards, size - start)
    return tail, end


def _split_text_row(line: str) -> list[tuple[int, int]] | None:
    """Cells of a text row (``pdftotext`` output): a label, then values apart by white space.

    Returns cell offsets within the line, or None when the line is not a table row.
    """
    body = line.rstrip()
    tail, end = _value_tail(body)
    if not tail:
        # A header row set out with wide gaps: "信息内容    本年制发件数    本年废止件数"
        if "  " not in body.strip():
            return None
        parts = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", body)]
        if len(parts) >= 2 and all(e - s <= _MAX_FRAGMENT for s, e in parts):
            return parts
        # Table 3's column headings on the line of its long note (本列数据的勾稽关系为…).
        if (
            len(parts) >= 4
            and all(e - s <= _MAX_FRAGMENT for s, e in parts[1:])
            and not _SENTENCE_END.search(body)
        ):
            return parts
        return None
    head = body[:end]
    if _SENTENCE_END.search(head):
        return None
    cells = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", head)] if "  " in head else []
    if any(e - s > _MAX_LABEL for s, e in cells) or (not cells and len(head.strip()) > _MAX_LABEL):
        return None  # prose that ends in a number
    if not cells and head.strip():
        lead = len(head) - len(head.lstrip())
        cells = [(lead, len(head.rstrip()))]
    return cells + tail[::-1]


def _is_label(stripped: str) -> bool:
    """A line that opens with a row label of the form, and is no sentence."""
    return opens_with_label(fold_cell(stripped)) and not _SENTENCE_END.search(stripped)


def _values_follow(lines: Sequence[tuple[int, str]], index: int) -> bool:
    """Whether the next line with text after ``lines[index]`` holds nothing but values."""
    for k in range(index + 1, len(lines)):  # not a slice: a copy of the rest for every line
        tokens = lines[k][1].split()
        if tokens:
            return all(_VALUE_TOKEN.fullmatch(t) for t in tokens)
    return False


def _is_indented_prose(line: str, *, after_row: bool) -> bool:
    """A TAB-indented paragraph, heading or date among TSV rows: Word's indent, not a row.

    A table row names its row in its first cell, and has cells (empty ones too) after it; a
    line of leading TABs and one piece of text, nothing after it, that is a whole sentence, a
    part heading (一、…) or a date is prose. So is a sub-heading (（一）…) unless it follows a
    table row: table 3's row labels look the same.
    """
    text = line.lstrip("\t").rstrip()
    if not text or "\t" in text:
        return False
    if _SENTENCE_CLOSE.search(text) or _HEADING_LIKE.match(text) or DATE_LINE.fullmatch(text):
        return True
    return not after_row and _SUBHEADING_LIKE.match(text) is not None


def _is_rule(stripped: str) -> bool:
    """A markdown `|---|:--:|` rule or a TSV row of `---` cells: layout, not content."""
    cells = [c.strip() for c in stripped.strip("|").replace("\t", "|").split("|")]
    cells = [c for c in cells if c] if "\t" in stripped else cells
    return bool(cells) and all(_RULE_CELL.fullmatch(c) for c in cells)


def _pipes(line: str) -> tuple[int, ...]:
    """Where the pipes of a line stand, in display cells (w3m aligns a Chinese character as
    two)."""
    out: list[int] = []
    at = 0
    for c in line:
        if c == "|":
            out.append(at)
        at += 2 if is_wide(c) else 1
    return tuple(out)


def _unbox(text: str) -> str:
    """A text with box-drawn tables as pipe rows: a line that is only a rule between rows
    becomes blank, and in the others the borders become pipes (length-preserving)."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and _BOX_RULE.fullmatch(body):
            out.append(" " * len(body) + line[len(body) :])
        else:
            out.append(line.translate(_BOX_TABLE))
    return "".join(out)


def _canonical_text(units: Sequence[Unit]) -> tuple[str, tuple[int, ...]]:
    """The canonical text of ``units``, a line each (a cell's marked), and where each starts."""
    lines = [f"{CELL_MARK}{unit.text}\n" if unit.is_cell else f"{unit.text}\n" for unit in units]
    return "".join(lines), tuple(accumulate(map(len, lines[:-1]), initial=0)) if lines else ()


def canonicalize(text: str) -> Canonical:
    """Read ``text`` in whichever supported layout it uses into the canonical line stream."""
    # Length-preserving clean-up first, so every offset below is an offset into ``text``.
    clean = _CONTROL.sub(" ", text)
    clean = _BOOKMARK.sub(lambda m: " " * len(m.group()), clean)
    boxed = "│" in clean
    if boxed:
        clean = _unbox(clean)
    line_starts = _line_starts(clean)
    # A text ending in a newline has one line start more than it has lines.
    lines = _relined(list(zip(line_starts, clean.splitlines(), strict=False)))
    # html2text writes tables without outer bars, a rule (---|---) under each first row.
    bare_pipes = "|" in clean and any(
        "--" in line and _BARE_RULE.fullmatch(line.strip()) for _, line in lines
    )
    if bare_pipes:
        layout = "markdown"
    elif "\t" in clean or "|" in clean:
        layout = _detect_layout(lines)
    else:
        layout = "text_rows"  # no TAB and no pipe: no line of any cell layout
    out = _Builder(functools.partial(_paragraph_spacing, lines) if layout == "text_rows" else None)
    padding: set[int] = set()
    prev_was_cell_line = False  # the previous source line held cells (for wrapped labels)
    prev_was_row = False
    for row, (start, line) in enumerate(lines):
        if out.empties:
            out.line(line)
        # One TAB-prefixed cell per line (Word tables exported as text); "\t" alone is a blank cell.
        if layout == "tab_cells" and line.startswith("\t") and "\t" not in line[1:]:
            out.cell(line[1:], start + 1, start + len(line))
            prev_was_cell_line = True
            continue
        stripped = line.strip()
        if not stripped:
            prev_was_cell_line = False
            out.empty_line(row, start)
            continue
        if stripped[0] in _PAGE_MARK_FIRST and _PAGE_MARK.fullmatch(stripped):
            prev_was_cell_line = False
            continue
        if "---" in stripped and _is_rule(stripped):
            continue
        # TSV: a row per line, cells apart by TAB.
        if "\t" in line and ("\t" in line.strip("\t") or layout == "tsv"):
            if line.startswith("\t") and _is_indented_prose(line, after_row=prev_was_row):
                out.prose(line, start)
                prev_was_cell_line = prev_was_row = False
                continue
            pos = 0
            for piece in line.split("\t"):
                out.cell(piece, start + pos, start + pos + len(piece), row)
                pos += len(piece) + 1
            prev_was_cell_line = prev_was_row = True
            continue
        # Markdown pipe table row: | a | b | c |, or without the outer bars (html2text: a| b| c)
        # in a text whose tables have such rules (---|---).
        if (stripped.startswith("|") and stripped.endswith("|") and stripped.strip("|").strip()) or (
            bare_pipes and "|" in stripped and stripped.strip("| ")
        ):
            lead = line.index("|") + 1 if stripped.startswith("|") else len(line) - len(line.lstrip())
            end = line.rindex("|") if stripped.endswith("|") else len(line.rstrip())
            if not (boxed and out.wraps(row, line, start, lead, end)):  # w3m wraps a box's text
                out.pipe_row(row, line, start, lead, end, boxed=boxed)
            prev_was_cell_line = prev_was_row = True
            continue
        # One cell per line ending in " |"; a line of k pipes is k empty cells.
        if stripped[-1] == "|" and not stripped.strip("|"):
            at = start + line.index("|")
            if len(stripped) >= 2:
                padding.update(range(len(out.units), len(out.units) + len(stripped)))
            for k in range(len(stripped)):
                out.cell("", at + k, at + k)
            prev_was_cell_line = True
            continue
        if layout == "pipe_cells" and stripped.endswith("|"):
            cut = line.rindex("|")
            out.cell(line[:cut], start, start + cut)
            prev_was_cell_line = True
            continue
        # A label wrapped onto the next line, without the TAB: "商业\n企业".
        if (
            layout == "tab_cells"
            and prev_was_cell_line
            and out.last_is_cell()
            and len(stripped) <= _MAX_FRAGMENT
            and not _HEADING_LIKE.match(stripped)
            and not _SENTENCE_END.search(stripped)
        ):
            out.extend_last_cell(stripped, start + len(line.rstrip()))
            continue
        # A table row printed as text, or a fragment of one.
        cells = _split_text_row(line) if layout not in ("tab_cells", "pipe_cells") else None
        if cells is not None:
            for s, e in cells:
                out.cell(line[s:e], start + s, start + e, row)
            prev_was_cell_line = prev_was_row = True
            continue
        if (
            (
                prev_was_row
                and (
                    (
                        len(stripped) <= _MAX_FRAGMENT
                        and not _HEADING_LIKE.match(stripped)
                        and not _SENTENCE_END.search(stripped)
                    )
                    or _is_label(stripped)
                )
            )
            or (
                layout == "text_rows"
                and len(stripped) <= _MAX_LABEL
                and _values_follow(lines, row)
                and _is_label(stripped)
            )
            or (layout == "text_rows" and len(stripped) <= _MAX_GLUED and glued_cells(fold_cell(stripped)))
        ):
            # A short line amid table rows: a wrapped label or header fragment; or a row's
            # label printed alone above its values (which may look like a part heading),
            # the table's first row included; or a row or header whose cells ran together.
            out.cell(line, start, start + len(line), row)
            prev_was_cell_line = True
            continue
        out.prose(line, start)
        prev_was_cell_line = prev_was_row = False
    units = tuple(out.units)
    canonical, unit_starts = _canonical_text(units)
    return Canonical(
        source=text,
        text=canonical,
        units=units,
        unit_starts=unit_starts,
        line_starts=tuple(line_starts),
        layout=layout,
        padding=frozenset(padding),
        row_starts=tuple(map(itemgetter(0), lines)),
    )
