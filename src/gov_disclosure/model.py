"""The typed model of an annual report: frozen attrs classes, every value with its source.

Field names of the table classes are the canonical keys of the data dictionary
(``applications.denied.state_secret.natural_person``). The rows, columns and labels of the
tables are the statutory form's (`gov_disclosure.form`), which the tests hold these classes to,
field for field; facts, rendering and the checks walk the form, not these classes.

Blank is not zero: a blank cell is a `Cell` whose ``value`` is ``None``; a cell the
source does not have at all (a truncated row) is ``None`` in place of the cell; a row the
source does not have is ``None`` in place of the row.
"""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from attrs import field, frozen

from gov_disclosure.span import Region, Span

if TYPE_CHECKING:
    from gov_disclosure.findings import Finding
    from gov_disclosure.form._lookup import TableView

__all__ = [
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
    "Unplaced",
]

T = TypeVar("T", int, Decimal, str)

Template = Literal["2019", "2021"]
"""The statutory form: 国办公开办函〔2019〕60号 ("2019") or 〔2021〕30号 ("2021")."""


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
    issued: Cell[int] | None = None
    repealed: Cell[int] | None = None
    in_force: Cell[int] | None = None


@frozen(kw_only=True)
class Decisions2021Row:
    """第二十条第（五）（六）项 in the 2021 form: 行政许可, 行政处罚, 行政强制."""

    label: Cell[str]
    decisions: Cell[int] | None = None


@frozen(kw_only=True)
class Fees2021Row:
    """第二十条第（八）项 in the 2021 form: 行政事业性收费."""

    label: Cell[str]
    amount: Cell[Decimal] | None = None


@frozen(kw_only=True)
class Documents2019Row:
    """第二十条第（一）项 in the 2019 form: 规章 or 规范性文件."""

    label: Cell[str]
    made: Cell[int] | None = None
    published: Cell[int] | None = None
    total_published: Cell[int] | None = None


@frozen(kw_only=True)
class Items2019Row:
    """第二十条第（五）（六）项 in the 2019 form: 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制."""

    label: Cell[str]
    previous_items: Cell[int] | None = None
    change: Cell[int] | None = None
    decisions: Cell[int] | None = None


@frozen(kw_only=True)
class Fees2019Row:
    """第二十条第（八）项 in the 2019 form: 行政事业性收费."""

    label: Cell[str]
    previous_items: Cell[int] | None = None
    change: Cell[int] | None = None


@frozen(kw_only=True)
class ProcurementRow:
    """第二十条第（九）项 in the 2019 form: 政府集中采购."""

    label: Cell[str]
    projects: Cell[int] | None = None
    amount: Cell[Decimal] | None = None


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
    rules: Documents2021Row | None = None
    normative_documents: Documents2021Row | None = None
    licensing: Decisions2021Row | None = None
    punishment: Decisions2021Row | None = None
    coercion: Decisions2021Row | None = None
    fees: Fees2021Row | None = None


@frozen(kw_only=True)
class Active2019:
    """Table 2 in the 2019 form (国办公开办函〔2019〕60号)."""

    template: Literal["2019"] = "2019"
    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    rules: Documents2019Row | None = None
    normative_documents: Documents2019Row | None = None
    licensing: Items2019Row | None = None
    other_services: Items2019Row | None = None
    punishment: Items2019Row | None = None
    coercion: Items2019Row | None = None
    fees: Fees2019Row | None = None
    procurement: ProcurementRow | None = None


# ---------------------------------------------------------------------------------------------
# Table 3: 收到和处理政府信息公开申请情况


@frozen(kw_only=True)
class ApplicantRow:
    """A row of table 3: the 7 applicant columns."""

    label: Cell[str]
    natural_person: Cell[int] | None = None
    commercial: Cell[int] | None = None
    research: Cell[int] | None = None
    nonprofit: Cell[int] | None = None
    legal_service: Cell[int] | None = None
    other_org: Cell[int] | None = None
    total: Cell[int] | None = None


@frozen(kw_only=True)
class Denied:
    """（三）不予公开: eight sub-rows."""

    label: Cell[str] | None = None
    state_secret: ApplicantRow | None = None
    prohibited_by_law: ApplicantRow | None = None
    security_stability: ApplicantRow | None = None
    third_party_rights: ApplicantRow | None = None
    internal_affairs: ApplicantRow | None = None
    process_information: ApplicantRow | None = None
    enforcement_file: ApplicantRow | None = None
    administrative_query: ApplicantRow | None = None


@frozen(kw_only=True)
class Unavailable:
    """（四）无法提供: three sub-rows."""

    label: Cell[str] | None = None
    not_held: ApplicantRow | None = None
    needs_creation: ApplicantRow | None = None
    still_unclear: ApplicantRow | None = None


@frozen(kw_only=True)
class NotProcessed:
    """（五）不予处理: five sub-rows."""

    label: Cell[str] | None = None
    complaint: ApplicantRow | None = None
    duplicate: ApplicantRow | None = None
    publication: ApplicantRow | None = None
    excessive: ApplicantRow | None = None
    confirmation: ApplicantRow | None = None


@frozen(kw_only=True)
class OtherHandling:
    """（六）其他处理: three sub-rows in the 2021 form, one row (``combined``) in the 2019 form."""

    label: Cell[str] | None = None
    overdue_correction: ApplicantRow | None = None
    overdue_fee: ApplicantRow | None = None
    other: ApplicantRow | None = None
    combined: ApplicantRow | None = None
    """The single 2019-form row; its fact key is ``other``."""


@frozen(kw_only=True)
class Applications:
    """Table 3: applications received and how they were handled."""

    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    new_received: ApplicantRow | None = None
    carried_over: ApplicantRow | None = None
    results_label: Cell[str] | None = None
    """The 三、本年度办理结果 label cell, when the report has it."""
    granted: ApplicantRow | None = None
    partially_granted: ApplicantRow | None = None
    denied: Denied = field(factory=Denied)
    unavailable: Unavailable = field(factory=Unavailable)
    not_processed: NotProcessed = field(factory=NotProcessed)
    other: OtherHandling = field(factory=OtherHandling)
    total: ApplicantRow | None = None
    carried_forward: ApplicantRow | None = None


# ---------------------------------------------------------------------------------------------
# Table 4: 政府信息公开行政复议、行政诉讼情况


@frozen(kw_only=True)
class ReviewRow:
    """One block of table 4: five result columns."""

    upheld: Cell[int] | None = None
    corrected: Cell[int] | None = None
    other: Cell[int] | None = None
    pending: Cell[int] | None = None
    total: Cell[int] | None = None


@frozen(kw_only=True)
class Reviews:
    """Table 4: administrative reconsideration and litigation about disclosure."""

    span: Span | None = None
    header_found: bool = True
    part: int | None = None
    review: ReviewRow | None = None
    litigation_direct: ReviewRow | None = None
    litigation_after_review: ReviewRow | None = None
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
        """The part's prose, sub-headings included, one line per paragraph (a paragraph the
        source wrapped over several lines rejoined)."""
        lines = [_one_line(c.raw) for c in self.paragraphs]
        for sub in self.subsections:
            lines.append(_one_line(sub.heading.raw))
            lines.extend(_one_line(c.raw) for c in sub.paragraphs)
        return "\n".join(lines)


def _region_line(region: Region) -> int:
    return region.line


def _one_line(raw: str) -> str:
    return "".join(line.strip() for line in raw.splitlines()) if "\n" in raw else raw


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
    organ: Cell[str] | None = None
    """The publishing organ a copy's header names (发布机构, 发文机关, 来源), as written."""
    source: Cell[str] | None = None
    """Where a copy says it was taken from (原文链接, 原文地址, URL)."""
    pages: tuple[int, ...] = ()
    """The line each page of the source begins on, for a paged source (a PDF): a line's page
    is the number of entries at or before it. Empty when the source has no pages."""

    regions: tuple[Region, ...] = ()
    """Where the source lines' table cells and prose lines stand on the pages of a paged
    source (a PDF), in line order; empty when the source has no pages."""

    def page_of(self, line: int | None) -> int | None:
        """The page (1-based) a source line stands on; None without pages or a line."""
        if line is None or not self.pages:
            return None
        return bisect.bisect_right(self.pages, line) or None

    def region_of(self, line: int | None, column: int | None = None) -> Region | None:
        """Where a source line (at ``column``, 1-based) stands on its page: the region holding
        that column, or without a column the line's first region (a table row's first cell,
        a prose line's box); None where the source has no pages or the line no region."""
        if line is None or not self.regions:
            return None
        at = bisect.bisect_left(self.regions, line, key=_region_line)
        while at < len(self.regions) and self.regions[at].line == line:
            region = self.regions[at]
            if column is None or region.column <= column < region.end_column:
                return region
            if region.column == region.end_column == column:
                return region  # a blank cell: the place its value would stand
            at += 1
        return None


@frozen(kw_only=True)
class Unplaced:
    """Values the reader saw in a table but could not put in their cells, or read, for certain.

    The cells concerned are left out of the model (no fact, never a guess); this says which,
    why, and where the values stand in the source.
    """

    table: str
    """The table's data-dictionary key (``applications`` …); ``meta`` for the report's year
    read by OCR from a doubtful line (row ``year``, column ``value``)."""
    row: str | None
    """The row's data-dictionary key, when the row is known."""
    columns: tuple[str, ...]
    """The column keys left out for want of certainty."""
    raw: str
    """The values' source text, as written (a run of digits, a row's cells)."""
    reason: str
    """Why the values could not be placed, in plain words (Chinese, then English)."""
    span: Span | None = None
    confidence: float | None = None
    """For a figure OCR read with too little confidence to state (rule P002), that confidence;
    None for values that could not be placed (rule P001)."""
    implied: int | None = None
    """For such a figure, the number the form's sums make of its cell when they agree on one:
    a suggestion to check against the scan, never taken as the cell's value."""


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
    unplaced: tuple[Unplaced, ...] = ()
    """Values seen in a table whose cells could not be told for certain, and so are left out."""

    def part(self, number: int) -> Part | None:
        """The first part with this statutory number (1–6), or None when it is missing."""
        return next((p for p in self.parts if p.number == number), None)

    def value(self, table: str, row: str, column: str = "value") -> int | Decimal | str | None:
        """The value under the data dictionary's keys: None when the cell is blank or the report
        lacks it (`cell` tells the two apart); KeyError for a key the dictionary does not have.

        ``report.value("applications", "denied.state_secret", "total")``,
        ``report.value("meta", "year")``.
        """
        from gov_disclosure.form._lookup import value

        return value(self, table, row, column)

    def cell(self, table: str, row: str, column: str = "value") -> Cell[Any] | None:
        """The `Cell` under the data dictionary's keys (value, raw text, span), or None when the
        report lacks it; KeyError for a key the dictionary does not have."""
        from gov_disclosure.form._lookup import cell

        return cell(self, table, row, column)

    def region_of(self, finding: Finding) -> Region | None:
        """Where on the page of a paged source (a PDF) a finding points: the box of the cell it
        is about, or of its line; None for a source without pages."""
        if finding.table and finding.row and finding.column:
            try:
                cell = self.cell(finding.table, finding.row, finding.column)
            except KeyError:  # a rule of one's own naming keys the dictionary does not have
                cell = None
            if cell is not None and cell.span is not None:
                found = self.meta.region_of(cell.span.line, cell.span.column)
                if found is not None:
                    return found
        return self.meta.region_of(finding.line)

    def table(self, key: str) -> TableView | None:
        """Table ``key`` (``active``, ``applications``, ``reviews``) as the labelled grid the form
        draws (`gov_disclosure.TableView`), or None when the report lacks it."""
        from gov_disclosure.form._lookup import table_view

        return table_view(self, key)
