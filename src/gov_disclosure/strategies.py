"""Hypothesis strategies: complete, arithmetically consistent reports, broken ones, partial ones.

Needs the ``hypothesis`` extra (``pip install 'gov-disclosure[hypothesis]'``).

>>> from hypothesis import given
>>> from gov_disclosure.strategies import reports
>>> @given(reports())
... def test_my_check_accepts_consistent_reports(report):
...     assert not list(my_check(report))
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "gov_disclosure.strategies needs hypothesis: pip install 'gov-disclosure[hypothesis]'"
    ) from exc

from gov_disclosure.form import (
    FORMS,
    LEGAL_PERSON_COLUMNS,
    PARTS,
    T3_RESULTS,
    CellRef,
    Column,
    FormTable,
    Relation,
    build_table,
    present_cells,
    replaced,
    table_class,
)
from gov_disclosure.model import AnnualReport, Cell, Part, ReportMeta, Template

__all__ = ["cell_paths", "replace_cell", "reports"]

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[T]], T]

# (organ, may make 规章): county-level organs cannot (rule T002).
_SUBJECTS = (
    ("云溪县人民政府", False),
    ("云溪县统计局", False),
    ("白石镇人民政府", False),
    ("青禾市人民政府", True),
    ("青禾市生态环境局", False),
    ("东湖区人民政府", False),
    ("某某省人民政府", True),
)
_COUNTS = st.integers(min_value=0, max_value=60) | st.integers(min_value=0, max_value=3)
# Plausibility beyond the form's sums, so that no T or X rule fires on a consistent report:
# documents in force are at least those issued this year, published at most those made.
_AT_LEAST = {"in_force": "issued", "total_published": "published"}
_AT_MOST = {"published": "made"}


def _text(value: str) -> Cell[str]:
    return Cell(value=value, raw=value)


def _count(v: int, *, signed: bool = False) -> Cell[int]:
    return Cell(value=v, raw=f"{v:+d}" if signed and v else str(v))


def _money(draw: Draw[Any]) -> Cell[Decimal]:
    cents = draw(st.integers(min_value=0, max_value=10_000_000))
    places = draw(st.sampled_from([0, 1, 2]))
    amount = (Decimal(cents) / 100).quantize(Decimal(1).scaleb(-places))
    return Cell(value=amount, raw=format(amount, "f"))


def _active(draw: Draw[Any], form: FormTable, makes_rules: bool) -> Any:
    """Table 2: every cell drawn by its column's kind; 规章 zero for an organ that cannot make any."""
    rows: dict[str, dict[str, Cell[Any] | None]] = {}
    for row in form.rows:
        cells: dict[str, Cell[Any] | None] = {}
        values: dict[str, int] = {}
        for column in row.columns:
            if column.kind == "money":
                cells[column.key] = _money(draw)
                continue
            if row.key == "rules" and not makes_rules:
                v = 0
            elif column.kind == "signed":
                v = draw(st.integers(min_value=-values.get("previous_items", 0), max_value=40))
            else:
                v = int(draw(_COUNTS))
                if column.key in _AT_LEAST:
                    v += values[_AT_LEAST[column.key]]
                if column.key in _AT_MOST:
                    v = min(v, values[_AT_MOST[column.key]])
            values[column.key] = v
            cells[column.key] = _count(v, signed=column.kind == "signed")
        rows[row.key] = cells
    return build_table(table_class("active", form_template(form)), form, rows, part=2)


def form_template(form: FormTable) -> Template:
    """The template whose form ``form`` (a table 2) is."""
    return "2021" if form is FORMS["2021"].table("active") else "2019"


def _same_side(rel: Relation, ref: CellRef) -> tuple[CellRef, ...]:
    return rel.left if ref in rel.left else rel.right


def _solve(values: dict[CellRef, int], relations: tuple[Relation, ...]) -> None:
    """Fill in every cell a relation determines once the others are known, until none is left."""
    progress = True
    while progress:
        progress = False
        for rel in relations:
            unknown = [c for c in rel.cells if c not in values]
            if len(unknown) != 1 or unknown[0] != rel.solve_for:
                continue
            mine = _same_side(rel, rel.solve_for)
            other = rel.right if mine is rel.left else rel.left
            values[rel.solve_for] = sum(values[c] for c in other) - sum(
                values[c] for c in mine if c != rel.solve_for
            )
            progress = True


def _summed(draw: Draw[Any], form: FormTable, relations: tuple[Relation, ...], counts: Any) -> dict[str, Any]:
    """Rows of a table tied by sums: every cell no relation determines is drawn, the rest
    computed from the relations, so the table is consistent by construction.

    A drawn cell on the same side as a computed one (二、上年结转 beside 一、本年新收) is drawn last,
    at most what keeps the computed cell from going below zero.
    """
    mine = tuple(r for r in relations if r.target.table == form.key)
    solved = {r.solve_for for r in mine}
    bounded = {c for r in mine for c in _same_side(r, r.solve_for) if c != r.solve_for and c not in solved}
    values: dict[CellRef, int] = {}
    refs = [CellRef(form.key, row.key, c.key) for row in form.rows for c in row.columns]
    for ref in refs:
        if ref not in solved and ref not in bounded:
            values[ref] = int(draw(counts))
    _solve(values, mine)
    for ref in refs:
        if ref not in bounded:
            continue
        rel = next(r for r in mine if ref in _same_side(r, r.solve_for))
        other = rel.right if ref in rel.left else rel.left
        room = sum(values[c] for c in other) - sum(
            values[c] for c in _same_side(rel, ref) if c not in (ref, rel.solve_for)
        )
        values[ref] = draw(st.integers(min_value=0, max_value=max(room, 0)))
    _solve(values, mine)
    rows: dict[str, Any] = {}
    for ref in refs:
        rows.setdefault(ref.row, {})[ref.column] = _count(values[ref])
    return rows


def _applications(draw: Draw[Any], template: Template) -> Any:
    form = FORMS[template]
    t3 = form.table("applications")
    rows = _summed(draw, t3, form.relations, _COUNTS)
    groups = {b.key: _text(b.label) for b in t3.blocks if b.rule and b.key != "results"}
    return build_table(
        table_class("applications", template),
        t3,
        rows,
        group_labels=groups,
        part=3,
        results_label=_text(T3_RESULTS),
    )


def _reviews(draw: Draw[Any]) -> Any:
    form = FORMS["2021"]
    t4 = form.table("reviews")
    rows = _summed(draw, t4, form.relations, st.integers(min_value=0, max_value=9))
    return build_table(table_class("reviews", "2021"), t4, rows, part=4)


@st.composite
def _consistent(draw: Draw[Any], template: Template | None) -> AnnualReport:
    form: Template = template or draw(st.sampled_from(["2019", "2021"]))
    year = draw(
        st.sampled_from([2019, 2020]) if form == "2019" else st.integers(min_value=2021, max_value=2026)
    )
    subject, makes_rules = draw(st.sampled_from(_SUBJECTS))
    day = draw(st.integers(min_value=1, max_value=31))
    applications = _applications(draw, form)
    new = applications.new_received
    natural = new.natural_person.value
    legal = sum(getattr(new, c).value for c in LEGAL_PERSON_COLUMNS)
    title = f"{subject}{year}年政府信息公开工作年度报告"
    paragraphs = {
        1: f"{year}年，全年新收政府信息公开申请{new.total.value}件，其中自然人申请{natural}件，"
        f"法人或其他组织申请{legal}件；上年结转{applications.carried_over.total.value}件。"
        f"办结的申请中，予以公开{applications.granted.total.value}件。",
        5: f"{year + 1}年将进一步加强政策解读。",
        6: f"本机关{year}年未收取信息处理费。",
    }
    parts = tuple(
        Part(
            number=p.number,
            heading=_text(p.heading),
            paragraphs=(_text(paragraphs[p.number]),) if p.number in paragraphs else (),
        )
        for p in PARTS
    )
    published = f"{year + 1}-01-{day:02d}"
    meta = ReportMeta(
        title=_text(title),
        subject=_text(subject),
        year=Cell(value=year, raw=str(year)),
        published=Cell(value=published, raw=f"{year + 1}年1月{day}日"),
        template=form,
    )
    return AnnualReport(
        meta=meta,
        preamble=(_text(title), _text(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")),
        parts=parts,
        active=_active(draw, FORMS[form].table("active"), makes_rules),
        applications=applications,
        reviews=_reviews(draw),
    )


def cell_paths(report: AnnualReport) -> list[tuple[str, ...]]:
    """The attribute paths of every count cell of tables 3 and 4 (``("applications",
    "denied", "state_secret", "total")`` …), for tests that change one cell."""
    return [p for p in _cell_paths(report) if p[0] != "active"]


def _cell_paths(report: AnnualReport) -> list[tuple[str, ...]]:
    return [(table.key, *row.path, column.key) for table, row, column, _ in present_cells(report)]


def replace_cell(obj: Any, path: tuple[str, ...], cell: Cell[Any]) -> Any:
    """A copy of ``obj`` with the cell at ``path`` replaced."""
    return replaced(obj, path, cell)


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        obj = getattr(obj, name)
    return obj


@st.composite
def _inconsistent(draw: Draw[Any], template: Template | None) -> AnnualReport:
    report = draw(_consistent(template))
    path = draw(st.sampled_from(cell_paths(report)))
    old = _get(report, path).value
    new = draw(st.integers(min_value=0, max_value=old + 50).filter(lambda v: v != old))
    broken: AnnualReport = replace_cell(report, path, _count(new))
    return broken


# What reports write in a blank cell; none of it is a number.
_BLANK_RAWS = ("", "/", "／", "-", "—", "无")


def _row_paths(report: AnnualReport) -> list[tuple[tuple[str, ...], tuple[Column, ...]]]:
    """The paths of the rows of tables 2 and 3 the report has, with their columns."""
    seen: dict[tuple[str, ...], tuple[Column, ...]] = {}
    for table, row, _, _ in present_cells(report):
        if table.key != "reviews":
            seen.setdefault((table.key, *row.path), row.columns)
    return list(seen.items())


@st.composite
def _partial(draw: Draw[Any], base: st.SearchStrategy[AnnualReport]) -> AnnualReport:
    report: AnnualReport = draw(base)
    # Blank cells: a few anywhere, whole rows, and perhaps every 0 of table 3's applicant
    # columns (only 总计 written), as Word forms filled in by hand often have them.
    values = _cell_paths(report)
    for path in draw(st.lists(st.sampled_from(values), unique=True, max_size=12)):
        report = replace_cell(report, path, Cell(value=None, raw=draw(st.sampled_from(_BLANK_RAWS))))
    rows = _row_paths(report)
    for path, columns in draw(st.lists(st.sampled_from(rows), unique=True, max_size=2)) if rows else []:
        for column in columns:
            blank = Cell(value=None, raw=draw(st.sampled_from(_BLANK_RAWS)))
            report = replace_cell(report, (*path, column.key), blank)
    if draw(st.booleans()):
        for path in cell_paths(report):
            cell = _get(report, path)
            if path[0] == "applications" and path[-1] != "total" and cell.value == 0:
                report = replace_cell(report, path, Cell(value=None, raw=""))
    # Rows missing.
    rows = _row_paths(report)
    for path, _ in draw(st.lists(st.sampled_from(rows), unique=True, max_size=3)) if rows else []:
        report = replaced(report, path, None)
    # Whole tables, parts, the title and the date missing.
    meta = report.meta
    tables: dict[str, Any] = {}
    for name in ("active", "applications", "reviews"):
        if draw(st.sampled_from((False, False, False, False, True))):
            tables[name] = None
    if "active" in tables:
        meta = attrs.evolve(meta, template=None)
    dropped = draw(st.sets(st.integers(min_value=1, max_value=6), max_size=4))
    parts = tuple(p for p in report.parts if p.number not in dropped)
    left = [t for n in ("active", "applications", "reviews") if (t := tables.get(n, getattr(report, n)))]
    if not parts and not left:
        parts = report.parts[:1]  # something must be left for a reader to call it a report
    preamble = report.preamble
    if draw(st.booleans()):
        preamble = ()
        meta = attrs.evolve(meta, title=None, subject=None, year=None)
    if draw(st.booleans()):
        meta = attrs.evolve(meta, published=None)
    damaged: AnnualReport = attrs.evolve(report, meta=meta, preamble=preamble, parts=parts, **tables)
    return damaged


def reports(
    *, consistent: bool = True, template: Template | None = None, partial: bool = False
) -> st.SearchStrategy[AnnualReport]:
    """Reports of either form (or of ``template``), complete unless ``partial``.

    ``consistent=True``: every table adds up, the form fits the year, the dates keep the law,
    and the narrative's numbers agree with the tables — no check of the catalogue finds
    anything. ``consistent=False``: the same with one count of table 3 or 4 changed, so at
    least one arithmetic (A) check must fail.

    ``partial=True``: the report then loses what real reports lose, each by chance: cells left
    blank (``/``, ``—``, empty; blank is never 0), rows, whole tables and parts missing, the
    title (with the preamble) and the publication date missing. Such reports stay readable as
    text (what is left reads back the same), but the checks may report what is missing. (A row
    cut short is not among them: no text can tell it from a row whose blank cells a converter
    dropped, so the reader leaves such a row's cells out unless the form's sums place them.)
    """
    base = _consistent(template) if consistent else _inconsistent(template)
    return _partial(base) if partial else base
