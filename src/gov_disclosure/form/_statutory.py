"""The two statutory forms, stated once.

国办公开办函〔2019〕60号 (reports on 2019 and 2020) and 〔2021〕30号 (2021 and later). They share
the six parts, table 3 but for its （六） rows, and table 4; they differ in table 2. Everything
else in the library (the model, the grammar's table rules, assembly, rendering, strategies,
facts, the arithmetic checks) is derived from these tables or tested against them.
"""

from __future__ import annotations

from gov_disclosure.form._schema import (
    CellRef,
    Column,
    Form,
    FormBlock,
    FormPart,
    FormRow,
    FormTable,
    Relation,
)

__all__ = [
    "ACTIVE_2019",
    "ACTIVE_2021",
    "APPLICANT_COLUMNS",
    "APPLICATIONS_2019",
    "APPLICATIONS_2021",
    "APPLICATIONS_UNION",
    "FORMS",
    "FORM_2019",
    "FORM_2021",
    "LEGAL_PERSON_COLUMNS",
    "PARTS",
    "REVIEWS",
    "REVIEW_COLUMNS",
    "T3_APPLICANTS",
    "T3_LEGAL_PERSONS",
    "T3_NOTE",
    "T3_RESULTS",
    "UNION_RELATIONS",
]

PARTS = (
    FormPart(1, "一、总体情况", "part_general"),
    FormPart(2, "二、主动公开政府信息情况", "part_active"),
    FormPart(3, "三、收到和处理政府信息公开申请情况", "part_applications"),
    FormPart(4, "四、政府信息公开行政复议、行政诉讼情况", "part_reviews"),
    FormPart(5, "五、存在的主要问题及改进情况", "part_problems"),
    FormPart(6, "六、其他需要报告的事项", "part_other"),
)

# ---- table 2: 主动公开政府信息情况, one block per 第二十条 item ---------------------------------


def _t2(key: str, label: str, block: str, columns: tuple[Column, ...], *variants: str) -> FormRow:
    return FormRow(key, label, columns, (key,), f"t2_{key}", block=block, variants=variants)


_DOCS_2021 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)
_DOCS_2019 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_ITEMS_2019 = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减", "signed"),
    Column("decisions", "处理决定数量"),
)
_ITEM1, _ITEM5, _ITEM6, _ITEM8, _ITEM9 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
)

ACTIVE_2021 = FormTable(
    "active",
    2,
    2,
    "主动公开政府信息情况",
    rows=(
        _t2("rules", "规章", "item1", _DOCS_2021),
        _t2("normative_documents", "行政规范性文件", "item1", _DOCS_2021, "规范性文件"),
        _t2("licensing", "行政许可", "item5", _DECISIONS_2021),
        _t2("punishment", "行政处罚", "item6", _DECISIONS_2021),
        _t2("coercion", "行政强制", "item6", _DECISIONS_2021),
        _t2("fees", "行政事业性收费", "item8", (Column("amount", "本年收费金额（单位：万元）", "money"),)),
    ),
    blocks=(
        FormBlock("item1", _ITEM1, ("rules", "normative_documents")),
        FormBlock("item5", _ITEM5, ("licensing",)),
        FormBlock("item6", _ITEM6, ("punishment", "coercion")),
        FormBlock("item8", _ITEM8, ("fees",)),
    ),
)

ACTIVE_2019 = FormTable(
    "active",
    2,
    2,
    "主动公开政府信息情况",
    rows=(
        _t2("rules", "规章", "item1", _DOCS_2019),
        _t2("normative_documents", "规范性文件", "item1", _DOCS_2019, "行政规范性文件"),
        _t2("licensing", "行政许可", "item5", _ITEMS_2019),
        _t2("other_services", "其他对外管理服务事项", "item5", _ITEMS_2019),
        _t2("punishment", "行政处罚", "item6", _ITEMS_2019),
        _t2("coercion", "行政强制", "item6", _ITEMS_2019),
        _t2("fees", "行政事业性收费", "item8", _ITEMS_2019[:2]),
        _t2(
            "procurement",
            "政府集中采购",
            "item9",
            (Column("projects", "采购项目数量"), Column("amount", "采购总金额", "money")),
        ),
    ),
    blocks=(
        FormBlock("item1", _ITEM1, ("rules", "normative_documents")),
        FormBlock("item5", _ITEM5, ("licensing", "other_services")),
        FormBlock("item6", _ITEM6, ("punishment", "coercion")),
        FormBlock("item8", _ITEM8, ("fees",)),
        FormBlock("item9", _ITEM9, ("procurement",)),
    ),
)

# ---- table 3: 收到和处理政府信息公开申请情况 ------------------------------------------------------

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("nonprofit", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
#: The five columns the template heads 法人或其他组织.
LEGAL_PERSON_COLUMNS = ("commercial", "research", "nonprofit", "legal_service", "other_org")
#: The note heading table 3's label area, and the heading over its seven columns.
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_LEGAL_PERSONS = "法人或其他组织"
T3_RESULTS = "三、本年度办理结果"


def _t3(key: str, label: str, level: int, *, result: bool = True, short: str = "") -> FormRow:
    group, _, sub = key.rpartition(".")
    path = (group, sub) if group else (key,)
    return FormRow(
        key,
        label,
        APPLICANT_COLUMNS,
        path,
        "t3_" + key.replace(".", "_"),
        block=group or None,
        level=level,
        result=result,
        short=short,
    )


_T3_HEAD = (
    _t3("new_received", "一、本年新收政府信息公开申请数量", 0, result=False),
    _t3("carried_over", "二、上年结转政府信息公开申请数量", 0, result=False),
    _t3("granted", "（一）予以公开", 1),
    _t3(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        1,
        short="（二）部分公开",
    ),
    _t3("denied.state_secret", "1.属于国家秘密", 2),
    _t3("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", 2),
    _t3("denied.security_stability", "3.危及“三安全一稳定”", 2),
    _t3("denied.third_party_rights", "4.保护第三方合法权益", 2),
    _t3("denied.internal_affairs", "5.属于三类内部事务信息", 2),
    _t3("denied.process_information", "6.属于四类过程性信息", 2),
    _t3("denied.enforcement_file", "7.属于行政执法案卷", 2),
    _t3("denied.administrative_query", "8.属于行政查询事项", 2),
    _t3("unavailable.not_held", "1.本机关不掌握相关政府信息", 2),
    _t3("unavailable.needs_creation", "2.没有现成信息需要另行制作", 2),
    _t3("unavailable.still_unclear", "3.补正后申请内容仍不明确", 2),
    _t3("not_processed.complaint", "1.信访举报投诉类申请", 2),
    _t3("not_processed.duplicate", "2.重复申请", 2),
    _t3("not_processed.publication", "3.要求提供公开出版物", 2),
    _t3("not_processed.excessive", "4.无正当理由大量反复申请", 2),
    _t3("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", 2),
)
_T3_OTHER_2021 = (
    _t3("other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    _t3("other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    _t3("other.other", "3.其他", 2),
)
# The 2019 form's （六）其他处理 is one row with values; the model keeps it as other.combined.
_T3_OTHER_2019 = (
    FormRow(
        "other",
        "（六）其他处理",
        APPLICANT_COLUMNS,
        ("other", "combined"),
        "t3_other_head",
        level=1,
        result=True,
    ),
)
_T3_TAIL = (
    _t3("total", "（七）总计", 1, result=False),
    _t3("carried_forward", "四、结转下年度继续办理", 0, result=False),
)
_T3_GROUPS = (
    FormBlock("denied", "（三）不予公开", tuple(r.key for r in _T3_HEAD[4:12]), "t3_denied_head"),
    FormBlock("unavailable", "（四）无法提供", tuple(r.key for r in _T3_HEAD[12:15]), "t3_unavailable_head"),
    FormBlock(
        "not_processed", "（五）不予处理", tuple(r.key for r in _T3_HEAD[15:20]), "t3_not_processed_head"
    ),
)


def _applications(other: tuple[FormRow, ...], groups: tuple[FormBlock, ...]) -> FormTable:
    rows = (*_T3_HEAD, *other, *_T3_TAIL)
    results = FormBlock("results", T3_RESULTS, tuple(r.key for r in rows if r.result), "t3_results_head")
    return FormTable(
        "applications",
        3,
        3,
        "收到和处理政府信息公开申请情况",
        rows=rows,
        blocks=(results, *_T3_GROUPS, *groups),
    )


APPLICATIONS_2021 = _applications(
    _T3_OTHER_2021,
    (FormBlock("other", "（六）其他处理", tuple(r.key for r in _T3_OTHER_2021), "t3_other_head"),),
)
APPLICATIONS_2019 = _applications(_T3_OTHER_2019, ())
#: Table 3 as reports that mix the forms print it: the 2021 sub-rows of （六） and the 2019 single
#: row both (D12 in the layout catalogue). Reading takes the union; the checks take the shape
#: the report has (`gov_disclosure.form.applications_form`).
APPLICATIONS_UNION = _applications(
    (*_T3_OTHER_2021, *_T3_OTHER_2019),
    (FormBlock("other", "（六）其他处理", tuple(r.key for r in _T3_OTHER_2021), "t3_other_head"),),
)

# ---- table 4: 政府信息公开行政复议、行政诉讼情况 (the same in both forms) -----------------------------

REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEWS = FormTable(
    "reviews",
    4,
    4,
    "政府信息公开行政复议、行政诉讼情况",
    rows=(
        FormRow("review", "行政复议", REVIEW_COLUMNS, ("review",), None),
        FormRow(
            "litigation_direct",
            "未经复议直接起诉",
            REVIEW_COLUMNS,
            ("litigation_direct",),
            None,
            block="litigation",
            short="行政诉讼·未经复议直接起诉",
        ),
        FormRow(
            "litigation_after_review",
            "复议后起诉",
            REVIEW_COLUMNS,
            ("litigation_after_review",),
            None,
            block="litigation",
            short="行政诉讼·复议后起诉",
        ),
    ),
    blocks=(FormBlock("litigation", "行政诉讼", ("litigation_direct", "litigation_after_review")),),
)

# ---- the sums that tie the tables ------------------------------------------------------------


def _relations(t3: FormTable) -> tuple[Relation, ...]:
    """The 勾稽关系 of tables 3 and 4, in the rule catalogue's order."""

    def at(table: FormTable, row: str, column: str) -> CellRef:
        return CellRef(table.key, row, column)

    out: list[Relation] = []
    results = [r.key for r in t3.rows if r.result]
    for c in APPLICANT_COLUMNS:
        # The template's own note: 第一项加第二项之和，等于第三项加第四项之和.
        new, total = at(t3, "new_received", c.key), at(t3, "total", c.key)
        out.append(
            Relation(
                "A001",
                (new, at(t3, "carried_over", c.key)),
                (total, at(t3, "carried_forward", c.key)),
                target=total,
                solve_for=new,
                required=(new, total),
                blank_target="zero",
            )
        )
    for c in APPLICANT_COLUMNS:
        total = at(t3, "total", c.key)
        out.append(
            Relation(
                "A002", (total,), tuple(at(t3, r, c.key) for r in results), target=total, solve_for=total
            )
        )
    for row in t3.rows:
        total = at(t3, row.key, "total")
        parts = tuple(at(t3, row.key, c.key) for c in APPLICANT_COLUMNS[:-1])
        out.append(Relation("A003", (total,), parts, target=total, solve_for=total))
    for row in REVIEWS.rows:
        total = at(REVIEWS, row.key, "total")
        parts = tuple(at(REVIEWS, row.key, c.key) for c in REVIEW_COLUMNS[:-1])
        out.append(Relation("A004", (total,), parts, target=total, solve_for=total))
    return tuple(out)


FORM_2021 = Form(
    "2021",
    "国办公开办函〔2021〕30号",
    PARTS,
    (ACTIVE_2021, APPLICATIONS_2021, REVIEWS),
    _relations(APPLICATIONS_2021),
)
FORM_2019 = Form(
    "2019",
    "国办公开办函〔2019〕60号",
    PARTS,
    (ACTIVE_2019, APPLICATIONS_2019, REVIEWS),
    _relations(APPLICATIONS_2019),
)
FORMS = {"2019": FORM_2019, "2021": FORM_2021}
#: The relations of a table 3 that has both the 2021 sub-rows and the 2019 row of （六）.
UNION_RELATIONS = _relations(APPLICATIONS_UNION)
"""Both forms by template name."""
