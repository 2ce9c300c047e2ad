"""The rule catalogue: every code implemented, each rule's examples, composition, the seeds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import RULES, AnnualReport, Finding, validate, validate_pair
from gov_disclosure.batch import process_file
from gov_disclosure.checks import CROSS_CHECKS, DEFAULT_CHECKS, narrative
from gov_disclosure.checks._examples import COMPLETE_2019, COMPLETE_2021
from gov_disclosure.cli import main
from gov_disclosure.errors import GovDisclosureError
from support import CORPUS, EXAMPLES, GOLDEN, corpus_dir, example_paths, seed_paths

FINDING_GOLDEN = GOLDEN / "findings"
_KEYS = ("code", "severity", "line", "part", "table", "row", "column")


def test_every_code_of_the_spec_is_implemented() -> None:
    spec = (corpus_dir().parent / "spec" / "rules.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| ([SATNX]\d{3}) \|", spec, flags=re.M))
    assert len(codes) == 18
    assert codes <= set(RULES)
    for code in codes:
        severity = re.search(rf"^\| {code} \| (\w+)", spec, flags=re.M)
        assert severity is not None and RULES[code].severity == severity.group(1), code


@pytest.mark.parametrize("code", list(RULES))
def test_rule_flags_its_bad_example_and_passes_its_good_one(code: str) -> None:
    rule = RULES[code]
    bad = [gov_disclosure.parse(t) for t in rule.bad]
    good = [gov_disclosure.parse(t) for t in rule.good]
    assert {f.code for f in rule.check(*bad)} == {code}
    assert list(rule.check(*good)) == []
    assert rule.check.__doc__, f"{code}'s check has no docstring"


@pytest.mark.parametrize("text", [COMPLETE_2021, COMPLETE_2019], ids=["2021", "2019"])
def test_complete_examples_pass_every_check(text: str) -> None:
    assert validate(gov_disclosure.parse(text)) == []


def test_findings_name_numbers_and_places() -> None:
    bad = RULES["A003"].bad[0]
    (finding,) = validate(gov_disclosure.parse(bad), select=["A003"])
    assert finding.code == "A003" and finding.severity == "error"
    assert (finding.table, finding.row, finding.column) == ("applications", "new_received", "total")
    assert finding.expected == 5 and finding.actual == 6
    assert (
        finding.line
        == bad.splitlines().index(next(x for x in bad.splitlines() if x.startswith("一、本年新收"))) + 1
    )
    assert (
        "一、本年新收政府信息公开申请数量" in finding.message
        and "6" in finding.message
        and "5" in finding.message
    )


def test_select_and_ignore_by_code_or_prefix() -> None:
    report = gov_disclosure.parse_file(seed_paths()[2])
    every = {f.code for f in validate(report)}
    assert {"S003", "S004", "S005"} <= every
    assert {f.code for f in validate(report, select=["S00"])} == {c for c in every if c.startswith("S00")}
    assert {f.code for f in validate(report, select=["S004"])} == {"S004"}
    assert {f.code for f in validate(report, ignore=["S"])} == {c for c in every if not c.startswith("S")}
    assert validate(report, select=["A"]) == []


def _my_check(report: AnnualReport) -> Iterator[Finding]:
    """A caller's own rule: the report must name its subject."""
    if report.meta.subject is None:
        yield Finding(code="Z001", severity="error", message="no subject")


def test_a_callers_check_composes_with_ours() -> None:
    report = gov_disclosure.parse("一、总体情况\n本年度工作平稳。\n")
    codes = {f.code for f in validate(report, checks=[*DEFAULT_CHECKS, _my_check])}
    assert "Z001" in codes and "S001" in codes
    assert {f.code for f in validate(report, checks=[*DEFAULT_CHECKS, _my_check], select=["Z"])} == {"Z001"}
    assert validate(report, checks=[_my_check], ignore=["Z001"]) == []


def test_checks_are_pure_and_picklable() -> None:
    import pickle

    report = gov_disclosure.parse_file(seed_paths()[0])
    first = validate(report)
    assert validate(report) == first
    for check in (*DEFAULT_CHECKS, *CROSS_CHECKS):
        assert pickle.loads(pickle.dumps(check)) is check


def test_cross_checks_need_the_same_subject_and_consecutive_years() -> None:
    previous, current = (gov_disclosure.parse(t) for t in RULES["X001"].bad)
    assert {f.code for f in validate_pair(previous, current)} == {"X001"}
    # Not consecutive in this order, another organ: X000 says why, and nothing else is found.
    assert [f.code for f in validate_pair(current, previous)] == ["X000"]
    other = gov_disclosure.parse(RULES["X001"].bad[1].replace("云溪县", "云山县"))
    assert [f.code for f in validate_pair(previous, other)] == ["X000"]
    assert validate_pair(previous, other, ignore=["X000"]) == []


def _golden_cases() -> list[tuple[str, Path]]:
    cases = [(p.stem, p) for p in seed_paths()]
    cases += [(f"examples/{p.stem}", p) for p in example_paths()]
    external = CORPUS / "external"
    cases += [(f"external/{p.stem}", p) for p in sorted(external.glob("*/*.txt"))]
    return cases


@pytest.mark.parametrize(("name", "path"), _golden_cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_golden_findings(name: str, path: Path) -> None:
    """What a careful reviewer finds in each corpus text and example (reviewed by hand)."""
    corpus_dir()
    got = [{k: f.as_dict()[k] for k in _KEYS} for f in validate(gov_disclosure.parse_file(path))]
    golden = FINDING_GOLDEN / f"{name}.json"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got == expected


def test_seed_findings_the_issue_names() -> None:
    codes = [{f.code for f in validate(gov_disclosure.parse_file(p))} for p in seed_paths()]
    assert {"T002", "S001"} <= codes[0]
    assert "T001" in codes[1]
    assert {"S003", "S004"} <= codes[2]
    assert not any(c.startswith("A") for seed in codes for c in seed)


def test_check_command_text_json_and_exit_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seeds = [str(p) for p in seed_paths()]
    assert main(["check", seeds[1]]) == 0  # warnings only
    out = capsys.readouterr().out
    assert re.match(rf"^{re.escape(seeds[1])}:\d+: T001 \[warning\] ", out)
    assert main(["check", seeds[2], "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert {"S003", "S004"} <= {r["code"] for r in records}
    assert all({"file", "code", "severity", "message", "line"} <= set(r) for r in records)
    assert main(["check", seeds[2], "--select", "S005,T"]) == 0
    assert {line.split()[1] for line in capsys.readouterr().out.splitlines()} == {"S005"}
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["check", seeds[0], str(empty)]) == 2
    captured = capsys.readouterr()
    assert "T002" in captured.out and captured.err.count("\n") == 1


_NARRATIVE = "全年新收政府信息公开申请5件，上年结转1件；被申请行政复议1件，未发生行政诉讼。"


def _n001(narrative: str) -> list[tuple[str | None, object, object]]:
    assert _NARRATIVE in COMPLETE_2021
    report = gov_disclosure.parse(COMPLETE_2021.replace(_NARRATIVE, narrative))
    return [(f.row, f.expected, f.actual) for f in validate(report, select=["N001"])]


@pytest.mark.parametrize(
    ("narrative", "found"),
    [
        # A sentence a PDF wrapped over two lines is one sentence.
        ("全年新收政府信息公开\n申请6件，上年结转1件。", [("new_received", 5, 6)]),
        ("全年新收政府信息公开\n申请5件，上年结转1件。", []),
        # Counts in Chinese numerals, and spaced out.
        ("全年新收政府信息公开申请六件，上年结转一件。", [("new_received", 5, 6)]),
        ("全年新收政府信息公开申请五件，上年结转一件。", []),
        ("全年新收政府信息公开申请 5 件，上年结转 2 件。", [("carried_over", 1, 2)]),
        # A negation scopes over the outcome, not the count.
        ("全年新收政府信息公开申请5件。全年未发生因依申请公开被行政复议纠错的情况。", []),
        ("全年新收政府信息公开申请5件。全年未发生行政复议。", [("review", 1, 0)]),
        # A unit speaking for the organ gives a part of its count, wrapped or not.
        ("2024年，区政府办代表区政府受理政府\n信息公开申请17件。", []),
        # The parts after 其中 are the applicant columns of the count they divide.
        ("全年新收政府信息公开申请5件，其中自然人申请4件，法人或其他组织申请1件。", []),
        (
            "全年新收政府信息公开申请5件，其中自然人申请3件，法人或其他组织申请2件。",
            [("new_received", 4, 3), ("new_received", 1, 2)],
        ),
        # 受理 counting last year's carried-over applications too: so do its parts.
        ("全年受理政府信息公开申请6件，其中自然人申请5件，法人或其他组织申请1件。", []),
        (
            "全年受理政府信息公开申请6件，其中自然人\n申请四件，法人或其他组织申请1件。",
            [("new_received", 5, 4)],
        ),
        # A whole that agrees with no row: its parts are tied to nothing, and not compared.
        ("全年受理政府信息公开申请9件，其中自然人申请8件。", [("new_received", 5, 9)]),
        # A part of a part is no part of the whole (直接起诉 2 件, and of those 结果维持 1 件).
        ("被申请行政复议1件，其中结果维持1件。", []),
        ("被申请行政复议1件，其中结果纠正1件。", [("review", 0, 1)]),
        ("被提起行政诉讼2件，其中未经复议直接起诉1件（结果维持1件）。", [("litigation_direct", 0, 2)]),
        # The results, in a sentence about applications.
        ("全年新收政府信息公开申请5件。办结的申请中，予以公开3件，部分公开1件，无法提供1件。", []),
        (
            "全年新收政府信息公开申请5件。办结的申请中，予以公开4件，部分公开1件，不予公开1件。",
            [("granted", 3, 4), (None, 0, 1)],
        ),
        ("全年新收政府信息公开申请5件。涉及群众切身利益的文件全部予以公开9件。", []),
        # Full-width digits, Chinese numerals, spaced and wrapped: the parts and results too.
        (
            "全年新收政府信息公开申请５件，其中自然人申请３件，法人或其他组织申请１件。",
            [("new_received", 4, 3)],
        ),
        (
            "全年新收政府信息公开申请五件，其中自然人 申请 四 件，法人或其他\n组织申请两件。",
            [("new_received", 1, 2)],
        ),
        ("全年新收政府信息公开申请5件。办结的申请中，予以\n公开 三 件，部分公开１件。", []),
        # Approximations, bounds and ranges are no counts.
        ("全年新收政府信息公开申请约6件。", []),
        ("全年新收政府信息公开申请5至8件。", []),
        ("全年新收政府信息公开申请6件以上。", []),
        ("全年新收政府信息公开申请5件，其中自然人申请近3件。", []),
    ],
)
def test_the_narrative_read_as_written(narrative: str, found: list[tuple[str, int, int]]) -> None:
    assert _n001(narrative) == found


_NARRATIVE_PIECES = st.sampled_from(
    [*"约近逾至到-—–~～，,。；;！!？?件条个一二十百0123456789", "将近", "超过", "不到", "上千", "申请", " "]
)
# The definitions N001's faster tests stand for: a regex searched over the 16 characters
# before the count, and the last of every clause mark before the position.
_APPROXIMATE = re.compile(
    r"(?:约|近|将近|接近|大约|超过|逾|不到|不足|多达|至少|最多|最少|上千|上百)$"
    r"|(?:(?<!\d)\d+|(?<![一二两三四五六七八九十百零〇])[一二两三四五六七八九十百零〇]+)(?:件|条|个)?(?:至|到|-|—|–|~|～)$"
)


@settings(max_examples=400)
@given(st.lists(_NARRATIVE_PIECES, max_size=30))
def test_n001_reads_bounds_and_clauses_as_their_definitions(pieces: list[str]) -> None:
    text = "".join(pieces) + "5件"
    m = re.search(r"(?P<n>5)件$", text)
    assert m is not None
    n = m.start("n")
    assert narrative._exact(text, m) == (_APPROXIMATE.search(text, max(0, n - 16), n) is None)
    prose = narrative._Text(text)
    for pos in range(len(text) + 1):
        start = max(text.rfind(c, 0, pos) for c in "。；;，,！!？?") + 1
        assert prose.clause_before(pos) == text[start:pos]


def test_a_heading_is_not_part_of_the_paragraph_after_it() -> None:
    # A sub-heading without a full stop ends where it ends: its words do not run into the
    # sentence after it.
    narrative = "（一）依申请公开情况\n受理申请5件。"
    assert _n001(narrative) == []


@pytest.mark.parametrize("select", [["Q"], ["a"], ["S001", "A9"]])
def test_a_code_matching_no_rule_is_refused(select: list[str]) -> None:
    report = gov_disclosure.parse(COMPLETE_2021)
    with pytest.raises(GovDisclosureError, match=r"unknown rule code or prefix.*the rules are S001 "):
        validate(report, select=select)
    with pytest.raises(GovDisclosureError, match="unknown rule code"):
        validate(report, ignore=select)
    with pytest.raises(GovDisclosureError, match="unknown rule code"):
        process_file(EXAMPLES / "qinghe-county-2023.txt", select=select)


def test_a_plain_string_is_no_list_of_codes() -> None:
    report = gov_disclosure.parse(COMPLETE_2021)
    with pytest.raises(TypeError, match="list of rule codes"):
        validate(report, select="S001")  # a str is a Sequence[str]: only the run can tell
    with pytest.raises(TypeError, match="list of rule codes"):
        validate(report, ignore="A")


def test_codes_of_ones_own_checks_may_be_anything() -> None:
    report = gov_disclosure.parse("一、总体情况\n本年度工作平稳。\n")
    assert validate(report, checks=[*DEFAULT_CHECKS, _my_check], select=["Z"]) != []
    assert validate(report, checks=[*DEFAULT_CHECKS, _my_check], select=["Q"]) == []


def test_the_command_line_refuses_an_unknown_code_before_reading(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--select", "Q", "no-such-file.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown rule code or prefix 'Q'" in err
    assert main(["batch", str(EXAMPLES), "-o", "-", "--ignore", "Q"]) == 2
    assert "unknown rule code or prefix 'Q'" in capsys.readouterr().err


def test_a_one_digit_suggestion_only_where_one_change_mends_every_sum() -> None:
    from gov_disclosure.checks._examples import edit

    def suggestions(text: str) -> list[gov_disclosure.Finding]:
        return [f for f in gov_disclosure.validate(gov_disclosure.parse(text)) if f.code == "A007"]

    # 予以公开's total 3 written 8: A002 and A003 break; 8 → 3 mends both, nothing else does.
    (found,) = suggestions(
        edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 1 0 0 0 0 8")
    )
    assert (found.table, found.row, found.column, found.actual, found.expected) == (
        "applications",
        "granted",
        "total",
        8,
        3,
    )
    assert found.severity == "info" and "不作更正" in found.message
    # Two cells wrong: no one change mends every sum, so nothing is suggested.
    assert not suggestions(
        edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 3 1 0 0 0 0 4")
    )
    # A change of two digits (3 written 18) is not a one-digit slip.
    assert not suggestions(
        edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 1 0 0 0 0 18")
    )
    # The report itself is never changed.
    report = gov_disclosure.parse(
        edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 1 0 0 0 0 8")
    )
    assert report.value("applications", "granted", "total") == 8
