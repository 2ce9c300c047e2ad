"""Two years side by side: are they comparable, what changed, what the X rules find, and how
much of this year's narrative repeats last year's word for word (雷同)."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from attrs import frozen

from gov_disclosure.checks._rule import CrossCheck
from gov_disclosure.checks.across import comparable
from gov_disclosure.export._facts import FactValue, facts
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport, Cell

__all__ = ["MIN_SENTENCE", "Comparison", "FactChange", "RepeatedSentence", "compare", "repeated_sentences"]

MIN_SENTENCE = 12
"""Characters a sentence needs to count for `repeated_sentences` (headings and stock phrases
such as 一、总体情况 are shorter)."""

# A sentence ends at 。！？；, not at a line's end (a PDF's lines wrap inside sentences); a
# year (2023年, 2024) is the edit a copied sentence always gets, so it is masked before
# sentences are compared.
_ENDS = re.compile(r"[。！？；!?;]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?=\s*年)")  # a year, not a count: 2023年, not 2023条


@frozen
class FactChange:
    """One fact whose value differs between the two years (None: blank, or not in the report)."""

    table: str
    row: str
    column: str
    old: FactValue
    new: FactValue

    def as_dict(self) -> dict[str, FactValue]:
        """The JSON object ``compare --format json`` prints."""
        return {"table": self.table, "row": self.row, "column": self.column, "old": self.old, "new": self.new}


@frozen
class RepeatedSentence:
    """A sentence of this year's narrative that last year's has word for word (years aside)."""

    line: int | None
    text: str


@frozen(kw_only=True)
class Comparison:
    """What `compare` finds in two reports of one organ."""

    comparable: bool
    reason: str | None
    """Why the reports cannot be compared (None when they can), Chinese then English."""
    facts: tuple[FactChange, ...]
    """Every fact whose value differs, in the data dictionary's order."""
    findings: tuple[Finding, ...]
    """The X rules' findings (X000 alone when the reports are not comparable)."""
    repeated_text: float | None
    """The share (0–1) of this year's narrative, by characters, repeated word for word from
    last year's; None when this year's report has no narrative."""
    repeated: tuple[RepeatedSentence, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON ``compare --format json`` prints."""
        return {
            "comparable": self.comparable,
            "reason": self.reason,
            "facts": [c.as_dict() for c in self.facts],
            "findings": [f.as_dict() for f in self.findings],
            "repeated_text": self.repeated_text,
            "repeated": [{"line": r.line, "text": r.text} for r in self.repeated],
        }


def _narrative(report: AnnualReport) -> Iterator[tuple[Cell[str], ...]]:
    """The parts' prose, in runs of paragraphs that sentences may cross (a PDF's paragraph may
    come as one cell a line): each part's paragraphs, then each subsection's with its heading. The title and
    the preamble's stock lines are the same every year, and are left out."""
    for part in report.parts:
        yield part.paragraphs
        for sub in part.subsections:
            # A heading may run on into its first sentence: （一）主动公开情况。主要通过…
            yield (sub.heading, *sub.paragraphs)


def _sentences(report: AnnualReport) -> Iterator[tuple[int | None, str, str]]:
    """Each sentence of the report's narrative: (line, text, the text as compared)."""
    for run in _narrative(report):
        pieces: list[str] = []
        starts: list[int] = []  # where each source line begins in the joined text
        lines: list[int | None] = []
        size = 0
        for cell in run:
            first = cell.span.line if cell.span else None
            for i, piece in enumerate(cell.raw.split("\n")):
                starts.append(size)
                lines.append(None if first is None else first + i)
                pieces.append(piece.strip())
                size += len(pieces[-1])
        text = "".join(pieces)
        start = 0
        for end in (*(m.end() for m in _ENDS.finditer(text)), len(text)):
            piece = text[start:end].strip()
            key = _YEAR.sub("#", "".join(unicodedata.normalize("NFKC", piece).split()))
            if len(key) >= MIN_SENTENCE:
                yield lines[bisect.bisect_right(starts, start) - 1], piece, key
            start = end


def repeated_sentences(
    previous: AnnualReport, current: AnnualReport
) -> tuple[float | None, tuple[RepeatedSentence, ...]]:
    """The share of ``current``'s narrative (by characters of its sentences of at least
    `MIN_SENTENCE` characters) that ``previous`` has word for word, years aside; and those
    sentences."""
    before = {key for _, _, key in _sentences(previous)}
    total = shared = 0
    found: list[RepeatedSentence] = []
    for line, text, key in _sentences(current):
        total += len(key)
        if key in before:
            shared += len(key)
            found.append(RepeatedSentence(line, text))
    return (round(shared / total, 3) if total else None), tuple(found)


def compare(
    previous: AnnualReport, current: AnnualReport, checks: Sequence[CrossCheck] | None = None
) -> Comparison:
    """Last year's report and this year's, side by side: whether they are comparable (one
    organ, region prefixes aside; consecutive years; in that order), every fact that changed,
    the X rules' findings, and the narrative repeated word for word.

    The facts and the repeated text are given even when the reports are not comparable (a
    reviewer may still want them); the findings then say why not (X000).
    """
    from gov_disclosure.checks import CROSS_CHECKS, validate_pair

    reason = comparable(previous, current)
    old = {(f.table, f.row, f.column): f.value for f in facts(previous)}
    new = {(f.table, f.row, f.column): f.value for f in facts(current)}
    keys = [*new, *(k for k in old if k not in new)]
    changes = tuple(FactChange(*k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))
    share, repeated = repeated_sentences(previous, current)
    return Comparison(
        comparable=reason is None,
        reason=reason,
        facts=changes,
        findings=tuple(validate_pair(previous, current, CROSS_CHECKS if checks is None else checks)),
        repeated_text=share,
        repeated=repeated,
    )
