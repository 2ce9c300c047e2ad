"""Many files at once: parse and check every report of a folder tree in worker processes.

>>> from gov_disclosure.batch import process_files, run_batch
>>> summary = run_batch(["reports/"], "facts.parquet", jobs=4)        # doctest: +SKIP
>>> for result in process_files(["reports/"]):                         # doctest: +SKIP
...     print(result.file, result.status)

Every input file gives exactly one `FileResult`, in the order the files were found (explicit
files as given, folders walked in sorted name order), whatever order the workers finish in. A
file that cannot be read, holds no report, crashes its worker or outlasts the timeout gives a
``failed`` result; nothing stops the run. The parent keeps at most a fixed window of files in
flight and writes each result as soon as its turn comes, so memory does not grow with the
number of files.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol

import attrs
from attrs import define, frozen

from gov_disclosure.checks import _wanted, validate
from gov_disclosure.dictionary import Fact, FactValue, facts
from gov_disclosure.errors import GovDisclosureError, MissingDependencyError
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing import parse_file

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

__all__ = [
    "FACT_COLUMNS",
    "FILE_COLUMNS",
    "FINDING_COLUMNS",
    "PARTIAL_CODES",
    "REPORT_SUFFIXES",
    "BatchSummary",
    "FileResult",
    "OutputFormat",
    "Status",
    "iter_report_files",
    "output_paths",
    "process_file",
    "process_files",
    "report_result",
    "run_batch",
]

REPORT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".htm", ".html", ".shtml", ".docx", ".pdf"})
"""The file name endings a folder walk takes (compared case-insensitively)."""

PARTIAL_CODES: frozenset[str] = frozenset({"S001", "S003", "S004"})
"""Structure findings that make a result ``partial``: a statutory part missing (S001), a
statistical table missing (S003), a table lacking rows or cells of its form (S004)."""

FACT_COLUMNS: tuple[str, ...] = ("file", "subject", "year", "template", "table", "row", "column", "value")
"""The columns of the tidy facts table (CSV, Parquet, `gov_disclosure.to_frame`)."""
FINDING_COLUMNS: tuple[str, ...] = (
    "file",
    "code",
    "severity",
    "message",
    "line",
    "part",
    "table",
    "row",
    "column",
    "expected",
    "actual",
)
"""The columns of the findings table written beside the facts table."""
FILE_COLUMNS: tuple[str, ...] = (
    "file",
    "status",
    "error",
    "subject",
    "year",
    "template",
    "published",
    "facts",
    "findings",
)
"""The columns of the files table: one row per input file, failed ones included."""

Status = Literal["ok", "partial", "failed"]
"""``ok``: read, and nothing of the form is missing; ``partial``: read, but a finding in
`PARTIAL_CODES` says a part, a table or a table's rows are missing; ``failed``: not read
(see ``error``)."""

OutputFormat = Literal["jsonl", "csv", "parquet"]
"""An output format of `run_batch`."""

_FORMATS: dict[str, OutputFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_META_KEYS = ("year", "template", "subject", "published")
DEFAULT_TIMEOUT = 60.0
"""Seconds one file may take in a worker before the worker is killed and the file fails."""


# --------------------------------------------------------------------------------------------
# One file


@frozen(kw_only=True)
class FileResult:
    """What a batch learned from one file: its status, metadata, facts and findings.

    ``facts`` are the values of tables 2–4 (the metadata facts are in ``meta``), without
    source spans; ``findings`` are those kept by the run's select/ignore, while ``status``
    always reflects every structure rule.
    """

    file: str
    """The path as found: as given on the command line, or the folder joined with the name."""
    status: Status
    error: str | None = None
    """Why the file failed (one line); None unless ``status`` is ``failed``."""
    meta: Mapping[str, FactValue] | None = attrs.field(default=None, hash=False)
    """``year``, ``template``, ``subject``, ``published``; None when the file failed."""
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()

    @classmethod
    def failure(cls, file: str, error: str) -> FileResult:
        """A failed result for ``file``."""
        return cls(file=file, status="failed", error=" ".join(error.split()))

    def as_dict(self) -> dict[str, Any]:
        """The JSON Lines record: file, status, error, meta, facts, findings."""
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            "meta": None if self.meta is None else dict(self.meta),
            "facts": [f.as_dict() for f in self.facts],
            "findings": [f.as_dict() for f in self.findings],
        }

    def fact_rows(self) -> list[dict[str, Any]]:
        """One mapping per fact under `FACT_COLUMNS`; ``value`` a float, None for a blank cell.

        A failed file has no rows (it is in the files table).
        """
        meta = self.meta or {}
        head = {"file": self.file, "subject": meta.get("subject"), "year": meta.get("year")}
        head["template"] = meta.get("template")
        return [
            {**head, "table": f.table, "row": f.row, "column": f.column, "value": _number(f.value)}
            for f in self.facts
        ]

    def finding_rows(self) -> list[dict[str, Any]]:
        """One mapping per finding under `FINDING_COLUMNS`; ``expected``/``actual`` as text."""
        rows = []
        for finding in self.findings:
            row: dict[str, Any] = {"file": self.file, **finding.as_dict()}
            for key in ("expected", "actual"):
                row[key] = None if row[key] is None else str(row[key])
            rows.append(row)
        return rows

    def file_row(self) -> dict[str, Any]:
        """This file's row of the files table (`FILE_COLUMNS`)."""
        meta = self.meta or {}
        return {
            "file": self.file,
            "status": self.status,
            "error": self.error,
            **{key: meta.get(key) for key in ("subject", "year", "template", "published")},
            "facts": len(self.facts),
            "findings": len(self.findings),
        }


def _number(value: FactValue) -> float | None:
    # Counts and 万元 amounts (decimal strings) are the only values of tables 2-4; float64 holds
    # every count exactly and every amount to 15 significant digits.
    if value is None:
        return None
    return float(Decimal(value)) if isinstance(value, str) else float(value)


def process_file(
    path: str | PathLike[str],
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> FileResult:
    """Parse and validate one file; never raises for a bad file, it returns a failed result.

    A pure function of the file's content (and a picklable top-level function), so it runs
    unchanged in `run_batch`'s workers, a `multiprocessing` pool or a Dask bag.
    """
    name = os.fspath(path)
    try:
        report = parse_file(name)
        found = validate(report)
        report_facts = facts(report)
    except GovDisclosureError as exc:
        return FileResult.failure(name, str(exc))
    except RecursionError:
        return FileResult.failure(name, "the report is nested too deeply to read")
    except MemoryError:
        return FileResult.failure(name, "out of memory while reading the report")
    except Exception as exc:  # a bug of ours must fail this file, not the batch
        return FileResult.failure(name, f"internal error, please report it: {exc!r}")
    return report_result(
        name,
        report,
        report_facts,
        status="partial" if any(f.code in PARTIAL_CODES for f in found) else "ok",
        findings=tuple(f for f in found if _wanted(f.code, select, ignore)),
    )


def report_result(
    file: str,
    report: AnnualReport,
    report_facts: Sequence[Fact] | None = None,
    *,
    status: Status = "ok",
    findings: tuple[Finding, ...] = (),
) -> FileResult:
    """A `FileResult` of a parsed report (``report_facts`` when already computed)."""
    report_facts = facts(report) if report_facts is None else report_facts
    meta = {f.row: f.value for f in report_facts if f.table == "meta"}
    return FileResult(
        file=file,
        status=status,
        meta={key: meta.get(key) for key in _META_KEYS},
        # Spans stay behind: they would triple what crosses the process boundary.
        facts=tuple(attrs.evolve(f, span=None) for f in report_facts if f.table != "meta"),
        findings=findings,
    )


# --------------------------------------------------------------------------------------------
# Finding the files


def iter_report_files(
    paths: Iterable[str | PathLike[str]], *, exclude: Iterable[str | PathLike[str]] = ()
) -> Iterator[Path]:
    """The files a batch reads, lazily, in a deterministic order.

    A file named in ``paths`` is always taken, whatever its name. A folder is walked
    recursively in sorted name order, taking files whose names end in `REPORT_SUFFIXES`;
    names starting with ``.`` (hidden files, macOS ``._`` companions) or ``~$`` (Office lock
    files) are skipped, and links to folders are not followed (they could loop). A sub-folder
    that cannot be listed is yielded itself, so it becomes a failed result rather than vanish.
    Files whose absolute path is in ``exclude`` are skipped (the batch's own output). Raises
    `GovDisclosureError` for a path that does not exist.
    """
    skip = frozenset(os.path.abspath(p) for p in exclude)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, skip, top=True)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise GovDisclosureError(f"{path}: no such file or directory")


def _walk(folder: Path, skip: frozenset[str], *, top: bool = False) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            # Names only, sorted: a folder of a million files costs ~100 MB here, once.
            entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it)
    except OSError as exc:
        if top:
            raise GovDisclosureError(f"{folder}: cannot list the folder: {exc.strerror or exc}") from exc
        yield folder
        return
    for name, is_dir in entries:
        if name.startswith((".", "~$")):
            continue
        path = folder / name
        if is_dir:
            yield from _walk(path, skip)
        elif os.path.splitext(name)[1].lower() in REPORT_SUFFIXES and os.path.abspath(path) not in skip:
            yield path


# --------------------------------------------------------------------------------------------
# The workers


def _mp_context() -> BaseContext:
    # Not fork: the parent may run threads (a progress bar, the caller's), and forking a
    # threaded process can deadlock the child. forkserver forks from a clean process.
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # Imported once in the server, so each worker forks with the library and its grammar
    # loaded (no effect if the caller started the server already).
    ctx.set_forkserver_preload(["__main__", "gov_disclosure._preload"])
    return ctx


def _worker_main(conn: Connection, task: Callable[[str], FileResult]) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from gov_disclosure.grammar import element_parser

    # Build the grammar before saying ready, so the per-file timeout measures one file only.
    element_parser()
    conn.send("ready")
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        result = task(path)
        try:
            conn.send(result)
        except Exception as exc:  # an unpicklable result: send what can be sent
            conn.send(FileResult.failure(path, f"internal error, please report it: {exc!r}"))


class _Worker:
    def __init__(self, ctx: BaseContext, task: Callable[[str], FileResult]) -> None:
        ours, theirs = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(theirs, task), daemon=True, name="gov-disclosure-worker"
        )
        self.process.start()
        theirs.close()
        self.conn = ours
        self.ready = False
        self.seq = -1
        self.path: str | None = None
        self.deadline: float | None = None

    @property
    def busy(self) -> bool:
        return self.path is not None

    def assign(self, seq: int, path: str, timeout: float | None) -> None:
        self.conn.send(path)
        self.seq, self.path = seq, path
        self.deadline = None if timeout is None else time.monotonic() + timeout

    def done(self) -> None:
        self.path, self.deadline = None, None

    def stop(self, *, wait: bool) -> None:
        if wait and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _results(
    files: Iterator[str],
    task: Callable[[str], FileResult],
    *,
    jobs: int,
    timeout: float | None,
    window: int | None = None,
    probe: Callable[[int], None] | None = None,
) -> Iterator[FileResult]:
    """Run ``task`` on every file in ``jobs`` worker processes; results in file order.

    At most ``window`` files are dispatched and not yet yielded: a slow file holds back the
    results behind it, and the dispatching waits rather than the buffer growing. ``probe``
    (for tests) is told that number each time round.
    """
    window = window or 16 * jobs
    ctx = _mp_context()
    workers = [_Worker(ctx, task) for _ in range(jobs)]
    finished: dict[int, FileResult] = {}
    sent = emitted = 0
    exhausted = False
    clean = False
    try:
        while True:
            # Emit before dispatching: emitting is what opens the window.
            while emitted in finished:
                yield finished.pop(emitted)
                emitted += 1
            for worker in workers:
                if exhausted or sent - emitted >= window:
                    break
                if worker.ready and not worker.busy:
                    path = next(files, None)
                    if path is None:
                        exhausted = True
                        break
                    worker.assign(sent, path, timeout)
                    sent += 1
            if probe is not None:
                probe(sent - emitted)
            if exhausted and emitted == sent:
                clean = True
                return
            waiting = [w for w in workers if w.busy or not w.ready]
            if not waiting:  # pragma: no cover - would be a bug of ours; fail rather than hang
                raise GovDisclosureError("internal error: the batch has nothing in flight to wait for")
            deadlines = [w.deadline for w in waiting if w.deadline is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            handles: list[Any] = [w.conn for w in waiting] + [w.process.sentinel for w in waiting]
            ready = set(multiprocessing.connection.wait(handles, timeout=wait_for))
            for i, worker in enumerate(workers):
                if worker.conn in ready or worker.process.sentinel in ready:
                    message: object = None
                    try:
                        if worker.conn.poll():
                            message = worker.conn.recv()
                    except (EOFError, OSError):
                        message = None
                    if message == "ready":
                        worker.ready = True
                        continue
                    if isinstance(message, FileResult):
                        finished[worker.seq] = message
                        worker.done()
                        continue
                    if worker.process.is_alive():  # readable but nothing whole yet
                        continue
                    code = worker.process.exitcode
                    if not worker.ready:
                        raise GovDisclosureError(
                            f"a worker process failed to start (exit code {code}); a program starting"
                            " processes must be a file whose work runs under if __name__ == '__main__'"
                        )
                    if worker.path is not None:
                        finished[worker.seq] = FileResult.failure(
                            worker.path, f"the worker process died while reading this file (exit code {code})"
                        )
                    worker.stop(wait=False)
                    workers[i] = _Worker(ctx, task)
                elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                    assert worker.path is not None
                    finished[worker.seq] = FileResult.failure(
                        worker.path, f"timed out after {timeout:g} s; the worker process was stopped"
                    )
                    worker.stop(wait=False)
                    workers[i] = _Worker(ctx, task)
    finally:
        for worker in workers:
            worker.stop(wait=clean)


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def process_files(
    paths: Iterable[str | PathLike[str]],
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    exclude: Iterable[str | PathLike[str]] = (),
) -> Iterator[FileResult]:
    """`process_file` on every file `iter_report_files` finds, in ``jobs`` worker processes.

    Yields one `FileResult` per file, in file order, as soon as it and every file before it
    are done. ``timeout`` (seconds, None for none) bounds one file: a worker that takes longer
    is killed and the file fails; so does a file whose worker crashes. ``jobs`` defaults to
    the CPUs available. Like any code starting processes, call it under
    ``if __name__ == "__main__":`` in a script.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise GovDisclosureError(f"jobs must be at least 1, not {jobs}")
    if timeout is not None and timeout <= 0:
        raise GovDisclosureError(f"the timeout must be positive, not {timeout}")
    names = (os.fspath(p) for p in iter_report_files(paths, exclude=exclude))
    select = list(select) if select is not None else None
    ignore = list(ignore) if ignore is not None else None
    task = functools.partial(process_file, select=select, ignore=ignore)
    return _results(names, task, jobs=jobs, timeout=timeout)


# --------------------------------------------------------------------------------------------
# Writing


@define
class BatchSummary:
    """Counts of a finished batch run."""

    files: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    findings: Counter[str] = attrs.Factory(Counter)
    """How many findings of each code."""
    seconds: float = 0.0

    def add(self, result: FileResult) -> None:
        """Count one result."""
        self.files += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.findings.update(f.code for f in result.findings)

    def text(self) -> str:
        """Two or three lines for standard error."""
        rate = f", {self.files / self.seconds:.1f} files/s" if self.seconds > 0 else ""
        lines = [
            f"{self.files} files: {self.ok} ok, {self.partial} partial, {self.failed} failed"
            f" in {self.seconds:.1f} s{rate}"
        ]
        if self.findings:
            # Catalogue order (S, A, T, N, X); a caller's own codes after those.
            codes = sorted(self.findings, key=lambda c: ("SATNX".find(c[:1]) % 6, c))
            lines.append("findings: " + ", ".join(f"{c} {self.findings[c]}" for c in codes))
        else:
            lines.append("findings: none")
        return "\n".join(lines)


def output_paths(output: str | PathLike[str], format: OutputFormat) -> tuple[Path, ...]:
    """The files `run_batch` writes: the output itself, and for CSV and Parquet its findings
    and files tables beside it (``out.csv`` → ``out.findings.csv``, ``out.files.csv``)."""
    out = Path(output)
    if format == "jsonl":
        return (out,)
    ext = "." + format
    stem = out.name[: -len(out.suffix)] if out.suffix.lower() == ext else out.name
    return (out, out.with_name(f"{stem}.findings{ext}"), out.with_name(f"{stem}.files{ext}"))


def _format_of(output: str, format: OutputFormat | None) -> OutputFormat:
    if format is not None:
        if format not in ("jsonl", "csv", "parquet"):
            raise GovDisclosureError(f"unknown output format {format!r}: use jsonl, csv or parquet")
        return format
    return _FORMATS.get(os.path.splitext(output)[1].lower(), "jsonl")


class _Writer(Protocol):
    def write(self, result: FileResult) -> None: ...

    def close(self) -> None: ...


def _open(path: Path, *, binary: bool = False) -> IO[Any]:
    try:
        if binary:
            return path.open("wb")
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}") from exc


class _JsonlWriter:
    def __init__(self, output: Path | None) -> None:
        self.owned = output is not None
        self.stream: IO[str] = _open(output) if output is not None else sys.stdout

    def write(self, result: FileResult) -> None:
        self.stream.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


def _csv_cell(value: object) -> object:
    # 30.0 reads back as 30 in any tool; write counts without the ".0".
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _CsvWriter:
    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.streams = [_open(p) for p in paths]
        self.facts, self.findings, self.files = (
            # RFC 4180's CRLF line ends: with "\n", csv would no longer quote a field holding a
            # bare \r (a file name can), and the table would fall apart on reading.
            csv.DictWriter(s, fieldnames=cols)
            for s, cols in zip(self.streams, (FACT_COLUMNS, FINDING_COLUMNS, FILE_COLUMNS), strict=True)
        )
        for writer in (self.facts, self.findings, self.files):
            writer.writeheader()

    def write(self, result: FileResult) -> None:
        self.facts.writerows({k: _csv_cell(v) for k, v in row.items()} for row in result.fact_rows())
        self.findings.writerows(result.finding_rows())
        self.files.writerow(result.file_row())

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingDependencyError(
            "writing Parquet needs the 'pyarrow' package: pip install 'gov-disclosure[parquet]'"
        ) from exc
    return pyarrow


class _ParquetTable:
    """One Parquet file written in row groups, so memory holds one group at most."""

    ROWS_PER_GROUP = 16384

    def __init__(self, pa: Any, path: Path, schema: Any) -> None:
        self.pa, self.schema = pa, schema
        self.stream = _open(path, binary=True)
        self.writer = pa.parquet.ParquetWriter(self.stream, schema)
        # Columns, not row dicts: a group of rows as dicts would cost ten times the memory.
        self.columns: dict[str, list[Any]] = {name: [] for name in schema.names}
        self.rows = 0

    def extend(self, rows: list[dict[str, Any]]) -> None:
        for name, column in self.columns.items():
            column.extend(row[name] for row in rows)
        self.rows += len(rows)
        if self.rows >= self.ROWS_PER_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pydict(self.columns, schema=self.schema))
            self.columns = {name: [] for name in self.schema.names}
            self.rows = 0

    def close(self) -> None:
        self.flush()
        self.writer.close()
        self.stream.close()


def parquet_schemas(pa: Any) -> tuple[Any, Any, Any]:
    """The Arrow schemas of the facts, findings and files tables (text unless named here)."""
    i64, f64 = pa.int64(), pa.float64()

    def schema(columns: tuple[str, ...], types: dict[str, Any]) -> Any:
        return pa.schema([(c, types.get(c, pa.string())) for c in columns])

    return (
        schema(FACT_COLUMNS, {"year": i64, "value": f64}),
        schema(FINDING_COLUMNS, {"line": i64, "part": i64}),
        schema(FILE_COLUMNS, {"year": i64, "facts": i64, "findings": i64}),
    )


class _ParquetWriter:
    def __init__(self, paths: tuple[Path, ...]) -> None:
        pa = _pyarrow()
        self.tables: list[_ParquetTable] = []
        for path, schema in zip(paths, parquet_schemas(pa), strict=True):
            self.tables.append(_ParquetTable(pa, path, schema))

    def write(self, result: FileResult) -> None:
        facts_t, findings_t, files_t = self.tables
        facts_t.extend(result.fact_rows())
        findings_t.extend(result.finding_rows())
        files_t.extend([result.file_row()])

    def close(self) -> None:
        for table in self.tables:
            table.close()


def _writer(output: str, format: OutputFormat) -> _Writer:
    if format == "jsonl":
        return _JsonlWriter(None if output == "-" else Path(output))
    if output == "-":
        raise GovDisclosureError(f"{format} output needs a file name (it writes three tables), not -")
    paths = output_paths(output, format)
    if format == "csv":
        return _CsvWriter(paths)
    return _ParquetWriter(paths)


class _Progress:
    """A tqdm bar on a terminal; nothing otherwise."""

    def __init__(self, total: int | None) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
        self.failed = 0

    def update(self, result: FileResult) -> None:
        if result.status == "failed":
            self.failed += 1
            self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def run_batch(
    paths: Iterable[str | PathLike[str]],
    output: str | PathLike[str],
    *,
    format: OutputFormat | None = None,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Process every file under ``paths`` and write the results to ``output`` as they come.

    ``format`` is ``jsonl`` (one record per file; ``-`` writes to standard output), ``csv`` or
    ``parquet`` (three tidy tables: facts, findings, files; see `output_paths`); by default
    it follows the output's suffix, else JSON Lines. ``progress`` shows a bar on standard error
    (default: when it is a terminal). Raises `GovDisclosureError` before any work for a
    missing input, an unwritable output or a missing extra; bad files never raise.
    """
    paths = [os.fspath(p) for p in paths]
    out = os.fspath(output)
    fmt = _format_of(out, format)
    for path in paths:  # fail now, not after an hour of work
        if not os.path.lexists(path):
            raise GovDisclosureError(f"{path}: no such file or directory")
    if fmt == "parquet":
        _pyarrow()
    targets = () if out == "-" else output_paths(out, fmt)
    for target in targets:
        if target.is_dir():
            raise GovDisclosureError(f"cannot write {target}: it is a folder")
    show = sys.stderr.isatty() if progress is None else progress
    total = sum(1 for _ in iter_report_files(paths, exclude=targets)) if show else None
    summary = BatchSummary()
    started = time.monotonic()
    results = process_files(paths, jobs=jobs, timeout=timeout, select=select, ignore=ignore, exclude=targets)
    writer = _writer(out, fmt)
    bar = _Progress(total) if show else None
    try:
        for result in results:
            writer.write(result)
            summary.add(result)
            if bar is not None:
                bar.update(result)
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        if bar is not None:
            bar.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        writer.close()
    summary.seconds = time.monotonic() - started
    return summary
