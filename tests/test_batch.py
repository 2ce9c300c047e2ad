"""The batch: 300 files in, 300 records out, in every format; bad files fail alone."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from faulty import faulty_task
from gov_disclosure import batch
from gov_disclosure.batch import (
    FACT_COLUMNS,
    FILE_COLUMNS,
    FINDING_COLUMNS,
    FileResult,
    _workers,
    iter_report_files,
    output_paths,
    process_file,
    process_files,
    to_frame,
    walk_files,
)
from gov_disclosure.cli import main
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.parsing import parse_file
from report_tables import report_html
from schemas import assert_valid
from support import EXAMPLES, ROOT, example_paths, seed_paths

GOOD = 270
BAD_KINDS = ("empty", "binary", "not-a-report", "truncated")
FOLDERS = ("", "east", "east/deep", "west")
EXTRAS = 6  # files of other kinds beside the reports: see _make_corpus
_RSS_PROBE = (
    "import resource, sys\n"
    "from gov_disclosure.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def _bad_bytes(kind: str, i: int) -> bytes:
    if kind == "empty":
        return b""
    if kind == "binary":
        return bytes((i * 7 + n * 13) % 256 for n in range(4000)) + b"\x00" * 64
    if kind == "not-a-report":
        return f"会议纪要 第{i}号\n今天讨论了绿化工作。\n".encode()
    text = example_paths()[i % len(example_paths())].read_bytes()
    return text[: len(text) * (2 + i % 3) // 5]  # cut at 40-80 %, maybe inside a character


def _make_corpus(root: Path, good: int, bad: int) -> dict[str, tuple[str, Path | None]]:
    """Files under root: name → (kind, source): reports, bad files, and files of other kinds
    that must be records too (skipped or failed, with the reason)."""
    sources = [*example_paths(), *seed_paths()]
    made: dict[str, tuple[str, Path | None]] = {}
    for i in range(good):
        source = sources[i % len(sources)]
        path = root / FOLDERS[i % len(FOLDERS)] / f"r{i:03d}{source.suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
        made[str(path)] = ("good", source)
    for i in range(bad):
        kind = BAD_KINDS[i % len(BAD_KINDS)]
        path = root / FOLDERS[i % len(FOLDERS)] / f"x{i:02d}-{kind}.txt"
        path.write_bytes(_bad_bytes(kind, i))
        made[str(path)] = (kind, None)
    # Not reports by name: every one is a record all the same, read by its content.
    extras: dict[Path, tuple[str, bytes]] = {
        root / "notes.csv": ("not-a-report", b"a,b\n"),
        root / "east" / ".hidden.txt": ("hidden", b"x"),
        root / "west" / "~$lock.docx": ("lock", b"\x00"),
        root / "west" / "notes.rtf": ("rtf", b"{\\rtf1\\ansi\\ansicpg936 ...}"),
        root / ".git" / "HEAD": ("hidden-folder", b"ref: refs/heads/main\n"),
        root / "east" / "page.doc": ("good", example_paths()[0].read_bytes()),
    }
    for path, (kind, data) in extras.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if kind == "hidden-folder":
            made[str(path.parent)] = ("hidden", None)
        else:
            made[str(path)] = (kind, example_paths()[0] if kind == "good" else None)
    return made


@pytest.fixture(scope="module")
def corpus300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, Path | None]]]:
    root = tmp_path_factory.mktemp("batch") / "reports"
    made = _make_corpus(root, GOOD, 300 - GOOD)
    assert len(made) == 300 + EXTRAS
    return root, made


@pytest.fixture(scope="module")
def expected_by_source() -> dict[Path, FileResult]:
    return {p: process_file(p) for p in [*example_paths(), *seed_paths()]}


def _cli_subprocess(args: list[str], cwd: Path) -> tuple[int, int, str]:
    """Run the command in a fresh interpreter; (exit status, its peak RSS in KiB, stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    status, rss = done.stdout.split()
    return int(status), int(rss), done.stderr


@pytest.fixture(scope="module")
def runs(
    corpus300: tuple[Path, dict[str, tuple[str, Path | None]]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    root, _ = corpus300
    out = tmp_path_factory.mktemp("out")
    found: dict[str, Any] = {}
    status, rss, err = _cli_subprocess(
        ["batch", str(root), "-o", str(out / "j2.jsonl"), "--jobs", "2", "--summary"], out
    )
    found["j2"] = (status, rss, err)
    small = tmp_path_factory.mktemp("small")
    _make_corpus(small, 27, 3)
    found["small"] = _cli_subprocess(
        ["batch", str(small), "-o", str(out / "small.jsonl"), "--jobs", "2"], out
    )
    for name, argv in {
        "j1": ["-o", str(out / "j1.jsonl"), "--jobs", "1"],
        "csv": ["-o", str(out / "facts.csv"), "--jobs", "2"],
        "parquet": ["-o", str(out / "facts.parquet"), "--jobs", "2"],
    }.items():
        found[name] = main(["batch", str(root), "-q", *argv])
    found["out"] = out
    return found


def _jsonl(path: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        assert_valid("record", record)
    return records


def test_300_files_give_300_records_in_file_order(
    corpus300: tuple[Path, dict[str, tuple[str, Path | None]]],
    runs: dict[str, Any],
    expected_by_source: dict[Path, FileResult],
) -> None:
    root, made = corpus300
    assert runs["j2"][0] == 0
    records = _jsonl(runs["out"] / "j2.jsonl")
    assert len(records) == 300 + EXTRAS
    assert [r["file"] for r in records] == [str(p) for p, _ in walk_files([root])]
    assert set(made) == {r["file"] for r in records}
    for record in records:
        assert list(record) == ["file", "status", "error", "meta", "facts", "findings", "schema_version"]
        kind, source = made[record["file"]]
        if kind == "good":
            assert source is not None
            want = expected_by_source[source]
            assert record["status"] == want.status
            assert record["facts"] == [f.as_dict() for f in want.facts]
            assert record["findings"] == [f.as_dict() for f in want.findings]
            assert record["meta"] == want.meta and record["error"] is None
        elif kind == "truncated":
            assert record["status"] == "partial", record
            assert {"S001", "S003", "S004"} & {f["code"] for f in record["findings"]}
        elif kind in ("hidden", "lock", "rtf"):
            assert record["status"] == "skipped", record
            reason = {"hidden": "hidden", "lock": "lock file", "rtf": "RTF"}[kind]
            assert reason in record["error"] and "\n" not in record["error"]
            assert record["meta"] is None and record["facts"] == [] and record["findings"] == []
        else:
            assert record["status"] == "failed", record
            assert record["error"] and "\n" not in record["error"]
            assert record["meta"] is None and record["facts"] == [] and record["findings"] == []
    statuses = Counter(r["status"] for r in records)
    assert statuses["failed"] == sum(1 for k, _ in made.values() if k in ("empty", "binary", "not-a-report"))
    assert statuses["skipped"] == 4


def test_jobs_1_and_jobs_2_write_identical_records(runs: dict[str, Any]) -> None:
    assert runs["j1"] == 0
    assert (runs["out"] / "j1.jsonl").read_bytes() == (runs["out"] / "j2.jsonl").read_bytes()


def test_off_a_terminal_only_failed_files_are_told(runs: dict[str, Any]) -> None:
    # The small corpus holds 3 bad files and a text that is no report (failed), 4 not read
    # (skipped): the summary says so, with no bar around it.
    status, _, err = runs["small"]
    assert status == 0
    first, _ = err.splitlines()
    assert first.startswith(f"{30 + EXTRAS} files: ") and " 4 failed, 4 skipped in " in first
    assert "\r" not in err


def test_quiet_off_a_terminal_when_every_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    for path in example_paths()[:2]:
        (tmp_path / "in" / path.name).write_bytes(path.read_bytes())
    status, _, err = _run(capsys, "batch", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "-j", "1")
    assert status == 0 and err == ""
    assert len(_jsonl(tmp_path / "o.jsonl")) == 2


def test_summary_on_request_and_no_progress_bar_off_a_terminal(runs: dict[str, Any]) -> None:
    records = _jsonl(runs["out"] / "j2.jsonl")
    statuses = Counter(r["status"] for r in records)
    codes = Counter(f["code"] for r in records for f in r["findings"])
    err = runs["j2"][2]
    first, second = err.splitlines()
    assert first.startswith(
        f"{len(records)} files: {statuses['ok']} ok, {statuses['partial']} partial,"
        f" {statuses['failed']} failed, {statuses['skipped']} skipped in "
    )
    assert second.startswith("findings: ") and f"S001 {codes['S001']}" in second
    assert "\r" not in err and "it/s" not in err and "file/s]" not in err


def test_parent_memory_does_not_grow_with_the_number_of_files(runs: dict[str, Any]) -> None:
    # Kept in memory, 270 more reports' results would add ~6 MB (200 facts each); streamed,
    # the parent's peak stays where the 30-file run put it.
    growth_kib = runs["j2"][1] - runs["small"][1]
    assert growth_kib < 2500, growth_kib


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_tables_read_back(runs: dict[str, Any]) -> None:
    records = _jsonl(runs["out"] / "j2.jsonl")
    assert runs["csv"] == 0
    facts_p, findings_p, files_p = output_paths(runs["out"] / "facts.csv", "csv")
    assert findings_p.name == "facts.findings.csv" and files_p.name == "facts.files.csv"
    facts = _read_csv(facts_p)
    assert tuple(facts[0]) == FACT_COLUMNS
    want = [
        (
            r["file"],
            r["meta"]["subject"],
            str(r["meta"]["year"]),
            f["table"],
            f["row"],
            f["column"],
            f["value"],
        )
        for r in records
        for f in r["facts"]
    ]
    got = [
        (row["file"], row["subject"], row["year"], row["table"], row["row"], row["column"]) for row in facts
    ]
    assert got == [w[:6] for w in want]
    for row, w in zip(facts, want, strict=True):
        value = w[6]
        assert row["value"] == ("" if value is None else str(value))
    findings = _read_csv(findings_p)
    assert tuple(findings[0]) == FINDING_COLUMNS
    assert [(f["file"], f["code"], f["message"]) for f in findings] == [
        (r["file"], f["code"], f["message"]) for r in records for f in r["findings"]
    ]
    files = _read_csv(files_p)
    assert tuple(files[0]) == FILE_COLUMNS
    assert [(f["file"], f["status"], f["error"]) for f in files] == [
        (r["file"], r["status"], r["error"] or "") for r in records
    ]


def test_parquet_tables_read_back(runs: dict[str, Any]) -> None:
    records = _jsonl(runs["out"] / "j2.jsonl")
    assert runs["parquet"] == 0
    facts_p, findings_p, files_p = output_paths(runs["out"] / "facts.parquet", "parquet")
    facts = pq.read_table(facts_p)
    assert tuple(facts.column_names) == FACT_COLUMNS
    assert (
        str(facts.schema.field("value").type) == "double" and str(facts.schema.field("year").type) == "int64"
    )
    want = [
        {
            "file": r["file"],
            "subject": r["meta"]["subject"],
            "year": r["meta"]["year"],
            "template": r["meta"]["template"],
            "table": f["table"],
            "row": f["row"],
            "column": f["column"],
            "value": None if f["value"] is None else float(f["value"]),
        }
        for r in records
        for f in r["facts"]
    ]
    assert facts.to_pylist() == want
    findings = pq.read_table(findings_p).to_pylist()
    assert [(f["file"], f["code"], f["line"]) for f in findings] == [
        (r["file"], f["code"], f["line"]) for r in records for f in r["findings"]
    ]
    files = pq.read_table(files_p).to_pylist()
    assert [(f["file"], f["status"], f["facts"]) for f in files] == [
        (r["file"], r["status"], len(r["facts"])) for r in records
    ]


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for path in example_paths()[:3]:
        (tmp_path / "in" / path.name).write_bytes(path.read_bytes())
    leader, follower = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing; give it a real size.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gov_disclosure",
                "batch",
                str(tmp_path / "in"),
                "-o",
                str(tmp_path / "o.jsonl"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            cwd=tmp_path,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 0
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "3/3" in shown and "file" in shown  # tqdm's counter and unit
    assert "3 files: 3 ok, 0 partial, 0 failed" in shown


def test_progress_can_be_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_paths()[0]
    summary = batch.run_batch([path], tmp_path / "o.jsonl", progress=True, jobs=1)
    assert summary.files == summary.ok == 1
    assert "1/1" in capsys.readouterr().err


def test_crash_and_hang_fail_their_file_only(tmp_path: Path) -> None:
    good = example_paths()[0].read_bytes()
    names = ["a-ok.txt", "crash.txt", "hang.txt", "b-ok.txt", "crash2.txt", "c-ok.txt"]
    for name in names:
        (tmp_path / name).write_bytes(good)
    paths = iter([str(tmp_path / n) for n in names])
    results = list(_workers._results(paths, faulty_task, jobs=2, timeout=3))
    assert [Path(r.file).name for r in results] == names
    assert [r.status for r in results] == ["ok", "failed", "failed", "ok", "failed", "ok"]
    assert results[1].error is not None and "worker process died" in results[1].error
    assert "exit code 7" in results[1].error
    assert results[2].error is not None and "timed out after 3 s" in results[2].error


def test_in_flight_window_is_bounded(tmp_path: Path) -> None:
    good = example_paths()[0].read_bytes()
    # A slow first file: the others finish early, and without the window they would all be
    # dispatched and held back in the parent.
    names = ["slow.txt", *(f"r{i:02d}.txt" for i in range(12))]
    for name in names:
        (tmp_path / name).write_bytes(good)
    seen: list[int] = []
    results = list(
        _workers._results(
            iter([str(tmp_path / n) for n in names]),
            faulty_task,
            jobs=2,
            timeout=None,
            window=3,
            probe=seen.append,
        )
    )
    assert [Path(r.file).name for r in results] == names
    assert all(r.status == "ok" for r in results)
    assert max(seen) == 3


def test_walk_takes_every_file_and_accounts_for_the_rest(tmp_path: Path) -> None:
    for rel in [
        "b.txt",
        "a/z.md",
        "a/b/c.HTML",
        "a/b/data.json",
        "A.pdf",
        ".git/x.txt",
        "c.docx",
        "d.shtml",
        "a/.DS_Store",
        "a/~$c.docx",
        "report.doc",
        "scan.PNG",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "a")
    odd = tmp_path / ".git" / "x.txt"  # a hidden file named on the command line is read
    found = [(p.relative_to(tmp_path).as_posix(), why) for p, why in walk_files([tmp_path, odd])]
    assert found == [
        (".git", "a hidden folder: not walked"),
        ("A.pdf", None),
        ("a/.DS_Store", "a hidden file"),
        ("a/b/c.HTML", None),
        ("a/b/data.json", None),
        ("a/z.md", None),
        ("a/~$c.docx", "an Office lock file (~$), not a document"),
        ("b.txt", None),
        ("c.docx", None),
        ("d.shtml", None),
        ("loop", "a link to a folder: not followed (it could loop)"),
        ("report.doc", None),
        ("scan.PNG", None),
        (".git/x.txt", None),
    ]
    assert [p for p, why in walk_files([tmp_path, odd]) if why is None] == list(
        iter_report_files([tmp_path, odd])
    )
    excluded = list(iter_report_files([tmp_path], exclude=[tmp_path / "b.txt"]))
    assert tmp_path / "b.txt" not in excluded
    with pytest.raises(GovDisclosureError, match="no such file"):
        list(iter_report_files([tmp_path / "missing"]))


def test_every_file_of_a_folder_is_a_record(tmp_path: Path) -> None:
    """Web pages served as .doc are read; a damaged image fails (images are read by OCR);
    spreadsheets, legacy .doc, archives are skipped records saying what they are; nothing is
    left out without a word."""
    (tmp_path / "page.doc").write_text(report_html(parse_file(example_paths()[0])), encoding="utf-8")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path / "old.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    )
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (tmp_path / "stats.xlsx").write_bytes(sheet.getvalue())
    (tmp_path / "readme.txt").write_text("下载说明\n", encoding="utf-8")
    results = {Path(r.file).name: r for r in process_files([tmp_path], jobs=1)}
    assert results["page.doc"].status == "ok" and results["page.doc"].facts
    assert results["scan.png"].status == "failed" and "image cannot be read" in (
        results["scan.png"].error or ""
    )
    assert results["old.doc"].status == "skipped" and "legacy Word" in (results["old.doc"].error or "")
    assert results["stats.xlsx"].status == "skipped" and "Excel" in (results["stats.xlsx"].error or "")
    assert results["readme.txt"].status == "failed"
    files = to_frame(tmp_path, table="files")
    assert dict(zip(files["file"].map(lambda f: Path(f).name), files["status"], strict=True)) == {
        name: r.status for name, r in results.items()
    }
    # Skipped files do not stop a facts frame; a failed one does, unless skipped on purpose.
    with pytest.raises(GovDisclosureError, match=r"readme\.txt"):
        to_frame(tmp_path)
    assert set(to_frame(tmp_path, errors="skip")["file"].map(lambda f: Path(f).name)) == {"page.doc"}


def test_process_files_rejects_bad_options() -> None:
    with pytest.raises(GovDisclosureError, match="jobs"):
        process_files([EXAMPLES], jobs=0)
    with pytest.raises(GovDisclosureError, match="timeout"):
        process_files([EXAMPLES], timeout=0)


def test_select_and_ignore_filter_findings_not_status() -> None:
    seed = next(p for p in seed_paths() if p.name.startswith("002"))
    everything = process_file(seed)
    only_a = process_file(seed, select=["A"])
    assert only_a.status == everything.status == "partial"
    assert all(f.code.startswith("A") for f in only_a.findings)
    assert len(only_a.findings) < len(everything.findings)


# --- the command line -------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_completes_with_only_failed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"")
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\xff" * 100)
    argv = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]
    status, _, err = _run(capsys, *argv)
    assert status == 0
    assert "2 files: 0 ok, 0 partial, 2 failed" in err
    status, _, err = _run(capsys, *argv, "-q")
    assert status == 0 and err == ""
    assert [r["status"] for r in _jsonl(tmp_path / "o.jsonl")] == ["failed", "failed"]


def test_cli_jsonl_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = example_paths()[0]
    status, out, err = _run(capsys, "batch", str(path), "-o", "-", "-j", "1", "-q")
    assert status == 0 and err == ""
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["file"] == str(path) and record["status"] == "ok"


def test_cli_empty_folder_writes_empty_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    status, _, err = _run(capsys, "batch", str(tmp_path / "in"), "-o", str(tmp_path / "o.csv"), "--summary")
    assert status == 0 and "0 files" in err
    assert (tmp_path / "o.files.csv").read_text(encoding="utf-8").strip() == ",".join(FILE_COLUMNS)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["batch", "{tmp}/missing", "-o", "{tmp}/o.jsonl"], "no such file or directory"),
        (["batch", "{ex}", "-o", "{tmp}/no/such/folder/o.jsonl"], "cannot write"),
        (["batch", "{ex}", "-o", "{tmp}"], "it is a folder"),
        (["batch", "{ex}", "-o", "-", "--format", "csv"], "needs a file name"),
    ],
)
def test_cli_bad_usage_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    args = [a.format(tmp=tmp_path, ex=EXAMPLES) for a in argv]
    status, out, err = _run(capsys, *args)
    assert status == 2 and out == ""
    assert needle in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "option", [["--jobs", "0"], ["--jobs", "x"], ["--timeout", "-1"], ["--format", "xml"]]
)
def test_cli_bad_options_exit_2(tmp_path: Path, option: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["batch", str(EXAMPLES), "-o", str(tmp_path / "o.jsonl"), *option])
    assert exc.value.code == 2


def test_cli_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    status, _, err = _run(capsys, "batch", str(EXAMPLES), "-o", str(tmp_path / "o.parquet"))
    assert status == 2
    assert "pip install 'gov-disclosure[parquet]'" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_help_lists_batch() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "batch", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0 and "--jobs" in done.stdout and "--timeout" in done.stdout


def test_csv_keeps_a_file_name_with_line_breaks_in_one_field(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = folder / "a\rb.txt"  # a name a shell script can make
    odd.write_bytes(example_paths()[0].read_bytes())
    batch.run_batch([odd], tmp_path / "o.csv", jobs=1, progress=False)
    with (tmp_path / "o.files.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["file"], r["status"]) for r in rows] == [(str(odd), "ok")]
    facts = _read_csv(tmp_path / "o.csv")
    assert {r["file"] for r in facts} == {str(odd)}


def test_a_link_that_cannot_be_followed_is_its_own_record(tmp_path: Path) -> None:
    """A link loop (or a link behind a folder one may not enter) fails alone; the folder it
    stands in is still read, at the top and below."""
    sub = tmp_path / "in" / "sub"
    sub.mkdir(parents=True)
    for path in example_paths()[:2]:
        (sub / path.name).write_bytes(path.read_bytes())
    (tmp_path / "in" / "loopself").symlink_to("loopself")
    (sub / "loop").symlink_to("loop")
    results = {Path(r.file).name: r for r in process_files([tmp_path / "in"], jobs=1)}
    assert {n for n, r in results.items() if r.status == "ok"} == {p.name for p in example_paths()[:2]}
    assert results["loop"].status == results["loopself"].status == "failed"
    assert "symbolic links" in (results["loop"].error or "")


def test_an_output_that_is_a_device_or_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(GovDisclosureError, match="not a regular file"):
        batch.run_batch([example_paths()[0]], pipe, format="jsonl")
    assert pipe.is_fifo()
