"""Report texts for the catalogue's examples: a small, complete, consistent report per form.

Each rule's bad example is one of these with a line or two changed, so the documentation can
show the change and the tests can run both texts through the rule.
"""

from __future__ import annotations

__all__ = ["COMPLETE_2019", "COMPLETE_2021", "edit"]

_T3_HEADER = """\
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况
自然人 法人或其他组织 总计
商业企业 科研机构 社会公益组织 法律服务机构 其他
"""

_T3_BODY = """\
一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5
二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1
三、本年度办理结果 （一）予以公开 2 1 0 0 0 0 3
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0 1
（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0
2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
3.危及“三安全一稳定” 0 0 0 0 0 0 0
4.保护第三方合法权益 0 0 0 0 0 0 0
5.属于三类内部事务信息 0 0 0 0 0 0 0
6.属于四类过程性信息 0 0 0 0 0 0 0
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供 1.本机关不掌握相关政府信息 1 0 0 0 0 0 1
2.没有现成信息需要另行制作 0 0 0 0 0 0 0
3.补正后申请内容仍不明确 0 0 0 0 0 0 0
（五）不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0
2.重复申请 0 0 0 0 0 0 0
3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
{other}（七）总计 4 1 0 0 0 0 5
四、结转下年度继续办理 1 0 0 0 0 0 1
"""

_OTHER_2021 = """\
（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 0 0 0 0 0 0 0
"""

_OTHER_2019 = "（六）其他处理 0 0 0 0 0 0 0\n"

# Header cells apart by two spaces, as pdftotext -layout prints them.
_T4 = """\
行政复议  行政诉讼
结果维持  结果纠正  其他结果  尚未审结  总计  未经复议直接起诉  复议后起诉
结果维持  结果纠正  其他结果  尚未审结  总计  结果维持  结果纠正  其他结果  尚未审结  总计
1 0 0 0 1 0 0 0 0 0 0 0 0 0 0
"""

_HEAD = """\
云溪县人民政府{year}年政府信息公开工作年度报告

本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。
一、总体情况
{year}年，全年新收政府信息公开申请5件，上年结转1件；被申请行政复议1件，未发生行政诉讼。
"""

_TAIL = """\
五、存在的主要问题及改进情况
政策解读形式较为单一，{next}年将丰富解读形式。
六、其他需要报告的事项
本机关{year}年未收取信息处理费。
云溪县人民政府
{next}年1月20日
"""

COMPLETE_2021 = (
    _HEAD.format(year=2023)
    + """\
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 3 1 12
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 120
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 45
行政强制 2
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 12.5
三、收到和处理政府信息公开申请情况
"""
    + _T3_HEADER
    + _T3_BODY.format(other=_OTHER_2021)
    + "四、政府信息公开行政复议、行政诉讼情况\n"
    + _T4
    + _TAIL.format(year=2023, next=2024)
)
"""A county government's 2023 report in the 2021 form, one table row per line; it passes every check."""

COMPLETE_2019 = (
    _HEAD.format(year=2020)
    + """\
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 3 3 27
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 223 +23 1706
其他对外管理服务事项 40 -2 96
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 431 -262 711
行政强制 12 0 5
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 18 -3
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 14 356.2万
三、收到和处理政府信息公开申请情况
"""
    + _T3_HEADER
    + _T3_BODY.format(other=_OTHER_2019)
    + "四、政府信息公开行政复议、行政诉讼情况\n"
    + _T4
    + _TAIL.format(year=2020, next=2021)
)
"""The same county's 2020 report in the 2019 form; it passes every check."""


def edit(text: str, old: str, new: str) -> str:
    """``text`` with its one occurrence of ``old`` replaced (a loud error if not exactly one)."""
    if text.count(old) != 1:  # pragma: no cover - a mistake in an example, caught at import
        raise ValueError(f"{old!r} occurs {text.count(old)} times")
    return text.replace(old, new)
