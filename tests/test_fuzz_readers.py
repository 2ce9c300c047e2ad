"""Every reader, fed real reports damaged at random, ends with text or one line of error.

The sources are the corpus read in place: its text reports, its PDFs, and its reports written
out as web pages and Word files by the real libraries. Hypothesis damages the bytes as files
get damaged (bytes changed, a stretch cut out or repeated, the file cut short) and the whole
pipeline, reader and grammar, must end within seconds with a report or a
`GovDisclosureError` of one line: never another exception.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure.errors import GovDisclosureError
from support import corpus_dir, seed_paths
from writers import docx_bytes

_SECONDS = 20


@functools.cache
def _sources() -> dict[str, list[bytes]]:
    """Real reports by format: the corpus's text reports and PDFs as they are, and two seeds
    written as a web page and as a Word file."""
    corpus = corpus_dir()
    texts = [p for p in sorted(corpus.rglob("*.txt")) if p.name != "section3_raw_text.txt"]
    pdfs = [p for p in sorted(corpus.rglob("*.pdf")) if p.stat().st_size < 2_000_000]
    reports = [gov_disclosure.parse_file(p) for p in seed_paths()[:2]]
    return {
        "text": [p.read_bytes() for p in texts],
        "pdf": [p.read_bytes() for p in pdfs],
        "html": [gov_disclosure.render(r, "html").encode("utf-8") for r in reports],
        "docx": [docx_bytes(r) for r in reports],
    }


def test_the_sources_are_reports() -> None:
    # Damage must start from something that reads, or the fuzz proves little.
    for fmt, sources in _sources().items():
        assert len(sources) >= 2, fmt
        for data in sources:
            assert gov_disclosure.parse_bytes(data).parts, fmt


_T = TypeVar("_T")


def _damage(draw: st.DrawFn, units: list[_T], alphabet: Sequence[_T]) -> list[_T]:
    """Units (characters or bytes) changed, cut out, repeated or cut short, one to four times."""
    for _ in range(draw(st.integers(1, 4))):
        if not units:
            break
        kind = draw(st.sampled_from(["change", "change", "change", "cut", "repeat", "truncate"]))
        at = draw(st.integers(0, len(units) - 1))
        width = draw(st.integers(1, 2048))
        if kind == "change":
            units[at] = draw(st.sampled_from(alphabet))
        elif kind == "cut":
            del units[at : at + width]
        elif kind == "repeat":
            units[at:at] = units[at : at + width] * draw(st.integers(1, 8))
        else:
            del units[max(at, len(units) // 2) :]
    return units


@st.composite
def _damaged(draw: st.DrawFn, data: bytes, *, text: bool) -> bytes:
    """``data`` damaged: in its bytes (a Word file, a PDF) or, for text and web pages, in its
    characters (a character changed to another of the report's own), so that the damage
    reaches the grammar rather than only the decoder."""
    if text:
        decoded = data.decode("utf-8")
        return "".join(_damage(draw, list(decoded), sorted(set(decoded)))).encode("utf-8")
    return bytes(_damage(draw, list(data), range(256)))


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
def test_damaged_real_reports_read_or_fail_in_one_line(fmt: str) -> None:
    sources = _sources()[fmt]
    # A PDF takes half a second a read: fewer examples, the same kinds of damage.
    examples = 20 if fmt == "pdf" else 60

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(sources).flatmap(lambda source: _damaged(source, text=fmt in ("text", "html"))))
    def read(data: bytes) -> None:
        start = time.monotonic()
        try:
            report = gov_disclosure.parse_bytes(data)
            gov_disclosure.validate(report)
        except GovDisclosureError as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
        assert time.monotonic() - start < _SECONDS

    read()
