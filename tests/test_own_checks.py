"""Checks of one's own everywhere (issue 15 item 2): validate, process_file(s), run_batch,
``--check module:name`` and rule packs installed under the ``gov_disclosure.checks`` group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

import own_rules
from gov_disclosure import DEFAULT_CHECKS, Check, Finding, GovDisclosureError, parse_file, validate
from gov_disclosure.batch import process_file, process_files, run_batch
from gov_disclosure.checks import check_codes, code_of, load_checks
from support import ROOT, example_paths, seed_paths

TESTS = Path(__file__).resolve().parent
BUSY = ROOT / "examples" / "qinghe-county-2023.txt"  # 30 new applications: ZJ001 fires


def _cli(args: list[str], *, cwd: Path, pythonpath: Sequence[Path] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in pythonpath)}
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _install_pack(site: Path, name: str, target: str, module_source: str | None = None) -> None:
    """A distribution declaring a rule pack, as pip would leave it in site-packages."""
    info = site / f"{name.lower()}_pack-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.lower()}-pack\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[gov_disclosure.checks]\n{name} = {target}\n")
    if module_source is not None:
        module = target.split(":", maxsplit=1)[0]
        (site / f"{module}.py").write_text(module_source, encoding="utf-8")


def test_rules_run_with_the_catalogue_and_select_knows_their_codes() -> None:
    report = parse_file(BUSY)
    checks: list[Check] = [*DEFAULT_CHECKS, *own_rules.RULES]
    found = validate(report, checks)
    assert [f.code for f in found if f.code.startswith("ZJ")] == ["ZJ001"]
    own = next(f for f in found if f.code == "ZJ001")
    assert own.table == "applications" and own.row == "new_received" and own.line is not None
    assert [f.code for f in validate(report, checks, select=["ZJ"])] == ["ZJ001"]
    check_codes(["ZJ001", "A"], None, checks)
    with pytest.raises(GovDisclosureError, match="ZJ001") as info:
        check_codes(["ZQ"], None, checks)
    assert "ZJ002" in str(info.value)
    # A plain function's codes cannot be known before it runs: any code is let through.
    check_codes(["Q1"], None, [*checks, own_rules.plain_check])
    assert code_of(own_rules.MANY) == "ZJ001" and code_of(own_rules.plain_check) is None


def test_process_file_keeps_the_findings_of_the_checks_it_is_given() -> None:
    everything = process_file(BUSY)
    with_own = process_file(BUSY, checks=[*DEFAULT_CHECKS, *own_rules.RULES])
    assert [f for f in with_own.findings if not f.code.startswith("ZJ")] == list(everything.findings)
    assert "ZJ001" in {f.code for f in with_own.findings}
    lines = [f.line for f in with_own.findings if f.line is not None]
    assert lines == sorted(lines)
    # Own checks alone: only their findings, while the status still comes from the structure rules.
    partial = next(p for p in seed_paths() if process_file(p).status == "partial")
    alone = process_file(partial, checks=own_rules.RULES)
    assert alone.status == "partial"
    assert {f.code[:2] for f in alone.findings} <= {"ZJ"}


def test_a_check_that_raises_fails_the_file_naming_the_check() -> None:
    result = process_file(BUSY, checks=[*DEFAULT_CHECKS, own_rules.broken_check])
    assert result.status == "failed"
    assert result.error is not None and "broken_check" in result.error and "ZeroDivisionError" in result.error


def test_process_files_and_run_batch_run_them_in_the_workers(tmp_path: Path) -> None:
    paths = [*example_paths()[:3], BUSY]
    checks: list[Check] = [*DEFAULT_CHECKS, *own_rules.RULES, own_rules.plain_check]
    results = list(process_files(paths, jobs=2, checks=checks))
    assert [r.findings for r in results] == [process_file(p, checks=checks).findings for p in paths]
    assert sum(f.code == "Q100" for r in results for f in r.findings) == len(paths)
    summary = run_batch(paths, tmp_path / "out.jsonl", jobs=1, checks=checks, select=["ZJ", "Q"])
    busy = sum(any(f.code == "ZJ001" for f in r.findings) for r in results)
    assert busy >= 1 and summary.findings["ZJ001"] == busy and summary.findings["Q100"] == len(paths)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {f["code"][:1] for r in records for f in r["findings"]} == {"Z", "Q"}


def test_a_check_that_cannot_reach_the_workers_is_refused_before_any_work() -> None:
    def local(_report: object) -> list[object]:
        return []

    with pytest.raises(GovDisclosureError, match="top level of a module"):
        process_files(example_paths(), jobs=1, checks=[local])  # type: ignore[list-item]


def test_load_checks_takes_a_function_a_rule_or_a_list() -> None:
    assert load_checks("own_rules:plain_check") == (own_rules.plain_check,)
    assert load_checks("own_rules:MANY") == (own_rules.MANY,)
    assert load_checks("own_rules:RULES") == own_rules.RULES
    for bad, says in (
        ("own_rules", "module:function"),
        ("own_rules:nothing", "AttributeError"),
        ("no_such_module_here:check", "ModuleNotFoundError"),
        ("own_rules:_RECEIVED", "neither a Rule"),
    ):
        with pytest.raises(GovDisclosureError, match=says):
            load_checks(bad)


def test_cli_check_option_from_the_current_folder(tmp_path: Path) -> None:
    (tmp_path / "my_rules.py").write_text(
        (TESTS / "own_rules.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    done = _cli(["check", str(BUSY), "--check", "my_rules:RULES", "--select", "ZJ"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"{BUSY}:{f.line}: {f.code} [{f.severity}] {f.message}"
        for f in validate(parse_file(BUSY), own_rules.RULES)
    ]
    out = tmp_path / "out.jsonl"
    done = _cli(["batch", str(BUSY), "-o", str(out), "-q", "--check", "my_rules:plain_check"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "Q100" in {f["code"] for f in record["findings"]}
    done = _cli(["check", str(BUSY), "--check", "my_rules:nothing"], cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "my_rules:nothing" in done.stderr
    done = _cli(["check", str(BUSY), "--check", "my_rules:broken_check"], cwd=tmp_path)
    assert done.returncode == 2 and "ZeroDivisionError" in done.stderr and "Traceback" not in done.stderr


def test_an_installed_rule_pack_runs_in_check_and_batch(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = (TESTS / "own_rules.py").read_text(encoding="utf-8")
    _install_pack(site, "ZJ", "zj_rules:RULES", source)
    done = _cli(["check", str(BUSY), "--format", "json"], cwd=tmp_path, pythonpath=[site])
    assert done.returncode in (0, 1), done.stderr
    codes = [r["code"] for r in json.loads(done.stdout)]
    assert codes == [f.code for f in validate(parse_file(BUSY), [*DEFAULT_CHECKS, *own_rules.RULES])]
    assert "ZJ001" in codes
    done = _cli(["check", str(BUSY), "--select", "ZJ9"], cwd=tmp_path, pythonpath=[site])
    assert done.returncode == 2 and "ZJ001" in done.stderr and "ZJ002" in done.stderr
    out = tmp_path / "out.jsonl"
    done = _cli(["batch", str(BUSY), "-o", str(out), "--summary"], cwd=tmp_path, pythonpath=[site])
    assert done.returncode == 0, done.stderr
    assert "ZJ001 1" in done.stderr
    # Without the pack installed, the code is unknown.
    done = _cli(["check", str(BUSY), "--select", "ZJ"], cwd=tmp_path)
    assert done.returncode == 2 and "unknown rule code" in done.stderr


@pytest.mark.parametrize(
    ("name", "target", "source", "says"),
    [
        ("A9", "a9_rules:RULES", "from own_rules import RULES\n", "code prefix"),
        ("ZK", "zk_rules:RULES", "from own_rules import RULES\n", "does not begin with ZK"),
        ("ZJ", "zj_rules:RULES", "raise ImportError('missing dependency xyz')\n", "cannot be loaded"),
        ("ZJ", "zj_rules:RULES", "from own_rules import plain_check\nRULES = [plain_check]\n", "not a Rule"),
    ],
    ids=["catalogue-prefix", "wrong-prefix", "import-error", "plain-function"],
)
def test_a_bad_rule_pack_is_one_line_and_exit_2(
    tmp_path: Path, name: str, target: str, source: str, says: str
) -> None:
    site = tmp_path / "site"
    _install_pack(site, name, target, source)
    done = _cli(["check", str(BUSY)], cwd=tmp_path, pythonpath=[site, TESTS])
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_rule_pack_docs_example_is_this_file() -> None:
    """The docs' rule-pack example is the module these tests load, so it cannot go stale."""
    docs = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert '--8<-- "tests/own_rules.py"' in docs
    assert textwrap.dedent('[project.entry-points."gov_disclosure.checks"]') in docs


def test_checks_of_ones_own_are_held_to_the_finding_contract() -> None:
    report = parse_file(BUSY)
    with pytest.raises(GovDisclosureError, match="ZJ009 yielded a finding coded 'A001'"):
        validate(report, [own_rules.FOREIGN])
    with pytest.raises(GovDisclosureError, match="not_a_finding yielded str, not a Finding"):
        validate(report, [own_rules.not_a_finding])  # type: ignore[list-item]
    for bad in (
        {"code": "z1", "severity": "info"},
        {"code": "Z1", "severity": "fatal"},
        {"code": "", "severity": "info"},
    ):
        with pytest.raises(ValueError):
            Finding(message="x", **bad)  # type: ignore[arg-type]
    result = process_file(BUSY, checks=[*DEFAULT_CHECKS, own_rules.exits])
    assert result.status == "failed" and "exits raised SystemExit" in (result.error or "")


def test_check_goes_on_when_a_check_of_ones_own_fails(tmp_path: Path) -> None:
    (tmp_path / "my_rules.py").write_text(
        (TESTS / "own_rules.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    other = example_paths()[0]
    done = _cli(
        ["check", str(BUSY), str(other), "--check", "my_rules:broken_check", "--format", "json"], cwd=tmp_path
    )
    assert done.returncode == 2
    records = json.loads(done.stdout)
    assert [r["file"] for r in records] == [str(BUSY), str(other)]
    assert all("the check broken_check raised ZeroDivisionError" in r["error"] for r in records)
    assert done.stderr.count("\n") == 2 and "Traceback" not in done.stderr
    done = _cli(["check", str(BUSY), "--check", "my_rules:exits"], cwd=tmp_path)
    assert done.returncode == 2 and "exits raised SystemExit" in done.stderr
