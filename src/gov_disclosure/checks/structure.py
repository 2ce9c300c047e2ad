"""S: the report's structure — six parts, three tables, every row and column of the form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import TABLE_NAMES, line, unplaced_cells
from gov_disclosure.findings import Finding
from gov_disclosure.form import PARTS, TABLE_KEYS, cell_at, form_table, row_at, table_at
from gov_disclosure.model import AnnualReport

__all__ = [
    "MISSING_CELLS",
    "MISSING_PARTS",
    "MISSING_TABLES",
    "PART_ORDER",
    "RECOVERED_TABLES",
    "missing_columns",
    "missing_parts",
    "missing_tables",
    "part_order",
    "recovered_tables",
]

_NUMERALS = "一二三四五六七八九十"
_LEADING_NUMERAL = re.compile(r"^\W*([一二三四五六七八九十])\s*[、.．\s]")
TABLE_PART = {"active": 2, "applications": 3, "reviews": 4}


def missing_parts(report: AnnualReport) -> Iterator[Finding]:
    """Each statutory part (一 to 六) the report has no heading for."""
    present = {p.number for p in report.parts}
    for part in PARTS:
        number, heading = part.number, part.heading
        if number not in present:
            yield MISSING_PARTS.finding(
                severity="warning" if number == 6 else "error",
                message=f"缺少第{_NUMERALS[number - 1]}部分「{heading}」 / part {number} is missing",
                part=number,
            )


MISSING_PARTS = Rule(
    code="S001",
    severity="error",
    title="One of the six statutory parts is missing (part 六 only a warning).",
    bad=(edit(COMPLETE_2021, "六、其他需要报告的事项\n", ""),),
    good=(COMPLETE_2021,),
    check=missing_parts,
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
            yield PART_ORDER.finding(
                message=f"第{_NUMERALS[part.number - 1]}部分的标题重复出现"
                f"（首次见第{first}行）：「{heading}」"
                f" / part {part.number} heading repeated",
                line=where,
                part=part.number,
            )
            continue
        seen[part.number] = where
        if part.number < last:
            yield PART_ORDER.finding(
                message=f"「{heading}」排在第{_NUMERALS[last - 1]}部分之后"
                f" / part {part.number} comes after part {last}",
                line=where,
                part=part.number,
            )
        last = max(last, part.number)
        m = _LEADING_NUMERAL.match(heading)
        if m and _NUMERALS.index(m.group(1)) + 1 != part.number:
            yield PART_ORDER.finding(
                message=f"「{heading}」编号为「{m.group(1)}」，按内容应为第{_NUMERALS[part.number - 1]}部分"
                f" / part {part.number} is numbered {m.group(1)}",
                line=where,
                part=part.number,
            )


PART_ORDER = Rule(
    code="S002",
    severity="warning",
    title="Parts out of order, numbered wrongly, or a part heading repeated.",
    bad=(edit(COMPLETE_2021, "五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况"),),
    good=(COMPLETE_2021,),
    check=part_order,
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
        yield MISSING_TABLES.finding(
            message=f"缺少{TABLE_NAMES[key]}{where} / table {number} is missing",
            line=line(part.heading) if part is not None else None,
            part=number,
            table=key,
        )


MISSING_TABLES = Rule(
    code="S003",
    severity="error",
    title="A statistical table (2, 3 or 4) is missing.",
    bad=(
        edit(
            COMPLETE_2021,
            COMPLETE_2021[COMPLETE_2021.index("行政复议  行政诉讼") : COMPLETE_2021.index("五、存在")],
            "",
        ),
    ),
    good=(COMPLETE_2021,),
    check=missing_tables,
)


def missing_columns(report: AnnualReport) -> Iterator[Finding]:
    """Rows and cells of the form that a present table lacks; rows that are not the form's.
    A cell whose value was seen but left out (P001, P002) is not lacking."""
    unplaced = unplaced_cells(report)
    for key in TABLE_KEYS:
        table, form = table_at(report, key), form_table(report, key)
        if table is None or form is None:
            continue
        span_line = table.span.line if table.span else None
        name = TABLE_NAMES[key]
        rows = [(row, row_at(table, row)) for row in form.rows]
        absent = [form.full_name(row) for row, obj in rows if obj is None]
        if absent:
            yield MISSING_CELLS.finding(
                message=f"{name}缺少{len(absent)}行：{'、'.join(absent)}"
                f" / table {form.number} lacks {len(absent)} rows",
                line=span_line,
                part=form.number,
                table=key,
            )
        for row, obj in rows:
            if obj is None:
                continue
            cols = [
                c.label
                for c in row.columns
                if cell_at(obj, c.key) is None and (key, row.key, c.key) not in unplaced
            ]
            if cols:
                yield MISSING_CELLS.finding(
                    message=f"{name}「{row.name}」行缺少{len(cols)}列：{'、'.join(cols)}"
                    f" / row {row.key} lacks {len(cols)} cells",
                    line=line(getattr(obj, "label", None)) or span_line,
                    part=form.number,
                    table=key,
                    row=row.key,
                )
    reviews = report.reviews
    if reviews is not None:
        for cell in reviews.surplus:
            yield MISSING_CELLS.finding(
                message=f"{TABLE_NAMES['reviews']}多出表外数值「{cell.raw}」"
                " / a value table 4 has no cell for",
                line=line(cell),
                part=4,
                table="reviews",
            )
    yield from _foreign_rows(report)


MISSING_CELLS = Rule(
    code="S004",
    severity="error",
    title="A table lacks rows or cells of its form, or holds rows the form does not have.",
    bad=(edit(COMPLETE_2021, "行政强制 2\n", ""),),
    good=(COMPLETE_2021,),
    check=missing_columns,
)


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
                yield MISSING_CELLS.finding(
                    message=f"{TABLE_NAMES[key]}含有表式之外的行「{cell.raw.strip()}」"
                    f" / table {number} has a row its form does not have",
                    line=cell.span.line,
                    part=number,
                    table=key,
                )
                break


def recovered_tables(report: AnnualReport) -> Iterator[Finding]:
    """Tables read without their header rows: their columns are assumed, not seen."""
    for key, table in (
        ("active", report.active),
        ("applications", report.applications),
        ("reviews", report.reviews),
    ):
        if table is not None and not table.header_found:
            yield RECOVERED_TABLES.finding(
                message=f"{TABLE_NAMES[key]}没有表头，按位置和形状识别"
                f" / table {TABLE_PART[key]} has no header rows",
                line=table.span.line if table.span else None,
                part=TABLE_PART[key],
                table=key,
            )


RECOVERED_TABLES = Rule(
    code="S005",
    severity="warning",
    title="A table was recovered without its heading or header rows, by its position and shape.",
    bad=(
        edit(
            COMPLETE_2021,
            COMPLETE_2021[COMPLETE_2021.index("行政复议  行政诉讼") : COMPLETE_2021.index("1 0 0 0 1 0")],
            "",
        ),
    ),
    good=(COMPLETE_2021,),
    check=recovered_tables,
)
