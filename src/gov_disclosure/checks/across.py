"""X: one subject's reports of consecutive years, read side by side."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import line, value
from gov_disclosure.findings import Finding
from gov_disclosure.form import FORM_2021
from gov_disclosure.model import Active2021, AnnualReport

__all__ = [
    "CARRY_OVER",
    "DOCUMENTS_IN_FORCE",
    "carry_over_continuity",
    "consecutive",
    "documents_in_force_continuity",
]

# The same county's 2024 report: a year on, with 14 normative documents in force (12 + 3 − 1).
_NEXT_2021 = edit(
    edit(edit(COMPLETE_2021, "2024年1月20日", "2025年1月20日"), "2024年将", "2025年将").replace(
        "2023", "2024"
    ),
    "行政规范性文件 3 1 12",
    "行政规范性文件 3 1 14",
)
_NEXT_2021_CARRY_2 = edit(
    edit(
        edit(
            _NEXT_2021, "全年新收政府信息公开申请5件，上年结转1件", "全年新收政府信息公开申请4件，上年结转2件"
        ),
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5",
        "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4",
    ),
    "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1",
    "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2",
)


def consecutive(previous: AnnualReport, current: AnnualReport) -> bool:
    """Whether two reports are the same subject's, for consecutive years."""
    p, c = previous.meta, current.meta
    if p.subject is None or c.subject is None or p.year is None or c.year is None:
        return False
    if p.subject.value != c.subject.value or p.year.value is None or c.year.value is None:
        return False
    return c.year.value == p.year.value + 1


def carry_over_continuity(previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
    """What one year carries forward, the next year carries over."""
    if not consecutive(previous, current) or previous.applications is None or current.applications is None:
        return
    forward, over = previous.applications.carried_forward, current.applications.carried_over
    if forward is None or over is None:
        return
    for column in FORM_2021.table("applications").row("carried_over").columns:
        col = column.key
        before, now = getattr(forward, col), getattr(over, col)
        if before is None or now is None or value(before) == value(now):
            continue
        year = previous.meta.year.value if previous.meta.year else None
        yield CARRY_OVER.finding(
            message=f"「{column.label}」列：{year}年报告结转下年度 {value(before)}，"
            f"本年报告上年结转却为 {value(now)} / carried over ≠ last year's carried forward",
            line=line(now, over.label),
            part=current.applications.part,
            table="applications",
            row="carried_over",
            column=col,
            expected=value(before),
            actual=value(now),
        )


CARRY_OVER = Rule(
    code="X001",
    severity="error",
    title="Same subject: 四 结转下年度 of year N ≠ 二 上年结转 of year N+1 (per column).",
    bad=(COMPLETE_2021, _NEXT_2021_CARRY_2),
    good=(COMPLETE_2021, _NEXT_2021),
    check=carry_over_continuity,
)


def documents_in_force_continuity(previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
    """Documents in force follow from last year's count and this year's issued and repealed ones."""
    if not consecutive(previous, current):
        return
    before, now = previous.active, current.active
    if not isinstance(before, Active2021) or not isinstance(now, Active2021):
        return
    for key, name in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        old, new = getattr(before, key), getattr(now, key)
        if old is None or new is None or old.in_force is None or new.in_force is None:
            continue
        if new.issued is None or new.repealed is None:
            continue
        expected = value(old.in_force) + value(new.issued) - value(new.repealed)
        if value(new.in_force) != expected:
            yield DOCUMENTS_IN_FORCE.finding(
                message=f"表2「{name}」现行有效件数为 {value(new.in_force)}，"
                f"按上年现行有效 {value(old.in_force)}"
                f" + 本年制发 {value(new.issued)} − 本年废止 {value(new.repealed)} 应为 {expected}"
                f" / in force ≠ last year's + issued − repealed",
                line=line(new.in_force),
                part=now.part,
                table="active",
                row=key,
                column="in_force",
                expected=expected,
                actual=value(new.in_force),
            )


DOCUMENTS_IN_FORCE = Rule(
    code="X002",
    severity="warning",
    title="Same subject, 2021 form: 现行有效件数 of N+1 ≠ 现行有效件数 of N + 本年制发 − 本年废止 of N+1.",
    bad=(COMPLETE_2021, edit(_NEXT_2021, "行政规范性文件 3 1 14", "行政规范性文件 3 1 15")),
    good=(COMPLETE_2021, _NEXT_2021),
    check=documents_in_force_continuity,
)
