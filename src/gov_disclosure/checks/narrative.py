"""N: what the narrative says about the tables, read back and compared with them."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from decimal import Decimal

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import value
from gov_disclosure.checks.template import organ_level
from gov_disclosure.findings import Finding
from gov_disclosure.form import (
    APPLICATIONS_UNION,
    FORM_2021,
    LEGAL_PERSON_COLUMNS,
    T3_LEGAL_PERSONS,
    CellRef,
    FormTable,
    TableKey,
    form_table,
    lookup_all,
)
from gov_disclosure.model import Active2021, AnnualReport, Cell

__all__ = ["NARRATIVE_NUMBERS", "Statement", "narrative_numbers", "statements"]

# A sentence ends at one of these; a clause at one of them or at a comma.
_SENTENCE_MARKS = "。；;！!？?"
_COMMAS = ("，", ",")
_CLAUSE = f"[^{_SENTENCE_MARKS}{''.join(_COMMAS)}]"
# "8件" or "十七件", but not "100余件" / "8个多月" / "30件以上" / "10至15件": an approximate
# number, a bound or a range is no statement of a count; nor is a run of ten digits or more
# (never the tail of one: no digit before the count).
_NUMERALS = "一二两三四五六七八九十百零〇"
_NUMBER = rf"(?P<n>(?<!\d)\d{{1,9}}|(?<![{_NUMERALS}])[{_NUMERALS}]{{1,9}})"
_NOT_EXACT = r"(?!余|多|以上|以下|左右|上下)"
# A whole run of digits or numerals (never the tail of one).
_RUN = rf"(?:(?<!\d)\d+|(?<![{_NUMERALS}])[{_NUMERALS}]+)"
_COUNT = _NUMBER + r"(?:件|条|个|起|宗|份)" + _NOT_EXACT
# Results of applications are counted in 件 (条 may count pieces of information).
_RESULT_COUNT = _NUMBER + "件" + _NOT_EXACT
_GAP = r"(?:[^\d。；;，,]{0,4}?)"
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
    "review": re.compile(r"行政复议(?:案件|申请)?" + _GAP + _COUNT),
    "litigation": re.compile(r"行政诉讼(?:案件)?" + _GAP + _COUNT),
    "normative_documents": re.compile(r"(?:制发|印发|出台|制定)了?(?:行政)?规范性文件" + _GAP + _COUNT),
    # The results of table 3, in a sentence about applications.
    "granted": re.compile(r"予以公开(?<!不予以公开)(?<!部分予以公开)" + _GAP + _RESULT_COUNT),
    "partially_granted": re.compile(r"部分公开" + _GAP + _RESULT_COUNT),
    "denied": re.compile(r"不予(?:以)?公开" + _GAP + _RESULT_COUNT),
    "unavailable": re.compile(r"无法提供" + _GAP + _RESULT_COUNT),
    "not_processed": re.compile(r"不予处理" + _GAP + _RESULT_COUNT),
    "other_handling": re.compile(r"其他处理" + _GAP + _RESULT_COUNT),
}
_RESULTS = frozenset(
    {"granted", "partially_granted", "denied", "unavailable", "not_processed", "other_handling"}
)
# The applicant columns of table 3 as the narrative names them (its 其他 column is 其他组织).
_APPLICANTS = tuple((c.key, c.label) for c in APPLICATIONS_UNION.rows[0].columns if c.key != "total")
_APPLYING = r"(?:提出|提交)?(?:的)?(?:申请)?" + _GAP + _COUNT
# Every pattern opens with fixed words (a lookbehind comes after them; 结果维持 is read from its
# 维持), so that the regex engine finds them as it finds a substring: an alternation or an
# optional word first costs five times as much over the prose.
# Counts of a part, read only after 其中 in the sentence of the count they are a part of:
# (the pattern, the kinds of statement they divide, the kind they then are for each).
_PARTS: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = (
    *(
        (
            re.compile(("其他(?<!或其他)(?:组织|法人)" if key == "other_org" else label) + _APPLYING),
            {"new_received": key},
        )
        for key, label in _APPLICANTS
    ),
    (
        re.compile(T3_LEGAL_PERSONS.replace("或", "(?:或|和|及)?") + _APPLYING),
        {"new_received": "legal_persons"},
    ),
    (
        re.compile(r"维持(?:原)?(?:行政行为|决定)?" + _GAP + _COUNT),
        {"review": "review_upheld", "litigation": "litigation_upheld"},
    ),
    (
        re.compile(r"纠[正错]" + _GAP + _COUNT),
        {"review": "review_corrected", "litigation": "litigation_corrected"},
    ),
)
# Words before a number that make it approximate or a bound.
_BOUND_WORDS = (
    "约",
    "近",
    "将近",
    "接近",
    "大约",
    "超过",
    "逾",
    "不到",
    "不足",
    "多达",
    "至少",
    "最多",
    "最少",
    "上千",
    "上百",
)
# A range's first number and its mark, just before a count: 10 至 15 件.
_RANGE_MARKS = frozenset("至到-—–~～")
_RANGE_START = re.compile(_RUN + f"(?:件|条|个)?[{re.escape(''.join(sorted(_RANGE_MARKS)))}]$")
_SENTENCE = re.compile(f"[{_SENTENCE_MARKS}]")
# A sentence about applications and their handling, where 予以公开 N 件 is a result of table 3.
_ABOUT_APPLICATIONS = re.compile(r"申请|办结|办理|答复")
_ANY_COUNT = re.compile(_RUN + "(?:件|条|个|起|宗|份)")
_NONE = re.compile(r"(?:未发生|没有发生|未出现|未收到|无)(?P<body>" + _CLAUSE + r"{0,30})")
# What a negation may be about instead of the count: an outcome (未发生…被行政复议纠错).
_ANY_DIGIT = re.compile(r"\d")
_OUTCOME = re.compile(r"纠错|纠正|败诉|撤销|确认违法")
# A line ends a sentence (or is a heading's end) with one of these; otherwise the paragraph
# runs on to the next line (a PDF or a converter wrapped it).
_SENTENCE_ENDS = frozenset("。；;！!？?：:…」”）)")
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
_LITIGATION = FORM_2021.table("reviews").block("litigation").rows
# What each kind of statement counts: the words for the message, and where a finding about
# it stands (table, row, column; None where it is a sum over rows or columns).
_TARGETS: dict[str, tuple[str, tuple[TableKey, str | None, str | None]]] = {
    "new_received": (
        "表3「一、本年新收政府信息公开申请数量」总计",
        ("applications", "new_received", "total"),
    ),
    "carried_over": (
        "表3「二、上年结转政府信息公开申请数量」总计",
        ("applications", "carried_over", "total"),
    ),
    **{
        key: (f"表3「一、本年新收」{label}", ("applications", "new_received", key))
        for key, label in _APPLICANTS
    },
    "legal_persons": ("表3「一、本年新收」法人或其他组织各列之和", ("applications", "new_received", None)),
    "granted": ("表3「（一）予以公开」总计", ("applications", "granted", "total")),
    "partially_granted": ("表3「（二）部分公开」总计", ("applications", "partially_granted", "total")),
    "denied": ("表3「（三）不予公开」各项总计之和", ("applications", None, "total")),
    "unavailable": ("表3「（四）无法提供」各项总计之和", ("applications", None, "total")),
    "not_processed": ("表3「（五）不予处理」各项总计之和", ("applications", None, "total")),
    "other_handling": ("表3「（六）其他处理」总计", ("applications", None, "total")),
    "review": ("表4「行政复议」总计", ("reviews", "review", "total")),
    "review_upheld": ("表4「行政复议」结果维持", ("reviews", "review", "upheld")),
    "review_corrected": ("表4「行政复议」结果纠正", ("reviews", "review", "corrected")),
    "litigation": (
        "表4「行政诉讼」总计（未经复议直接起诉 + 复议后起诉）",
        ("reviews", "litigation_direct", "total"),
    ),
    "litigation_upheld": ("表4「行政诉讼」结果维持（两组之和）", ("reviews", None, "upheld")),
    "litigation_corrected": ("表4「行政诉讼」结果纠正（两组之和）", ("reviews", None, "corrected")),
    "normative_documents": ("表2「行政规范性文件」本年制发件数", ("active", "normative_documents", "issued")),
}
_APPLICANT_KINDS = frozenset({"legal_persons", *(key for key, _ in _APPLICANTS)})
_BLOCKS = {
    "denied": "denied",
    "unavailable": "unavailable",
    "not_processed": "not_processed",
    "other_handling": "other",
}


class Statement:
    """A number the narrative states: what it counts, the number, where; and for a part
    (其中自然人申请 N 件) the statement it is a part of."""

    __slots__ = ("kind", "line", "number", "parent", "text")

    def __init__(
        self, kind: str, number: int, line: int | None, text: str, parent: Statement | None = None
    ) -> None:
        self.kind = kind
        self.number = number
        self.line = line
        self.text = text
        self.parent = parent

    def __repr__(self) -> str:
        return f"Statement({self.kind!r}, {self.number}, line={self.line}, text={self.text!r})"


class _Lines:
    """The source line of each character of the joined prose, kept as the offsets where the
    line changes."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.lines: list[int | None] = []

    def __getitem__(self, pos: int) -> int | None:
        return self.lines[bisect_right(self.starts, pos) - 1]


def _joined(report: AnnualReport) -> tuple[str, _Lines]:
    """The prose without whitespace, paragraphs wrapped over several lines rejoined, with each
    character's line."""
    chars: list[str] = []
    lines = _Lines()
    # Bound once: a report has a few hundred prose lines.
    add_start, add_line = lines.starts.append, lines.lines.append
    size = 0
    open_paragraph = False  # the last line was a paragraph's, and did not end its sentence
    for cell, heading in _prose_lines(report):
        if chars and not (open_paragraph and not heading):
            chars.append("。")  # a paragraph or a heading ends a clause
            add_start(size)
            add_line(None)
            size += 1
        start = cell.span.line if cell.span else None
        raw = cell.raw
        # Line by line rather than character by character: str.split() drops exactly the
        # characters isspace() finds, and a paragraph is a few hundred of them.
        for row, segment in enumerate(raw.split("\n")) if "\n" in raw else ((0, raw),):
            kept = "".join(segment.split())
            if kept:
                chars.append(kept)
                add_start(size)
                add_line(None if start is None else start + row)
                size += len(kept)
        tail = raw.rstrip()
        open_paragraph = not heading and not (tail and tail[-1] in _SENTENCE_ENDS)
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


class _Text:
    """The joined prose, and where its sentences start."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.start() for m in _SENTENCE.finditer(text)]

    def sentence(self, pos: int) -> str:
        """The sentence holding ``pos``."""
        k = bisect_left(self.ends, pos)
        start = self.ends[k - 1] + 1 if k else 0
        return self.text[start : self.ends[k] if k < len(self.ends) else len(self.text)]

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts."""
        k = bisect_left(self.ends, pos)
        return self.ends[k - 1] + 1 if k else 0

    def clause_before(self, pos: int) -> str:
        """The clause up to ``pos``."""
        # A clause never starts before its sentence, and within the sentence only a comma
        # can end one.
        sentence = self.sentence_start(pos)
        text = self.text
        start = max(sentence - 1, *(text.rfind(c, sentence, pos) for c in _COMMAS)) + 1
        return text[start:pos]


def _exact(text: str, m: re.Match[str]) -> bool:
    """Whether the count ``m`` reads is a count, not an approximation, a bound or a range."""
    n = m.start("n")
    window = max(0, n - 16)
    if text.endswith(_BOUND_WORDS, window, n):
        return False  # 约 30 件, 超过 10 件
    return not (n > window and text[n - 1] in _RANGE_MARKS and _RANGE_START.search(text, window, n))


def statements(report: AnnualReport) -> list[Statement]:
    """Every count the narrative states about applications, their results, reviews, lawsuits
    and documents, and the parts of such a count it gives after 其中."""
    text, lines = _joined(report)
    prose = _Text(text)
    subject = report.meta.subject.value if report.meta.subject and report.meta.subject.value else ""
    _, is_government = organ_level(subject)
    found: list[tuple[int, int, Statement]] = []  # (start, end, statement)
    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(text):
            if not _exact(text, m):
                continue
            if kind == "new_received" and _NOT_NEW.search(m.group("mid")):
                continue
            if kind in _RESULTS and not _ABOUT_APPLICATIONS.search(prose.sentence(m.start())):
                continue  # 予以公开 … in a sentence not about applications
            clause = prose.clause_before(m.start())
            # A department quoting its region's totals ("全县新受理…") is not describing its own tables.
            if not is_government and _REGION_WIDE.search(clause + m.group(0)):
                continue
            # Nor is one unit acting for the organ ("区政府办代表区政府受理…"): its count is a part.
            if _ON_BEHALF.search(clause):
                continue
            found.append(
                (m.start(), m.end(), Statement(kind, _number(m.group("n")), lines[m.start()], m.group(0)))
            )
    found.sort(key=lambda f: f[0])
    placed = [(start, st) for start, _, st in found]
    placed += _parts(prose, lines, found)
    placed += (
        (m.start(), Statement("carried_over", 0, lines[m.start()], m.group(0)))
        for m in _NO_CARRY.finditer(text)
    )
    for m in _NONE.finditer(text):
        body = m.group("body")
        if _ANY_DIGIT.search(body):
            continue
        for word, kind in (("行政复议", "review"), ("行政诉讼", "litigation")):
            at = body.find(word)
            if at != -1 and _OUTCOME.search(body, at):
                continue  # 未发生…被行政复议纠错: no correction, not no review
            if at != -1 and (m.group(0).startswith("无") is False or at <= 12):
                placed.append((m.start(), Statement(kind, 0, lines[m.start()], m.group(0))))
    placed.sort(key=lambda p: p[0])  # in the order the narrative says them
    return [st for _, st in placed]


def _parts(
    prose: _Text, lines: _Lines, found: list[tuple[int, int, Statement]]
) -> Iterator[tuple[int, Statement]]:
    """The counts of parts given after 其中, each with the statement it divides: the last
    count before 其中 in the same sentence. A part of a part (其中直接起诉 2 件（结果维持 1
    件）) is no part of that statement: after 其中 only the parts read here may stand, and
    nothing in brackets."""
    text = prose.text
    if "其中" not in text:
        return  # no part is read but after 其中
    matches = sorted(
        ((m, kinds) for pattern, kinds in _PARTS for m in pattern.finditer(text)), key=lambda p: p[0].start()
    )
    spans = [m.span() for m, _ in matches]
    for m, kinds in matches:
        start = prose.sentence_start(m.start())
        among = text.rfind("其中", start, m.start())
        if among == -1 or not _exact(text, m):
            continue
        whole = [st for s, e, st in found if start <= s and e <= among]
        if not whole or whole[-1].kind not in kinds:
            continue
        between = text[among : m.start()]
        if between.count("（") + between.count("(") > between.count("）") + between.count(")"):
            continue  # inside brackets: a part of what the brackets follow
        others = (c for c in _ANY_COUNT.finditer(text, among, m.start()))
        if any(not any(a <= c.start() and c.end() <= b for a, b in spans) for c in others):
            continue  # another count stands between: this one may be a part of that one
        parent = whole[-1]
        yield (
            m.start(),
            Statement(kinds[parent.kind], _number(m.group("n")), lines[m.start()], m.group(0), parent),
        )


def _refs(report: AnnualReport, kind: str, *, carried: bool) -> tuple[CellRef, ...] | None:
    """The cells a kind of statement counts (summed), and with ``carried`` the same columns
    of 二、上年结转 too; None when the report's form has no such cells."""
    form = form_table(report, "applications") if kind in _BLOCKS else None
    made = "issued" if kind == "normative_documents" and isinstance(report.active, Active2021) else "made"
    return _refs_of(kind, carried, form, made)


@functools.cache
def _refs_of(kind: str, carried: bool, form: FormTable | None, made: str) -> tuple[CellRef, ...] | None:
    """`_refs` for table 3 of the form ``form`` (for the result blocks) and table 2's column
    ``made`` (for normative documents): the same few cells for every report of one shape."""
    if kind in _APPLICANT_KINDS:
        columns = LEGAL_PERSON_COLUMNS if kind == "legal_persons" else (kind,)
        rows = ("new_received", "carried_over") if carried else ("new_received",)
        return tuple(CellRef("applications", row, column) for row in rows for column in columns)
    if kind in _BLOCKS:
        if form is None:
            return None
        block = _BLOCKS[kind]
        return tuple(CellRef("applications", r.key, "total") for r in form.rows if block in (r.key, r.block))
    if kind.startswith("litigation"):
        column = _TARGETS[kind][1][2] or "total"
        return tuple(CellRef("reviews", row, column) for row in _LITIGATION)
    if kind == "normative_documents":
        return (CellRef("active", "normative_documents", made),)
    table, row, at = _TARGETS[kind][1]
    return (CellRef(table, str(row), str(at)),)


def _table_value(report: AnnualReport, kind: str, *, carried: bool = False) -> int | Decimal | None:
    """The table's number for a kind of statement; None when the table lacks a cell of it or
    holds one it cannot read (S003/S004 and A005 say so)."""
    refs = _refs(report, kind, carried=carried)
    if not refs:
        return None
    total: int | Decimal = 0
    for cell in lookup_all(report, refs):
        if cell is None:
            return None
        if cell.value is None and cell.raw.strip() and any(ch.isdigit() for ch in cell.raw):
            return None
        total += value(cell)
    return total


class _Table:
    """The table's numbers for kinds of statement, each read once."""

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.known: dict[tuple[str, bool], int | Decimal | None] = {}

    def value(self, kind: str, *, carried: bool = False) -> int | Decimal | None:
        key = (kind, carried)
        if key not in self.known:
            self.known[key] = _table_value(self.report, kind, carried=carried)
        return self.known[key]

    def counts_carried_over(self, st: Statement, new: int | Decimal) -> bool:
        """ "受理 N 件" often counts this year's applications and last year's carried over together."""
        if st.kind != "new_received" or "受理" not in st.text:
            return False
        carried = self.value("carried_over")
        return carried is not None and new + carried == st.number

    def scope(self, parent: Statement) -> bool | None:
        """Whether a count of applicants' parts counts last year's carried-over applications
        too, as the count it divides does; None when the count it divides agrees with neither."""
        new = self.value(parent.kind)
        if new is None:
            return None
        if new == parent.number:
            return False
        return True if self.counts_carried_over(parent, new) else None


def narrative_numbers(report: AnnualReport) -> Iterator[Finding]:
    """新收/受理 N 件申请 (and after 其中: 自然人 N 件, 法人或其他组织 N 件), 上年结转 N 件,
    予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N 件 in a sentence about applications,
    行政复议/诉讼 N 件 (or 未发生; after 其中: 维持 N 件, 纠正 N 件), 制发规范性文件 N 件.

    Counts are read in digits or Chinese numerals (十七件), spaced out or not; a sentence a PDF
    wrapped over two lines is read whole; a negation of an outcome (未发生…被行政复议纠错) is
    no count of reviews, and a count one unit gives for the organ (区政府办代表区政府受理…)
    is not the organ's. An approximation (约 30 件, 100 余件, 30 件以上) or a range (10 至 15
    件) is not compared, nor is a part whose whole agrees with no row of the table (受理 N 件
    counts last year's carried-over applications with this year's, and its parts then do too).
    """
    table = _Table(report)
    for st in statements(report):
        carried = False
        if st.parent is not None:
            scope = table.scope(st.parent)
            if scope is None:
                continue  # the whole it divides is not the table's: nothing to tie it to
            carried = scope
        table_number = table.value(st.kind, carried=carried)
        if table_number is None:
            continue  # the table is missing or cut: nothing to compare with (S003/S004 say so)
        if table_number == st.number or table.counts_carried_over(st, table_number):
            continue
        words, (key, row, column) = _TARGETS[st.kind]
        if carried:
            words += "与「二、上年结转」同列之和（「受理」含上年结转）"
        yield NARRATIVE_NUMBERS.finding(
            message=f"正文称「{st.text}」（{st.number}），{words}却为 {table_number}"
            f" / the narrative says {st.number}, the table {table_number}",
            line=st.line,
            table=key,
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
