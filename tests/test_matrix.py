"""The converter matrix (`bench/matrix.py`), as published in docs/formats.md, holds.

Every corpus seed and example is written as HTML, DOCX and PDF, turned into text by the tools
people use, and parsed. Per tool, the counts of right, wrong and missing facts must be those
the docs publish, and no tool may lead to a wrong value, in the tables or the metadata.

The programs (poppler's pdftotext, pandoc, w3m) come from the system: `.ci/run` installs them
and sets ``GOV_DISCLOSURE_MATRIX=1``, which makes a missing one a failure. Elsewhere a tool
that is not installed is skipped by name; the Python tools are in the ``test`` extra.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import gov_disclosure
from support import ROOT, reported_at_row

# The page in both languages: English (formats.en.md) and Chinese (formats.md, whose
# headings carry the English anchors).
_DOCS = (ROOT / "docs" / "formats.en.md", ROOT / "docs" / "formats.md")
_REQUIRED = os.environ.get("GOV_DISCLOSURE_MATRIX") == "1"


@functools.cache
def _matrix() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gov_disclosure_matrix", ROOT / "bench" / "matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _published(heading: str, doc: Path = _DOCS[0]) -> dict[str, tuple[int, int, int]]:
    """The (right, wrong, missing) the docs publish per tool, in the table under ``heading``
    (found by its words, or by its anchor on a translated page)."""
    text = doc.read_text(encoding="utf-8")
    anchor = "{#" + heading.lower().replace(" ", "-") + "}"
    start = text.index(heading) if heading in text else text.index(anchor)
    rows: dict[str, tuple[int, int, int]] = {}
    for line in text[start:].splitlines()[1:]:
        if line.startswith("#"):
            break
        m = re.fullmatch(r"\| ([\w-]+) \| (\d+) \| (\d+) \| (\d+) \| [\d.]+% \|", line)
        if m:
            rows[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return rows


_TABLES = _published("Table facts per tool")
_META = _published("Metadata per tool")


def test_both_languages_publish_the_same_figures() -> None:
    for heading in ("Table facts per tool", "Metadata per tool"):
        assert _published(heading, _DOCS[1]) == _published(heading, _DOCS[0]), heading


@functools.cache
def _reports() -> list[Any]:
    return list(_matrix().load_reports(_matrix().DEFAULT_SOURCES))


def test_the_docs_publish_every_tool_the_matrix_runs() -> None:
    assert sorted(_TABLES) == sorted(_matrix().TOOLS)
    assert sorted(_META) == sorted(_matrix().TOOLS)
    assert all(wrong == 0 for _, wrong, _ in [*_TABLES.values(), *_META.values()])


@pytest.mark.parametrize("name", sorted(_TABLES))
def test_tool_reads_as_published_and_never_wrong(name: str) -> None:
    matrix = _matrix()
    tool = matrix.TOOLS[name]
    missing = tool.missing()
    if missing:
        if _REQUIRED:
            pytest.fail(f"{name} needs {', '.join(missing)}, which .ci/run installs")
        pytest.skip(f"{name} needs {', '.join(missing)} (.ci/run installs it)")
    reports = _reports()
    assert len(reports) == 10, "the matrix measures the five seeds and five examples"
    cells = [matrix.measure(tool, report) for report in reports]
    for cell, report in zip(cells, reports, strict=True):
        assert cell.status in ("ok", "FAIL"), f"{name} on {report.name}: {cell.status} {cell.error}"
        assert not cell.wrong, f"{name} on {report.name}: wrong values {cell.wrong[:5]}"
        if cell.status == "ok" and cell.missing:
            # What a tool's text loses is absent with a finding at its row, never silently.
            findings = gov_disclosure.validate(gov_disclosure.parse(cell.text))
            silent = [
                k for k, _ in cell.missing if k[0] != "meta" and not reported_at_row(findings, k[0], k[1])
            ]
            assert not silent, f"{name} on {report.name}: facts missing without a finding {silent[:5]}"
    for part, published in (("table", _TABLES), ("meta", _META)):
        measured = tuple(sum(c.count(k, part) for c in cells) for k in ("right", "wrong", "missing"))
        assert measured == published[name], f"{name}, {part} facts: measured {measured}"
