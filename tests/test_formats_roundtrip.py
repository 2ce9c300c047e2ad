"""A report published as a web page, a Word file or a text-layer PDF parses to the facts of its text.

The corpus reports (seeds, examples, external texts) are parsed, written out in each format
with the real libraries (`render(r, "html")`, python-docx, reportlab), and read back through
`parse_bytes`, which sniffs the format from the bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import gov_disclosure
from gov_disclosure import strategies
from support import example_paths, seed_paths
from writers import docx_bytes, pdf_bytes

REPORTS = [*seed_paths(), *example_paths()]


def _facts(report: gov_disclosure.AnnualReport) -> list[dict[str, object]]:
    return [dict(fact.as_dict()) for fact in gov_disclosure.facts(report)]


def _ids(path: Path) -> str:
    return path.stem[:24]


def _html(report: gov_disclosure.AnnualReport) -> bytes:
    return gov_disclosure.render(report, "html").encode("utf-8")


WRITERS: dict[str, Callable[[gov_disclosure.AnnualReport], bytes]] = {
    "html": _html,  # a government-style page, merged cells as in the template
    "docx": docx_bytes,  # python-docx, merged cells
    "pdf": pdf_bytes,  # reportlab, ruled tables with spans, a real text layer
}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("path", REPORTS, ids=_ids)
def test_published_forms_parse_to_the_same_facts(path: Path, fmt: str) -> None:
    report = gov_disclosure.parse_file(path)
    data = WRITERS[fmt](report)
    assert gov_disclosure.sniff(data) == fmt
    assert _facts(gov_disclosure.parse_bytes(data)) == _facts(report)


def test_the_corpus_holds_both_templates() -> None:
    templates = {gov_disclosure.parse_file(path).meta.template for path in REPORTS}
    assert templates >= {"2019", "2021"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.reports())
def test_rendered_html_round_trip(report: gov_disclosure.AnnualReport) -> None:
    data = gov_disclosure.render(report, "html").encode("utf-8")
    assert _facts(gov_disclosure.parse_bytes(data)) == _facts(report)


def _values(facts: list[dict[str, object]]) -> dict[tuple[object, ...], object]:
    return {(f["table"], f["row"], f["column"]): f["value"] for f in facts if f["value"] is not None}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.reports(consistent=False, partial=True))
def test_rendered_html_round_trip_of_partial_reports(report: gov_disclosure.AnnualReport) -> None:
    # A table row the report cut short is a short <tr>; read back, its missing cells are blank
    # (None) rather than absent: an HTML table cannot tell the two apart. Every value survives,
    # and nothing is invented: no fact appears with a value the report does not hold.
    data = gov_disclosure.render(report, "html").encode("utf-8")
    got = _facts(gov_disclosure.parse_bytes(data))
    assert _values(got) == _values(_facts(report))
