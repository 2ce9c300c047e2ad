"""A: the 勾稽关系 and totals of tables 3 and 4, and the sign and kind of every count."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._registry import rule
from gov_disclosure.checks._util import (
    APPLICANT_COLUMNS,
    REVIEW_PARTS,
    column_label,
    is_blank,
    line,
    number,
    review_rows,
    t3_rows,
    value,
)
from gov_disclosure.findings import Finding
from gov_disclosure.model import (
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Cell,
    Fees2019Row,
    Items2019Row,
    ReviewRow,
)

__all__ = ["balance", "block_totals", "negative_counts", "result_totals", "row_totals", "total_blank"]

_T3_COLUMNS = (*APPLICANT_COLUMNS, "total")
_REVIEW_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
}


def _cell(row: ApplicantRow | None, column: str) -> Cell[int] | None:
    return getattr(row, column) if row is not None else None


def _fmt(v: int | Decimal) -> str:
    return format(v, "f") if isinstance(v, Decimal) else str(v)


@rule(
    "A001",
    "error",
    "Table 3, per column: 一 本年新收 + 二 上年结转 ≠ （七）总计 + 四 结转下年度.",
    bad=edit(COMPLETE_2021, "四、结转下年度继续办理 1 0 0 0 0 0 1", "四、结转下年度继续办理 2 0 0 0 0 0 2"),
    good=COMPLETE_2021,
)
def balance(report: AnnualReport) -> Iterator[Finding]:
    """The template's own 勾稽 note: received plus carried over equals handled plus carried forward."""
    apps = report.applications
    if apps is None or apps.new_received is None or apps.total is None:
        return
    for col in _T3_COLUMNS:
        new, old = _cell(apps.new_received, col), _cell(apps.carried_over, col)
        done, rest = _cell(apps.total, col), _cell(apps.carried_forward, col)
        if new is None or done is None:
            continue  # a truncated row: S004 says so, there is nothing to compare
        left, right = value(new) + value(old), value(done) + value(rest)
        if left != right:
            yield Finding(
                code="A001",
                severity="error",
                message=(
                    f"表3「{column_label(col)}」列：一、本年新收 {_fmt(value(new))}"
                    f" + 二、上年结转 {_fmt(value(old))}"
                    f" = {_fmt(left)}，而（七）总计 {_fmt(value(done))} + 四、结转下年度 {_fmt(value(rest))}"
                    f" = {_fmt(right)} / received + carried over ≠ handled + carried forward"
                ),
                line=line(done, new),
                part=apps.part,
                table="applications",
                row="total",
                column=col,
                expected=number(left - value(rest)),
                actual=number(value(done)),
            )


@rule(
    "A002",
    "error",
    "Table 3, per column: （七）总计 ≠ the sum of the result rows （一）…（六）.",
    bad=edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 3 1 0 0 0 0 4"),
    good=COMPLETE_2021,
)
def result_totals(report: AnnualReport) -> Iterator[Finding]:
    """（七）总计 is the sum of 予以公开, 部分公开 and every sub-row of （三）–（六）."""
    apps = report.applications
    if apps is None or apps.total is None:
        return
    results = [row for _, _, row, is_result in t3_rows(apps) if is_result and row is not None]
    if not results:
        return
    for col in _T3_COLUMNS:
        total = _cell(apps.total, col)
        if total is None or is_blank(total):
            continue  # blank totals are A006's
        parts = [value(_cell(row, col)) for row in results]
        expected = sum(parts, start=0)
        if value(total) != expected:
            yield Finding(
                code="A002",
                severity="error",
                message=(
                    f"表3「{column_label(col)}」列：（七）总计为 {_fmt(value(total))}，"
                    f"而（一）至（六）各行之和为 {_fmt(expected)} / total ≠ sum of the result rows"
                ),
                line=line(total, apps.total.label),
                part=apps.part,
                table="applications",
                row="total",
                column=col,
                expected=number(expected),
                actual=number(value(total)),
            )


@rule(
    "A003",
    "error",
    "Table 3, per row: 总计 ≠ 自然人 + the five 法人或其他组织 columns.",
    bad=edit(
        COMPLETE_2021,
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5",
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 6",
    ),
    good=COMPLETE_2021,
)
def row_totals(report: AnnualReport) -> Iterator[Finding]:
    """Each row's 总计 is the sum of its six applicant columns."""
    apps = report.applications
    if apps is None:
        return
    for key, label, row, _ in t3_rows(apps):
        if row is None or row.total is None or is_blank(row.total):
            continue
        expected = sum((value(getattr(row, c)) for c in APPLICANT_COLUMNS), start=0)
        if value(row.total) != expected:
            yield Finding(
                code="A003",
                severity="error",
                message=(
                    f"表3「{label}」行：总计为 {_fmt(value(row.total))}，而自然人与法人或其他组织各列之和为"
                    f" {_fmt(expected)} / row total ≠ sum of the applicant columns"
                ),
                line=line(row.total, row.label),
                part=apps.part,
                table="applications",
                row=key,
                column="total",
                expected=number(expected),
                actual=number(value(row.total)),
            )


@rule(
    "A004",
    "error",
    "Table 4, per block: 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
    bad=edit(COMPLETE_2021, "1 0 0 0 1 0 0 0 0 0", "1 0 0 0 2 0 0 0 0 0"),
    good=COMPLETE_2021,
)
def block_totals(report: AnnualReport) -> Iterator[Finding]:
    """Each block's 总计 is the sum of its four result columns."""
    reviews = report.reviews
    if reviews is None:
        return
    for key, label, row in review_rows(reviews):
        if row is None or row.total is None or is_blank(row.total):
            continue
        expected = sum((value(getattr(row, c)) for c in REVIEW_PARTS), start=0)
        if value(row.total) != expected:
            yield Finding(
                code="A004",
                severity="error",
                message=(
                    f"表4「{label}」：总计为 {_fmt(value(row.total))}，"
                    "而结果维持、结果纠正、其他结果、尚未审结之和为"
                    f" {_fmt(expected)} / block total ≠ sum of its results"
                ),
                line=line(row.total),
                part=reviews.part,
                table="reviews",
                row=key,
                column="total",
                expected=number(expected),
                actual=number(value(row.total)),
            )


def _all_cells(report: AnnualReport) -> Iterator[tuple[str, str, str, str, Cell[Any], bool]]:
    """(table, row key, row label, column key, cell, may be negative) for every table cell."""
    active = report.active
    if isinstance(active, Active2021 | Active2019):
        for f in attrs.fields(type(active)):
            row = getattr(active, f.name) if "label" in f.metadata else None
            if row is None:
                continue
            signed = isinstance(row, Items2019Row | Fees2019Row)
            for c in attrs.fields(type(row)):
                cell = getattr(row, c.name) if "label" in c.metadata else None
                if cell is not None:
                    yield (
                        "active",
                        f.name,
                        str(f.metadata["label"]),
                        c.name,
                        cell,
                        signed and c.name == "change",
                    )
    if report.applications is not None:
        for key, label, row, _ in t3_rows(report.applications):
            for col in _T3_COLUMNS:
                cell = _cell(row, col)
                if cell is not None:
                    yield "applications", key, label, col, cell, False
    if report.reviews is not None:
        for key, label, review in review_rows(report.reviews):
            for col in (*REVIEW_PARTS, "total"):
                cell = getattr(review, col) if review is not None else None
                if cell is not None:
                    yield "reviews", key, label, col, cell, False


_TABLE_NUMBER = {"active": 2, "applications": 3, "reviews": 4}


@rule(
    "A005",
    "error",
    "A count is negative or not a whole number where the form wants a non-negative count.",
    bad=edit(COMPLETE_2021, "行政处罚 45", "行政处罚 -45"),
    good=COMPLETE_2021,
)
def negative_counts(report: AnnualReport) -> Iterator[Finding]:
    """Counts are whole and non-negative; only 2019's 本年增/减 may be negative."""
    for table, key, label, col, cell, signed in _all_cells(report):
        v = cell.value
        problem = ""
        if v is None and not is_blank(cell):
            problem = f"「{cell.raw.strip()}」不是整数 / not a whole number"
        elif v is not None and v < 0 and not signed:
            problem = f"为负数 {_fmt(v)} / negative"
        if problem:
            yield Finding(
                code="A005",
                severity="error",
                message=f"表{_TABLE_NUMBER[table]}「{label}」行「{col}」列{problem}",
                line=line(cell),
                part=_TABLE_NUMBER[table],
                table=table,
                row=key,
                column=col,
                actual=cell.raw.strip(),
            )


@rule(
    "A006",
    "warning",
    "A total cell (总计) is blank while the cells it sums are not.",
    bad=edit(
        COMPLETE_2021,
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5",
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 /",
    ),
    good=COMPLETE_2021,
)
def total_blank(report: AnnualReport) -> Iterator[Finding]:
    """A blank 总计 beside filled-in parts: a total the reporter left out."""
    apps = report.applications
    if apps is not None:
        seen: set[tuple[str, str]] = set()
        for key, label, row, _ in t3_rows(apps):
            if (
                row is not None
                and is_blank(row.total)
                and any(_filled(getattr(row, c)) for c in APPLICANT_COLUMNS)
            ):
                seen.add((key, "total"))
                yield _blank_total("applications", key, label, "total", row.total, apps.part)
        results = [row for _, _, row, is_result in t3_rows(apps) if is_result and row is not None]
        if apps.total is not None:
            for col in _T3_COLUMNS:
                cell = _cell(apps.total, col)
                if (
                    ("total", col) not in seen
                    and is_blank(cell)
                    and any(_filled(_cell(r, col)) for r in results)
                ):
                    yield _blank_total("applications", "total", "（七）总计", col, cell, apps.part)
    reviews = report.reviews
    if reviews is not None:
        for key, label, review in review_rows(reviews):
            if (
                isinstance(review, ReviewRow)
                and is_blank(review.total)
                and any(_filled(getattr(review, c)) for c in REVIEW_PARTS)
            ):
                yield _blank_total("reviews", key, label, "total", review.total, reviews.part)


def _filled(cell: Cell[Any] | None) -> bool:
    return cell is not None and not is_blank(cell)


def _blank_total(
    table: str, key: str, label: str, col: str, cell: Cell[Any] | None, part: int | None
) -> Finding:
    where = f"「{column_label(col)}」列" if table == "applications" and col != "total" else "总计"
    return Finding(
        code="A006",
        severity="warning",
        message=f"表{_TABLE_NUMBER[table]}「{label}」{where}为空，而其加数不为空"
        f" / a total is blank while its parts are not",
        line=line(cell),
        part=part,
        table=table,
        row=key,
        column=col,
    )
