"""Paths to the corpus (read in place, never copied), the examples and the golden files."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from gov_disclosure import Finding
from gov_disclosure.form import APPLICATIONS_UNION, FORMS

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ROOT / "examples"
# The shared corpus sits beside the checkout; GOV_DISCLOSURE_CORPUS may point elsewhere.
CORPUS = Path(os.environ.get("GOV_DISCLOSURE_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_dir() -> Path:
    """The corpus folder. Its absence is a failure, never a skip: the corpus tests must run."""
    if not (CORPUS / "seeds").is_dir():
        pytest.fail(f"the shared corpus is missing: expected {CORPUS}/seeds (set GOV_DISCLOSURE_CORPUS)")
    return CORPUS


def seed_paths() -> list[Path]:
    return sorted((CORPUS / "seeds").glob("*.txt"))


def example_paths() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md"))


def read_golden_facts(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def docs_hook(name: str) -> ModuleType:
    """One of the documentation site's build hooks (docs/hooks/NAME.py), loaded as a module."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / "docs" / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row_name(table: str, row: str) -> str:
    forms = [APPLICATIONS_UNION] if table == "applications" else [f.table(table) for f in FORMS.values()]
    return next(r.name for form in forms for r in form.rows if r.key == row)


def reported_at_row(findings: Sequence[Finding], table: str, row: str) -> bool:
    """A finding is about the row: it names the row's keys, or (S004's list of missing rows)
    the table and the row's name, or the table's values no row could take (P001)."""
    name = _row_name(table, row)
    return any(
        f.table == table and (f.row == row or (f.row is None and (name in f.message or f.code == "P001")))
        for f in findings
    )
