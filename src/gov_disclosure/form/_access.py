"""Reading the model through the form: a table's rows, a row's cells, the sums that apply.

The model's classes are typed for their users (``report.applications.denied.state_secret``);
everything that walks every row or cell (facts, checks, rendering, strategies) goes through
the form instead, so the walk is written once and follows the form's order.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from gov_disclosure.form._schema import CellRef, Column, Form, FormRow, FormTable, Relation, TableKey
from gov_disclosure.form._statutory import (
    APPLICATIONS_2019,
    APPLICATIONS_2021,
    APPLICATIONS_UNION,
    FORMS,
    REVIEWS,
    T3_APPLICANTS,
    T3_LEGAL_PERSONS,
    UNION_RELATIONS,
)
from gov_disclosure.model import AnnualReport, Applications, Cell

__all__ = [
    "LABEL_NUMBERING",
    "TABLE_KEYS",
    "applications_form",
    "cell_at",
    "cells_reader",
    "form_table",
    "glued_cells",
    "glued_runs",
    "label_marker",
    "lookup",
    "lookup_all",
    "opens_with_label",
    "present_cells",
    "prose_cells",
    "relations",
    "replaced",
    "report_relations",
    "row_at",
    "table_at",
]

TABLE_KEYS: tuple[TableKey, ...] = ("active", "applications", "reviews")
"""The three statistical tables, in the report's order."""


def table_at(report: AnnualReport, key: str) -> Any:
    """The model's object for table ``key`` (``active``, ``applications``, ``reviews``), or None."""
    return getattr(report, key)


def row_at(table: Any, row: FormRow) -> Any:
    """The model's object for ``row`` in ``table`` (a table object), or None when absent."""
    obj = table
    for name in row.path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def cell_at(row: Any, column: Column | str) -> Cell[Any] | None:
    """The cell of ``column`` in a row object, or None when the row or the cell is absent."""
    if row is None:
        return None
    cell: Cell[Any] | None = getattr(row, column if isinstance(column, str) else column.key)
    return cell


def _has_sub_rows(apps: Applications) -> bool:
    other = apps.other
    return any(r is not None for r in (other.overdue_correction, other.overdue_fee, other.other))


def applications_form(apps: Applications, template: str | None = None) -> FormTable:
    """The shape of a report's table 3: the 2019 form's single （六） row, the 2021 form's three
    sub-rows, or both (a report mixing the forms); with neither, the form of ``template`` (the
    report's table 2), else 2021's."""
    combined, subs = apps.other.combined is not None, _has_sub_rows(apps)
    if combined:
        return APPLICATIONS_UNION if subs else APPLICATIONS_2019
    return APPLICATIONS_2019 if template == "2019" and not subs else APPLICATIONS_2021


def form_table(report: AnnualReport, key: str) -> FormTable | None:
    """The form of a table the report has, as the report fills it in; None when it has none.

    Table 2's form is the report's template; table 3's the shape of its （六） rows.
    """
    table = table_at(report, key)
    if table is None:
        return None
    if key == "active":
        form: Form = FORMS[table.template]
        return form.table("active")
    if key == "applications":
        return applications_form(table, report.meta.template)
    return REVIEWS


def relations(report: AnnualReport, code: str | None = None) -> Iterator[Relation]:
    """The sums that tie the report's tables 3 and 4, as the shapes it has imply them."""
    return (r for r in report_relations(report) if code in (None, r.code))


def report_relations(report: AnnualReport) -> tuple[Relation, ...]:
    """`relations` as one tuple: the same tuple for every report of one shape."""
    apps = report.applications
    shape = applications_form(apps, report.meta.template) if apps is not None else None
    return _relations_of(shape, report.reviews is not None)


@functools.cache
def _relations_of(shape: FormTable | None, reviews: bool) -> tuple[Relation, ...]:
    out: list[Relation] = []
    if shape is not None:
        source = (
            UNION_RELATIONS
            if shape is APPLICATIONS_UNION
            else FORMS["2019" if shape is APPLICATIONS_2019 else "2021"].relations
        )
        out += (r for r in source if r.target.table == "applications")
    if reviews:
        out += (r for r in FORMS["2021"].relations if r.target.table == "reviews")
    return tuple(out)


def prose_cells(report: AnnualReport) -> Iterator[Cell[str]]:
    """Every paragraph of the report in order, headings too: the preamble, then each part's
    heading, paragraphs and sub-sections."""
    yield from report.preamble
    for part in report.parts:
        yield part.heading
        yield from part.paragraphs
        for sub in part.subsections:
            yield sub.heading
            yield from sub.paragraphs


def present_cells(report: AnnualReport) -> Iterator[tuple[FormTable, FormRow, Column, Cell[Any]]]:
    """Every cell the report has, table by table in the form's order."""
    # Attribute by attribute, not by `cells_reader`: a model whose class disagrees with its
    # form (one built by hand) raises here rather than losing the cells it cannot place.
    for key in TABLE_KEYS:
        table = table_at(report, key)
        form = _reading_form(report, key)
        if table is None or form is None:
            continue
        for row in form.rows:
            obj = row_at(table, row)
            if obj is None:
                continue
            for column in row.columns:
                cell = cell_at(obj, column)
                if cell is not None:
                    yield form, row, column, cell


def _reading_form(report: AnnualReport, key: str) -> FormTable | None:
    """Like `form_table`, but table 3 always in the union of both shapes: what was read."""
    if key == "applications" and report.applications is not None:
        return APPLICATIONS_UNION
    return form_table(report, key)


@functools.cache
def _paths() -> dict[tuple[str, str], tuple[str, ...]]:
    """Each (table, row) key's path in the model; one path whichever form the row is in."""
    tables = (*FORMS["2021"].tables, *FORMS["2019"].tables, APPLICATIONS_UNION)
    return {(t.key, r.key): r.path for t in tables for r in t.rows}


@functools.cache
def _getter(ref: CellRef) -> Callable[[AnnualReport], Cell[Any] | None]:
    """Reads ``ref``'s cell from a report; AttributeError where a table or row is absent."""
    return operator.attrgetter(".".join((ref.table, *_paths()[ref.table, ref.row], ref.column)))


def replaced(obj: Any, path: tuple[str, ...], new: Any) -> Any:
    """A copy of the frozen model object ``obj`` with what stands at ``path`` (attribute
    names: a table, its row objects, a column) replaced by ``new`` (None: left out)."""
    head, rest = path[0], path[1:]
    return attrs.evolve(obj, **{head: replaced(getattr(obj, head), rest, new) if rest else new})


def lookup(report: AnnualReport, ref: CellRef) -> Cell[Any] | None:
    """The cell ``ref`` names in the report, or None when the report lacks it."""
    try:
        return _getter(ref)(report)
    except AttributeError:  # an absent table or row is None, and None has no cells
        return None


@functools.cache
def _row_readers(
    refs: tuple[CellRef, ...],
) -> tuple[tuple[Callable[[AnnualReport], Any], Callable[[Any], tuple[Any, ...]], tuple[int, ...]], ...]:
    """Per row among ``refs``: a getter of the row object, a getter of its cells (as a
    tuple), and the positions in ``refs`` of those cells."""
    rows: dict[tuple[str, str], list[int]] = {}
    for i, ref in enumerate(refs):
        rows.setdefault((ref.table, ref.row), []).append(i)
    out = []
    for (table, row), at in rows.items():
        names = [refs[i].column for i in at]
        one = operator.attrgetter(names[0])
        # attrgetter of one name gives the value, not a 1-tuple.
        cells = operator.attrgetter(*names) if len(names) > 1 else (lambda row, one=one: (one(row),))
        out.append((operator.attrgetter(".".join((table, *_paths()[table, row]))), cells, tuple(at)))
    return tuple(out)


def lookup_all(report: AnnualReport, refs: tuple[CellRef, ...]) -> tuple[Cell[Any] | None, ...]:
    """``tuple(lookup(report, ref) for ref in refs)``, each row's object read once."""
    return cells_reader(refs)(report)


@functools.cache
def cells_reader(refs: tuple[CellRef, ...]) -> Callable[[AnnualReport], tuple[Cell[Any] | None, ...]]:
    """`lookup_all` for ``refs`` as a function of the report, made once: a caller that reads
    the same many cells of every report keeps it, and the refs are not hashed again."""
    readers = _row_readers(refs)
    size = len(refs)

    def read(report: AnnualReport) -> tuple[Cell[Any] | None, ...]:
        out: list[Cell[Any] | None] = [None] * size
        for row_of, cells_of, at in readers:
            try:
                row = row_of(report)
            except AttributeError:  # the table is absent
                continue
            if row is None:
                continue
            try:
                cells = cells_of(row)
            except AttributeError:  # a row of the other template's class: some columns absent
                cells = tuple(getattr(row, refs[i].column, None) for i in at)
            for i, cell in zip(at, cells, strict=True):
                out[i] = cell
        return tuple(out)

    return read


# A label's numbering: 一、 (一) 1. (folded).
LABEL_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}[、.]|\([一二三四五六七八九十]{1,2}\)|\d{1,2}[.、])"
)


def label_marker(label: str) -> str:
    """A label's opening words, folded (NFKC, no white space): its numbering and the four
    characters after it, enough to know the row ("(二)部分公开", "四、结转下年")."""
    folded = _fold(label)
    m = LABEL_NUMBERING.match(folded)
    return folded[: (m.end() if m else 0) + 4]


@functools.cache
def _markers() -> tuple[str, ...]:
    tables = [*FORMS["2021"].tables, *FORMS["2019"].tables, APPLICATIONS_UNION]
    labels = {r.label for t in tables for r in t.rows if r.rule} | {b.label for t in tables for b in t.blocks}
    return tuple(sorted({label_marker(label) for label in labels}))


def opens_with_label(text: str) -> bool:
    """Whether folded ``text`` opens with a row or block label of either form's tables."""
    return text.startswith(_markers())


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@functools.cache
def _glued() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    tables = [*FORMS["2021"].tables, *FORMS["2019"].tables, APPLICATIONS_UNION]
    labels = {_fold(v) for t in tables for r in t.rows for v in (r.label, *r.variants) if r.rule}
    labels |= {_fold(b.label) for t in tables for b in t.blocks}
    heads = {_fold(c.label) for t in tables for r in t.rows for c in r.columns}
    heads |= {_fold(r.label) for r in FORMS["2021"].table("reviews").rows}
    heads |= {_fold(b.label) for b in FORMS["2021"].table("reviews").blocks}
    heads |= {T3_APPLICANTS, T3_LEGAL_PERSONS, "信息内容"}  # 信息内容: table 2's label column

    def any_of(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # A label then more labels, not ``(?:…)+``: an alternation that opens the pattern lets the
    # regex engine skip to the positions where one of its first characters stands (5× faster
    # over long lines of prose, which hold none of these runs).
    label = f"(?:{any_of(labels)})"
    # At most four labels run together (（三）不予公开1.属于国家秘密 has two): a longer run of
    # labels with no digits after it would be scanned again from each of its labels.
    labels_run = f"{label}(?:{label}){{0,3}}"
    row = re.compile(f"{labels_run}[+\\-]?\\d[\\d,.+\\-]*")
    # In one-line text a row's digits run on into what follows: the next row's label, whose
    # numbering may be a digit (…00000002.其他法律…), a heading, a caption, a header; never a
    # unit (行政许可37件 is prose).
    numbered = r"[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[）)]"
    after = numbered + r"|第二十条|信息内容|行政复议|$"
    run = re.compile(f"{labels_run}[+\\-]?\\d[\\d,.+\\-]*?(?=\\s*(?:{label}|{after}))")
    head_word = f"(?:{any_of(heads)})"
    head = re.compile(f"{head_word}(?:{head_word})+")
    # What every match of ``run`` or ``head`` holds: a label's last character before a digit
    # (a sign between them), or a heading's last character before a heading's first. One
    # class opens it, so a line of prose is passed over at the speed of a character search,
    # not tried label by label.
    ends, head_ends = (re.escape("".join(sorted({w[-1] for w in words}))) for words in (labels, heads))
    head_starts = re.escape("".join(sorted({w[0] for w in heads})))
    hint = re.compile(f"[{ends}{head_ends}](?:(?<=[{ends}])[+\\-]?\\d|(?<=[{head_ends}])[{head_starts}])")
    return row, run, head, hint


def glued_cells(text: str) -> bool:
    """Whether folded ``text`` is a table line whose cells ran together, as web text whose tags
    were stripped with no separator shows them: row labels of the forms and then digits
    (规章000, （三）不予公开1.属于国家秘密0000000), or two or more column headings
    (结果维持结果纠正其他结果…). Nothing else: no sentence of prose is read as a row."""
    row, _, head, _ = _glued()
    return row.fullmatch(text) is not None or head.fullmatch(text) is not None


def glued_runs(text: str) -> Iterator[re.Match[str]]:
    """The rows and header runs whose cells ran together (as `glued_cells` reads them) in
    ``text``: the tables of one-line text. A row's digits end where the next label begins."""
    _, run, head, hint = _glued()
    if hint.search(text) is None:
        return
    for pattern in (run, head):
        yield from pattern.finditer(text)
