"""X: one subject's reports of consecutive years, read side by side."""

from __future__ import annotations

import functools
import unicodedata
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
    "NOT_COMPARABLE",
    "carry_over_continuity",
    "comparable",
    "consecutive",
    "documents_in_force_continuity",
    "not_comparable",
    "same_subject",
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


# The levels of China's administrative regions, as names end: 江苏省, 淮安市, 洪泽区 …
_LEVELS = ("自治区", "自治州", "自治县", "地区", "省", "市", "州", "区", "县", "旗", "盟")
_NAME = 10  # characters a region's name takes at most before its level


def _region_ends(text: str) -> list[int]:
    """Where a region name that opens ``text`` may end (杭州市… → 2 or 3: 州 and 市 are both
    levels), nearest first; none when no level follows a name at its start."""
    ends = {
        at + len(level) for level in _LEVELS for at in _find_all(text, level, _NAME + len(level)) if at > 0
    }
    return sorted(ends)


def _find_all(text: str, word: str, limit: int) -> list[int]:
    out, at = [], text.find(word, 0, limit)
    while at != -1:
        out.append(at)
        at = text.find(word, at + 1, limit)
    return out


@functools.cache
def _regions_only(text: str) -> bool:
    """Whether ``text`` is a run of region names (淮安市, 江苏省淮安市, 杭州市西湖区)."""
    return not text or any(_regions_only(text[end:]) for end in _region_ends(text))


def _as_government(name: str) -> str:
    """A subject that is only a region's name (景泰县, as a title gives it) stands for its
    government (景泰县人民政府)."""
    return name + "人民政府" if name and _regions_only(name) else name


def _fold(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def same_subject(a: str, b: str) -> bool:
    """Whether two subjects name one organ: equal, or one is the other with the regions above
    it named in front (洪泽区人民政府 and 淮安市洪泽区人民政府, 江苏省淮安市洪泽区人民政府).

    The shorter name must itself open with a region (洪泽区…): 市生态环境局 and
    临江市生态环境局 are not taken for one organ.
    """
    a, b = _as_government(_fold(a)), _as_government(_fold(b))
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not short or not long.endswith(short) or not _region_ends(short):
        return False
    return _regions_only(long[: -len(short)])


def comparable(previous: AnnualReport, current: AnnualReport) -> str | None:
    """None when two reports are one organ's for consecutive years, in that order; else why
    not, in plain words (Chinese, then English)."""
    p, c = previous.meta, current.meta
    for name, meta in (("上一年", p), ("本年", c)):
        if meta.subject is None or not meta.subject.value:
            return (
                f"{name}报告的主体（机关名称）无法识别 / the subject of the {_EN[name]} report cannot be read"
            )
        if meta.year is None or meta.year.value is None:
            return f"{name}报告的年度无法识别 / the year of the {_EN[name]} report cannot be read"
    assert p.subject is not None and c.subject is not None and p.year is not None and c.year is not None
    old, new = p.subject.value or "", c.subject.value or ""
    if not same_subject(old, new):
        return f"不是同一机关：{old} 与 {new} / not the same organ"
    before, now = p.year.value, c.year.value
    assert before is not None and now is not None
    if now == before:
        return f"两份报告同为{now}年度 / both reports are for {now}"
    if now < before:
        return (
            f"顺序颠倒：先给的是{before}年度，后给的是{now}年度；请先给上一年的报告"
            f" / reversed: the earlier year ({now}) must come first"
        )
    if now != before + 1:
        return f"年度不相邻：{before}年与{now}年 / not consecutive years ({before}, {now})"
    return None


_EN = {"上一年": "previous", "本年": "current"}


def consecutive(previous: AnnualReport, current: AnnualReport) -> bool:
    """Whether two reports are the same organ's (region prefixes aside, `same_subject`), for
    consecutive years, in that order."""
    return comparable(previous, current) is None


def not_comparable(previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
    """Says why two reports cannot be compared, rather than find nothing without a word."""
    reason = comparable(previous, current)
    if reason is not None:
        yield NOT_COMPARABLE.finding(f"两份报告不可比：{reason}", line=line(current.meta.title))


NOT_COMPARABLE = Rule(
    code="X000",
    severity="warning",
    title="The reports cannot be compared: another organ, the same year, years apart, reverse order.",
    bad=(COMPLETE_2021, COMPLETE_2021),
    good=(COMPLETE_2021, _NEXT_2021),
    check=not_comparable,
)


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
