"""S: the report's structure — six parts, three tables, every row and column of the form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._registry import rule
from gov_disclosure.checks._util import line, review_rows, t3_rows
from gov_disclosure.findings import Finding
from gov_disclosure.model import PART_HEADINGS, Active2019, Active2021, AnnualReport, Cell

__all__ = ["missing_columns", "missing_parts", "missing_tables", "part_order", "recovered_tables"]

_NUMERALS = "一二三四五六七八九十"
_LEADING_NUMERAL = re.compile(r"^\W*([一二三四五六七八九十])\s*[、.．\s]")
TABLE_NAMES = {
    "active": "表2（主动公开政府信息情况）",
    "applications": "表3（收到和处理申请情况）",
    "reviews": "表4（行政复议、行政诉讼情况）",
}
TABLE_PART = {"active": 2, "applications": 3, "reviews": 4}


@rule(
    "S001",
    "error",
    "One of the six statutory parts is missing (part 六 only a warning).",
    bad=edit(COMPLETE_2021, "六、其他需要报告的事项\n", ""),
    good=COMPLETE_2021,
)
def missing_parts(report: AnnualReport) -> Iterator[Finding]:
    """Each statutory part (一 to 六) the report has no heading for."""
    present = {p.number for p in report.parts}
    for number, heading in PART_HEADINGS.items():
        if number not in present:
            yield Finding(
                code="S001",
                severity="warning" if number == 6 else "error",
                message=f"缺少第{_NUMERALS[number - 1]}部分「{heading}」 / part {number} is missing",
                part=number,
            )


@rule(
    "S002",
    "warning",
    "Parts out of order, numbered wrongly, or a part heading repeated.",
    bad=edit(COMPLETE_2021, "五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况"),
    good=COMPLETE_2021,
)
def part_order(report: AnnualReport) -> Iterator[Finding]:
    """Headings in the wrong order, with the wrong numeral, or twice."""
    seen: dict[int, int | None] = {}
    last = 0
    for part in report.parts:
        where = line(part.heading)
        heading = part.heading.raw.strip()
        if part.number in seen:
            first = seen[part.number]
            yield Finding(
                code="S002",
                severity="warning",
                message=f"第{_NUMERALS[part.number - 1]}部分的标题重复出现"
                f"（首次见第{first}行）：「{heading}」"
                f" / part {part.number} heading repeated",
                line=where,
                part=part.number,
            )
            continue
        seen[part.number] = where
        if part.number < last:
            yield Finding(
                code="S002",
                severity="warning",
                message=f"「{heading}」排在第{_NUMERALS[last - 1]}部分之后"
                f" / part {part.number} comes after part {last}",
                line=where,
                part=part.number,
            )
        last = max(last, part.number)
        m = _LEADING_NUMERAL.match(heading)
        if m and _NUMERALS.index(m.group(1)) + 1 != part.number:
            yield Finding(
                code="S002",
                severity="warning",
                message=f"「{heading}」编号为「{m.group(1)}」，按内容应为第{_NUMERALS[part.number - 1]}部分"
                f" / part {part.number} is numbered {m.group(1)}",
                line=where,
                part=part.number,
            )


@rule(
    "S003",
    "error",
    "A statistical table (2, 3 or 4) is missing.",
    bad=edit(
        COMPLETE_2021,
        COMPLETE_2021[COMPLETE_2021.index("行政复议  行政诉讼") : COMPLETE_2021.index("五、存在")],
        "",
    ),
    good=COMPLETE_2021,
)
def missing_tables(report: AnnualReport) -> Iterator[Finding]:
    """Table 2, 3 or 4 not found, whether or not its part is there."""
    tables = {"active": report.active, "applications": report.applications, "reviews": report.reviews}
    for key, table in tables.items():
        if table is not None:
            continue
        number = TABLE_PART[key]
        part = report.part(number)
        where = "（该部分存在）" if part is not None else "（该部分也缺失）"
        yield Finding(
            code="S003",
            severity="error",
            message=f"缺少{TABLE_NAMES[key]}{where} / table {number} is missing",
            line=line(part.heading) if part is not None else None,
            part=number,
            table=key,
        )


def _cells_missing(row: Any) -> list[str]:
    return [
        str(f.metadata["label"])
        for f in attrs.fields(type(row))
        if "label" in f.metadata and getattr(row, f.name) is None
    ]


def _row_findings(
    table: str, part: int, rows: list[tuple[str, str, Any]], span_line: int | None
) -> Iterator[Finding]:
    name = TABLE_NAMES[table]
    absent = [label for _, label, row in rows if row is None]
    if absent:
        yield Finding(
            code="S004",
            severity="error",
            message=f"{name}缺少{len(absent)}行：{'、'.join(absent)} / table {part} lacks {len(absent)} rows",
            line=span_line,
            part=part,
            table=table,
        )
    for key, label, row in rows:
        if row is None:
            continue
        cols = _cells_missing(row)
        if cols:
            first: Cell[Any] | None = getattr(row, "label", None)
            yield Finding(
                code="S004",
                severity="error",
                message=f"{name}「{label}」行缺少{len(cols)}列：{'、'.join(cols)}"
                f" / row {key} lacks {len(cols)} cells",
                line=line(first) or span_line,
                part=part,
                table=table,
                row=key,
            )


@rule(
    "S004",
    "error",
    "A table lacks rows or cells of its form, or holds rows the form does not have.",
    bad=edit(COMPLETE_2021, "行政强制 2\n", ""),
    good=COMPLETE_2021,
)
def missing_columns(report: AnnualReport) -> Iterator[Finding]:
    """Rows and cells of the form that a present table lacks; rows that are not the form's."""
    active = report.active
    if isinstance(active, Active2021 | Active2019):
        rows = [
            (f.name, str(f.metadata["label"]), getattr(active, f.name))
            for f in attrs.fields(type(active))
            if "label" in f.metadata
        ]
        yield from _row_findings("active", 2, rows, active.span.line if active.span else None)
    apps = report.applications
    if apps is not None:
        t3 = [(key, label, row) for key, label, row, _ in t3_rows(apps)]
        yield from _row_findings("applications", 3, t3, apps.span.line if apps.span else None)
    reviews = report.reviews
    if reviews is not None:
        t4 = list(review_rows(reviews))
        yield from _row_findings("reviews", 4, t4, reviews.span.line if reviews.span else None)
        for cell in reviews.surplus:
            yield Finding(
                code="S004",
                severity="error",
                message=f"{TABLE_NAMES['reviews']}多出表外数值「{cell.raw}」"
                f" / a value table 4 has no cell for",
                line=line(cell),
                part=4,
                table="reviews",
            )
    yield from _foreign_rows(report)


def _foreign_rows(report: AnnualReport) -> Iterator[Finding]:
    spans = {
        key: (table.span, TABLE_PART[key])
        for key, table in (
            ("active", report.active),
            ("applications", report.applications),
            ("reviews", report.reviews),
        )
        if table is not None and table.span is not None
    }
    for cell in report.stray:
        if cell.span is None:
            continue
        for key, (span, number) in spans.items():
            if span.line <= cell.span.line <= span.end_line:
                yield Finding(
                    code="S004",
                    severity="error",
                    message=f"{TABLE_NAMES[key]}含有表式之外的行「{cell.raw.strip()}」"
                    f" / table {number} has a row its form does not have",
                    line=cell.span.line,
                    part=number,
                    table=key,
                )
                break


@rule(
    "S005",
    "warning",
    "A table was recovered without its heading or header rows, by its position and shape.",
    bad=edit(
        COMPLETE_2021,
        COMPLETE_2021[COMPLETE_2021.index("行政复议  行政诉讼") : COMPLETE_2021.index("1 0 0 0 1 0")],
        "",
    ),
    good=COMPLETE_2021,
)
def recovered_tables(report: AnnualReport) -> Iterator[Finding]:
    """Tables read without their header rows: their columns are assumed, not seen."""
    for key, table in (
        ("active", report.active),
        ("applications", report.applications),
        ("reviews", report.reviews),
    ):
        if table is not None and not table.header_found:
            yield Finding(
                code="S005",
                severity="warning",
                message=f"{TABLE_NAMES[key]}没有表头，按位置和形状识别"
                f" / table {TABLE_PART[key]} has no header rows",
                line=table.span.line if table.span else None,
                part=TABLE_PART[key],
                table=key,
            )
