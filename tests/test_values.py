"""Cell values and where they came from: blank vs 0, signs, units, NBSP, spans."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import gov_disclosure
from gov_disclosure import Cell
from support import EXAMPLES, example_paths, seed_paths

T2_2019 = """景泰县2020年政府信息公开工作年度报告
二、主动公开政府信息情况
\t第二十条第（五）项

\t信息内容
\t上一年项目数量
\t本年增/减
\t处理决定数量

\t行政许可
\t223
\t+23
\t1,234

\t其他对外管理服务事项
\t431
\t-262
\t\xa0296626\xa0

\t第二十条第（九）项

\t信息内容
\t采购项目数量
\t采购总金额

\t政府集中采购
\t177
\t251000元
"""


def test_2019_signed_units_and_separators() -> None:
    report = gov_disclosure.parse(T2_2019)
    active = report.active
    assert isinstance(active, gov_disclosure.Active2019)
    assert active.licensing is not None and active.other_services is not None
    assert active.licensing.change is not None
    assert active.licensing.change == Cell(value=23, raw="+23", span=active.licensing.change.span)
    assert active.licensing.decisions is not None and active.licensing.decisions.value == 1234
    assert active.other_services.change is not None and active.other_services.change.value == -262
    assert active.other_services.decisions is not None and active.other_services.decisions.value == 296626
    assert active.procurement is not None and active.procurement.amount is not None
    # 251000元 is 25.1万元; the raw text keeps the unit the report wrote.
    assert active.procurement.amount.value == Decimal("25.1")
    assert active.procurement.amount.raw == "251000元"


def test_blank_is_not_zero() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        + "\t一、本年新收政府信息公开申请数量\n\t6\n"
        + "\t\n" * 5
        + "\t6\n"
    )
    row = gov_disclosure.parse(text).applications.new_received  # type: ignore[union-attr]
    assert row is not None
    assert row.natural_person is not None and row.natural_person.value == 6
    assert row.commercial is not None and row.commercial.value is None and row.commercial.raw == ""
    assert row.total is not None and row.total.value == 6


@pytest.mark.parametrize("marker", ["/", "-", "—", "－", "无", "／"])
def test_not_applicable_markers_are_blank(marker: str) -> None:
    text = f"二、主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | {marker} | {marker} | 0 |\n"
    active = gov_disclosure.parse(text).active
    assert isinstance(active, gov_disclosure.Active2021)
    rules = active.rules
    assert rules is not None
    assert rules.issued is not None and rules.issued.value is None and rules.issued.raw == marker
    assert rules.in_force is not None and rules.in_force.value == 0


def test_full_width_digits_and_spaced_labels() -> None:
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开 申请数量 ３ ０ ０ ０ ０ ０ ３\n"
    row = gov_disclosure.parse(text).applications.new_received  # type: ignore[union-attr]
    assert row is not None and row.total is not None
    assert row.total.value == 3 and row.total.raw == "３"


def test_short_row_is_not_shifted_left() -> None:
    """Two values for seven columns: cut short, or its blank cells dropped? The text cannot
    tell, so no cell is stated (absent, not blank, not zero) and a P001 finding says why."""
    text = "三、收到和处理政府信息公开申请情况\n\t一、本年新收政府信息公开申请数量\n\t6\n\t0\n"
    report = gov_disclosure.parse(text)
    row = report.applications.new_received  # type: ignore[union-attr]
    assert row is not None and row.label.value == "一、本年新收政府信息公开申请数量"
    assert all(getattr(row, c) is None for c in ("natural_person", "research", "total"))
    (found,) = gov_disclosure.validate(report, select=["P"])
    assert (found.table, found.row, found.line) == ("applications", "new_received", 3)
    assert "6 0" in found.message


def _cells(obj: object) -> list[Cell[Any]]:
    out: list[Cell[Any]] = []
    if isinstance(obj, Cell):
        return [obj]
    if isinstance(obj, tuple):
        for item in obj:
            out.extend(_cells(item))
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):  # type: ignore[arg-type]
            out.extend(_cells(getattr(obj, f.name)))
    return out


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_every_cell_points_at_its_raw_text(path: Path) -> None:
    """raw == source[span.start:span.end], and line/column agree with the offsets."""
    text = gov_disclosure.parse_file(path)
    source = path.read_text(encoding="utf-8-sig")
    lines = re.findall(r"[^\n]*\n|[^\n]+$", source)  # lines end at LF only (not at \f)
    cells = _cells(text)
    assert len(cells) > 50
    for cell in cells:
        assert cell.span is not None
        assert source[cell.span.start : cell.span.end] == cell.raw
        line_start = sum(len(line) for line in lines[: cell.span.line - 1])
        assert line_start + cell.span.column - 1 == cell.span.start


def test_fact_spans_locate_values() -> None:
    path = seed_paths()[0]
    source = path.read_text(encoding="utf-8")
    for fact in gov_disclosure.facts(gov_disclosure.parse_file(path)):
        if fact.table == "applications" and fact.value is not None:
            assert fact.span is not None
            assert source[fact.span.start : fact.span.end].strip("\xa0 ") == str(fact.value)


def test_a_byline_above_the_title_is_not_part_of_it() -> None:
    text = (EXAMPLES / "qinghe-county-2023.txt").read_text(encoding="utf-8")
    report = gov_disclosure.parse("发布时间：2024-01-20 来源：本站\n" + text)
    assert report.meta.title is not None and report.meta.subject is not None
    assert (report.meta.title.value or "").startswith("青禾县人民政府办公室")
    assert report.meta.subject.value == "青禾县人民政府办公室"


def test_a_title_over_two_markdown_heading_lines() -> None:
    text = (EXAMPLES / "qinghe-county-2023.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    report = gov_disclosure.parse("# 青禾县人民政府办公室\n# 2023年政府信息公开工作年度报告\n" + text)
    assert report.meta.subject is not None
    assert report.meta.subject.value == "青禾县人民政府办公室"


def _qinghe_body() -> str:
    return (EXAMPLES / "qinghe-county-2023.txt").read_text(encoding="utf-8").split("\n", 2)[2]


def test_a_crawlers_header_lines_are_metadata_never_prose() -> None:
    report = gov_disclosure.parse_file(EXAMPLES / "linjiang-bureau-2024.txt")
    meta = report.meta
    assert meta.title is not None and meta.title.value == "2024年临江市生态环境局政府信息公开工作年度报告"
    assert meta.subject is not None and meta.subject.value == "临江市生态环境局"
    assert meta.year is not None and meta.year.value == 2024
    assert meta.organ is not None and meta.organ.value == "临江市生态环境局"
    assert meta.source is not None and (meta.source.value or "").startswith(
        "https://www.linjiang.example.gov.cn/"
    )
    assert meta.published is not None and meta.published.value == "2025-01-17"  # signed, not posted
    prose = [c.value for c in report.preamble] + [c.value for p in report.parts for c in p.paragraphs]
    for chrome in ("标题", "发布时间", "发布机构", "原文链接", "当前位置", "字体", "正文", "打印本页"):
        assert not any((v or "").startswith(chrome) for v in prose), chrome
    for cell in (meta.organ, meta.source):
        assert cell.span is not None
        assert report_text(EXAMPLES / "linjiang-bureau-2024.txt")[cell.span.start : cell.span.end] == cell.raw


def report_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("head", "subject"),
    [
        ("正文\n2024年上海市某某委员会政府信息公开工作年度报告\n", "上海市某某委员会"),
        (
            "【字体：大 中 小】\n2024年度青禾县人民政府办公室政府信息公开工作年度报告\n",
            "青禾县人民政府办公室",
        ),
        (
            "当前位置：首页 > 政务公开\n青禾县人民政府办公室2023年政府信息公开工作年度报告\n",
            "青禾县人民政府办公室",
        ),
        ("**青禾县人民政府办公室**\n**2023年政府信息公开工作年度报告**\n", "青禾县人民政府办公室"),
        (
            "青禾县人民政府办公室\n青禾县人民政府办公室\n2023年政府信息公开工作年度报告\n",
            "青禾县人民政府办公室",
        ),
    ],
)
def test_the_subject_of_a_title_in_any_form(head: str, subject: str) -> None:
    report = gov_disclosure.parse(head + _qinghe_body())
    assert report.meta.subject is not None and report.meta.subject.value == subject


def test_a_header_line_with_several_fields() -> None:
    report = gov_disclosure.parse(
        "来源：临江市人民政府 | 发布日期：2024-02-14 11:10\n原文链接：https://example.gov.cn/a.html 浏览次数：12\n"
        + "临江市2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息120条。\n"
    )
    meta = report.meta
    assert meta.organ is not None and meta.organ.value == "临江市人民政府"
    assert meta.source is not None and meta.source.value == "https://example.gov.cn/a.html"
    assert meta.published is not None and meta.published.value == "2024-02-14"
