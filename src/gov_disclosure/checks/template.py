"""T: the form fits the year, the organ may do what it reports, the dates agree with the law."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from gov_disclosure.checks._examples import COMPLETE_2019, COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import line, prose, value
from gov_disclosure.findings import Finding
from gov_disclosure.model import Active2021, AnnualReport, Cell, OtherHandling

__all__ = [
    "PUBLISHED_LATE",
    "RULES_WITHOUT_POWER",
    "TEMPLATE_MISMATCH",
    "YEARS_DISAGREE",
    "deadline",
    "organ_level",
    "published_late",
    "rules_without_power",
    "template_mismatch",
    "years_disagree",
]

_UNIT = re.compile(
    r"(特别行政区|自治区|自治州|自治县|自治旗|地区|街道|苏木|省|市|州|盟|县|区|旗|乡|镇)(?!场)"
)
# Where the organ's own name begins: the region's name stands before it.
_ORGAN = re.compile(r"人民政府|政府|办公室|办公厅|委员会|管委会|局|厅|委|署|院|中心|办事处|所|站|队|处")
_LOCAL = {"县", "区", "旗", "自治县", "自治旗", "乡", "镇", "街道", "苏木"}
_BELOW_COUNTY = {"乡", "镇", "街道", "苏木"}
_GOVERNMENT = re.compile(r"^(?:人民政府|政府)$")


def organ_level(subject: str) -> tuple[str | None, bool]:
    """The last administrative unit of the organ's region (``县``, ``市``…) and whether the
    organ is that region's government itself (not one of its departments or offices)."""
    organ = _ORGAN.search(subject)
    region = subject[: organ.start()] if organ else subject
    units = list(_UNIT.finditer(region))
    if not units:
        return None, False
    rest = subject[units[-1].end() :].strip()
    # A report in the region's own name ("大同市云州区2021年…") speaks for its government.
    return units[-1].group(1), (not rest or bool(_GOVERNMENT.match(rest)))


def deadline(subject: str, year: int) -> tuple[dt.date, str]:
    """The statutory publication deadline (条例第四十九条) for an organ's report on ``year``."""
    unit, is_government = organ_level(subject)
    if is_government and unit is not None and unit not in _BELOW_COUNTY:
        return dt.date(year + 1, 3, 31), "县级以上人民政府 3月31日"
    return dt.date(year + 1, 1, 31), "行政机关 1月31日"


def _date(cell: Cell[str] | None) -> dt.date | None:
    if cell is None or cell.value is None:
        return None
    try:
        return dt.date.fromisoformat(cell.value)
    except ValueError:
        return None


def template_mismatch(report: AnnualReport) -> Iterator[Finding]:
    """2019 and 2020 reports use the 2019 form; 2021 and later the 2021 form; never both in one."""
    template, year = report.meta.template, report.meta.year
    where = line(report.active.rules.label if report.active and report.active.rules else None, year)
    if template is not None and year is not None and year.value is not None:
        wanted = "2021" if year.value >= 2021 else "2019"
        if template != wanted:
            yield TEMPLATE_MISMATCH.finding(
                message=f"{year.value}年度报告应使用{wanted}年格式，表2却是{template}年格式"
                f" / a {year.value} report in the {template} form",
                line=where,
                part=2,
                table="active",
                expected=wanted,
                actual=template,
            )
    apps = report.applications
    if apps is None or template is None:
        return
    other: OtherHandling = apps.other
    sub_rows = [r for r in (other.overdue_correction, other.overdue_fee, other.other) if r is not None]
    if template == "2021" and other.combined is not None and not sub_rows:
        yield TEMPLATE_MISMATCH.finding(
            message="表2为2021年格式，表3「（六）其他处理」却是2019年格式的单行（缺少三个子项）"
            " / a 2021 report with the 2019 single row （六）其他处理",
            line=line(other.combined.label),
            part=3,
            table="applications",
            row="other",
            expected="2021",
            actual="2019",
        )
    elif template == "2019" and sub_rows and other.combined is None:
        yield TEMPLATE_MISMATCH.finding(
            message="表2为2019年格式，表3「（六）其他处理」却分为2021年格式的子项"
            " / a 2019 report with the 2021 sub-rows of （六）其他处理",
            line=line(sub_rows[0].label),
            part=3,
            table="applications",
            row="other",
            expected="2019",
            actual="2021",
        )


TEMPLATE_MISMATCH = Rule(
    code="T001",
    severity="warning",
    title="The form does not fit the year (2019 form for ≥ 2021, 2021 form for ≤ 2020), "
    "or the forms are mixed.",
    bad=(
        edit(
            COMPLETE_2021,
            COMPLETE_2021[COMPLETE_2021.index("（六）其他处理") : COMPLETE_2021.index("（七）总计")],
            "（六）其他处理 0 0 0 0 0 0 0\n",
        ),
    ),
    good=(COMPLETE_2021,),
    check=template_mismatch,
)


def rules_without_power(report: AnnualReport) -> Iterator[Finding]:
    """Only provinces, 设区的市 and ministries make 规章; a county-level organ cannot have any."""
    subject = report.meta.subject
    active = report.active
    if subject is None or subject.value is None or active is None or active.rules is None:
        return
    unit, _ = organ_level(subject.value)
    if unit not in _LOCAL:
        return
    cells: list[tuple[str, Cell[int] | None]]
    if isinstance(active, Active2021):
        r21 = active.rules
        cells = [] if r21 is None else [("issued", r21.issued), ("in_force", r21.in_force)]
    else:
        r19 = active.rules
        cells = [] if r19 is None else [("made", r19.made), ("total_published", r19.total_published)]
    reported = [(col, cell) for col, cell in cells if cell is not None and value(cell) > 0]
    if reported:
        col, cell = reported[0]
        what = "、".join(f"{_RULE_COLUMNS[c]} {value(x)}" for c, x in reported)
        yield RULES_WITHOUT_POWER.finding(
            message=f"{subject.value}（{unit}级）无规章制定权，表2「规章」却填报{what}"
            f" / 规章 reported by an organ without rule-making power",
            line=line(cell),
            part=2,
            table="active",
            row="rules",
            column=col,
            expected=0,
            actual=int(value(cell)),
        )


RULES_WITHOUT_POWER = Rule(
    code="T002",
    severity="warning",
    title="规章 issued or in force reported by an organ without rule-making power (county level and below).",
    bad=(edit(COMPLETE_2021, "规章 0 0 0", "规章 2 0 2"),),
    good=(COMPLETE_2021,),
    check=rules_without_power,
)


_RULE_COLUMNS = {
    "issued": "本年制发件数",
    "in_force": "现行有效件数",
    "made": "本年新制作数量",
    "total_published": "对外公开总数量",
}
_PERIOD = re.compile(
    r"统计期限[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日[^。]{0,8}?至\s*(\d{4})\s*年\s*12\s*月\s*31\s*日"
)


def years_disagree(report: AnnualReport) -> Iterator[Finding]:
    """The title's year, the 统计期限 and the date the report was signed must agree."""
    year = report.meta.year
    if year is None or year.value is None:
        return
    for cell in prose(report):
        for m in _PERIOD.finditer(cell.raw):
            for stated in {int(m.group(1)), int(m.group(2))}:
                if stated != year.value:
                    yield YEARS_DISAGREE.finding(
                        message=f"标题为{year.value}年度，统计期限却是{stated}年"
                        f" / the statistics period says {stated}",
                        line=line(cell),
                        expected=year.value,
                        actual=stated,
                    )
    signed = _date(report.meta.published)
    if signed is not None and signed < dt.date(year.value + 1, 1, 1):
        yield YEARS_DISAGREE.finding(
            message=f"{year.value}年度报告落款日期为{signed.isoformat()}，早于年度结束"
            f" / signed before the year it reports on ended",
            line=line(report.meta.published),
            table="meta",
            row="published",
            column="value",
            actual=signed.isoformat(),
        )


YEARS_DISAGREE = Rule(
    code="T003",
    severity="error",
    title="The years disagree: title year, statistics period, signing date (signed before the year ended).",
    bad=(
        edit(
            COMPLETE_2021,
            "统计期限自2023年1月1日起至2023年12月31日止",
            "统计期限自2022年1月1日起至2022年12月31日止",
        ),
    ),
    good=(COMPLETE_2021,),
    check=years_disagree,
)


def published_late(report: AnnualReport) -> Iterator[Finding]:
    """条例第四十九条: departments publish by 31 January, county-level and higher governments by 31 March."""
    year, subject, signed = report.meta.year, report.meta.subject, _date(report.meta.published)
    if year is None or year.value is None or subject is None or subject.value is None or signed is None:
        return
    due, why = deadline(subject.value, year.value)
    if signed > due:
        yield PUBLISHED_LATE.finding(
            message=f"落款日期{signed.isoformat()}晚于法定期限{due.isoformat()}（{why}，条例第四十九条）"
            f" / published after the deadline",
            line=line(report.meta.published),
            table="meta",
            row="published",
            column="value",
            expected=due.isoformat(),
            actual=signed.isoformat(),
        )


PUBLISHED_LATE = Rule(
    code="T004",
    severity="warning",
    title="Published after the statutory deadline "
    "(departments 1月31日, governments of county level and up 3月31日).",
    bad=(edit(COMPLETE_2019, "2021年1月20日", "2021年4月20日"),),
    good=(COMPLETE_2019,),
    check=published_late,
)
