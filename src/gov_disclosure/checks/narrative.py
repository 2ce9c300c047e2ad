"""N: what the narrative says about the tables, read back and compared with them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import value
from gov_disclosure.checks.template import organ_level
from gov_disclosure.findings import Finding
from gov_disclosure.model import Active2021, AnnualReport, Cell

__all__ = ["NARRATIVE_NUMBERS", "Statement", "narrative_numbers", "statements"]

_CLAUSE = r"[^。；;，,！!？?]"
# "8件" or "十七件", but not "100余件" / "8个多月": an approximate or unrelated number is no statement.
_COUNT = r"(?P<n>\d+|[一二两三四五六七八九十百零〇]+)(?:件|条|个|起|宗|份)(?!余|多)"
_PATTERNS: dict[str, re.Pattern[str]] = {
    "new_received": re.compile(
        r"(?:新收|新受理|收到|受理)(?P<mid>"
        + _CLAUSE
        + r"{0,30}?)(?:申请|信件)"
        + _CLAUSE
        + r"{0,8}?"
        + _COUNT
    ),
    "carried_over": re.compile(r"上年度?结转(?:的)?" + _CLAUSE + r"{0,10}?" + _COUNT),
    "review": re.compile(r"行政复议(?:案件|申请)?(?:[^\d。；;，,]{0,4}?)" + _COUNT),
    "litigation": re.compile(r"行政诉讼(?:案件)?(?:[^\d。；;，,]{0,4}?)" + _COUNT),
    "normative_documents": re.compile(
        r"(?:制发|印发|出台|制定)了?(?:行政)?规范性文件(?:[^\d。；;，,]{0,4}?)" + _COUNT
    ),
}
_NONE = re.compile(r"(?:未发生|没有发生|未出现|未收到|无)(?P<body>" + _CLAUSE + r"{0,30})")
# What a negation may be about instead of the count: an outcome (未发生…被行政复议纠错).
_OUTCOME = re.compile(r"纠错|纠正|败诉|撤销|确认违法")
# A line ends a sentence (or is a heading's end) with one of these; otherwise the paragraph
# runs on to the next line (a PDF or a converter wrapped it).
_SENTENCE_END = re.compile(r"[。；;！!？?：:…」”）)]$")
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NO_CARRY = re.compile(r"(?:无|没有)上年度?结转")
_NOT_NEW = re.compile(r"复议|诉讼|上年|结转|办结|答复|其中")
_ON_BEHALF = re.compile(r"代表")
_REGION_WIDE = re.compile(r"全(?:省|市|州|县|区|旗|镇|乡)")
_LABELS = {
    "new_received": "表3「一、本年新收政府信息公开申请数量」总计",
    "carried_over": "表3「二、上年结转政府信息公开申请数量」总计",
    "review": "表4「行政复议」总计",
    "litigation": "表4「行政诉讼」总计（未经复议直接起诉 + 复议后起诉）",
    "normative_documents": "表2「行政规范性文件」本年制发件数",
}
_KEYS = {
    "new_received": ("applications", "new_received", "total"),
    "carried_over": ("applications", "carried_over", "total"),
    "review": ("reviews", "review", "total"),
    "litigation": ("reviews", "litigation_direct", "total"),
    "normative_documents": ("active", "normative_documents", "issued"),
}


class Statement:
    """A number the narrative states: what it counts, the number, where."""

    __slots__ = ("kind", "line", "number", "text")

    def __init__(self, kind: str, number: int, line: int | None, text: str) -> None:
        self.kind = kind
        self.number = number
        self.line = line
        self.text = text

    def __repr__(self) -> str:
        return f"Statement({self.kind!r}, {self.number}, line={self.line}, text={self.text!r})"


def _joined(report: AnnualReport) -> tuple[str, list[int | None]]:
    """The prose without whitespace, paragraphs wrapped over several lines rejoined, with each
    character's line."""
    chars: list[str] = []
    lines: list[int | None] = []
    open_paragraph = False  # the last line was a paragraph's, and did not end its sentence
    for cell, heading in _prose_lines(report):
        if chars and not (open_paragraph and not heading):
            chars.append("。")  # a paragraph or a heading ends a clause
            lines.append(None)
        start = cell.span.line if cell.span else None
        # Line by line rather than character by character: str.split() drops exactly the
        # characters isspace() finds, and a paragraph is a few hundred of them.
        for row, segment in enumerate(cell.raw.split("\n")):
            kept = "".join(segment.split())
            if kept:
                chars.append(kept)
                lines.extend([None if start is None else start + row] * len(kept))
        open_paragraph = not heading and not _SENTENCE_END.search(cell.raw.rstrip())
    return "".join(chars), lines


def _prose_lines(report: AnnualReport) -> Iterator[tuple[Cell[str], bool]]:
    """The report's prose lines in order, each with whether it is a heading."""
    yield from ((cell, False) for cell in report.preamble)
    for part in report.parts:
        yield part.heading, True
        yield from ((cell, False) for cell in part.paragraphs)
        for sub in part.subsections:
            yield sub.heading, True
            yield from ((cell, False) for cell in sub.paragraphs)


def _number(text: str) -> int:
    """A count written in digits (17, １７) or in Chinese numerals (十七, 一百零二)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def statements(report: AnnualReport) -> list[Statement]:
    """Every count the narrative states about applications, reviews, lawsuits and documents."""
    text, lines = _joined(report)
    subject = report.meta.subject.value if report.meta.subject and report.meta.subject.value else ""
    _, is_government = organ_level(subject)
    out: list[Statement] = []

    def clause_of(pos: int) -> str:
        start = max(text.rfind(c, 0, pos) for c in "。；;，,！!？?") + 1
        return text[start:pos]

    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(text):
            if kind == "new_received" and _NOT_NEW.search(m.group("mid")):
                continue
            # A department quoting its region's totals ("全县新受理…") is not describing its own tables.
            if not is_government and _REGION_WIDE.search(clause_of(m.start()) + m.group(0)):
                continue
            # Nor is one unit acting for the organ ("区政府办代表区政府受理…"): its count is a part.
            if _ON_BEHALF.search(clause_of(m.start())):
                continue
            out.append(Statement(kind, _number(m.group("n")), lines[m.start()], m.group(0)))
    out += (Statement("carried_over", 0, lines[m.start()], m.group(0)) for m in _NO_CARRY.finditer(text))
    for m in _NONE.finditer(text):
        body = m.group("body")
        if re.search(r"\d", body):
            continue
        for word, kind in (("行政复议", "review"), ("行政诉讼", "litigation")):
            at = body.find(word)
            if at != -1 and _OUTCOME.search(body, at):
                continue  # 未发生…被行政复议纠错: no correction, not no review
            if at != -1 and (m.group(0).startswith("无") is False or at <= 12):
                out.append(Statement(kind, 0, lines[m.start()], m.group(0)))
    out.sort(key=lambda s: (s.line or 0, s.kind))
    return out


def _table_value(report: AnnualReport, kind: str) -> tuple[int | Decimal, int | None] | None:
    """The table's number for a kind of statement, and its line; None when the table lacks it."""
    apps, reviews, active = report.applications, report.reviews, report.active
    getters: dict[str, Callable[[], object]] = {
        "new_received": lambda: apps.new_received.total if apps and apps.new_received else None,
        "carried_over": lambda: apps.carried_over.total if apps and apps.carried_over else None,
        "review": lambda: reviews.review.total if reviews and reviews.review else None,
        "normative_documents": lambda: (
            (
                active.normative_documents.issued
                if isinstance(active, Active2021)
                else active.normative_documents.made
            )
            if active is not None and active.normative_documents is not None
            else None
        ),
    }
    if kind == "litigation":
        if reviews is None:
            return None
        rows = [r for r in (reviews.litigation_direct, reviews.litigation_after_review) if r is not None]
        cells = [r.total for r in rows if r.total is not None]
        if len(cells) != 2:
            return None
        return sum((value(c) for c in cells), start=0), cells[0].span.line if cells[0].span else None
    cell = getters[kind]()
    if not isinstance(cell, Cell):
        return None
    if cell.value is None and cell.raw.strip() and any(ch.isdigit() for ch in cell.raw):
        return None
    return value(cell), cell.span.line if cell.span else None


def _counts_carried_over(report: AnnualReport, st: Statement, new: int | Decimal) -> bool:
    """ "受理 N 件" often counts this year's applications and last year's carried over together."""
    if st.kind != "new_received" or "受理" not in st.text:
        return False
    carried = _table_value(report, "carried_over")
    return carried is not None and new + carried[0] == st.number


def narrative_numbers(report: AnnualReport) -> Iterator[Finding]:
    """新收/受理 N 件申请, 上年结转 N 件, 行政复议/诉讼 N 件 (or 未发生), 制发规范性文件 N 件.

    Counts are read in digits or Chinese numerals (十七件), spaced out or not; a sentence a PDF
    wrapped over two lines is read whole; a negation of an outcome (未发生…被行政复议纠错) is
    no count of reviews, and a count one unit gives for the organ (区政府办代表区政府受理…)
    is not the organ's.
    """
    for st in statements(report):
        found = _table_value(report, st.kind)
        if found is None:
            continue  # the table is missing or cut: nothing to compare with (S003/S004 say so)
        table_number, _ = found
        if table_number != st.number and not _counts_carried_over(report, st, table_number):
            table, row, column = _KEYS[st.kind]
            yield NARRATIVE_NUMBERS.finding(
                message=f"正文称「{st.text}」（{st.number}），{_LABELS[st.kind]}却为 {table_number}"
                f" / the narrative says {st.number}, the table {table_number}",
                line=st.line,
                table=table,
                row=row,
                column=column,
                expected=int(table_number),
                actual=st.number,
            )


NARRATIVE_NUMBERS = Rule(
    code="N001",
    severity="warning",
    title="A number the narrative states about applications, reviews, lawsuits or documents "
    "contradicts the table.",
    bad=(edit(COMPLETE_2021, "全年新收政府信息公开申请5件", "全年新收政府信息公开申请6件"),),
    good=(COMPLETE_2021,),
    check=narrative_numbers,
)
