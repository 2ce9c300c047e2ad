"""Text in, model out: the front end, the grammar and the transformer in one call."""

from __future__ import annotations

from os import PathLike

from lark import UnexpectedInput

from gov_disclosure.decode import read_text
from gov_disclosure.errors import NotAReportError
from gov_disclosure.frontend import canonicalize
from gov_disclosure.grammar import parser
from gov_disclosure.model import AnnualReport
from gov_disclosure.transformer import ReportTransformer

__all__ = ["parse", "parse_file"]


def parse(text: str) -> AnnualReport:
    """Parse the text of one annual report.

    A partial report (a table cut short, a part missing) parses to what is there. Raises
    `NotAReportError` only when the text holds no part heading and no table at all.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the report's text as str, not {type(text).__name__}")
    canon = canonicalize(text)
    if not canon.units:
        raise NotAReportError("the text is empty")
    try:
        tree = parser().parse(canon.text)
        report = ReportTransformer(canon).transform(tree)
    except UnexpectedInput as exc:  # pragma: no cover - the grammar accepts every line stream
        unit = canon.unit_at(exc.pos_in_stream or 0)
        line = canon.span(unit.start, unit.end).line
        raise NotAReportError(f"cannot read the report's structure at line {line}") from exc
    if not report.parts and report.active is None and report.applications is None and report.reviews is None:
        raise NotAReportError(
            "no annual-report structure found: no part heading (一、总体情况 …) and no statistical table"
        )
    return report


def parse_file(path: str | PathLike[str]) -> AnnualReport:
    """Read a text file (UTF-8, UTF-16 or GB18030/GBK, detected) and parse it."""
    return parse(read_text(path))
