"""Every fact of every corpus text and example equals what we read off the report by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_disclosure
from support import CORPUS, EXAMPLES, GOLDEN, corpus_dir, example_paths, read_golden_facts, seed_paths

SEEDS = seed_paths()
EXTERNAL_TEXTS = {
    # golden name -> path below the corpus
    "shuyang2025": "external/zxj6827111-blip__KIROGOVCOMPARE/沭阳县人民政府2025年政府信息公开工作年度报告-沭阳县人民政府.txt",
    "section3_raw_text": "external/zxj6827111-blip__govnianbao/section3_raw_text.txt",
}


def _compare(path: Path, golden: Path) -> None:
    report = gov_disclosure.parse_file(path)
    got = [f.as_dict() for f in gov_disclosure.facts(report)]
    expected = read_golden_facts(golden)
    got_by_key: dict[tuple[object, ...], object] = {
        (d["table"], d["row"], d["column"]): d["value"] for d in got
    }
    exp_by_key: dict[tuple[object, ...], object] = {
        (d["table"], d["row"], d["column"]): d["value"] for d in expected
    }
    wrong = {
        k: (exp_by_key[k], got_by_key.get(k, "<no fact>"))
        for k in exp_by_key
        if exp_by_key[k] != got_by_key.get(k, "<no fact>")
    }
    extra = sorted(set(got_by_key) - set(exp_by_key))
    assert not wrong, f"{len(wrong)} facts differ (expected, got): {wrong}"
    assert not extra, f"facts the report does not have: {extra}"
    assert got == expected, "same facts, different order"


def test_corpus_is_present() -> None:
    assert len(seed_paths()) == 5, CORPUS
    corpus_dir()


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_facts(path: Path) -> None:
    _compare(path, GOLDEN / "facts" / f"{path.stem}.jsonl")


@pytest.mark.parametrize("path", example_paths(), ids=[p.name for p in example_paths()])
def test_example_facts(path: Path) -> None:
    _compare(path, GOLDEN / "facts" / "examples" / f"{path.stem}.jsonl")


@pytest.mark.parametrize("name", sorted(EXTERNAL_TEXTS))
def test_external_text_facts(name: str) -> None:
    _compare(corpus_dir() / EXTERNAL_TEXTS[name], GOLDEN / "facts" / "external" / f"{name}.jsonl")


def test_every_corpus_text_is_covered() -> None:
    """A text file added to the corpus must get a golden file too."""
    texts = {p.relative_to(CORPUS).as_posix() for p in corpus_dir().rglob("*.txt")}
    covered = {f"seeds/{p.name}" for p in SEEDS} | set(EXTERNAL_TEXTS.values())
    assert texts <= covered, sorted(texts - covered)
    assert EXAMPLES.is_dir()
