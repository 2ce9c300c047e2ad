"""The HTML reader: government web pages parse to exactly the facts of the report they carry."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import DecodeError, GovDisclosureError
from gov_disclosure.errors import BudgetError
from gov_disclosure.readers import read_bytes
from gov_disclosure.readers.html import decode_html, html_to_text
from report_tables import report_html
from support import EXAMPLES, example_paths, seed_paths

REPORTS = [*seed_paths(), *example_paths()]


def _facts(report: gov_disclosure.AnnualReport) -> dict[tuple[str, str, str], Any]:
    return {(f.table, f.row, f.column): f.value for f in gov_disclosure.facts(report)}


def _assert_same_facts(expected: gov_disclosure.AnnualReport, got: gov_disclosure.AnnualReport) -> None:
    want, have = _facts(expected), _facts(got)
    wrong = {
        k: (want.get(k, "<no fact>"), have.get(k, "<no fact>"))
        for k in {*want, *have}
        if want.get(k, "<no fact>") != have.get(k, "<no fact>")
    }
    assert not wrong, f"{len(wrong)} facts differ (text, html): {wrong}"


def _read_or_fail_cleanly(data: bytes) -> None:
    """A parse, a partial parse or one line of GovDisclosureError: nothing else."""
    try:
        gov_disclosure.facts(gov_disclosure.parse(read_bytes(data, format="html")))
    except GovDisclosureError as exc:
        assert str(exc) and "\n" not in str(exc)


# ---- every corpus and example report, written as a web page ------------------------------------


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
@pytest.mark.parametrize("style", ["site", "bare", "layout-table"])
def test_every_report_survives_as_a_web_page(path: Path, style: str) -> None:
    report = gov_disclosure.parse_file(path)
    page = report_html(report, debris=style != "bare", layout_table=style == "layout-table")
    got = gov_disclosure.parse_bytes(page.encode("utf-8"))
    _assert_same_facts(report, got)
    assert got.meta.layout == "tsv"
    assert [p.number for p in got.parts] == [p.number for p in report.parts]


def test_site_chrome_does_not_reach_the_text() -> None:
    report = gov_disclosure.parse_file(EXAMPLES / "qinghe-county-2023.txt")
    text = html_to_text(report_html(report).encode("utf-8"))
    for debris in (
        "繁體版",
        "请输入关键词",
        "首页",
        "当前位置",
        "字号",
        "打印",
        "关闭窗口",
        "相关报告",
        "网站标识码",
        "ICP备",
        "websiteId",
        ".article",
    ):
        assert debris not in text, debris
    # The page's title heading comes first: the crawler's chrome above it is gone.
    assert text.splitlines()[0] == "青禾县人民政府办公室 2023年政府信息公开工作年度报告"
    assert gov_disclosure.parse(text).meta.subject is not None


# ---- GB pages and charsets that lie -------------------------------------------------------------

QINGHE = EXAMPLES / "qinghe-county-2023.txt"


def _example_page(charset: str | None) -> tuple[gov_disclosure.AnnualReport, str]:
    report = gov_disclosure.parse_file(QINGHE)
    return report, report_html(report, charset=charset)


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ("gb2312", "gbk"),  # the common case: GBK bytes labelled GB2312
        ("GBK", "gb18030"),
        ("utf-8", "gbk"),  # the label lies: GBK bytes labelled UTF-8
        ("gb2312", "utf-8"),  # the label lies the other way
        ("iso-8859-1", "gbk"),  # a server default that says nothing about Chinese
        (None, "gbk"),  # no label at all: detected
        ("utf-8", "utf-16"),  # a BOM wins over any label
    ],
)
def test_charsets(declared: str | None, encoding: str) -> None:
    report, page = _example_page(declared)
    got = gov_disclosure.parse_bytes(page.encode(encoding))
    _assert_same_facts(report, got)
    assert got.meta.subject is not None and got.meta.subject.value == "青禾县人民政府办公室"


def test_http_equiv_charset_and_gbk_only_characters() -> None:
    # 堃 is in GBK but not in GB2312: a page labelled gb2312 still decodes it.
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
        "<body><p>堃山县人民政府2021年政府信息公开工作年度报告</p><p>一、总体情况</p><p>正文。</p></body></html>"
    )
    text = decode_html(page.encode("gbk"))
    assert "堃山县" in text
    assert gov_disclosure.parse_bytes(page.encode("gbk")).meta.subject.value == "堃山县人民政府"  # type: ignore[union-attr]


def test_utf16_page_without_bom() -> None:
    report, page = _example_page("utf-16")
    _assert_same_facts(report, gov_disclosure.parse_bytes(page.encode("utf-16-le")))


# ---- a page written by hand: the 2019 form, with the spans real sites use ------------------------

T3_ROWS_2019 = [
    # (label, group, values: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)
    ("一、本年新收政府信息公开申请数量", None, ["21", "3", "", "", "1", "", "25"]),
    ("二、上年结转政府信息公开申请数量", None, ["2", "0", "0", "0", "0", "0", "2"]),
    ("（一）予以公开", "results", ["10", "2", "", "", "1", "", ""]),  # 总计 left blank: blank ≠ 0
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "results",
        ["3", "0", "0", "0", "0", "0", "3"],
    ),
    ("1.属于国家秘密", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("2.其他法律行政法规禁止公开", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("3.危及“三安全一稳定”", "（三）不予公开", ["1", "0", "0", "0", "0", "0", "1"]),
    ("4.保护第三方合法权益", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("5.属于三类内部事务信息", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("6.属于四类过程性信息", "（三）不予公开", ["1", "0", "0", "0", "0", "0", "1"]),
    ("7.属于行政执法案卷", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("8.属于行政查询事项", "（三）不予公开", ["0", "0", "0", "0", "0", "0", "0"]),
    ("1.本机关不掌握相关政府信息", "（四）无法提供", ["5", "1", "0", "0", "0", "0", "6"]),
    ("2.没有现成信息需要另行制作", "（四）无法提供", ["0", "0", "0", "0", "0", "0", "0"]),
    ("3.补正后申请内容仍不明确", "（四）无法提供", ["0", "0", "0", "0", "0", "0", "0"]),
    ("1.信访举报投诉类申请", "（五）不予处理", ["1", "0", "0", "0", "0", "0", "1"]),
    ("2.重复申请", "（五）不予处理", ["0", "0", "0", "0", "0", "0", "0"]),
    ("3.要求提供公开出版物", "（五）不予处理", ["0", "0", "0", "0", "0", "0", "0"]),
    ("4.无正当理由大量反复申请", "（五）不予处理", ["0", "0", "0", "0", "0", "0", "0"]),
    ("5.要求行政机关确认或重新出具已获取信息", "（五）不予处理", ["0", "0", "0", "0", "0", "0", "0"]),
    ("（六）其他处理", "results", ["1", "0", "0", "0", "0", "0", "1"]),
    ("（七）总计", "results", ["22", "3", "0", "0", "1", "0", "26"]),
    ("四、结转下年度继续办理", None, ["1", "0", "0", "0", "0", "0", "1"]),
]
T3_KEYS = {
    "一、本年新收政府信息公开申请数量": "new_received",
    "二、上年结转政府信息公开申请数量": "carried_over",
    "（一）予以公开": "granted",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "partially_granted",
    "（六）其他处理": "other",
    "（七）总计": "total",
    "四、结转下年度继续办理": "carried_forward",
}
GROUP_KEYS = {"（三）不予公开": "denied", "（四）无法提供": "unavailable", "（五）不予处理": "not_processed"}
SUB_KEYS = {
    "denied": [
        "state_secret",
        "prohibited_by_law",
        "security_stability",
        "third_party_rights",
        "internal_affairs",
        "process_information",
        "enforcement_file",
        "administrative_query",
    ],
    "unavailable": ["not_held", "needs_creation", "still_unclear"],
    "not_processed": ["complaint", "duplicate", "publication", "excessive", "confirmation"],
}
COLUMNS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total"]


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    body = text if text else "&nbsp;"
    return f'<td{spans} valign="center" style="border:1px solid #000"><p align="center"><span style="font-family:仿宋_GB2312">{body}</span></p></td>'


def _t3_html() -> str:
    head = (
        "<tr>"
        + _td("（本列数据的勾稽关系为：第一项加第二项之和，<br/>等于第三项加第四项之和）", 3, 3)
        + _td("申请人情况", colspan=7)
        + "</tr>"
        "<tr>"
        + _td("自 然 人", rowspan=2)
        + _td("法人或其他组织", colspan=5)
        + _td("总计", rowspan=2)
        + "</tr>"
        "<tr>"
        + "".join(
            _td(t)
            for t in ("商业<br/>企业", "科研<br/>机构", "社会公益<br/>组织", "法律服务<br/>机构", "其他")
        )
        + "</tr>"
    )
    rows = []
    results_left = sum(1 for _, g, _ in T3_ROWS_2019 if g is not None)
    seen_groups: set[str] = set()
    first_result = True
    for label, group, values in T3_ROWS_2019:
        cells = ""
        if group is None:
            cells += _td(label, colspan=3)
        else:
            if first_result:
                cells += _td("三、本年度<br/>办理结果", rowspan=results_left)
                first_result = False
            if group == "results":
                cells += _td(label, colspan=2)
            else:
                if group not in seen_groups:
                    seen_groups.add(group)
                    cells += _td(group, rowspan=sum(1 for _, g, _ in T3_ROWS_2019 if g == group))
                cells += _td(label)
        cells += "".join(_td(v) for v in values)
        rows.append(f"<tr>{cells}</tr>")
    return '<table border="1" cellspacing="0" width="600"><tbody>' + head + "".join(rows) + "</tbody></table>"


def _t2_2019_html() -> str:
    def caption(text: str) -> str:
        return "<tr>" + _td(text, colspan=4) + "</tr>"

    def row(*cells: str) -> str:
        return "<tr>" + "".join(cells) + "</tr>"

    return (
        '<table border="1"><tbody>'
        + caption("第二十条第（一）项")
        + row(
            _td("信息内容"),
            _td("本年新<br/>制作数量"),
            _td("本年新<br/>公开数量"),
            _td("对外公开<br/>总数量"),
        )
        + row(_td("规章"), _td("0"), _td("0"), _td("0"))
        + row(_td("规范性文件"), _td("4"), _td("4"), _td("37"))
        + caption("第二十条第（五）项")
        + row(_td("信息内容"), _td("上一年<br/>项目数量"), _td("本年增/减"), _td("处理决定数量"))
        + row(_td("行政许可"), _td("126"), _td("+3"), _td("2,418"))
        + row(_td("其他对外管理服务事项"), _td("18"), _td("-2"), _td("311"))
        + caption("第二十条第（六）项")
        + row(_td("信息内容"), _td("上一年<br/>项目数量"), _td("本年增/减"), _td("处理决定数量"))
        # One "/" merged down over both rows: the lower row's cell is blank, its others stay put.
        + row(_td("行政处罚"), _td("/", rowspan=2), _td("0"), _td("57"))
        + row(_td("行政强制"), _td("0"), _td("4"))
        + caption("第二十条第（八）项")
        # Header and data span differently, as on real sites: values are read in order.
        + row(_td("信息内容"), _td("上一年项目数量"), _td("本年增/减", colspan=2))
        + row(_td("行政事业性收费"), _td("7", colspan=2), _td("-1"))
        + caption("第二十条第（九）项")
        + row(_td("信息内容"), _td("采购项目数量"), _td("采购总金额", colspan=2))
        + row(_td("政府集中采购"), _td("5"), _td("251000元", colspan=2))
        + "</tbody></table>"
    )


def _t4_html(values: list[str]) -> str:
    five = ["结果<br/>维持", "结果<br/>纠正", "其他<br/>结果", "尚未<br/>审结", "总计"]
    return (
        '<table border="1"><tbody>'
        + "<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>"
        + "<tr>" + "".join(_td(t, rowspan=2) for t in five) + _td("未经复议直接起诉", colspan=5) + _td("复议后起诉", colspan=5) + "</tr>"
        + "<tr>" + "".join(_td(t) for t in five * 2) + "</tr>"
        + "<tr>" + "".join(_td(v) for v in values) + "</tr>"
        + "</tbody></table>"
    )  # fmt: skip


T4_VALUES = ["1", "0", "0", "1", "2", "0", "0", "0", "1", "1", "", "", "", "", ""]

PAGE_2019 = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>松岭县人民政府2020年政府信息公开工作年度报告_松岭县人民政府</title>
<script type="text/javascript">var _hmt = _hmt || []; document.write("一、总体情况");</script>
<style type="text/css">td {{ font-size: 14px; }}</style>
</head>
<body>
<div class="top">
  <div class="w1200"><span>今天是：2021年3月20日</span> <a href="/">设为首页</a> <a href="/">加入收藏</a></div>
</div>
<div id="mainNav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li><li><a href="/nb/">政府信息公开年报</a></li></ul></div>
<div>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/xxgk/">政府信息公开</a> &gt;&gt; 年度报告</div>
<table class="xxgk_table" width="100%" border="1">
  <tr><td>索 引 号：</td><td>000014349/2021-00012</td><td>信息分类：</td><td>年度报告</td></tr>
  <tr><td>发布机构：</td><td>松岭县人民政府办公室</td><td>发文日期：</td><td>2021-03-19</td></tr>
</table>
<table width="1000" align="center"><tr><td>
<table width="100%"><tr>
<td width="200" valign="top"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">法规文件</a></li><li><a href="/c">规划计划</a></li></ul></td>
<td valign="top">
<div class="bt" style="text-align:center"><strong>松岭县人民政府2020年政府信息公开工作年度报告</strong></div>
<div class="TRS_Editor">
<p style="text-indent:2em">本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据统计期限自2020年1月1日起至2020年12月31日止。</p>
<p style="text-indent:2em"><strong><span>一、总体</span><span>情况</span></strong></p>
<p style="text-indent:2em">2020年，松岭县人民政府全面落实《条例》要求，全年主动公开政府信息2316条。</p>
<p style="text-indent:2em"><b>二、主动公开政府信息情况</b></p>
<div align="center">{_t2_2019_html()}</div>
<p style="text-indent:2em"><b>三、收到和处理
    政府信息公开申请情况</b></p>
<div align="center">{_t3_html()}</div>
<p style="text-indent:2em"><b>四、政府信息公开行政复议、行政诉讼情况</b></p>
<div align="center">{_t4_html(T4_VALUES)}</div>
<p style="text-indent:2em"><b>五、存在的主要问题及改进情况</b></p>
<p style="text-indent:2em">一是公开内容不够全面；二是解读形式比较单一。2021年，我县将进一步加强培训。</p>
<p style="text-indent:2em"><b>六、其他需要报告的事项</b></p>
<p style="text-indent:2em">无。</p>
<p style="text-align:right">松岭县人民政府办公室<br />2021年3月19日</p>
</div>
<div style="text-align:center">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</td></tr></table>
</td></tr></table>
<div class="bottom_copyright">
  <p>主办单位：松岭县人民政府办公室　承办单位：松岭县大数据中心</p>
  <p>网站标识码：9999000002　某ICP备00000002号-1　某公网安备 00000000000002号</p>
</div>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page_2019() -> gov_disclosure.AnnualReport:
    return gov_disclosure.parse_bytes(PAGE_2019.encode("gbk"))


def test_hand_written_2019_page_meta(page_2019: gov_disclosure.AnnualReport) -> None:
    meta = page_2019.meta
    assert meta.template == "2019"
    assert meta.year is not None and meta.year.value == 2020
    assert meta.subject is not None and meta.subject.value == "松岭县人民政府"
    assert meta.published is not None and meta.published.value == "2021-03-19"
    assert [p.number for p in page_2019.parts] == [1, 2, 3, 4, 5, 6]
    text = html_to_text(PAGE_2019.encode("gbk"))
    for debris in (
        "设为首页",
        "当前位置",
        "索 引 号",
        "机构职能",
        "打印本页",
        "关闭窗口",
        "网站标识码",
        "ICP备",
        "_hmt",
        "font-size",
    ):
        assert debris not in text, debris


def test_hand_written_2019_page_table_2(page_2019: gov_disclosure.AnnualReport) -> None:
    facts = _facts(page_2019)
    expected: dict[tuple[str, str, str], Any] = {
        ("active", "rules", "made"): 0,
        ("active", "normative_documents", "total_published"): 37,
        ("active", "licensing", "change"): 3,
        ("active", "licensing", "decisions"): 2418,
        ("active", "other_services", "change"): -2,
        # The "/" merged down two rows: blank in both, and the other columns stay in place.
        ("active", "punishment", "previous_items"): None,
        ("active", "punishment", "decisions"): 57,
        ("active", "coercion", "previous_items"): None,
        ("active", "coercion", "change"): 0,
        ("active", "coercion", "decisions"): 4,
        # Header and data span differently: the values are read in order.
        ("active", "fees", "previous_items"): 7,
        ("active", "fees", "change"): -1,
        ("active", "procurement", "projects"): 5,
        ("active", "procurement", "amount"): "25.1",
    }
    assert {k: facts.get(k, "<no fact>") for k in expected} == expected
    assert isinstance(page_2019.active, gov_disclosure.Active2019)
    assert page_2019.active.procurement is not None and page_2019.active.procurement.amount is not None
    assert page_2019.active.procurement.amount.value == Decimal("25.1")


def test_hand_written_2019_page_table_3(page_2019: gov_disclosure.AnnualReport) -> None:
    facts = _facts(page_2019)
    sub_index = dict.fromkeys(GROUP_KEYS.values(), 0)
    expected: dict[tuple[str, str, str], Any] = {}
    for label, group, values in T3_ROWS_2019:
        if group in GROUP_KEYS:
            key = GROUP_KEYS[group]
            row = f"{key}.{SUB_KEYS[key][sub_index[key]]}"
            sub_index[key] += 1
        else:
            row = T3_KEYS[label]
        for column, value in zip(COLUMNS, values, strict=True):
            expected[("applications", row, column)] = int(value) if value else None
    got = {k: v for k, v in facts.items() if k[0] == "applications"}
    assert got == expected
    assert facts[("applications", "granted", "total")] is None  # blank, not 0


def test_hand_written_2019_page_table_4(page_2019: gov_disclosure.AnnualReport) -> None:
    facts = _facts(page_2019)
    blocks = ["review", "litigation_direct", "litigation_after_review"]
    columns = ["upheld", "corrected", "other", "pending", "total"]
    expected = {
        ("reviews", block, column): (int(v) if v else None)
        for (block, column), v in zip([(b, c) for b in blocks for c in columns], T4_VALUES, strict=True)
    }
    assert {k: v for k, v in facts.items() if k[0] == "reviews"} == expected


def test_hand_written_page_checks_clean(page_2019: gov_disclosure.AnnualReport) -> None:
    """The page's tables add up (勾稽关系) but for the 总计 left blank: that is all the checks see."""
    findings = gov_disclosure.validate(page_2019, select=["A"])
    assert sorted(f.code for f in findings) == ["A002", "A006"]
    assert all("总计" in f.message for f in findings)


def test_title_block_with_a_chrome_class_is_kept_and_sidebar_titles_are_not_the_title() -> None:
    page = (
        '<div class="header"><div class="logo">松岭县人民政府</div></div>'
        '<div class="article-head"><h1>松岭县人民政府2020年政府信息公开工作年度报告</h1>'
        '<div class="info">发布日期：2021-03-19</div></div>'
        '<div class="content"><p>一、总体情况</p><p>正文。</p></div>'
        '<div class="side"><h2>松岭县人民政府2019年政府信息公开工作年度报告</h2></div>'
    )
    lines = html_to_text(page.encode()).splitlines()
    assert lines == [
        "松岭县人民政府2020年政府信息公开工作年度报告",
        "发布日期：2021-03-19",
        "一、总体情况",
        "正文。",
    ]
    report = gov_disclosure.parse(html_to_text(page.encode()))
    assert report.meta.year is not None and report.meta.year.value == 2020


def test_debris_lines_go_by_their_words_alone() -> None:
    """No class names, no title heading: the debris lines still go, the report's lines stay."""
    page = (
        "<div>今天是：2021年3月20日 设为首页 加入收藏</div>"
        "<div>您现在的位置：首页 &gt; 信息公开 &gt; 年度报告</div>"
        "<p>松岭县人民政府2020年政府信息公开工作年度报告</p>"
        "<div>【字号：大 中 小】【打印】【关闭】</div>"
        "<p>一、总体情况</p><p>主动公开政府信息2316条，联系电话：0000-1234567。</p>"
        "<div>[打印本页] [关闭窗口]</div><div>上一篇：无</div>"
        "<div>版权所有：松岭县人民政府 技术支持：某公司</div><div>网站标识码：9999000002</div>"
    )
    assert html_to_text(page.encode()).splitlines() == [
        "松岭县人民政府2020年政府信息公开工作年度报告",
        "一、总体情况",
        "主动公开政府信息2316条，联系电话：0000-1234567。",
    ]


def test_cell_paragraphs_and_line_breaks_join_into_one_cell() -> None:
    page = (
        "<p>三、收到和处理政府信息公开申请情况</p><table>"
        "<tr><td>行政复议</td><td>x</td></tr>"
        "<tr><td><p>结果</p><p>维持</p></td><td>尚未<br>审结</td><td><div><span>总</span></div><div>计</div></td></tr>"
        "</table>"
    )
    text = html_to_text(page.encode())
    assert "结果 维持\t尚未 审结\t总 计" in text


def test_line_break_inside_a_chinese_heading_is_no_space() -> None:
    text = html_to_text(
        "<p>三、收到和处理\n      政府信息公开申请情况</p><p>Open Government\nInformation</p>".encode()
    )
    assert text.splitlines() == ["三、收到和处理政府信息公开申请情况", "Open Government Information"]


def test_pre_keeps_its_lines() -> None:
    text = html_to_text("<pre>一、总体情况\n正文。</pre>".encode())
    assert text.splitlines() == ["一、总体情况", "正文。"]


def test_info_box_is_a_line_per_row() -> None:
    page = "<table><tr><td>索引号</td><td>000/2021-1</td></tr><tr><td>发布日期</td><td>2021-01-20</td></tr></table><p>一、总体情况</p>"
    assert html_to_text(page.encode()).splitlines() == [
        "索引号 000/2021-1",
        "发布日期 2021-01-20",
        "一、总体情况",
    ]


def test_table_caption_is_a_paragraph() -> None:
    page = (
        "<table><caption>主动公开情况</caption><tr><td>规章</td><td>1</td><td>0</td><td>3</td></tr></table>"
    )
    assert html_to_text(page.encode()).splitlines() == ["主动公开情况", "规章\t1\t0\t3"]


# ---- hostile pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "<table><tr><td rowspan=1000000000>规章</td><td colspan=99999>1</td></tr>"
        + "<tr><td>0</td></tr>" * 2000
        + "</table>",
        "<table>"
        + "<tr>"
        + '<td colspan="1000">0</td>' * 3000
        + "</tr>"
        + "<tr><td rowspan=0>x</td></tr>" * 3000
        + "</table>",
        "<table><tr><td rowspan=-3 colspan=abc>规章</td><td colspan=0>1</td><td rowspan=99999999999999999999>2</td></tr></table>",
        "<div>" * 100_000 + "一、总体情况" + "</div>" * 100_000,
        "<table><tr><td>" * 20_000 + "规章" + "</td></tr></table>" * 20_000,
        "<span>" * 50_000 + "<p>一、总体情况</p>" * 1000,
        "<html><body>" + "<p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr></table>" * 5_000,
    ],
    ids=[
        "absurd-spans",
        "wide-and-rowspan-0",
        "bad-span-values",
        "deep-divs",
        "deep-tables",
        "unclosed-spans",
        "many-tables",
    ],
)
def test_hostile_pages_finish_quickly(page: str) -> None:
    t0 = time.perf_counter()
    _read_or_fail_cleanly(page.encode())
    assert time.perf_counter() - t0 < 30


def test_absurd_spans_keep_the_grid_small() -> None:
    from gov_disclosure.readers.grid import MAX_COLSPAN, SpanCell, expand

    grid = expand([[SpanCell("规章", 1_000_000_000, 99_999), SpanCell("1")], [SpanCell("0")]])
    assert len(grid) == 2 and len(grid[0]) == MAX_COLSPAN + 1


@pytest.mark.parametrize(
    "junk",
    [
        b"<html>" + bytes(range(256)) * 64,
        b"<html><body>\x00\x00\x00\x01\x02\x03" * 500,
        b"<!DOCTYPE html>" + b"\xff\xfe\xfd" * 3000,
    ],
)
def test_binary_junk_behind_an_html_prefix(junk: bytes) -> None:
    with pytest.raises(GovDisclosureError) as info:
        gov_disclosure.parse_bytes(junk)
    assert "\n" not in str(info.value)


def test_binary_junk_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        html_to_text(b"<html>" + bytes(range(256)) * 64)


def test_empty_and_markup_only_pages() -> None:
    for page in (b"<html></html>", b"<!DOCTYPE html>", b"<html><body><script>x()</script></body></html>"):
        with pytest.raises(gov_disclosure.NotAReportError):
            gov_disclosure.parse_bytes(page)


def _small_page() -> bytes:
    report = gov_disclosure.parse_file(seed_paths()[1])
    return report_html(report).encode("utf-8")


SMALL_PAGE = _small_page()


def test_a_page_cut_anywhere_parses_or_fails_cleanly() -> None:
    # 80 cuts spread over the page, and each byte around a multi-byte character near the middle.
    cuts = [*range(0, len(SMALL_PAGE), len(SMALL_PAGE) // 80)]
    middle = SMALL_PAGE.index("三、收到".encode())
    cuts += list(range(middle - 4, middle + 8))
    for cut in cuts:
        _read_or_fail_cleanly(SMALL_PAGE[:cut])
    partial = gov_disclosure.parse_bytes(SMALL_PAGE[: SMALL_PAGE.index("四、政府信息公开行政复议".encode())])
    assert partial.applications is not None and partial.reviews is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(SMALL_PAGE) - 1), st.integers(0, 255)), min_size=1, max_size=40),
    st.integers(0, len(SMALL_PAGE)),
)
def test_fuzz_mutated_page(mutations: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(SMALL_PAGE[: max(cut, 1)])
    for at, byte in mutations:
        if at < len(data):
            data[at] = byte
    t0 = time.perf_counter()
    _read_or_fail_cleanly(bytes(data))
    assert time.perf_counter() - t0 < 10


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<table>",
                "</table>",
                "<tr>",
                "</tr>",
                "<td rowspan=3>",
                "<td colspan=4>",
                "<td>",
                "</td>",
                "<br>",
                "<p>",
                "规章",
                "行政复议",
                "0",
                "12",
                "一、总体情况",
                "<div class=nav>",
                "</div>",
                "<script>",
                "&nbsp;",
                "<th rowspan=0>",
            ]
        ),
        max_size=200,
    )
)
def test_fuzz_tag_soup(pieces: list[str]) -> None:
    _read_or_fail_cleanly(("<html><body>" + "".join(pieces)).encode())


def test_a_page_nested_past_libxml2s_default_depth_is_read_whole() -> None:
    # libxml2 stops at 256 levels by default and drops the rest without a word.
    paragraphs = "".join(f"<p>第{i}段</p>" for i in range(600))
    page = "<html><body>" + "<div>" * 300 + paragraphs + "</div>" * 300 + "<p>结尾</p></body></html>"
    lines = html_to_text(page.encode()).splitlines()
    assert lines == [f"第{i}段" for i in range(600)] + ["结尾"]


def test_a_page_nested_past_the_depth_budget_is_refused() -> None:
    page = "<html><body>" + "<div>" * 2100 + "<p>深处</p>" + "</div>" * 2100 + "</body></html>"
    with pytest.raises(BudgetError, match="MAX_DEPTH"):
        html_to_text(page.encode())


@pytest.mark.parametrize("path", [*example_paths(), *seed_paths()], ids=lambda p: p.stem)
def test_every_value_of_a_web_page_names_its_element(path: Path) -> None:
    from lxml import html as lxml_html

    page = gov_disclosure.render(gov_disclosure.parse_file(path), "html")
    report = gov_disclosure.parse_bytes(page.encode("utf-8"))
    root = lxml_html.document_fromstring(page.encode("utf-8")).getroottree()
    checked = 0
    for fact in gov_disclosure.facts(report):
        if fact.span is None:
            continue
        region = report.meta.region_of(fact.span.line, fact.span.column)
        assert region is not None and region.element and region.page is None, fact
        (element,) = root.xpath(region.element)
        cell = report.cell(fact.table, fact.row, fact.column)
        assert cell is not None
        assert "".join(cell.raw.split()) in "".join(element.text_content().split()), (fact, region)
        if fact.table != "meta":
            assert element.tag in ("td", "th"), region
        checked += 1
    assert checked >= 20
