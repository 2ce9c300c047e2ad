"""A batch's output written so that no failure harms the user's files.

Records go first to a journal beside the output (``OUT.partial``, JSON Lines, flushed record
by record); only a complete run turns it into the output, through temporary files renamed
over the targets. So an interrupted, killed or out-of-disk run leaves the previous output as
it was and the journal as a resumable record of the files done (``--resume``), and the output
can never be an input file or lie inside an input folder (the run would overwrite a report or
read its own half-written records back).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from gov_disclosure._names import shown_name
from gov_disclosure.batch._output import (
    TABLE_COLUMNS,
    OutputFormat,
    load_pyarrow,
    open_writer,
    output_paths,
    record_line,
)
from gov_disclosure.batch._result import FileResult
from gov_disclosure.errors import GovDisclosureError, describe

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["Journal", "Previous", "check_not_input", "finish", "partial_path"]


def partial_path(output: str | os.PathLike[str]) -> Path:
    """The journal of a run writing ``output``: ``OUT.partial`` beside it."""
    out = Path(output)
    return out.with_name(out.name + ".partial")


def _write_error(path: Path | str, exc: OSError) -> GovDisclosureError:
    return GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}")


def check_not_input(inputs: Sequence[str], targets: Sequence[Path]) -> None:
    """Refuse an output that is an input file or lies inside an input folder: by path with
    links resolved, and by the file system's identity of each folder above it (a folder
    mounted twice, a name in another case on a file system that ignores case)."""
    folders = {key: given for given in inputs if os.path.isdir(given) and (key := _identity(given))}
    for target in targets:
        real = os.path.realpath(target)
        for given in inputs:
            source = os.path.realpath(given)
            if real == source or _same_file(target, given):
                raise GovDisclosureError(f"the output {target} is the input {given}; write it elsewhere")
            if os.path.isdir(source) and real.startswith(source.rstrip(os.sep) + os.sep):
                raise _inside(target, given)
        for folder in Path(real).parents:
            key = _identity(folder)
            if key is not None and key in folders:
                raise _inside(target, folders[key])


def _inside(target: Path, folder: str) -> GovDisclosureError:
    return GovDisclosureError(
        f"the output {target} lies inside the input folder {folder}, where the batch would read"
        " it back; write it elsewhere"
    )


def _same_file(a: Path, b: str) -> bool:
    # A hard link to an input has its own path but the input's content.
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class Journal:
    """The records of the files done, one JSON line each, flushed as each is written.

    The journal is this run's own: a regular file (never a link, whose target it would
    write), locked while the run lasts, so a second run writing the same output is refused.
    """

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.done: dict[str, int] = {}
        """The files recorded so far (a resumed journal's included), by name: line number."""
        try:
            fd = self._open(resume=resume)
            self.stream: IO[str] = os.fdopen(fd, "a", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise _write_error(path, exc) from exc

    def _open(self, *, resume: bool) -> int:
        path = self.path
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            info = None
        if info is not None:
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
                raise GovDisclosureError(
                    f"{path} is not this batch's journal (a link, or not a file); move it away"
                )
            fd = os.open(path, flags)
            self._lock(fd)
            if resume:
                self._keep_whole_lines()
                return fd
            os.close(fd)
            os.unlink(path)
        fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
        self._lock(fd)
        return fd

    def _lock(self, fd: int) -> None:
        if fcntl is None:  # pragma: no cover - Windows locks files that are open anyway
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise GovDisclosureError(
                f"another batch is writing {self.path} (its journal is locked); wait for it or"
                " write elsewhere"
            ) from exc

    def _keep_whole_lines(self) -> None:
        """Read a journal a killed run left, cut after its last whole record."""
        keep = 0
        with self.path.open("rb") as f:
            for number, line in enumerate(f):
                record = _record(line)
                if record is None:
                    break
                self.done[record["file"]] = number
                keep += len(line)
        os.truncate(self.path, keep)

    def write(self, result: FileResult) -> None:
        try:
            self.stream.write(record_line(result.as_dict()))
            self.stream.flush()
        except OSError as exc:
            raise _write_error(self.path, exc) from exc
        self.done[result.file] = len(self.done)

    def close(self) -> None:
        try:
            self.stream.close()
        except OSError as exc:
            raise _write_error(self.path, exc) from exc

    def results(self) -> Iterator[FileResult]:
        with self.path.open("rb") as f:
            for line in f:
                record = _record(line)
                if record is not None:
                    yield FileResult.from_dict(record)


def _record(line: bytes) -> dict[str, Any] | None:
    """A whole record of a journal or JSON Lines output; None for a cut or foreign line."""
    if not line.endswith(b"\n"):
        return None
    try:
        record = json.loads(line)
        FileResult.from_dict(record)
    except (ValueError, KeyError, TypeError):
        return None
    return record if isinstance(record, dict) else None


def _utf8(text: str) -> bool:
    """Whether ``text`` was read from UTF-8 (no surrogate escapes of odd bytes in it)."""
    return text.isascii() or not any("\udc80" <= c <= "\udcff" for c in text)


class Previous:
    """What a completed earlier run wrote to the same output, for ``--resume``.

    Its files are not read again; its records are written ahead of the new ones. All of it is
    read through here first, so that an output that cannot be read back (edited, cut, saved
    in another encoding, a table missing) is refused before any work, not after.
    """

    def __init__(self, output: str, format: OutputFormat) -> None:
        self.format = format
        self.targets = output_paths(output, format)
        self.files: set[str] = set()
        present = [target.exists() for target in self.targets]
        if not any(present):
            return
        if format == "xlsx":
            raise GovDisclosureError(
                f"cannot resume from the finished workbook {output}: an Excel output is not read"
                " back; resume from an interrupted run's journal, or write JSONL, CSV or Parquet"
            )
        if not all(present):
            missing = ", ".join(str(t) for t, here in zip(self.targets, present, strict=True) if not here)
            raise GovDisclosureError(
                f"cannot resume from {output}: the earlier output is incomplete ({missing} is missing);"
                " move it away or run without --resume"
            )
        try:
            if format == "jsonl":
                self.files = {r["file"] for r in self._jsonl()}
            elif format == "csv":
                for target, columns in zip(self.targets, TABLE_COLUMNS, strict=True):
                    rows = list(self._csv(target, columns))
                self.files = {row["file"] for row in rows}
            else:
                self.files = set(self._parquet()[2].column("file").to_pylist())
        except (OSError, ValueError, KeyError, csv.Error) as exc:
            raise GovDisclosureError(
                f"cannot resume from {output}: it cannot be read back ({describe(exc, 200)});"
                " move it away or run without --resume"
            ) from exc

    def _jsonl(self) -> Iterator[dict[str, Any]]:
        with self.targets[0].open("rb") as f:
            for number, line in enumerate(f, start=1):
                record = _record(line if line.endswith(b"\n") else line + b"\n")
                if record is None:
                    raise ValueError(f"line {number} is not a batch record")
                yield record

    @staticmethod
    def _csv(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
        # A file name that is not UTF-8 was written as its bytes (surrogate escapes): read so.
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != columns:
                raise ValueError(f"{path.name} has the columns {reader.fieldnames}, not {list(columns)}")
            for row in reader:
                if None in row or None in row.values():
                    raise ValueError(f"{path.name} has a row of another width")
                # Only a file name may hold bytes that are not UTF-8; anywhere else they mean
                # the table was saved in another encoding (GBK by a spreadsheet, say).
                if any(k != "file" and not _utf8(v) for k, v in row.items()):
                    raise ValueError(f"{path.name} is not UTF-8 (saved in another encoding?)")
                yield row

    def _parquet(self) -> list[Any]:
        pa = load_pyarrow()
        tables = [pa.parquet.read_table(target) for target in self.targets]
        for target, table, columns in zip(self.targets, tables, TABLE_COLUMNS, strict=True):
            if tuple(table.column_names) != columns:
                raise ValueError(f"{target.name} has the columns {table.column_names}, not {list(columns)}")
        return tables

    def tables(self, replaced: set[str]) -> list[Any]:
        """Its records (JSONL) or tables (CSV rows, Parquet tables), but files in ``replaced``."""
        if not self.files:
            return []
        if self.format == "jsonl":
            return [[r for r in self._jsonl() if r["file"] not in replaced]]
        if self.format == "csv":
            return [
                (r for r in self._csv(t, columns) if r["file"] not in replaced)
                for t, columns in zip(self.targets, TABLE_COLUMNS, strict=True)
            ]
        pa = load_pyarrow()
        import pyarrow.compute as pc

        # Parquet keeps a name that is not UTF-8 with its odd bytes as \\xff (_ParquetWriter).
        stored = {shown_name(n) for n in replaced}
        dropped = pa.array(sorted(stored), pa.string())
        return [t.filter(pc.invert(pc.is_in(t.column("file"), value_set=dropped))) for t in self._parquet()]


def finish(output: str, format: OutputFormat, journal: Journal, previous: Previous | None) -> None:
    """Turn a complete run's journal (after the previous output's records) into the output.

    Written to temporary files beside the targets, then renamed over them; the journal is
    removed last. On a write error the targets and the journal are left as they were.
    """
    targets = output_paths(output, format)
    kept = [] if previous is None else previous.tables(set(journal.done))
    renamed = 0
    try:
        if format == "jsonl" and not kept:
            # The journal is the output already: renamed, not copied.
            os.replace(journal.path, targets[0])
            return
        temps = tuple(t.with_name(f".{t.name}.{os.getpid()}.tmp") for t in targets)
        try:
            _write(temps, format, kept, journal)
            for temp, target in zip(temps, targets, strict=True):
                os.replace(temp, target)
                renamed += 1
        finally:
            for temp in temps:
                with contextlib.suppress(OSError):
                    temp.unlink()
    except (OSError, ValueError) as exc:  # pyarrow's write errors are ValueErrors
        reason = (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())[:200]
        )
        state = "as it was" if renamed == 0 else f"partly replaced ({renamed} of {len(targets)} files)"
        raise GovDisclosureError(
            f"cannot write {output}: {reason}; the previous output is {state}, and the files done"
            f" are in {journal.path} (run again with --resume to finish)"
        ) from exc
    with contextlib.suppress(OSError):
        journal.path.unlink()


def _write(temps: tuple[Path, ...], format: OutputFormat, kept: list[Any], journal: Journal) -> None:
    writer = open_writer(temps, format)
    try:
        if kept:
            writer.copy(kept)
        for result in journal.results():
            writer.write(result)
    except BaseException:
        # The first error is the one to tell; closing a half-written writer only fails again.
        with contextlib.suppress(Exception):
            writer.close()
        raise
    writer.close()
