"""A batch never harms its user's files: pointed at its own input, interrupted, killed, out of
disk or losing its fork server, it leaves every input and the previous output as they were,
and a partial output that ``--resume`` finishes into what an uninterrupted run writes."""

from __future__ import annotations

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gov_disclosure import batch
from gov_disclosure.batch import _journal, _workers
from gov_disclosure.cli import main
from gov_disclosure.errors import GovDisclosureError
from schemas import assert_valid
from support import example_paths

_PREVIOUS = b'{"an": "earlier run\'s output, to be kept"}\n'


def _inputs(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    sources = example_paths()
    for i in range(copies):
        source = sources[i % len(sources)]
        (folder / f"r{i:04d}{source.suffix}").write_bytes(source.read_bytes())
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _records(path: Path) -> dict[str, dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        assert_valid("record", record)
    by_file = {r["file"]: r for r in records}
    assert len(by_file) == len(records), "a file recorded twice"
    return by_file


def _start(args: list[str], cwd: Path, **options: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gov_disclosure", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a terminal's Ctrl-C reaches all of it
        **options,
    )


def _wait_for_records(partial: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if partial.exists() and partial.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    pytest.fail(f"the run ended or stalled before writing {count} records")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """120 reports and the records an uninterrupted run writes of them."""
    root = tmp_path_factory.mktemp("safety")
    inputs = _inputs(root / "in", 120)
    assert main(["batch", str(inputs), "-o", str(root / "whole.jsonl"), "-q", "-j", "2"]) == 0
    return inputs, _records(root / "whole.jsonl")


@pytest.mark.parametrize("where", ["an input file", "the input folder", "a link into the input folder"])
def test_an_output_among_the_inputs_is_refused(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _inputs(tmp_path / "in", 3)
    if where == "an input file":
        output = inputs / "r0000.txt"
    elif where == "the input folder":
        output = inputs / "out.jsonl"
    else:
        (tmp_path / "link").symlink_to(inputs)
        output = tmp_path / "link" / "out.csv"
    before = _snapshot(inputs)
    # --format: an input's own suffix (.txt) is no output format, and would be refused for that first
    assert main(["batch", str(inputs), "-o", str(output), "-j", "1", "--format", "jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "write it elsewhere" in err, err
    assert _snapshot(inputs) == before


def test_an_output_hard_linked_to_an_input_is_refused(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 2)
    os.link(inputs / "r0001.txt", tmp_path / "out.jsonl")
    before = _snapshot(inputs)
    with pytest.raises(GovDisclosureError, match="is the input"):
        batch.run_batch([inputs / "r0001.txt"], tmp_path / "out.jsonl", jobs=1, progress=False)
    assert _snapshot(inputs) == before


def _stop_midway(
    stop: Callable[[subprocess.Popen[str]], None],
    reference: tuple[Path, dict[str, dict[str, Any]]],
    tmp_path: Path,
    suffix: str = ".jsonl",
) -> tuple[int, str, Path]:
    inputs, _ = reference
    output = tmp_path / f"out{suffix}"
    output.write_bytes(_PREVIOUS)
    before = _snapshot(inputs)
    proc = _start(["batch", str(inputs), "-o", str(output), "-j", "2", "-q"], tmp_path)
    _wait_for_records(_journal.partial_path(output), 10, proc)
    stop(proc)
    _, err = proc.communicate(timeout=60)
    assert _snapshot(inputs) == before
    assert output.read_bytes() == _PREVIOUS, "the previous output was touched"
    return proc.returncode, err, output


def _batch(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``gov-disclosure batch args`` run to its end in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "batch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _resumed(output: Path, inputs: Path, tmp_path: Path) -> dict[str, dict[str, Any]]:
    done = _batch(str(inputs), "-o", str(output), "-j", "2", "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert not _journal.partial_path(output).exists()
    return _records(output)


def test_ctrl_c_keeps_a_partial_output_that_resume_finishes(
    reference: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    status, err, output = _stop_midway(lambda p: os.killpg(p.pid, signal.SIGINT), reference, tmp_path)
    assert status == 130, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert "--resume" in err and str(_journal.partial_path(output)) in err
    inputs, whole = reference
    # The earlier run's records are not those of these files: resume keeps what the journal
    # holds and reads the rest; the earlier output (not a batch output) is replaced.
    output.unlink()
    assert _resumed(output, inputs, tmp_path) == whole


def test_a_killed_run_leaves_a_journal_that_resume_finishes(
    reference: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    status, _, output = _stop_midway(lambda p: os.killpg(p.pid, signal.SIGKILL), reference, tmp_path)
    assert status == -signal.SIGKILL
    partial = _journal.partial_path(output)
    # Cut the journal inside a record, as a kill during a write would.
    data = partial.read_bytes()
    partial.write_bytes(data[: data.rindex(b"\n") - 7])
    output.unlink()
    inputs, whole = reference
    assert _resumed(output, inputs, tmp_path) == whole


def _tables(output: Path) -> list[list[str]]:
    """An output's records or table rows, each as sorted text (order aside, the content)."""
    fmt = batch._output.format_of(str(output), None)
    if fmt == "jsonl":
        return [sorted(json.dumps(r, sort_keys=True) for r in _records(output).values())]
    if fmt == "csv":
        return [sorted(repr(r) for r in _csv_rows(path)) for path in batch.output_paths(output, fmt)]
    import pyarrow.parquet as pq

    return [
        sorted(repr(r) for r in pq.read_table(path).to_pylist()) for path in batch.output_paths(output, fmt)
    ]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_resume_after_a_complete_run_reads_only_new_files(suffix: str, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 4)
    (inputs / "bad.txt").write_bytes(b"\x00not a report")
    output = tmp_path / f"out{suffix}"
    batch.run_batch([inputs], output, jobs=1, progress=False)
    for name in ("a-new.txt", "z-new.txt"):
        (inputs / name).write_bytes(example_paths()[1].read_bytes())
    summary = batch.run_batch([inputs], output, jobs=1, progress=False, resume=True)
    assert (summary.kept, summary.files, summary.ok) == (5, 2, 2)
    assert "5 files done before kept" in summary.text()
    batch.run_batch([inputs], tmp_path / f"fresh{suffix}", jobs=1, progress=False)
    assert _tables(output) == _tables(tmp_path / f"fresh{suffix}")


def test_resume_to_standard_output_is_refused() -> None:
    with pytest.raises(GovDisclosureError, match="needs an output file"):
        batch.run_batch([example_paths()[0]], "-", resume=True)


_FULL_DISK = (
    "import resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"  # a write past the limit fails instead
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "from gov_disclosure.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_full_disk_ends_in_one_line_and_keeps_the_previous_output(suffix: str, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 30)
    output = tmp_path / f"out{suffix}"
    targets = batch.output_paths(output, batch._output.format_of(str(output), None))
    for target in targets:
        target.write_bytes(_PREVIOUS)
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, "40000", "batch", str(inputs), "-o", str(output), "-j", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "cannot write" in done.stderr and "File too large" in done.stderr
    assert all(target.read_bytes() == _PREVIOUS for target in targets)
    # With room again, --resume finishes what the full disk stopped.
    for target in targets:
        target.unlink()
    summary = batch.run_batch([inputs], output, jobs=1, progress=False, resume=True)
    assert summary.kept > 0 and summary.kept + summary.files == 30


def test_a_write_error_at_the_end_keeps_previous_output_and_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _inputs(tmp_path / "in", 3)
    output = tmp_path / "out.csv"
    targets = batch.output_paths(output, "csv")
    for target in targets:
        target.write_bytes(_PREVIOUS)

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("gov_disclosure.batch._journal.os.replace", no_space)
    with pytest.raises(GovDisclosureError, match=r"No space left on device.*--resume"):
        batch.run_batch([inputs], output, jobs=1, progress=False)
    assert all(target.read_bytes() == _PREVIOUS for target in targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["in", "out.csv.partial", *(t.name for t in targets)]
    ), "a temporary file was left behind"
    monkeypatch.undo()
    for target in targets:
        target.unlink()
    summary = batch.run_batch([inputs], output, jobs=1, progress=False, resume=True)
    assert (summary.kept, summary.files) == (3, 0)
    assert len(batch.to_frame([inputs], table="files")) == 3


def test_a_killed_fork_server_costs_no_file(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 300)
    output = tmp_path / "out.jsonl"
    proc = _start(["batch", str(inputs), "-o", str(output), "-j", "2", "-q"], tmp_path)
    _wait_for_records(_journal.partial_path(output), 20, proc)
    server = subprocess.run(
        ["pgrep", "-f", "-s", str(proc.pid), "multiprocessing.forkserver"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert server, "no fork server found"
    os.kill(int(server[0]), signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    statuses = {r["status"] for r in _records(output).values()}
    assert statuses == {"ok"}, statuses


# From 0.2 s: before that the interpreter itself is starting (runpy, site), where a Ctrl-C is
# Python's to answer, before any line of ours runs.
@pytest.mark.parametrize("after", [0.2, 0.45, 0.7, 1.0])
def test_ctrl_c_at_any_moment_of_the_start_prints_one_line(after: float, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 20)
    proc = _start(["batch", str(inputs), "-o", str(tmp_path / "out.jsonl"), "-j", "2"], tmp_path)
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    # It may have finished first (0), or be ending: a Ctrl-C in the interpreter's last moments,
    # after its handlers are gone, ends it by the signal (-2, which a shell shows as 130 too).
    assert proc.returncode in (0, 130, -signal.SIGINT), (proc.returncode, err)
    assert err == "" or (err.count("\n") == 1 and err.startswith("gov-disclosure: interrupted")), err


def test_memory_and_recursion_errors_fail_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from gov_disclosure.batch import _result

    for error in (MemoryError, RecursionError):

        def boom(_path: object, error: type[BaseException] = error) -> None:
            raise error

        monkeypatch.setattr(_result, "parse_file", boom)
        result = batch.process_file(example_paths()[0])
        assert result.status == "failed" and result.error is not None
        assert "\n" not in result.error and "internal error" not in result.error


def test_a_pipe_among_the_reports_fails_alone_even_without_a_timeout(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 2)
    os.mkfifo(inputs / "pipe.txt")  # nobody ever writes to it
    output = tmp_path / "out.jsonl"
    done = _batch(str(inputs), "-o", str(output), "--timeout", "0", "-q")
    assert done.returncode == 0, done.stderr
    records = _records(output)
    pipe = records[str(inputs / "pipe.txt")]
    assert pipe["status"] == "failed" and "pipe" in pipe["error"]
    assert sorted(r["status"] for r in records.values()) == ["failed", "ok", "ok"]


def test_workers_ending_between_files_lose_no_file(tmp_path: Path) -> None:
    from faulty import exiting_task

    inputs = _inputs(tmp_path / "in", 24)
    for i in range(0, 24, 3):  # every third file ends its worker
        source = inputs / f"r{i:04d}.txt"
        if source.exists():
            source.rename(inputs / f"exit{i:04d}.txt")
    names = sorted(str(p) for p in inputs.iterdir())
    results = list(_workers._results(iter(names), exiting_task, jobs=2, timeout=60))
    assert [r.file for r in results] == names
    assert all(r.status == "ok" for r in results), [r.error for r in results if r.status != "ok"]


def _refused(*args: str) -> str:
    done = _batch(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_a_journal_that_is_a_link_or_no_file_is_refused(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 4)
    before = _snapshot(inputs)
    (tmp_path / "hard").mkdir()
    os.link(inputs / "r0003.txt", tmp_path / "hard" / "out.jsonl.partial")
    assert "not this batch's journal" in _refused(str(inputs), "-o", str(tmp_path / "hard" / "out.jsonl"))
    (tmp_path / "soft").mkdir()
    (tmp_path / "soft" / "out.jsonl.partial").symlink_to(tmp_path / "notes.txt")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert "not this batch's journal" in _refused(str(inputs), "-o", str(tmp_path / "soft" / "out.jsonl"))
    (tmp_path / "fifo").mkdir()
    os.mkfifo(tmp_path / "fifo" / "out.jsonl.partial")
    assert "not this batch's journal" in _refused(str(inputs), "-o", str(tmp_path / "fifo" / "out.jsonl"))
    assert _snapshot(inputs) == before
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_second_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    import fcntl

    inputs = _inputs(tmp_path / "in", 2)
    output = tmp_path / "out.jsonl"
    journal = _journal.partial_path(output)
    journal.write_bytes(b"")
    with journal.open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running batch holds it
        assert "another batch is writing" in _refused(str(inputs), "-o", str(output))
    assert "journal" in _refused(str(inputs), "-o", str(tmp_path / "x.jsonl.partial"), "--format", "jsonl")


def test_file_names_that_are_not_utf8_are_kept(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", 1)
    odd = os.fsencode(inputs) + b"/b\xff.txt"
    with open(odd, "wb") as f:
        f.write(example_paths()[0].read_bytes())
    for suffix in (".jsonl", ".csv", ".parquet"):
        output = tmp_path / f"out{suffix}"
        done = _batch(str(inputs), "-o", str(output), "-q")
        assert done.returncode == 0 and done.stderr == "", done.stderr
    assert os.fsdecode(odd) in _records(tmp_path / "out.jsonl")
    with (tmp_path / "out.files.csv").open("rb") as f:
        assert odd in f.read()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("missing", "incomplete"),
        ("bom", "cannot be read back"),
        ("column", "cannot be read back"),
        ("gbk", "cannot be read back"),
    ],
)
def test_resume_refuses_an_earlier_output_it_cannot_read_back(
    damage: str, words: str, tmp_path: Path
) -> None:
    inputs = _inputs(tmp_path / "in", 3)
    output = tmp_path / "out.csv"
    batch.run_batch([inputs], output, jobs=1, progress=False)
    facts = output.read_text(encoding="utf-8")
    if damage == "missing":
        (tmp_path / "out.files.csv").unlink()
    elif damage == "bom":
        output.write_text("\ufeff" + facts, encoding="utf-8")
    elif damage == "column":
        output.write_text(facts.replace("value", "value,extra", 1), encoding="utf-8")
    else:
        output.write_bytes(facts.encode("gbk"))
    before = _snapshot(tmp_path)
    assert words in _refused(str(inputs), "-o", str(output), "--resume")
    assert _snapshot(tmp_path) == before  # refused before any work: nothing written


def test_a_parquet_write_error_at_the_end_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet

    inputs = _inputs(tmp_path / "in", 2)

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pyarrow.parquet.ParquetWriter, "write_table", no_space)
    with pytest.raises(
        GovDisclosureError, match=r"No space left on device; the previous output is as it was"
    ):
        batch.run_batch([inputs], tmp_path / "out.parquet", jobs=1, progress=False)


def test_resume_knows_the_same_folder_given_another_way(tmp_path: Path) -> None:
    _inputs(tmp_path / "in", 3)
    assert _batch("in", "-o", "out.jsonl", "-q", cwd=tmp_path).returncode == 0
    (tmp_path / "in" / "new.txt").write_bytes(example_paths()[0].read_bytes())
    done = _batch(str(tmp_path / "in"), "-o", "out.jsonl", "--resume", "--summary", cwd=tmp_path)
    assert (
        done.returncode == 0 and "1 files: 1 ok" in done.stderr and "3 files done before kept" in done.stderr
    )
    assert len(_records(tmp_path / "out.jsonl")) == 4


def test_a_ctrl_c_while_a_worker_starts_is_answered_after_the_start() -> None:
    from gov_disclosure.batch._workers import _sigint_deferred

    started = []
    with pytest.raises(KeyboardInterrupt), _sigint_deferred():
        signal.raise_signal(signal.SIGINT)
        started.append("worker")  # the start goes on to its end
    assert started == ["worker"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
