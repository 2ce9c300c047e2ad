"""Text or file in, model out.

The pipeline, one module a step: the front end reads any layout into canonical lines
(`_frontend`); the grammar (`grammars/*.lark`, built by `_grammar`) classifies them, and the
element transformer (`_transformer`) turns what it found into sections of prose and table
elements as the parser goes (`_speed` keeps the parser fast); assembly aligns the table
elements with the statutory form (`_assemble`, `_placement`), the metadata is read
(`_meta`, `_dates`), and `_report` builds the model.

``parser()`` is the report grammar's Lark parser (giving trees), for those who want the
grammar itself; `build_parser`, `grammar_dir` and `cache_dir` are its parts.
"""

from __future__ import annotations

import os
from os import PathLike

import attrs
from lark import UnexpectedInput

from gov_disclosure import limits
from gov_disclosure.errors import NotAReportError, over_budget
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing._doubt import DOUBTFUL, settle_doubts
from gov_disclosure.parsing._frontend import canonicalize
from gov_disclosure.parsing._grammar import build_parser, grammar_dir
from gov_disclosure.parsing._report import build_report
from gov_disclosure.parsing._speed import cache_dir, parse_sections, parser
from gov_disclosure.readers import Format, PagedText, read_bytes, read_path, sniff

__all__ = [
    "DOUBTFUL",
    "build_parser",
    "cache_dir",
    "grammar_dir",
    "parse",
    "parse_bytes",
    "parse_file",
    "parser",
]


def parse(text: str) -> AnnualReport:
    """Parse the text of one annual report.

    A partial report (a table cut short, a part missing) parses to what is there. Text that is
    a web page's markup (it starts with ``<html``, ``<!doctype html``, ``<table`` …) is read as
    the page it is, like `parse_bytes` (the ``html`` extra; spans then point into the text the
    reader made of it). Raises `NotAReportError` when the text holds no part heading and no
    table at all, or is the name of a file (use `parse_file`), and `BudgetError` for a text
    over `gov_disclosure.limits`' characters, lines or cells.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the report's text as str, not {type(text).__name__}")
    if _is_a_path(text):
        raise NotAReportError(f"the text is the name of a file, {text!r}: read files with parse_file()")
    if _is_markup(text):
        # A web page's text (an HTTP client's .text, render(report, "html")): read as the page
        # it is, as parse_bytes would.
        from gov_disclosure.readers.html import html_to_text

        text = html_to_text(text.encode("utf-8", "surrogatepass"))
    if len(text) > limits.MAX_CHARS:
        raise over_budget("characters", len(text), "MAX_CHARS", limits.MAX_CHARS)
    lines = max(text.count("\n"), text.count("\r"))
    if lines > limits.MAX_LINES:
        raise over_budget("lines", lines, "MAX_LINES", limits.MAX_LINES)
    canon = canonicalize(text)
    if not canon.units:
        raise NotAReportError("the text is empty")
    try:
        report = build_report(canon, parse_sections(canon.text))
    except UnexpectedInput as exc:  # pragma: no cover - the grammar accepts every line stream
        unit = canon.unit_at(exc.pos_in_stream or 0)
        line = canon.span(unit.start, unit.end).line
        raise NotAReportError(f"cannot read the report's structure at line {line}") from exc
    if not report.parts and report.active is None and report.applications is None and report.reviews is None:
        raise NotAReportError(
            "no annual-report structure found: no part heading (一、总体情况 …) and no statistical table"
        )
    if isinstance(text, PagedText) and (text.page_lines or text.regions):
        report = attrs.evolve(
            report, meta=attrs.evolve(report.meta, pages=text.page_lines, regions=text.regions)
        )
        report = settle_doubts(report)
    return report


def _is_a_path(text: str) -> bool:
    if "\n" in text or len(text) > 4096 or not text.strip():
        return False
    try:
        return os.path.isfile(text.strip())
    except (OSError, ValueError):  # a name no file system takes (NUL, too long)
        return False


def _is_markup(text: str) -> bool:
    head = text[:4096].lstrip()
    # Most texts are no markup: their first character says so before any lowercasing.
    return head.startswith("<") and sniff(head.lower().encode("utf-8", "surrogatepass")) == "html"


def parse_file(path: str | PathLike[str], *, format: Format | None = None) -> AnnualReport:
    """Read a report file of any supported format and parse it.

    The format (``text``, ``html``, ``docx``, ``pdf``) is taken from the file's content unless
    ``format`` names it; text is decoded from UTF-8, UTF-16 or GB18030/GBK (detected). HTML,
    DOCX and PDF need their extra (``pip install 'gov-disclosure[html]'`` …); without it
    `MissingDependencyError` names the command. Spans then point into the text the reader
    made of the file, not into its bytes.
    """
    return parse(read_path(path, format=format))


def parse_bytes(data: bytes, *, format: Format | None = None) -> AnnualReport:
    """Parse a report file's bytes: `parse_file` for data that is not on disk (a download)."""
    if not isinstance(data, bytes):
        raise TypeError(f"parse_bytes() takes the file's bytes, not {type(data).__name__}")
    return parse(read_bytes(data, format=format))
