"""The typed model of an annual report: frozen attrs classes, every value with its source.

Field names of the table classes are the canonical keys of the data dictionary
(``applications.denied.state_secret.natural_person``), so facts, JSON and documentation all
derive from the model. The Chinese label of each column rides in the field's metadata.

Blank is not zero: a blank cell is a `Cell` whose ``value`` is ``None``; a cell the
source does not have at all (a truncated row) is ``None`` in place of the cell; a row the
source does not have is ``None`` in place of the row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, Literal, TypeVar

from attrs import field, frozen

from gov_disclosure.span import Span

__all__ = [
    "PART_HEADINGS",
    "Active2019",
    "Active2021",
    "AnnualReport",
    "ApplicantRow",
    "Applications",
    "Cell",
    "Decisions2021Row",
    "Denied",
    "Documents2019Row",
    "Documents2021Row",
    "Fees2019Row",
    "Fees2021Row",
    "Items2019Row",
    "NotProcessed",
    "OtherHandling",
    "Part",
    "ProcurementRow",
    "ReportMeta",
    "ReviewRow",
    "Reviews",
    "Subsection",
    "Template",
    "Unavailable",
]

#: The six statutory parts, by number, as the official template heads them.
PART_HEADINGS: dict[int, str] = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}

T = TypeVar("T", int, Decimal, str)

Template = Literal["2019", "2021"]
"""The statutory form: 国办公开办函〔2019〕60号 ("2019") or 〔2021〕30号 ("2021")."""


def _col(label: str) -> dict[str, str]:
    return {"label": label}


@frozen(kw_only=True)
class Cell(Generic[T]):
    """One value as the report gives it."""

    value: T | None
    """The value read: int for counts, Decimal for 万元 amounts, str for text; None when blank."""
    raw: str
    """The cell's text exactly as in the source (units, signs, NBSP and all)."""
    span: Span | None = None
    """Where the text stands in the source; None only for values the library derived."""


# ---------------------------------------------------------------------------------------------
# Table 2: 主动公开政府信息情况


@frozen(kw_only=True)
class Documents2021Row:
    """第二十条第（一）项 in the 2021 form: 规章 or 行政规范性文件."""

    label: Cell[str]
    issued: Cell[int] | None = field(default=None, metadata=_col("本年制发件数"))
    repealed: Cell[int] | None = field(default=None, metadata=_col("本年废止件数"))
    in_force: Cell[int] | None = field(default=None, metadata=_col("现行有效件数"))


@frozen(kw_only=True)
class Decisions2021Row:
    """第二十条第（五）（六）项 in the 2021 form: 行政许可, 行政处罚, 行政强制."""

    label: Cell[str]
    decisions: Cell[int] | None = field(default=None, metadata=_col("本年处理决定数量"))


@frozen(kw_only=True)
class Fees2021Row:
    """第二十条第（八）项 in the 2021 form: 行政事业性收费."""

    label: Cell[str]
    amount: Cell[Decimal] | None = field(default=None, metadata=_col("本年收费金额（单位：万元）"))


@frozen(kw_only=True)
class Documents2019Row:
    """第二十条第（一）项 in the 2019 form: 规章 or 规范性文件."""

    label: Cell[str]
    made: Cell[int] | None = field(default=None, metadata=_col("本年新制作数量"))
    published: Cell[int] | None = field(default=None, metadata=_col("本年新公开数量"))
    total_published: Cell[int] | None = field(default=None, metadata=_col("对外公开总数量"))


@frozen(kw_only=True)
class Items2019Row:
    """第二十条第（五）（六）项 in the 2019 form: 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制."""

    label: Cell[str]
    previous_items: Cell[int] | None = field(default=None, metadata=_col("上一年项目数量"))
    change: Cell[int] | None = field(default=None, metadata=_col("本年增/减"))
    decisions: Cell[int] | None = field(default=None, metadata=_col("处理决定数量"))


@frozen(kw_only=True)
class Fees2019Row:
    """第二十条第（八）项 in the 2019 form: 行政事业性收费."""

    label: Cell[str]
    previous_items: Cell[int] | None = field(default=None, metadata=_col("上一年项目数量"))
    change: Cell[int] | None = field(default=None, metadata=_col("本年增/减"))


@frozen(kw_only=True)
class ProcurementRow:
    """第二十条第（九）项 in the 2019 form: 政府集中采购."""

    label: Cell[str]
    projects: Cell[int] | None = field(default=None, metadata=_col("采购项目数量"))
    amount: Cell[Decimal] | None = field(default=None, metadata=_col("采购总金额"))


@frozen(kw_only=True)
class Active2021:
    """Table 2 in the 2021 form (国办公开办函〔2021〕30号)."""

    template: Literal["2021"] = "2021"
    span: Span | None = None
    """From the table's first cell to its last."""
    header_found: bool = True
    """False when the table was recognised by its rows alone."""
    part: int | None = None
    """The part (1–6) under whose heading the table stands; None in the preamble."""
    rules: Documents2021Row | None = field(default=None, metadata=_col("规章"))
    normative_documents: Documents2021Row | None = field(default=None, metadata=_col("行政规范性文件"))
    licensing: Decisions2021Row | None = field(default=None, metadata=_col("行政许可"))
    punishment: Decisions2021Row | None = field(default=None, metadata=_col("行政处罚"))
    coercion: Decisions2021Row | None = field(default=None, metadata=_col("行政强制"))
    fees: Fees2021Row | None = field(default=None, metadata=_col("行政事业性收费"))


@frozen(kw_only=True)
class Active2019:
    """Table 2 in the 2019 form (国办公开办函〔2019〕60号)."""

    template: Literal["2019"] = "2019"
    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    rules: Documents2019Row | None = field(default=None, metadata=_col("规章"))
    normative_documents: Documents2019Row | None = field(default=None, metadata=_col("规范性文件"))
    licensing: Items2019Row | None = field(default=None, metadata=_col("行政许可"))
    other_services: Items2019Row | None = field(default=None, metadata=_col("其他对外管理服务事项"))
    punishment: Items2019Row | None = field(default=None, metadata=_col("行政处罚"))
    coercion: Items2019Row | None = field(default=None, metadata=_col("行政强制"))
    fees: Fees2019Row | None = field(default=None, metadata=_col("行政事业性收费"))
    procurement: ProcurementRow | None = field(default=None, metadata=_col("政府集中采购"))


# ---------------------------------------------------------------------------------------------
# Table 3: 收到和处理政府信息公开申请情况


@frozen(kw_only=True)
class ApplicantRow:
    """A row of table 3: the 7 applicant columns."""

    label: Cell[str]
    natural_person: Cell[int] | None = field(default=None, metadata=_col("自然人"))
    commercial: Cell[int] | None = field(default=None, metadata=_col("商业企业"))
    research: Cell[int] | None = field(default=None, metadata=_col("科研机构"))
    nonprofit: Cell[int] | None = field(default=None, metadata=_col("社会公益组织"))
    legal_service: Cell[int] | None = field(default=None, metadata=_col("法律服务机构"))
    other_org: Cell[int] | None = field(default=None, metadata=_col("其他"))
    total: Cell[int] | None = field(default=None, metadata=_col("总计"))


@frozen(kw_only=True)
class Denied:
    """（三）不予公开: eight sub-rows."""

    label: Cell[str] | None = None
    state_secret: ApplicantRow | None = field(default=None, metadata=_col("1.属于国家秘密"))
    prohibited_by_law: ApplicantRow | None = field(default=None, metadata=_col("2.其他法律行政法规禁止公开"))
    security_stability: ApplicantRow | None = field(default=None, metadata=_col("3.危及“三安全一稳定”"))
    third_party_rights: ApplicantRow | None = field(default=None, metadata=_col("4.保护第三方合法权益"))
    internal_affairs: ApplicantRow | None = field(default=None, metadata=_col("5.属于三类内部事务信息"))
    process_information: ApplicantRow | None = field(default=None, metadata=_col("6.属于四类过程性信息"))
    enforcement_file: ApplicantRow | None = field(default=None, metadata=_col("7.属于行政执法案卷"))
    administrative_query: ApplicantRow | None = field(default=None, metadata=_col("8.属于行政查询事项"))


@frozen(kw_only=True)
class Unavailable:
    """（四）无法提供: three sub-rows."""

    label: Cell[str] | None = None
    not_held: ApplicantRow | None = field(default=None, metadata=_col("1.本机关不掌握相关政府信息"))
    needs_creation: ApplicantRow | None = field(default=None, metadata=_col("2.没有现成信息需要另行制作"))
    still_unclear: ApplicantRow | None = field(default=None, metadata=_col("3.补正后申请内容仍不明确"))


@frozen(kw_only=True)
class NotProcessed:
    """（五）不予处理: five sub-rows."""

    label: Cell[str] | None = None
    complaint: ApplicantRow | None = field(default=None, metadata=_col("1.信访举报投诉类申请"))
    duplicate: ApplicantRow | None = field(default=None, metadata=_col("2.重复申请"))
    publication: ApplicantRow | None = field(default=None, metadata=_col("3.要求提供公开出版物"))
    excessive: ApplicantRow | None = field(default=None, metadata=_col("4.无正当理由大量反复申请"))
    confirmation: ApplicantRow | None = field(
        default=None, metadata=_col("5.要求行政机关确认或重新出具已获取信息")
    )


@frozen(kw_only=True)
class OtherHandling:
    """（六）其他处理: three sub-rows in the 2021 form, one row (``combined``) in the 2019 form."""

    label: Cell[str] | None = None
    overdue_correction: ApplicantRow | None = field(
        default=None, metadata=_col("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    )
    overdue_fee: ApplicantRow | None = field(
        default=None,
        metadata=_col("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    other: ApplicantRow | None = field(default=None, metadata=_col("3.其他"))
    combined: ApplicantRow | None = field(default=None, metadata={"label": "（六）其他处理", "key": "other"})
    """The single 2019-form row; its fact key is ``other``."""


@frozen(kw_only=True)
class Applications:
    """Table 3: applications received and how they were handled."""

    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    new_received: ApplicantRow | None = field(default=None, metadata=_col("一、本年新收政府信息公开申请数量"))
    carried_over: ApplicantRow | None = field(default=None, metadata=_col("二、上年结转政府信息公开申请数量"))
    results_label: Cell[str] | None = None
    """The 三、本年度办理结果 label cell, when the report has it."""
    granted: ApplicantRow | None = field(default=None, metadata=_col("（一）予以公开"))
    partially_granted: ApplicantRow | None = field(default=None, metadata=_col("（二）部分公开"))
    denied: Denied = field(factory=Denied, metadata=_col("（三）不予公开"))
    unavailable: Unavailable = field(factory=Unavailable, metadata=_col("（四）无法提供"))
    not_processed: NotProcessed = field(factory=NotProcessed, metadata=_col("（五）不予处理"))
    other: OtherHandling = field(factory=OtherHandling, metadata=_col("（六）其他处理"))
    total: ApplicantRow | None = field(default=None, metadata=_col("（七）总计"))
    carried_forward: ApplicantRow | None = field(default=None, metadata=_col("四、结转下年度继续办理"))


# ---------------------------------------------------------------------------------------------
# Table 4: 政府信息公开行政复议、行政诉讼情况


@frozen(kw_only=True)
class ReviewRow:
    """One block of table 4: five result columns."""

    upheld: Cell[int] | None = field(default=None, metadata=_col("结果维持"))
    corrected: Cell[int] | None = field(default=None, metadata=_col("结果纠正"))
    other: Cell[int] | None = field(default=None, metadata=_col("其他结果"))
    pending: Cell[int] | None = field(default=None, metadata=_col("尚未审结"))
    total: Cell[int] | None = field(default=None, metadata=_col("总计"))


@frozen(kw_only=True)
class Reviews:
    """Table 4: administrative reconsideration and litigation about disclosure."""

    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    review: ReviewRow | None = field(default=None, metadata=_col("行政复议"))
    litigation_direct: ReviewRow | None = field(default=None, metadata=_col("行政诉讼·未经复议直接起诉"))
    litigation_after_review: ReviewRow | None = field(default=None, metadata=_col("行政诉讼·复议后起诉"))
    surplus: tuple[Cell[str], ...] = ()
    """Numbers found before the 15 data cells, where only placeholders belong."""


# ---------------------------------------------------------------------------------------------
# The report


@frozen(kw_only=True)
class Subsection:
    """A sub-heading inside a part (（一）…), with the paragraphs under it."""

    heading: Cell[str]
    paragraphs: tuple[Cell[str], ...] = ()


@frozen(kw_only=True)
class Part:
    """One of the six statutory parts, as the report writes it."""

    number: int
    """Which statutory part (1–6), recognised by the heading's wording, not its numeral."""
    heading: Cell[str]
    """The heading line as written; ``value`` is its folded text."""
    paragraphs: tuple[Cell[str], ...] = ()
    """Paragraphs before the first sub-heading (signature lines included)."""
    subsections: tuple[Subsection, ...] = ()

    @property
    def text(self) -> str:
        """The part's prose, sub-headings included, one line per paragraph."""
        lines = [c.raw for c in self.paragraphs]
        for sub in self.subsections:
            lines.append(sub.heading.raw)
            lines.extend(c.raw for c in sub.paragraphs)
        return "\n".join(lines)


@frozen(kw_only=True)
class ReportMeta:
    """What the report says about itself."""

    title: Cell[str] | None = None
    subject: Cell[str] | None = None
    """The organ or region named in the title before the year."""
    year: Cell[int] | None = None
    """The year the report covers."""
    published: Cell[str] | None = None
    """The signing or publication date, ISO ``YYYY-MM-DD``."""
    template: Template | None = None
    """The form table 2 follows; None when the report has no table 2."""
    layout: str = "text_rows"
    """The text layout the tables were read from: one of ``gov_disclosure.LAYOUTS`` other than
    ``"html"``."""


@frozen(kw_only=True)
class AnnualReport:
    """A parsed 政府信息公开工作年度报告: what is there, and nothing invented."""

    meta: ReportMeta
    preamble: tuple[Cell[str], ...] = ()
    """Prose before the first part heading (title, source lines, introduction)."""
    parts: tuple[Part, ...] = ()
    """The parts in the order they appear; a repeated heading gives a repeated part."""
    active: Active2021 | Active2019 | None = None
    applications: Applications | None = None
    reviews: Reviews | None = None
    stray: tuple[Cell[str], ...] = ()
    """Cells that fit no table of the template (unknown rows, surplus values)."""

    def part(self, number: int) -> Part | None:
        """The first part with this statutory number (1–6), or None when it is missing."""
        return next((p for p in self.parts if p.number == number), None)
