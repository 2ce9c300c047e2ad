"""The documentation in two languages (issue 16 item 3): every page in Chinese (X.md, at the
site's root) and English (X.en.md, under /en/), the same code in both, the same anchors."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from support import ROOT

DOCS = ROOT / "docs"
_FENCE = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.MULTILINE)
_ANCHOR = re.compile(r"\{#([\w-]+)\}\s*$")


def _pairs() -> list[tuple[Path, Path]]:
    chinese = sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".en.md"))
    return [(p, p.with_name(p.stem + ".en.md")) for p in chinese]


def _slug(heading: str) -> str:
    """Python-Markdown's toc slug of a heading's text (its ``slugify``)."""
    explicit = _ANCHOR.search(heading)
    if explicit:
        return explicit.group(1)
    text = re.sub(r"`|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _outside_fences(text: str) -> str:
    return _FENCE.sub("", text)


def test_every_page_is_in_both_languages() -> None:
    english = {p.name for p in DOCS.glob("*.en.md")}
    assert english == {en.name for _, en in _pairs()}
    assert len(english) >= 13


@pytest.mark.parametrize(("zh", "en"), _pairs(), ids=lambda p: p.name)
def test_the_same_code_in_both_languages(zh: Path, en: Path) -> None:
    zh_text, en_text = zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
    assert _FENCE.findall(zh_text) == _FENCE.findall(en_text)
    for marker in (
        "<!-- rule-catalogue -->",
        "<!-- data-dictionary-tables -->",
        "--8<--",
        "::: gov_disclosure",
    ):
        assert zh_text.count(marker) == en_text.count(marker) or marker == "::: gov_disclosure", marker


@pytest.mark.parametrize(("zh", "en"), _pairs(), ids=lambda p: p.name)
def test_chinese_pages_are_chinese_and_keep_the_english_anchors(zh: Path, en: Path) -> None:
    zh_text = _outside_fences(zh.read_text(encoding="utf-8"))
    en_text = _outside_fences(en.read_text(encoding="utf-8"))
    han = sum(1 for c in zh_text if "\u4e00" <= c <= "\u9fff")
    assert han > 10, f"{zh.name} is not in Chinese"
    zh_ids = {m.group(1) for _, heading in _HEADING.findall(zh_text) if (m := _ANCHOR.search(heading))}
    en_ids = {_slug(heading) for _, heading in _HEADING.findall(en_text)}
    # Every anchor an English heading has, the Chinese page's heading carries: links to
    # #partial-reports and the like work in both languages.
    assert en_ids - {""} <= zh_ids, sorted(en_ids - zh_ids)
    for link in re.findall(r"\]\(([\w-]+\.md)(?:#[\w-]+)?\)", zh_text):
        assert (DOCS / link).is_file(), link
