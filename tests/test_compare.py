"""Two years side by side (issue 15 item 8): pairing organs whose names differ by region
prefixes, saying why two reports are not comparable, fact changes, X findings, repeated text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gov_disclosure import compare, facts, parse, parse_file, validate_pair
from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks.across import _NEXT_2021, _NEXT_2021_CARRY_2, same_subject
from gov_disclosure.cli import main
from support import CORPUS, example_paths

HZQ = CORPUS / "external" / "zxj6827111-blip__KIROGOVCOMPARE"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("洪泽区人民政府", "江苏省淮安市洪泽区人民政府"),
        ("沭阳县人民政府", "宿迁市沭阳县人民政府"),
        ("霍城县人民政府", "新疆维吾尔自治区伊犁州霍城县人民政府"),
        ("青禾县人民政府办公室", "青禾县人民政府办公室"),
        ("青禾县 人民政府办公室", "青禾县人民政府办公室"),
        ("西湖区人民政府", "杭州市西湖区人民政府"),  # 杭州市: 州 and 市 are both levels
        ("吴中区人民政府", "苏州市吴中区人民政府"),
        ("景泰县", "景泰县人民政府"),  # a title naming the region names its government
        ("大同市云州区", "云州区人民政府"),
    ],
)
def test_one_organ_named_with_or_without_the_regions_above_it(a: str, b: str) -> None:
    assert same_subject(a, b) and same_subject(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市生态环境局", "临江市生态环境局"),  # the shorter opens with no region of its own
        ("人民政府", "洪泽区人民政府"),
        ("洪泽区人民政府", "淮安市洪泽区人民政府办公室"),  # another organ
        ("洪泽区人民政府", "淮阴区人民政府"),
        ("洪泽区人民政府", "淮安市教育局洪泽区人民政府"),  # 教育局 is no region
        ("景泰县", "景泰县人民政府办公室"),
    ],
)
def test_other_organs_are_not_paired(a: str, b: str) -> None:
    assert not same_subject(a, b) and not same_subject(b, a)


def test_the_real_reports_of_one_organ_under_two_names_are_compared() -> None:
    old, new = parse_file(HZQ / "hzq2023_working.pdf"), parse_file(HZQ / "hzq2024_working.pdf")
    assert old.meta.subject is not None and new.meta.subject is not None
    assert old.meta.subject.value != new.meta.subject.value  # 洪泽区人民政府, 淮安市洪泽区人民政府
    found = compare(old, new)
    assert found.comparable and found.reason is None
    assert not [f for f in found.findings if f.code == "X000"]
    assert validate_pair(old, new) == list(found.findings)
    before = {(f.table, f.row, f.column): f.value for f in facts(old)}
    after = {(f.table, f.row, f.column): f.value for f in facts(new)}
    changed = {(c.table, c.row, c.column): (c.old, c.new) for c in found.facts}
    for key in {*before, *after}:
        if before.get(key) != after.get(key):
            assert changed.pop(key) == (before.get(key), after.get(key))
    assert not changed
    assert found.repeated_text is not None and 0 < found.repeated_text < 0.5
    assert all(r.line is not None and r.text.endswith("。") for r in found.repeated)


def test_not_comparable_is_said_plainly() -> None:
    this, nxt = parse(COMPLETE_2021), parse(_NEXT_2021)
    other = parse_file(example_paths()[0])
    for old, new, says in (
        (nxt, this, "顺序颠倒"),
        (this, this, "同为"),
        (this, other, "不是同一机关"),
        (this, parse(_NEXT_2021.replace("2024", "2026")), "年度不相邻"),
    ):
        found = compare(old, new)
        assert not found.comparable and found.reason is not None and says in found.reason
        assert [f.code for f in validate_pair(old, new)] == ["X000"]
        assert says in validate_pair(old, new)[0].message
        # X001 would find a carry-over mismatch; not between reports that are not comparable.
        assert "X001" not in {f.code for f in found.findings}
    assert compare(this, nxt).comparable


def test_changes_findings_and_repeated_text_of_consecutive_years() -> None:
    this, nxt = parse(COMPLETE_2021), parse(_NEXT_2021_CARRY_2)
    found = compare(this, nxt)
    assert found.comparable
    keys = {(c.table, c.row, c.column): (c.old, c.new) for c in found.facts}
    assert keys[("meta", "year", "value")] == (2023, 2024)
    assert keys[("applications", "carried_over", "total")] == (1, 2)
    assert keys[("active", "normative_documents", "in_force")] == (12, 14)
    assert [f.code for f in found.findings] == [f.code for f in validate_pair(this, nxt)]
    assert "X001" in {f.code for f in found.findings}
    # The next year's narrative is this year's with the years changed: all of it repeats;
    # but the sentence whose counts changed (申请4件，上年结转2件).
    assert compare(this, parse(_NEXT_2021)).repeated_text == 1.0
    assert found.repeated_text is not None and 0.5 < found.repeated_text < 1.0
    assert not [r for r in found.repeated if "上年结转" in r.text]
    rewritten = parse(edit(_NEXT_2021, "2025年将", "新的一年将进一步加强政务公开标准化规范化建设并"))
    share = compare(this, rewritten).repeated_text
    assert share is not None and share < 1.0


def test_compare_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "2023.txt", tmp_path / "2024.txt"
    old.write_text(COMPLETE_2021, encoding="utf-8")
    new.write_text(_NEXT_2021_CARRY_2, encoding="utf-8")
    assert main(["compare", str(old), str(new)]) == 1  # X001 is an error
    out = capsys.readouterr().out
    assert (
        "comparable: yes" in out and "X001 [error]" in out and "applications.carried_over.total: 1 → 2" in out
    )
    share = compare(parse(COMPLETE_2021), parse(_NEXT_2021_CARRY_2)).repeated_text
    assert share is not None and f"repeated text: {share:.1%} of this year's narrative" in out
    assert main(["compare", str(new), str(old), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["comparable"] is False and "顺序颠倒" in data["reason"]
    assert [f["code"] for f in data["findings"]] == ["X000"]
    assert set(data) == {
        "old",
        "new",
        "comparable",
        "reason",
        "facts",
        "findings",
        "repeated_text",
        "repeated",
    }
    assert all(set(f) == {"table", "row", "column", "old", "new"} for f in data["facts"])
    assert main(["compare", str(old), str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_a_changed_count_is_not_taken_for_a_year() -> None:
    this = parse(COMPLETE_2021.replace("年，全年新收", "年，公开政府信息1950条，全年新收"))
    nxt = parse(_NEXT_2021.replace("年，全年新收", "年，公开政府信息2087条，全年新收"))
    assert "1950条" in COMPLETE_2021.replace("年，全年新收", "年，公开政府信息1950条，全年新收")
    found = compare(this, nxt)
    assert not [r for r in found.repeated if "条" in r.text]
    assert found.repeated_text is not None and found.repeated_text < 1.0
