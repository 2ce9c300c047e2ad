"""Hypothesis strategies: complete, arithmetically consistent reports, broken ones, partial ones.

Needs the ``hypothesis`` extra (``pip install 'gov-disclosure[hypothesis]'``).

>>> from hypothesis import given
>>> from gov_disclosure.strategies import reports
>>> @given(reports())
... def test_my_check_accepts_consistent_reports(report):
...     assert not list(my_check(report))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "gov_disclosure.strategies needs hypothesis: pip install 'gov-disclosure[hypothesis]'"
    ) from exc

from gov_disclosure.checks._util import APPLICANT_COLUMNS, REVIEW_PARTS
from gov_disclosure.model import (
    PART_HEADINGS,
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Decisions2021Row,
    Denied,
    Documents2019Row,
    Documents2021Row,
    Fees2019Row,
    Fees2021Row,
    Items2019Row,
    NotProcessed,
    OtherHandling,
    Part,
    ProcurementRow,
    ReportMeta,
    ReviewRow,
    Reviews,
    Template,
    Unavailable,
)

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


def _text(value: str) -> Cell[str]:
    return Cell(value=value, raw=value)


def _count(v: int, *, signed: bool = False) -> Cell[int]:
    return Cell(value=v, raw=f"{v:+d}" if signed and v else str(v))


def _money(draw: Draw[Any]) -> Cell[Decimal]:
    cents = draw(st.integers(min_value=0, max_value=10_000_000))
    places = draw(st.sampled_from([0, 1, 2]))
    amount = (Decimal(cents) / 100).quantize(Decimal(1).scaleb(-places))
    return Cell(value=amount, raw=format(amount, "f"))


def _label(cls: type[Any], name: str) -> Cell[str]:
    return _text(str(attrs.fields_dict(cls)[name].metadata["label"]))


def _active(draw: Draw[Any], template: Template, makes_rules: bool) -> Active2021 | Active2019:
    def n() -> int:
        return int(draw(_COUNTS))

    if template == "2021":
        docs: dict[str, Any] = {}
        for key in ("rules", "normative_documents"):
            zero = key == "rules" and not makes_rules
            issued, repealed = (0, 0) if zero else (n(), n())
            in_force = 0 if zero else issued + n()
            docs[key] = Documents2021Row(
                label=_label(Active2021, key),
                issued=_count(issued),
                repealed=_count(repealed),
                in_force=_count(in_force),
            )
        decisions: dict[str, Any] = {
            key: Decisions2021Row(label=_label(Active2021, key), decisions=_count(n()))
            for key in ("licensing", "punishment", "coercion")
        }
        fees = Fees2021Row(label=_label(Active2021, "fees"), amount=_money(draw))
        return Active2021(part=2, fees=fees, **docs, **decisions)
    docs19: dict[str, Any] = {}
    for key in ("rules", "normative_documents"):
        zero = key == "rules" and not makes_rules
        made = 0 if zero else n()
        published = 0 if zero else min(made, n())
        docs19[key] = Documents2019Row(
            label=_label(Active2019, key),
            made=_count(made),
            published=_count(published),
            total_published=_count(0 if zero else published + n()),
        )
    items: dict[str, Any] = {}
    for key in ("licensing", "other_services", "punishment", "coercion"):
        previous = n()
        change = draw(st.integers(min_value=-previous, max_value=40))
        items[key] = Items2019Row(
            label=_label(Active2019, key),
            previous_items=_count(previous),
            change=_count(change, signed=True),
            decisions=_count(n()),
        )
    previous = n()
    fees19 = Fees2019Row(
        label=_label(Active2019, "fees"),
        previous_items=_count(previous),
        change=_count(draw(st.integers(min_value=-previous, max_value=10)), signed=True),
    )
    procurement = ProcurementRow(
        label=_label(Active2019, "procurement"), projects=_count(n()), amount=_money(draw)
    )
    return Active2019(part=2, fees=fees19, procurement=procurement, **docs19, **items)


def _applicant_row(label: str, values: list[int]) -> ApplicantRow:
    cells = {c: _count(v) for c, v in zip(APPLICANT_COLUMNS, values, strict=True)}
    return ApplicantRow(label=_text(label), total=_count(sum(values)), **cells)


def _group(draw: Draw[Any], cls: type[Any], skip: tuple[str, ...] = ()) -> tuple[Any, list[list[int]]]:
    rows: dict[str, ApplicantRow] = {}
    drawn: list[list[int]] = []
    for f in attrs.fields(cls):
        if "label" not in f.metadata or f.name in skip:
            continue
        values = draw(st.lists(_COUNTS, min_size=6, max_size=6))
        drawn.append(values)
        rows[f.name] = _applicant_row(str(f.metadata["label"]), values)
    return cls(
        label=_text(str(attrs.fields_dict(Applications)[_GROUP_KEYS[cls]].metadata["label"])), **rows
    ), drawn


_GROUP_KEYS = {
    Denied: "denied",
    Unavailable: "unavailable",
    NotProcessed: "not_processed",
    OtherHandling: "other",
}


def _applications(draw: Draw[Any], template: Template) -> Applications:
    results: list[list[int]] = []
    granted = draw(st.lists(_COUNTS, min_size=6, max_size=6))
    partial = draw(st.lists(_COUNTS, min_size=6, max_size=6))
    results += [granted, partial]
    denied, d = _group(draw, Denied)
    unavailable, u = _group(draw, Unavailable)
    not_processed, p = _group(draw, NotProcessed)
    results += d + u + p
    if template == "2021":
        other, o = _group(draw, OtherHandling, skip=("combined",))
    else:
        combined = draw(st.lists(_COUNTS, min_size=6, max_size=6))
        other, o = OtherHandling(label=None, combined=_applicant_row("（六）其他处理", combined)), [combined]
    results += o
    handled = [sum(col) for col in zip(*results, strict=True)]
    forward = draw(st.lists(st.integers(min_value=0, max_value=5), min_size=6, max_size=6))
    carried = [draw(st.integers(min_value=0, max_value=h + f)) for h, f in zip(handled, forward, strict=True)]
    new = [h + f - c for h, f, c in zip(handled, forward, carried, strict=True)]

    def row(name: str, values: list[int]) -> ApplicantRow:
        return _applicant_row(str(attrs.fields_dict(Applications)[name].metadata["label"]), values)

    return Applications(
        part=3,
        new_received=row("new_received", new),
        carried_over=row("carried_over", carried),
        results_label=_text("三、本年度办理结果"),
        granted=row("granted", granted),
        partially_granted=row("partially_granted", partial),
        denied=denied,
        unavailable=unavailable,
        not_processed=not_processed,
        other=other,
        total=row("total", handled),
        carried_forward=row("carried_forward", forward),
    )


def _reviews(draw: Draw[Any]) -> Reviews:
    blocks: dict[str, Any] = {}
    for key in ("review", "litigation_direct", "litigation_after_review"):
        values = draw(st.lists(st.integers(min_value=0, max_value=9), min_size=4, max_size=4))
        cells = {c: _count(v) for c, v in zip(REVIEW_PARTS, values, strict=True)}
        blocks[key] = ReviewRow(total=_count(sum(values)), **cells)
    return Reviews(part=4, **blocks)


@st.composite
def _consistent(draw: Draw[Any], template: Template | None) -> AnnualReport:
    form: Template = template or draw(st.sampled_from(["2019", "2021"]))
    year = draw(
        st.sampled_from([2019, 2020]) if form == "2019" else st.integers(min_value=2021, max_value=2026)
    )
    subject, makes_rules = draw(st.sampled_from(_SUBJECTS))
    day = draw(st.integers(min_value=1, max_value=31))
    applications = _applications(draw, form)
    assert applications.new_received is not None and applications.carried_over is not None
    new_total = applications.new_received.total.value if applications.new_received.total else 0
    carried_total = applications.carried_over.total.value if applications.carried_over.total else 0
    title = f"{subject}{year}年政府信息公开工作年度报告"
    paragraphs = {
        1: f"{year}年，全年新收政府信息公开申请{new_total}件，上年结转{carried_total}件。",
        5: f"{year + 1}年将进一步加强政策解读。",
        6: f"本机关{year}年未收取信息处理费。",
    }
    parts = tuple(
        Part(
            number=i,
            heading=_text(heading),
            paragraphs=(_text(paragraphs[i]),) if i in paragraphs else (),
        )
        for i, heading in enumerate(PART_HEADINGS.values(), start=1)
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
        active=_active(draw, form, makes_rules),
        applications=applications,
        reviews=_reviews(draw),
    )


def cell_paths(report: AnnualReport) -> list[tuple[str, ...]]:
    """The attribute paths of every count cell of tables 3 and 4 (``("applications",
    "denied", "state_secret", "total")`` …), for tests that change one cell."""
    return list(_paths(report, ("applications",), report.applications)) + list(
        _paths(report, ("reviews",), report.reviews)
    )


def _paths(report: AnnualReport, prefix: tuple[str, ...], obj: Any) -> Iterator[tuple[str, ...]]:
    if obj is None:
        return
    for f in attrs.fields(type(obj)):
        if "label" not in f.metadata:
            continue
        child = getattr(obj, f.name)
        if isinstance(child, Cell):
            yield (*prefix, f.name)
        elif child is not None and attrs.has(type(child)):
            yield from _paths(report, (*prefix, f.name), child)


def replace_cell(obj: Any, path: tuple[str, ...], cell: Cell[Any]) -> Any:
    """A copy of ``obj`` with the cell at ``path`` replaced."""
    return _replace(obj, path, cell)


def _replace(obj: Any, path: tuple[str, ...], new: Any) -> Any:
    head, *rest = path
    if not rest:
        return attrs.evolve(obj, **{head: new})
    return attrs.evolve(obj, **{head: _replace(getattr(obj, head), tuple(rest), new)})


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
_GROUPS = (Denied, Unavailable, NotProcessed, OtherHandling)
_REVIEW_FIELDS = (*REVIEW_PARTS, "total")


def _row_paths(report: AnnualReport) -> list[tuple[str, ...]]:
    """The paths of the rows of tables 2 and 3, sub-rows of table 3's groups included."""
    out: list[tuple[str, ...]] = []
    for name in ("active", "applications"):
        table = getattr(report, name)
        if table is None:
            continue
        for f in attrs.fields(type(table)):
            child = getattr(table, f.name)
            if "label" not in f.metadata or child is None:
                continue
            if isinstance(child, _GROUPS):
                subs = [g.name for g in attrs.fields(type(child)) if "label" in g.metadata]
                out += [(name, f.name, sub) for sub in subs if getattr(child, sub) is not None]
            else:
                out.append((name, f.name))
    return out


def _value_fields(row: Any) -> list[str]:
    return [f.name for f in attrs.fields(type(row)) if "label" in f.metadata]


def _cut_reviews(reviews: Reviews, keep: int) -> Reviews:
    """Table 4 with only its first ``keep`` of 15 cells, as a text cut short gives it."""
    blocks: dict[str, Any] = {}
    for i, name in enumerate(("review", "litigation_direct", "litigation_after_review")):
        block: ReviewRow | None = getattr(reviews, name)
        kept = max(0, min(5, keep - 5 * i))
        if block is None or kept == 0:
            blocks[name] = None
            continue
        blocks[name] = attrs.evolve(block, **dict.fromkeys(_REVIEW_FIELDS[kept:]))
    return attrs.evolve(reviews, **blocks)


@st.composite
def _partial(draw: Draw[Any], base: st.SearchStrategy[AnnualReport]) -> AnnualReport:
    report: AnnualReport = draw(base)
    full = report
    # Table 4 cut short (the end of a page, an extraction that stopped).
    reviews_cut = False
    if report.reviews is not None and draw(st.booleans()):
        keep = draw(st.integers(min_value=1, max_value=14))
        report = attrs.evolve(report, reviews=_cut_reviews(report.reviews, keep))
        reviews_cut = True
    # Blank cells: a few anywhere, whole rows, and perhaps every 0 of table 3's applicant
    # columns (only 总计 written), as Word forms filled in by hand often have them.
    values = list(_paths(report, ("active",), report.active)) + cell_paths(report)
    for path in draw(st.lists(st.sampled_from(values), unique=True, max_size=12)):
        report = replace_cell(report, path, Cell(value=None, raw=draw(st.sampled_from(_BLANK_RAWS))))
    rows = _row_paths(report)
    for path in draw(st.lists(st.sampled_from(rows), unique=True, max_size=2)) if rows else []:
        row = _get(report, path)
        blanks = {n: Cell(value=None, raw=draw(st.sampled_from(_BLANK_RAWS))) for n in _value_fields(row)}
        report = _replace(report, path, attrs.evolve(row, **blanks))
    if draw(st.booleans()):
        for path in cell_paths(report):
            cell = _get(report, path)
            if path[0] == "applications" and path[-1] != "total" and cell.value == 0:
                report = replace_cell(report, path, Cell(value=None, raw=""))
    if reviews_cut and report.reviews is not None:
        # A cut table 4 reads back only if a number is left: a few blank cells alone cannot be
        # told from the header's placeholders.
        cut = [p for p in cell_paths(report) if p[0] == "reviews"]
        if all(_get(report, p).value is None for p in cut):
            report = replace_cell(report, cut[-1], _get(full, cut[-1]))
    # Rows cut short, and rows missing.
    rows = _row_paths(report)
    for path in draw(st.lists(st.sampled_from(rows), unique=True, max_size=3)) if rows else []:
        row = _get(report, path)
        names = _value_fields(row)
        keep = draw(st.integers(min_value=0, max_value=len(names) - 1))
        report = _replace(report, path, attrs.evolve(row, **dict.fromkeys(names[keep:])))
    rows = _row_paths(report)
    for path in draw(st.lists(st.sampled_from(rows), unique=True, max_size=3)) if rows else []:
        report = _replace(report, path, None)
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
    blank (``/``, ``—``, empty; blank is never 0), rows cut short, rows, whole tables and parts
    missing, the title (with the preamble) and the publication date missing. Such reports
    stay readable as text (what is left reads back the same), but the checks may report what
    is missing.
    """
    base = _consistent(template) if consistent else _inconsistent(template)
    return _partial(base) if partial else base
