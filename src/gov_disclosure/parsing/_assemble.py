"""Assembly: the grammar's table elements, aligned with the form's rows, become the three tables.

A table's elements are first read as *observed rows*: a label (or none), the values after it,
the source line they stand on. Converters tear rows apart in known ways, so before anything is
placed:

* a label alone on its line, followed by a line of values and no label, is one row (the label
  was printed above its values, or wrapped with the values on its last line);
* a row with more values than columns loses the placeholders that merged cells leave before
  or after it; in one-cell-per-line text the values after the row's own are another row;
* two row labels in one row (rows merged) share the row's values.

Then the rows are aligned with the form: a labelled row takes its row's slot; a row of values
without a label takes the free slot between its labelled neighbours, when there are exactly as
many free slots there as such rows. Where a row's values do not say their columns (fewer values
than columns, digits run together, merged rows), every reading the text allows is tried
against the form's sums (`gov_disclosure.parsing._placement`); a cell is placed only when all the
surviving readings agree on it. What cannot be placed is left out and recorded (`Unplaced`),
never guessed.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from attrs import define, field, frozen

from gov_disclosure._fast import new_cell, new_tuple
from gov_disclosure.form import (
    APPLICATIONS_2019,
    APPLICATIONS_2021,
    APPLICATIONS_UNION,
    FORM_2019,
    FORM_2021,
    FORMS,
    LABEL_NUMBERING,
    UNION_RELATIONS,
    CellRef,
    FormRow,
    FormTable,
    Relation,
    build_table,
    label_marker,
    table_class,
)
from gov_disclosure.model import Applications, Cell, Reviews, Template, Unplaced
from gov_disclosure.parsing._columns import Columns, Key, columns, under_headings
from gov_disclosure.parsing._elements import Element, Ref
from gov_disclosure.parsing._frontend import Canonical, Unit, fold_cell
from gov_disclosure.parsing._placement import (
    MAX_READINGS,
    Piece,
    Reading,
    placements,
    resolve,
    run_digits,
    splits,
    value_of,
)
from gov_disclosure.parsing._values import count_cell, money_cell, read_number, text_cell
from gov_disclosure.span import Span

__all__ = ["Tables", "assemble"]

_VALUE_TYPES = frozenset({"NUM", "BLANK"})
_TEMPLATE_2021_WORDS = ("本年制发", "本年废止", "现行有效", "本年处理决定", "本年收费金额")
_TEMPLATE_2019_WORDS = (
    "本年新制作",
    "本年新公开",
    "对外公开总",
    "上一年项目",
    "本年增",
    "采购项目",
    "采购总金额",
)
# Digits glued to the end of a label: "行政规范性文件77132470" (cells run together). No label
# of the form ends in a digit.
_GLUED = re.compile(r"([+\-]?\d[\d,.+\-]*(?:万元|万|元)?)$")
# A cell of digits and signs that the grammar did not take for a value: no single number.
_GARBLED = re.compile(r"[+\-]?\d[\d,.+\-]*")
_T4_WIDTH = 15
_T4_GROUP = tuple(c.label for c in FORM_2021.table("reviews").rows[0].columns)
# The one blank mark that is no value token of text rows (the grammar reads it as a blank).
_BLANK_WORD = "无"
# Table 4's header words: a value run after one of them may be table 4 printed without its
# header rows; after any other text it is the values of a row that text names.
_T4_WORDS = frozenset(
    word
    for table in [FORM_2021.table("reviews")]
    for word in (
        *(c.label for r in table.rows for c in r.columns),
        *(r.label for r in table.rows),
        *(b.label for b in table.blocks),
    )
)
# An empty line between two cells: where one-cell-per-line text ends a table row.
_BREAK = re.compile(r"\n[ \r]*\n")
APPLICATIONS_UNION_KEYS = frozenset(r.key for r in APPLICATIONS_UNION.rows)
# The applicant columns' headings (总计 heads other tables' columns too).
_T3_COLUMN_HEADS = frozenset(c.label for c in APPLICATIONS_UNION.rows[0].columns) - {"总计", "其他"}
_T3_GROUP_HEADS = {
    "t3_denied_head": "denied",
    "t3_unavailable_head": "unavailable",
    "t3_not_processed_head": "not_processed",
}


@frozen
class Tables:
    """The three tables of a report, and what of its table cells fits none of them."""

    active: Any
    applications: Applications | None
    reviews: Reviews | None
    stray: tuple[Cell[str], ...]
    unplaced: tuple[Unplaced, ...]


@define
class _Obs:
    """One observed row of a table: its labels (form rows), heads, values, other text."""

    labels: list[tuple[FormRow, Ref]]
    heads: list[Ref]
    values: list[Ref]
    texts: list[Ref]
    line: int
    part: int | None = None
    glued: Piece | None = None
    empties: list[Ref] | None = None  # a label's own empty cells, when a torn row's values were joined
    after: list[Ref] = field(factory=list)  # text cells after the row's values on its line
    stacked: bool = False  # values gathered from the lines after the label, one a line


@define
class _Slot:
    """What one or more form rows got: their labels and the readings of their values
    (one reading when certain). Merged rows share one slot: their readings go together."""

    rows: list[FormRow]
    labels: list[Ref | None]
    readings: list[Reading]
    source: list[Ref]
    certain: bool
    supposed: bool = False
    """The readings are those of a supposition about the text (its blanks all marked), not
    all the text allows: even one of them is trusted only where the sums confirm it."""


class _Loose(NamedTuple):
    """Values outside any row of the form, with their part and the text that labelled them
    (``None``: no label; a run of table 4's header words is no label)."""

    run: list[Ref]
    part: int | None
    label: str | None = None


@define
class _Context:
    canon: Canonical
    stray: list[Cell[str]]
    unplaced: list[Unplaced]
    loose: list[_Loose]

    def unit(self, ref: Ref) -> Unit:
        return self.canon.units[ref.at]

    def text(self, ref: Ref) -> Cell[str]:
        return text_cell(self.canon, self.unit(ref))

    def raw(self, refs: Sequence[Ref]) -> str:
        return " ".join(self.canon.raw(self.unit(r)).strip() for r in refs)

    def span(self, refs: Sequence[Ref]) -> Span | None:
        if not refs:
            return None
        first, last = self.unit(refs[0]), self.unit(refs[-1])
        return self.canon.span(first.start, max(first.end, last.end))


def assemble(
    canon: Canonical, elements: Sequence[Element], loose: Sequence[tuple[Sequence[Ref], int | None]]
) -> Tables:
    """The three tables from the report's table elements, in source order, and the cells that
    stood outside any table (``loose``, with their part: a table 4 printed without its header
    is one such run)."""
    ctx = _Context(canon, [], [], [])
    for run, part in loose:
        _keep_loose(ctx, run, part)
    active = _active(ctx, [e for e in elements if e.kind.startswith("t2_")])
    template = active.template if active is not None else None
    applications = _applications(ctx, [e for e in elements if e.kind.startswith("t3_")], template)
    reviews = _reviews(ctx, [e for e in elements if e.kind.startswith("t4_")])
    if reviews is None:
        reviews = _recover_reviews(ctx)
    for run, _, _ in ctx.loose:
        ctx.stray.extend(ctx.text(t) for t in run if t.type == "NUM")
    return Tables(active, applications, reviews, tuple(ctx.stray), tuple(ctx.unplaced))


def _keep_loose(ctx: _Context, tokens: Sequence[Ref], part: int | None) -> None:
    """Cells outside any row's values.

    Value runs are kept: a run of 15 may be a table 4 without its header. A text cell
    followed by numbers is a row the template does not have, so it goes to ``stray`` with
    them; a text cell alone is a fragment of a label or header and carries no data.
    """
    run: list[Ref] = []
    label: Ref | None = None
    for token in [*tokens, None]:
        if token is not None and token.type in _VALUE_TYPES:
            run.append(token)
            continue
        if run:
            named = None
            if label is not None and any(t.type == "NUM" for t in run):
                ctx.stray.append(ctx.text(label))
                named = ctx.unit(label).text
            ctx.loose.append(_Loose(run, part, named))
            run = []
        label = token


# ---- observed rows ---------------------------------------------------------------------------


def _observe(ctx: _Context, elements: Sequence[Element], rules: dict[str, FormRow]) -> list[_Obs]:
    """The table's elements as observed rows, torn labels rejoined.

    Where the text prints a row per line (TSV, markdown, text rows), a row is a source line;
    where it prints a cell per line, a row is a label and the cells after it, and text after a
    row's values opens another row.
    """
    by_line = ctx.canon.layout not in ("tab_cells", "pipe_cells")
    units, padding = ctx.canon.units, ctx.canon.padding
    out: list[_Obs] = []
    for e in elements:
        for ref in (e.label, *e.rest):
            line = units[ref.at].row if by_line else -1
            if ref is e.label:
                if not by_line or not out or out[-1].line != line or line < 0:
                    out.append(_Obs([], [], [], [], line, e.part))
                elif not out[-1].labels and all(v.type == "BLANK" for v in out[-1].values):
                    # Empty cells before a label on its line stand in for the label area's
                    # merged cells (三、本年度办理结果 …): they are no values, nor is the text
                    # among them (a group's label wrapped in its merged cell).
                    out[-1].values.clear()
                    out[-1].texts += out[-1].after
                    out[-1].after.clear()
                row = rules.get(e.kind)
                if row is not None:
                    out[-1].labels.append((row, ref))
                else:
                    out[-1].heads.append(ref)
                continue
            if by_line and (out[-1].line != line or line < 0):
                out.append(_Obs([], [], [], [], line, e.part))
            obs = out[-1]
            if ref.at in padding:
                continue  # a line of pipes: padding for merged cells, no value
            if ref.type in _VALUE_TYPES or _GARBLED.fullmatch(units[ref.at].text):
                # A run of digits and signs that is no one number ("0+1": cells run together)
                # stands in the row's cells too, unreadable as it is. So does a text cell
                # between two of the row's values: the values after it are not where they stand.
                if obs.after:
                    obs.values += obs.after
                    obs.after.clear()
                obs.values.append(ref)
            elif not by_line and obs.values:
                out.append(_Obs([], [], [], [ref], line, e.part))
            elif by_line and any(units[v.at].text for v in obs.values):
                obs.after.append(ref)  # after a value the row wrote: maybe amid its values
            else:
                obs.texts.append(ref)
    for obs in out:
        obs.texts += obs.after
        obs.after.clear()
    # One cell a line and no row breaks (docx2txt, mammoth, BeautifulSoup with "\n"): a row's
    # values stand on the lines after its label, one a line. Only where no label is followed
    # by more values than its row has: text that was read column by column (pdftotext's
    # default mode) shows such runs, and its values are not its rows'.
    one_a_line = by_line and ctx.canon.layout == "text_rows" and all(len(o.values) <= 1 for o in out)
    overfull = _overfull(out) if one_a_line else set()
    joined: list[_Obs] = []
    for obs in out:
        prev = joined[-1] if joined else None
        if prev is not None and id(prev) in overfull and not (obs.labels or obs.heads or obs.texts):
            # More lines of one value follow this label than its row has cells: text read
            # column by column, or rows whose labels went elsewhere. Which are its values,
            # nobody can say: it gets none, and they are rows without a label.
            joined.append(obs)
            continue
        if (
            one_a_line
            and prev is not None
            and len(prev.labels) == 1
            and prev.values
            and obs.values
            and not (obs.labels or obs.heads or obs.texts)
            and len(prev.values) < len(prev.labels[0][0].columns)
        ):
            prev.values.extend(obs.values)
            prev.stacked = True
            continue
        if (
            prev is not None
            and prev.labels
            and not prev.values
            and not (obs.labels or obs.heads or obs.values)
        ):
            prev.texts.extend(obs.texts)  # the label wrapped onto the next line
            continue
        if prev is not None and prev.labels and not (obs.labels or obs.heads) and obs.values:
            empty = bool(prev.values) and all(not ctx.unit(v).text for v in prev.values)
            if not prev.values or (empty and any(v.type == "NUM" for v in obs.values)):
                # A label above its values. A label whose line has only empty cells may be
                # torn from the values below, or a blank row above a row that lost its label:
                # both readings are kept for the form's sums to decide.
                prev.empties = prev.values or None
                prev.values = [*obs.values]
                prev.texts.extend(obs.texts)
                continue
        joined.append(obs)
    return joined


def _overfull(observed: Sequence[_Obs]) -> set[int]:
    """The labels (ids of their rows) followed by more lines of one value than their row has
    columns."""
    out: set[int] = set()
    width, run, label = 0, 0, None
    for obs in observed:
        if obs.labels or obs.heads or obs.texts:
            width = len(obs.labels[0][0].columns) if len(obs.labels) == 1 else 0
            run, label = len(obs.values), obs
        elif obs.values:
            run += 1
            if width and run > width and label is not None:
                out.add(id(label))
    return out


@functools.cache
def _markers(form: FormTable) -> tuple[tuple[FormRow, str], ...]:
    """Each row's opening words, to find a second row label inside one label cell (rows merged
    into one); two-character labels (规章) are too short to find safely."""
    out = []
    for row in form.rows:
        marker = label_marker(row.label)
        if len(LABEL_NUMBERING.sub("", marker)) >= 2:
            out.append((row, marker))
    return tuple(out)


@functools.cache
def _marker_search(form: FormTable) -> re.Pattern[str]:
    """One pattern finding any row's opening words in a cell (see `_markers`)."""
    return re.compile("|".join(f"(?P<r{i}>{re.escape(m)})" for i, (_, m) in enumerate(_markers(form))))


@functools.lru_cache(maxsize=4096)
def _labels_in(form: FormTable, text: str) -> tuple[tuple[int, FormRow], ...]:
    """Where rows' opening words stand in a cell's text, and their rows (cached: every report
    has the same labels)."""
    markers = _markers(form)
    return tuple(
        (m.start(), markers[int(str(m.lastgroup)[1:])][0]) for m in _marker_search(form).finditer(text)
    )


def _split_label(ctx: _Context, obs: _Obs, form: FormTable) -> None:
    """A label cell holding two rows' labels ("（一）予以公开（二）部分公开") names both; a cell
    the grammar did not take for a label but that opens with one and names another after it
    (labels fused with no separator) names them too."""
    if len(obs.labels) > 1:
        return
    if obs.labels:
        row, ref = obs.labels[0]
    elif obs.texts and obs.values and not obs.heads:
        row, ref = None, obs.texts[0]
    else:
        return
    found = [
        (at, other)
        for at, other in _labels_in(form, ctx.unit(ref).text)
        if row is None or (at > 0 and other.key != row.key)
    ]
    if not found:
        return
    order = {r.key: i for i, r in enumerate(form.rows)}
    if row is None:
        if len(found) < 2 or found[0][0] != 0:
            return
        obs.labels.append((found[0][1], ref))
        obs.texts.remove(ref)
        row = found[0][1]
        found = found[1:]
    for _, other in found:
        if order[other.key] > order[row.key] and all(r.key != other.key for r, _ in obs.labels):
            obs.labels.append((other, ref))
            return


def _unglue(ctx: _Context, obs: _Obs) -> None:
    """Digits run onto a label ("行政规范性文件77132470") are the row's values, fused."""
    units = ctx.canon.units
    if len(obs.labels) != 1 or any(units[v.at].text for v in obs.values):
        return  # the row has values of its own (empty cells after it are padding, or blanks)
    _, label = obs.labels[0]
    text = ctx.unit(label).text
    m = _GLUED.search(text)
    if m and m.start() > 0:
        # A run that is no single number ("3+15": a count and a signed change) is kept whole:
        # no reading can place it, so its cells are left out rather than read as blanks.
        obs.glued = Piece(label.at, m.group(1), m.start())


# ---- readings of one row ---------------------------------------------------------------------


def _pieces(ctx: _Context, refs: Sequence[Ref]) -> list[Piece | None]:
    """The pieces of a row's value cells: a blank cell the text has is a piece too (its
    marker and place are kept); None is only ever a blank a reading supposes."""
    units = ctx.canon.units
    return [new_tuple(Piece, (r.at, units[r.at].text, 0)) for r in refs]


def _trim(values: list[Ref], width: int, by_line: bool) -> list[Ref]:
    """Drop blanks before a row's values while it has more cells than columns: on its line,
    they stand in for a label area spanning columns."""
    values = list(values)
    if by_line:
        while len(values) > width and values[0].type == "BLANK":
            values.pop(0)
    return values


def _value_lists(
    ctx: _Context, values: list[Ref], width: int, by_line: bool, pads_ends: bool = True
) -> list[list[Ref]]:
    """The lists of cells that may be a row's values.

    A line of pipes (``||``) is padding, and so are the empty cells after a blank line in
    one-cell-per-line text (the next row's placeholders). Other empty cells after a row's last
    value are its own blank cells, unless the table pads rows at their end (``pads_ends``: some
    row has more cells than columns, the surplus empty); then each count of them that fits the
    row is a candidate.
    """
    values = _unpadded(ctx, _trim(values, width, by_line), by_line)
    # Padding is empty; a marker (/, -, 无) is a blank cell the report wrote.
    units = ctx.canon.units
    trailing = 0
    while trailing < len(values) and not units[values[len(values) - 1 - trailing].at].text:
        trailing += 1
    if not pads_ends:
        surplus = len(values) - width
        return [values[:width]] if 0 < surplus <= trailing else [values]
    out = [values[: len(values) - j] for j in range(trailing + 1) if len(values) - j <= width]
    return out or [values]


def _unpadded(ctx: _Context, values: list[Ref], by_line: bool) -> list[Ref]:
    """A row's cells without the padding after them that one-cell-per-line text shows as such:
    a line of pipes, or the empty cells after a blank line (the next row's placeholders)."""
    values = list(values)
    if not by_line:
        while (
            values
            and values[-1].type == "BLANK"
            and (_is_padding(ctx, values[-1]) or _after_break(ctx, values, len(values) - 1))
        ):
            values.pop()
    return values


def _pads_ends(ctx: _Context, observed: Sequence[_Obs], pads: bool, by_line: bool) -> bool:
    """Whether the table pads rows at their end with empty cells: some row, read whole, has
    more cells than columns, the surplus empty."""
    for obs in observed:
        if len(obs.labels) != 1 or obs.empties is not None:
            continue
        row = obs.labels[0][0]
        values = obs.values[_label_span(row) - 1 :] if pads else obs.values
        values = _unpadded(ctx, _trim(values, len(row.columns), by_line), by_line)
        surplus = values[len(row.columns) :]
        if surplus and all(not ctx.unit(v).text for v in surplus):
            return True
    return False


def _fused(ctx: _Context, values: Sequence[Ref]) -> bool:
    """Whether two of a row's values came from one cell of a TSV or markdown row ("23 4"):
    nothing but white space between them in the source."""
    if ctx.canon.layout not in ("tsv", "markdown"):
        return False
    source, units = ctx.canon.source, ctx.canon.units
    for a, b in itertools.pairwise(values):
        gap = source[units[a.at].end : units[b.at].start]
        if gap and not gap.strip(" \u3000\xa0"):  # spaces only: no TAB, no pipe between them
            return True
    return False


def _is_padding(ctx: _Context, ref: Ref) -> bool:
    """A cell of a line of two or more pipes: web text's padding for merged cells."""
    return ref.at in ctx.canon.padding


def _after_break(ctx: _Context, values: Sequence[Ref], index: int) -> bool:
    """Whether an empty line stands between a run's cell and the cells before it, with only
    blanks from there on: a new row's placeholders, not this row's values."""
    units, source = ctx.canon.units, ctx.canon.source
    for i in range(index, 0, -1):
        if values[i].type != "BLANK":
            return False
        if _BREAK.search(source, units[values[i - 1].at].end, units[values[i].at].start):
            return True
    return False


def _zero_led(piece: Piece | None) -> bool:
    """Whether the piece is a run of digits with a leading zero (000, +05): no one number."""
    digits = None if piece is None else run_digits(piece.text)
    return digits is not None and digits[0] == "0"


def _readings(pieces: Sequence[Piece | None], width: int) -> list[Reading]:
    """Every reading of a row's pieces into ``width`` columns.

    As many pieces as columns: one reading. Fewer: every placement with blanks between, and
    every cut of a run of digits into more cells (cells run together). More: every choice of
    ``width`` of them in order (a column the form does not have). None when there are too many
    readings to try.
    """
    if not pieces:
        return []  # no value: nothing to read, and no row of supposed blanks
    if len(pieces) == width:
        return [tuple(pieces)]
    out: list[Reading] = []
    if len(pieces) > width:
        for keep in itertools.combinations(range(len(pieces)), width):
            out.append(tuple(pieces[i] for i in keep))
            if len(out) > MAX_READINGS:
                return []
        return out
    if not any(_zero_led(p) for p in pieces):
        out.extend(placements(pieces, width))  # a run with a leading zero (000) is no one number
    for i, piece in enumerate(pieces):
        digits = None if piece is None else run_digits(piece.text)
        if piece is None or digits is None:
            continue
        for parts in range(2, min(len(digits), width - len(pieces) + 1) + 1):
            for cut in splits(piece.unit, piece.text, parts):
                moved = [Piece(p.unit, p.text, piece.offset + p.offset) for p in cut if p is not None]
                out.extend(placements([*pieces[:i], *moved, *pieces[i + 1 :]], width))
                if len(out) > MAX_READINGS:
                    return []
    return list(dict.fromkeys(out))


# ---- one table -------------------------------------------------------------------------------


def _table(
    ctx: _Context,
    form: FormTable,
    shape: FormTable,
    elements: Sequence[Element],
    relations: Sequence[Relation],
    *,
    columns_shown: bool = True,
) -> tuple[dict[str, dict[str, Cell[Any] | None]], dict[str, Cell[str]]]:
    """The rows of one table by row key (their cells by column key), and their label cells.

    ``form`` holds every row that may be read; ``shape`` the rows this report's table should
    have, among which rows of values without a label are placed. Without ``columns_shown``
    (the table's column headings are not cells of its grid), an empty cell's place says
    nothing: a converter that lost the headings may have shifted the values along the row.
    """
    observed = _observe(ctx, elements, {r.rule: r for r in form.rows if r.rule})
    by_line = any(o.line >= 0 for o in observed)
    pads = by_line and _pads_labels(ctx, observed)
    empty_blanks = _writes_empty_blanks(ctx, observed, pads)
    ends = _pads_ends(ctx, observed, pads, by_line)
    order = {r.key: i for i, r in enumerate(shape.rows)}
    slots: dict[str, _Slot] = {}
    anchors: list[tuple[int, int]] = []  # (observed index, shape index) of labelled rows
    unlabeled: list[tuple[int, _Obs]] = []
    grid = _Grid(ctx, observed, elements, form, spaced=by_line and ctx.canon.layout == "text_rows")
    for index, obs in enumerate(observed):
        _split_label(ctx, obs, shape)
        _unglue(ctx, obs)
        _misread(ctx, obs, shape, slots, anchors, observed[index + 1 :])
        has_number = any(v.type == "NUM" for v in obs.values)
        if not obs.labels:
            if has_number and obs.texts and not obs.heads:
                if ctx.text(obs.texts[0]).value:
                    ctx.stray.append(ctx.text(obs.texts[0]))
                ctx.loose.append(_Loose(obs.values, obs.part, ctx.unit(obs.texts[0]).text))
            elif has_number and len(_trim(obs.values, form.width, by_line)) <= form.width:
                unlabeled.append((index, obs))
            elif has_number:
                ctx.loose.append(_Loose(obs.values, obs.part))  # wider than any row: not this table's
            continue
        rows = [row for row, _ in obs.labels]
        width = sum(len(r.columns) for r in rows)
        if pads and len(rows) == 1:
            skip = _label_span(rows[0]) - 1
            if _empty_lead(ctx, obs.values) < skip:
                skip = 0  # the row lost its placeholders with its blanks: no sure start
            obs.values = obs.values[skip:]
        lists = _value_lists(ctx, obs.values, width, by_line, ends)
        anchor: Ref | None = None
        if _fused(ctx, obs.values):
            # Two columns' numbers shared a cell: the row's cells no longer stand in their
            # columns, so its empty cells say nothing; its values go where the sums put them.
            lists = [[v for v in obs.values if ctx.unit(v).text]]
        elif not columns_shown:
            # No heading shows which column is which, and a converter that lost the headings
            # may have shifted values along the row: only the row's end is sure, when the row
            # shows all its cells (its last value is the last column's).
            full = max(lists, key=len)
            if len(full) == width and ctx.unit(full[-1]).text:
                anchor = full[-1]
            lists = [[v for v in obs.values if ctx.unit(v).text]]
        values = max(lists, key=len)
        if not by_line and len(values) > width and any(t.type == "NUM" for t in values[width:]):
            # One cell per line: numbers after this row's are the next row's, label lost.
            values, extra = values[:width], values[width:]
            lists = [values]
            unlabeled.append((index, _Obs([], [], extra, [], -1, obs.part)))
        has_values = bool(values) or obs.glued is not None
        garbled = any(v.type not in _VALUE_TYPES for v in values)
        placed = None
        if len(rows) == 1 and 0 < len(values) < width and not garbled and obs.empties is None:
            placed = grid.place(obs, rows[0], values)  # blank cells dropped: the places tell
        if any(r.key in slots for r in rows) and _seen(
            ctx, obs, [slots[r.key] for r in rows if r.key in slots], values, has_values=has_values
        ):
            continue
        readings: list[Reading] = []
        supposed = False
        if obs.glued is not None:
            values = []
        if obs.glued is not None and not values:
            readings, supposed = _glued_readings(obs.glued, rows, width)
        elif placed is not None:
            readings, lists = _placed_readings(ctx, placed, values, width), [values]
        elif len(rows) == 1 and len(values) == width and len(lists) == 1 and obs.empties is None:
            # The common row: one label, a value for every column. Its only reading.
            units = ctx.canon.units
            readings = [tuple([new_tuple(Piece, (r.at, units[r.at].text, 0)) for r in values])]
        elif len(rows) == 1 and has_values:
            if obs.empties is not None and empty_blanks and _room_below(observed, index, shape):
                # Is the label's line of empty cells a blank row, and the values below a row
                # that lost its label? Only if this text writes blank cells as empty ones
                # elsewhere, and a row of the form is free below for those values; then the
                # sums must decide.
                lists = [*lists, *_value_lists(ctx, obs.empties, width, by_line, ends)]
            readings = list(dict.fromkeys(r for v in lists for r in _readings(_pieces(ctx, v), width)))
            if anchor is not None:
                readings = [r for r in readings if r[-1] is not None and r[-1].unit == anchor.at]
        elif has_values:
            readings = _merged_readings(_pieces(ctx, values), [len(r.columns) for r in rows])
        if garbled:
            readings = []  # a cell no reading can read: none of the row's cells is sure
        slot = _Slot(
            rows,
            [ref for _, ref in obs.labels],
            readings,
            values,
            supposed=supposed,
            certain=len(rows) == 1
            and len(readings) == 1
            and obs.glued is None
            and len(lists) == 1
            and not garbled
            and not obs.stacked,  # gathered from several lines: the sums must not object
        )
        for row in rows:
            slots[row.key] = slot
            if row.key in order:
                anchors.append((index, order[row.key]))
    _fill_gaps(ctx, shape, slots, anchors, unlabeled, by_line)
    return _settle(ctx, form, slots, relations)


_ROW_KINDS = frozenset(r.rule for f in FORMS.values() for table in f.tables for r in table.rows if r.rule)


def _seen(ctx: _Context, obs: _Obs, held: Sequence[_Slot], values: list[Ref], *, has_values: bool) -> bool:
    """Whether a row of a kind already read is passed over: a second one with values is not
    the form's (the first is kept; its label and values are stray), a label alone is a header
    cell or a fragment."""
    if has_values and any(h.source or h.certain for h in held):
        ctx.stray.append(ctx.text(obs.labels[0][1]))
        ctx.loose.append(_Loose(values, obs.part, ctx.unit(obs.labels[0][1]).text))
        return True
    return not has_values


def _placed_readings(
    ctx: _Context, placed: Sequence[int], values: Sequence[Ref], width: int
) -> list[Reading]:
    """The reading the values' places give, and beside it every reading in which a number of
    several digits is cells run together (2 1 9 → 219, written where its first cell stands):
    its first part in its column, the others in empty columns after it, up to the next value.
    A run in the row's first column may also have been written where the row's values begin
    though its first cells were blank (- 0 0 run together as 00): its first part may then
    stand in any column up to the next value. Only the sums can tell them apart; where they
    cannot, the row is left out."""
    pieces = _pieces(ctx, values)
    choices: list[list[dict[int, Piece | None]]] = []
    for k, (column, piece) in enumerate(zip(placed, pieces, strict=True)):
        stop = placed[k + 1] if k + 1 < len(placed) else width
        ways: list[dict[int, Piece | None]] = []
        run = piece is not None and run_digits(piece.text) is not None
        for first in range(column, stop if run and column == 0 else column + 1):
            ways += _run_ways(piece, first, range(first + 1, stop))
        choices.append(ways)
    out: list[Reading] = []
    for combo in itertools.product(*choices):
        merged: dict[int, Piece | None] = {}
        for way in combo:
            merged.update(way)
        out.append(tuple(merged.get(j) for j in range(width)))
        if len(out) > MAX_READINGS:
            return []
    return out


def _run_ways(piece: Piece | None, first: int, free: range) -> list[dict[int, Piece | None]]:
    """A piece in column ``first``: whole (unless a run with a leading zero: 000 is no
    number), or cut into cells, its first part in ``first``, the others in ``free``."""
    ways: list[dict[int, Piece | None]] = [] if _zero_led(piece) else [{first: piece}]
    digits = None if piece is None else run_digits(piece.text)
    if piece is not None and digits is not None and free:
        for parts in range(2, min(len(digits), len(free) + 1) + 1):
            ways.extend(
                dict(zip((first, *rest), cut, strict=True))
                for cut in splits(piece.unit, piece.text, parts)
                for rest in itertools.combinations(free, parts - 1)
            )
    return ways


def _glued_readings(glued: Piece, rows: Sequence[FormRow], width: int) -> tuple[list[Reading], bool]:
    """The readings of a row's values run onto its label, and whether they rest on a
    supposition: that a report marking some blank cells (-) marks them all, so that a cell it
    left out is no blank. Reports mix empty and marked blanks, so such readings must be
    confirmed by the sums (a row of 47 27 2 1 with two empty blanks and a - total, run
    together as 472721-, is no 4 7 2 7 2 1)."""
    pieces = _marked(glued, rows)
    readings = _readings(pieces, width)
    if len(pieces) > 1:
        marked = [r for r in readings if None not in r]
        return marked, len(marked) < len(readings)
    return readings, False


class _Grid:
    """A table's columns by position (a table set out with spaces), read when a row first
    needs them: most tables never do."""

    def __init__(
        self,
        ctx: _Context,
        observed: Sequence[_Obs],
        elements: Sequence[Element],
        form: FormTable,
        *,
        spaced: bool,
    ) -> None:
        self._ctx, self._observed, self._elements, self._form = ctx, observed, elements, form
        self._spaced = spaced
        self._columns: Columns | None = None
        self._read = False

    def place(self, obs: _Obs, row: FormRow, values: Sequence[Ref]) -> list[int] | None:
        """The column of each of the row's values by where it stands, or None."""
        if not self._spaced:
            return None
        if not self._read:
            self._columns = _grid(self._ctx, self._observed, self._elements, self._form)
            self._read = True
        if self._columns is None:
            return None
        key = _group(self._ctx, obs, row, values)
        return self._columns.place(key, [self._ctx.unit(v) for v in values])


def _group(ctx: _Context, obs: _Obs, row: FormRow, values: Sequence[Ref]) -> Key:
    """A row's group for its columns' places: its columns, and how many text cells stand
    before its values on their line."""
    units, first = ctx.canon.units, values[0].at
    line = units[first].row
    before = [ref for _, ref in obs.labels] + obs.heads + obs.texts
    texts = sum(1 for r in before if r.at < first and units[r.at].row == line)
    return tuple(c.key for c in row.columns), texts


def _grid(
    ctx: _Context, observed: Sequence[_Obs], elements: Sequence[Element], form: FormTable
) -> Columns | None:
    """Where the columns of a table set out with spaces stand: from its full rows, or from
    its column headings where no row of a group is full."""
    full: list[tuple[Key, list[Unit]]] = []
    partial: list[tuple[Key, list[Unit]]] = []
    for obs in observed:
        if len(obs.labels) != 1 or obs.glued is not None or obs.empties is not None or obs.stacked:
            continue
        row = obs.labels[0][0]
        values = _trim(obs.values, len(row.columns), True)
        if not values or len(values) > len(row.columns) or any(v.type not in _VALUE_TYPES for v in values):
            continue
        units = [ctx.unit(v) for v in values]
        if units[0].row == units[-1].row:
            into = full if len(values) == len(row.columns) else partial
            into.append((_group(ctx, obs, row, values), units))
    return columns(ctx.canon, full, partial, _headings(ctx, elements, form))


def _headings(
    ctx: _Context, elements: Sequence[Element], form: FormTable
) -> dict[tuple[str, ...], Sequence[Unit]]:
    """The column headings of each set of columns the table's rows have, where the table's
    header (its text cells before the first row with values; a heading may stand on a line
    of its own, under a merged one, or wrap) shows each heading once."""
    found: dict[str, list[Unit]] = {}
    labels = {c.label for row in form.rows for c in row.columns}
    for e in elements:
        if e.kind in _ROW_KINDS and any(t.type in _VALUE_TYPES for t in e.rest):
            break  # the header ends at the first row with values
        for ref in (e.label, *e.rest):
            unit = ctx.unit(ref)
            if unit.row < 0 or len(unit.text) < 2:
                continue
            # A heading wrapped in its narrow cell (社会公益⏎组织) stands where its first line does.
            for label in labels:
                if label.startswith(unit.text):
                    found.setdefault(label, []).append(unit)
    out: dict[tuple[str, ...], Sequence[Unit]] = {}
    for row in form.rows:
        keys = tuple(c.key for c in row.columns)
        heads = [found.get(c.label, []) for c in row.columns]
        if keys in out or len(keys) < 2 or any(len(h) != 1 for h in heads):
            continue
        out[keys] = [h[0] for h in heads]
    return out


_MARKED = re.compile(r"\d[\d,.]*|-")


def _marked(glued: Piece, rows: Sequence[FormRow]) -> list[Piece | None]:
    """A run of digits and blank marks (234--2130: cells with - for blank, tags stripped):
    its digit runs and each mark a piece, where no column of the rows takes a sign, so that
    a - is no minus. Else the run whole."""
    text = glued.text
    if "-" not in text[1:] or any(c.kind == "signed" for r in rows for c in r.columns):
        return [glued]
    return [Piece(glued.unit, m.group(), glued.offset + m.start()) for m in _MARKED.finditer(text)]


def _label_span(row: FormRow) -> int:
    """How many columns of the label area the row's own label spans (table 3: 3, 2, 1)."""
    return 3 - row.level if row.level < 2 and row.key in APPLICATIONS_UNION_KEYS else 1


def _empty_lead(ctx: _Context, values: Sequence[Ref]) -> int:
    n = 0
    while n < len(values) and values[n].type == "BLANK" and not ctx.unit(values[n]).text:
        n += 1
    return n


def _room_below(observed: Sequence[_Obs], index: int, shape: FormTable) -> bool:
    """Whether a row of the form is free between the row observed at ``index`` and the next
    labelled row: somewhere a row that lost its label could stand."""
    labelled = {r.key for o in observed for r, _ in o.labels}
    order = [r.key for r in shape.rows]
    here = [order.index(r.key) for r, _ in observed[index].labels if r.key in order]
    after = [order.index(r.key) for o in observed[index + 1 :] for r, _ in o.labels if r.key in order]
    if not here:
        return True
    low, high = (
        max(here),
        (min(a for a in after if a > max(here)) if any(a > max(here) for a in after) else len(order)),
    )
    return any(key not in labelled for key in order[low + 1 : high])


def _writes_empty_blanks(ctx: _Context, observed: Sequence[_Obs], pads: bool) -> bool:
    """Whether a row of the table, read whole, has an empty cell among its values: the text
    writes blank cells as empty ones (not as /, -, 无)."""
    units = ctx.canon.units
    for obs in observed:
        if len(obs.labels) != 1 or obs.empties is not None:
            continue
        row = obs.labels[0][0]
        values = obs.values[_label_span(row) - 1 :] if pads else obs.values
        if len(values) == len(row.columns) and any(not units[v.at].text for v in values):
            return True
    return False


def _pads_labels(ctx: _Context, observed: Sequence[_Obs]) -> bool:
    """Whether the text writes a merged label's spanned columns as empty cells after it (as
    pandoc and web-to-markdown converters do): some row holds more cells than its columns,
    the surplus being exactly those empty cells."""
    for obs in observed:
        if len(obs.labels) != 1:
            continue
        row = obs.labels[0][0]
        skip = _label_span(row) - 1
        if skip and len(obs.values) == len(row.columns) + skip and _empty_lead(ctx, obs.values) >= skip:
            return True
    return False


def _merged_readings(pieces: Sequence[Piece | None], widths: Sequence[int]) -> list[Reading]:
    """Two rows' values in one: row after row, or (rows of equal width) cell by cell in turn."""
    if len(pieces) != sum(widths):
        return []
    out = [tuple(pieces)]
    if len(set(widths)) == 1:
        n = len(widths)
        out.append(tuple(pieces[k + n * c] for k in range(n) for c in range(widths[0])))
    return list(dict.fromkeys(out))


def _fill_gaps(
    ctx: _Context,
    shape: FormTable,
    slots: dict[str, _Slot],
    anchors: list[tuple[int, int]],
    unlabeled: list[tuple[int, _Obs]],
    by_line: bool,
) -> None:
    """Rows of values without a label take the free rows of the form between their labelled
    neighbours, when there are exactly as many free rows there as such rows; otherwise they
    are recorded as unplaced."""
    gaps: dict[tuple[int, int], list[_Obs]] = {}
    for index, obs in unlabeled:
        before = [f for i, f in anchors if i < index]
        after = [f for i, f in anchors if i > index]
        low = max(before) if before else -1
        high = min(after) if after else len(shape.rows)
        gaps.setdefault((low, high), []).append(obs)
    for (low, high), rows in gaps.items():
        free = [r for r in shape.rows[low + 1 : high] if r.key not in slots] if high > low else []
        above = slots.get(shape.rows[low].key) if low >= 0 else None
        if above is not None and not above.source and not above.readings:
            # The row above is a label with no values: these may be its values, torn off.
            free = []
        if len(free) == len(rows) and free:
            for row, obs in zip(free, rows, strict=True):
                pieces = _pieces(ctx, _trim(obs.values, len(row.columns), by_line))
                readings = _readings(pieces, len(row.columns))
                slots[row.key] = _Slot([row], [None], readings, obs.values, certain=len(readings) == 1)
            continue
        if (
            above is not None
            and len(above.source) < sum(len(r.columns) for r in above.rows)
            and all(v.type == "BLANK" for v in above.source)
        ):
            # The row above shows only blank cells, fewer than its columns, and values no row
            # takes follow it: its other cells may be among them, not blanks a converter
            # dropped, and no number of its own lets the sums tell. None of its cells is sure.
            above.readings, above.certain = [], False
        names = "、".join(r.name for r in free) or "无"
        for obs in rows:
            ctx.unplaced.append(
                Unplaced(
                    table=shape.key,
                    row=None,
                    columns=(),
                    raw=ctx.raw(obs.values),
                    reason=f"一行数值没有行名，可能对应的行：{names} / a row of values without a label: "
                    f"{len(rows)} such rows for {len(free)} free rows of the form between its neighbours",
                    span=ctx.span(obs.values),
                )
            )


# How much of a label cell must read as a form row's label for the cell to stand for it: one
# character misread in eight or so (OCR's 由 as 出), not a label of another row.
_RESEMBLES = 0.85


def _misread(
    ctx: _Context,
    obs: _Obs,
    shape: FormTable,
    slots: dict[str, _Slot],
    anchors: Sequence[tuple[int, int]],
    later: Sequence[_Obs],
) -> None:
    """A row of values whose label the grammar did not take is labelled as the row it stands
    for, when its label reads as that row's with a character misread (OCR) and its place makes
    it that row: the one row of the form between its labelled neighbours, and not read yet."""
    if obs.labels or not obs.texts or not any(v.type == "NUM" for v in obs.values):
        return
    order = {r.key: i for i, r in enumerate(shape.rows)}
    low = anchors[-1][1] if anchors else -1
    high = next(
        (order[row.key] for o in later for row, _ in o.labels[:1] if row.key in order), len(shape.rows)
    )
    free = [r for r in shape.rows[low + 1 : high] if r.key not in slots]
    if len(free) == 1 and _resembles(ctx.unit(obs.texts[0]).text, free[0]):
        obs.labels.append((free[0], obs.texts.pop(0)))


def _resembles(text: str, row: FormRow) -> bool:
    """Whether a label cell the grammar did not take reads as ``row``'s label with a character
    or two misread (OCR's 无正当理出 for 无正当理由): either as long as the label, numbering
    and all, and one character apart, where that leaves three or more of its words as they
    are, or a numbered one (（七）某计); or four characters or more, numbering aside, that
    match the label (or its start, for a label cut short) by difflib's ratio to `_RESEMBLES`."""
    label = fold_cell(row.label)
    if len(text) == len(label) and sum(a != b for a, b in zip(text, label, strict=True)) == 1:
        numbering = LABEL_NUMBERING.match(label)
        if len(label) >= 4 or (
            numbering and text.startswith(numbering.group()) and len(label) > len(numbering.group()) + 1
        ):
            return True
    mine = LABEL_NUMBERING.sub("", text)
    theirs = LABEL_NUMBERING.sub("", label)
    if len(mine) < 4:
        return False
    whole = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    start = difflib.SequenceMatcher(None, mine, theirs[: len(mine)], autojunk=False)
    return max(whole.ratio(), start.ratio()) >= _RESEMBLES


def _settle(
    ctx: _Context, form: FormTable, slots: dict[str, _Slot], relations: Sequence[Relation]
) -> tuple[dict[str, dict[str, Cell[Any] | None]], dict[str, Cell[str]]]:
    """Cells for every slot: certain rows as read, the others as far as the sums settle them."""
    unique = {id(s): s for s in slots.values()}
    settled: dict[int, tuple[Piece | bool | None, ...]] = {}
    if any(not s.certain and (s.source or s.readings) for s in unique.values()):
        # Only a row whose cells the text does not say needs the others' values and the sums.
        known: dict[CellRef, Any] = {}
        uncertain: dict[int, tuple[tuple[CellRef, ...], list[Reading], bool]] = {}
        for key, slot in unique.items():
            refs = tuple(CellRef(form.key, r.key, c.key) for r in slot.rows for c in r.columns)
            if slot.certain:
                known.update({ref: value_of(p) for ref, p in zip(refs, slot.readings[0], strict=True)})
            elif slot.source or slot.readings:
                uncertain[key] = (refs, slot.readings, not slot.supposed)
        settled = resolve(uncertain, known, relations)
    cells: dict[str, dict[str, Cell[Any] | None]] = {}
    labels: dict[str, Cell[str]] = {}
    for key, slot in unique.items():
        got: tuple[Piece | bool | None, ...]
        if slot.certain:
            got = slot.readings[0]
        elif key in settled:
            got = settled[key]
        else:
            got = ()
        at = 0
        for row, label in zip(slot.rows, slot.labels, strict=True):
            if label is not None:
                labels[row.key] = _label_cell(ctx, label, glued=not slot.certain)
            mine = got[at : at + len(row.columns)]
            at += len(row.columns)
            if not mine:
                cells[row.key] = {}  # a label with no values: every cell of the row is missing
                continue
            row_cells: dict[str, Cell[Any] | None] = {}
            lost: list[str] = []  # the columns of values seen but left out (False)
            for c, p in zip(row.columns, mine, strict=True):
                if p is False:
                    lost.append(c.key)
                else:
                    row_cells[c.key] = _cell(ctx, c.kind, p)
            cells[row.key] = row_cells
            if lost:
                ctx.unplaced.append(
                    Unplaced(
                        table=form.key,
                        row=row.key,
                        columns=tuple(lost),
                        raw=ctx.raw(slot.source) or (ctx.unit(label).text if label is not None else ""),
                        reason=_reason(slot, len(row.columns)),
                        span=ctx.span(slot.source or [r for r in slot.labels if r is not None]),
                    )
                )
    return cells, labels


def _reason(slot: _Slot, width: int) -> str:
    n = len(slot.source)
    if any(r.type not in _VALUE_TYPES for r in slot.source):
        return "单元格数字连写，不能读作一个数 / a cell's digits run together into no single number"
    if len(slot.rows) > 1 and 1 < n < sum(len(r.columns) for r in slot.rows):
        width = sum(len(r.columns) for r in slot.rows)  # one run for the rows: blanks dropped
    elif len(slot.rows) > 1:
        return (
            "多行被合并为一行，按勾稽关系无法确定各数值所属"
            " / rows merged, and the sums do not tell whose values are whose"
        )
    if n <= 1 < width:
        return (
            "各单元格数字连写，无法唯一拆分 / digits run together, and no single split fits the form's sums"
        )
    if n < width:
        return (
            f"该行只有{n}个数值而表式有{width}列（空白单元格缺失），按勾稽关系无法唯一确定位置"
            f" / {n} values for {width} columns (blank cells dropped),"
            " and the sums allow more than one placement"
        )
    if n > width:
        return f"该行有{n}个数值而表式只有{width}列 / {n} values for {width} columns"
    return "数值与表式的勾稽关系不符 / the values break the form's sums"


def _label_cell(ctx: _Context, label: Ref, *, glued: bool) -> Cell[str]:
    """A row's label cell; digits run onto it are not part of it."""
    unit = ctx.unit(label)
    m = _GLUED.search(unit.text) if glued else None
    raw = ctx.canon.raw(unit)
    if m and m.start() > 0 and len(raw) == len(unit.text):
        end = unit.start + m.start()
        return Cell(value=unit.text[: m.start()], raw=raw[: m.start()], span=ctx.canon.span(unit.start, end))
    return text_cell(ctx.canon, unit)


def _cell(ctx: _Context, kind: str, piece: Piece | bool | None) -> Cell[Any] | None:
    """The model's cell for a placed piece; a blank one where the reading has a blank."""
    if piece is None:
        return Cell(value=None, raw="")
    if isinstance(piece, bool):
        return None
    unit = ctx.canon.units[piece.unit]
    if piece.offset == 0 and piece.text == unit.text:
        return money_cell(ctx.canon, unit) if kind == "money" else count_cell(ctx.canon, unit)
    raw = ctx.canon.raw(unit)
    exact = len(raw) == len(unit.text)
    start = unit.start + piece.offset if exact else unit.start
    end = start + len(piece.text) if exact else unit.end
    read = read_number(piece.text)
    value: int | Decimal | None = None
    if read is not None:
        value = read.number if kind == "money" else read.as_count
    return new_cell(value, ctx.canon.source[start:end], ctx.canon.span(start, end))


def _table_span(ctx: _Context, elements: Sequence[Element]) -> Span:
    first, last = elements[0], elements[-1]
    end = last.rest[-1] if last.rest else last.label
    return ctx.canon.span(ctx.unit(first.label).start, ctx.unit(end).end)


def _leading_values(rest: Sequence[Ref]) -> list[Ref]:
    i = 0
    while i < len(rest) and rest[i].type in _VALUE_TYPES:
        i += 1
    return list(rest[:i])


# ---- table 2 -----------------------------------------------------------------------------------


def _template(ctx: _Context, elements: Sequence[Element]) -> Template:
    """Which form table 2 follows: its header words vote; failing those, how many numbers a
    row of 许可/处罚/强制 carries (three in 2019, one in 2021)."""
    votes_2021 = votes_2019 = 0
    for e in elements:
        texts = [ctx.unit(e.label).text]
        if e.kind in ("t2_header", "t2_caption"):
            texts += [ctx.unit(t).text for t in e.rest if t.type == "CELL_TEXT"]
        for text in texts:
            votes_2021 += sum(w in text for w in _TEMPLATE_2021_WORDS)
            votes_2019 += sum(w in text for w in _TEMPLATE_2019_WORDS)
        if e.kind in ("t2_other_services", "t2_procurement"):
            votes_2019 += 1
    if votes_2019 != votes_2021:
        return "2019" if votes_2019 > votes_2021 else "2021"
    for e in elements:
        if e.kind in ("t2_licensing", "t2_punishment", "t2_coercion"):
            return "2019" if sum(t.type == "NUM" for t in _leading_values(e.rest)) >= 2 else "2021"
    return "2021"


def _active(ctx: _Context, elements: Sequence[Element]) -> Any:
    if not elements:
        return None
    template = _template(ctx, elements)
    form = FORMS[template].table("active")
    known = {r.rule for r in form.rows} | {"t2_caption", "t2_header"}
    for e in elements:
        if e.kind not in known:
            # A row of the other template: not part of this table.
            ctx.stray.append(ctx.text(e.label))
            _keep_loose(ctx, e.rest, e.part)
    cells, labels = _table(ctx, form, form, [e for e in elements if e.kind in known], ())
    return build_table(
        table_class("active", template),
        form,
        cells,
        labels=labels,
        span=_table_span(ctx, elements),
        header_found=any(e.kind == "t2_header" for e in elements),
        part=elements[0].part,
    )


# ---- table 3 -----------------------------------------------------------------------------------


def _applications(ctx: _Context, elements: Sequence[Element], template: str | None) -> Applications | None:
    if not elements:
        return None
    groups: dict[str, Cell[str]] = {}
    results: Cell[str] | None = None
    rows: list[Element] = []
    for e in elements:
        if e.kind == "t3_results_head":
            results = results or ctx.text(e.label)
        elif e.kind in _T3_GROUP_HEADS:
            groups.setdefault(_T3_GROUP_HEADS[e.kind], ctx.text(e.label))
        elif (
            e.kind == "t3_other_head"
            and not _leading_values(e.rest)
            and not _GLUED.search(ctx.unit(e.label).text)
        ):
            # （六）其他处理 heads the 2021 form's sub-rows; with values after it, it is the
            # 2019 form's single row.
            groups.setdefault("other", ctx.text(e.label))
        else:
            rows.append(e)
            continue
        rows.append(Element(f"head:{e.kind}", e.label, e.rest, e.part))
    kinds = {e.kind for e in rows}
    single = "t3_other_head" in kinds
    subs = bool(kinds & {"t3_other_overdue_correction", "t3_other_overdue_fee", "t3_other_other"})
    if (single and not subs) or (template == "2019" and not subs):
        shape, source = APPLICATIONS_2019, FORM_2019.relations
    elif single:
        shape, source = APPLICATIONS_UNION, UNION_RELATIONS
    else:
        shape, source = APPLICATIONS_2021, FORM_2021.relations
    relations = [r for r in source if r.target.table == "applications"]
    cells, labels = _table(
        ctx, APPLICATIONS_UNION, shape, rows, relations, columns_shown=_shows_columns(ctx, elements)
    )
    table: Applications = build_table(
        Applications,
        APPLICATIONS_UNION,
        cells,
        labels=labels,
        group_labels=groups,
        span=_table_span(ctx, elements),
        header_found=any(e.kind == "t3_header" for e in elements),
        part=elements[0].part,
        results_label=results,
    )
    return table


def _shows_columns(ctx: _Context, elements: Sequence[Element]) -> bool:
    """Whether table 3's applicant columns stand where its cells say: headed by cells of their
    own (自然人, 商业企业 …), or headed by nothing at all (a table without its header); not
    when the headings are run together in one cell above the grid (a converter that lost the
    grid's header row, and maybe its columns)."""
    texts = [ctx.unit(r).text for e in elements if e.kind == "t3_header" for r in (e.label, *e.rest)]
    if any(text in _T3_COLUMN_HEADS for text in texts):
        return True
    return not any(head in text for text in texts for head in _T3_COLUMN_HEADS)


# ---- table 4 -----------------------------------------------------------------------------------


def _reviews(ctx: _Context, elements: Sequence[Element]) -> Reviews | None:
    """Table 4: the 15 values after its header, however many header runs stand before them
    (placeholders for the spanned header; three mini-tables of five)."""
    if not elements:
        return None
    runs: list[list[Ref]] = []
    tail_blank_run: list[Ref] = []
    for e in elements:
        run: list[Ref] = []
        for token in [*e.rest, None]:
            if token is not None and token.type == "BLANK" and _is_padding(ctx, token):
                continue  # a line of pipes: padding for the header's merged cells
            if token is not None and token.type in _VALUE_TYPES:
                run.append(token)
                continue
            if any(t.type == "NUM" for t in run):
                runs.append(run)
                tail_blank_run = []
            elif run:
                tail_blank_run = run
            run = []
    if not runs and len(tail_blank_run) >= _T4_WIDTH:
        runs = [tail_blank_run]  # a table 4 whose 15 cells are all blank
    data = [t for run in runs for t in run]
    if _fused(ctx, data):
        # Numbers of two columns shared a cell: empty cells no longer hold a column's place.
        data = [t for t in data if ctx.unit(t).text]
    placed = None
    if 0 < len(data) < _T4_WIDTH and ctx.canon.layout == "text_rows":
        # Blank cells dropped from the row set out with spaces: the values' places tell.
        heads = [ctx.unit(r) for e in elements for r in (e.label, *e.rest) if ctx.unit(r).text in _T4_GROUP]
        if tuple(u.text for u in heads) == _T4_GROUP * 3:
            placed = under_headings(ctx.canon, heads, [ctx.unit(t) for t in data])
    return _review_table(
        ctx, data, span=_table_span(ctx, elements), header_found=True, part=elements[0].part, placed=placed
    )


def _review_table(
    ctx: _Context,
    data: list[Ref],
    *,
    span: Span,
    header_found: bool,
    part: int | None,
    placed: list[int] | None = None,
) -> Reviews:
    form = FORM_2021.table("reviews")
    surplus: tuple[Cell[str], ...] = ()
    if len(data) > _T4_WIDTH:
        extra, data = data[:-_T4_WIDTH], data[-_T4_WIDTH:]
        surplus = tuple(ctx.text(t) for t in extra if t.type == "NUM")
    cells: dict[str, dict[str, Cell[Any] | None]] = {}
    if data:
        readings = _readings(_pieces(ctx, data), _T4_WIDTH)
        if placed is not None:
            readings = _placed_readings(ctx, placed, data, _T4_WIDTH)
        slot = _Slot(list(form.rows), [None] * len(form.rows), readings, data, certain=len(readings) == 1)
        relations = [r for r in FORM_2021.relations if r.target.table == "reviews"]
        cells, _ = _settle(ctx, form, {"*": slot}, relations)
        # A block none of whose cells could be read is absent, not blank.
        cells = {k: v for k, v in cells.items() if v}
    table: Reviews = build_table(
        Reviews, form, cells, span=span, header_found=header_found, part=part, surplus=surplus
    )
    return table


def _under_t4_header(ctx: _Context, first: Ref) -> list[Ref] | None:
    """Whether the run starts right under table 4's header words, printed as prose (their
    last five are a group's column headings, 结果维持 … 总计, which no other table has); if
    so, the blank cells written 无 between them and the run, which the front end took for
    prose lines (a cell a line: 无 is no value token), as the run's first cells."""
    units = ctx.canon.units
    at = first.at
    while at > 0 and not units[at - 1].is_cell and units[at - 1].text == _BLANK_WORD:
        at -= 1
    before = units[max(0, at - len(_T4_GROUP)) : at]
    if tuple(u.text for u in before) != _T4_GROUP:
        return None
    return [Ref("BLANK", k) for k in range(at, first.at)]


def _recover_reviews(ctx: _Context) -> Reviews | None:
    """A row of 15 values with no header and no label, read as table 4 by its shape alone; or,
    right under its header words printed as prose, a run of fewer, whose blank cells a
    converter dropped: its values are placed by the form's sums, or left out."""
    for index, (loose, part, label) in enumerate(ctx.loose):
        if label is not None and label not in _T4_WORDS:
            continue  # values of a row another table's label names
        lead = _under_t4_header(ctx, loose[0]) if len(loose) < _T4_WIDTH else None
        run = [*lead, *loose] if lead is not None and len(lead) + len(loose) <= _T4_WIDTH else loose
        if run is loose and (len(run) < _T4_WIDTH or any(t.type == "NUM" for t in run[:-_T4_WIDTH])):
            continue
        data = run[-_T4_WIDTH:]
        if not any(t.type == "NUM" for t in data):
            continue
        del ctx.loose[index]
        span = ctx.span(data)
        assert span is not None
        return _review_table(ctx, data, span=span, header_found=False, part=part)
    return None
