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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from gov_disclosure.batch._output import (
    OutputFormat,
    load_pyarrow,
    open_writer,
    output_paths,
)
from gov_disclosure.batch._result import FileResult
from gov_disclosure.errors import GovDisclosureError

__all__ = ["Journal", "Previous", "check_not_input", "finish", "partial_path"]


def partial_path(output: str | os.PathLike[str]) -> Path:
    """The journal of a run writing ``output``: ``OUT.partial`` beside it."""
    out = Path(output)
    return out.with_name(out.name + ".partial")


def _write_error(path: Path | str, exc: OSError) -> GovDisclosureError:
    return GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}")


def check_not_input(inputs: Sequence[str], targets: Sequence[Path]) -> None:
    """Refuse an output that is an input file or lies inside an input folder (links resolved)."""
    for target in targets:
        real = os.path.realpath(target)
        for given in inputs:
            source = os.path.realpath(given)
            if real == source or _same_file(target, given):
                raise GovDisclosureError(f"the output {target} is the input {given}; write it elsewhere")
            if os.path.isdir(source) and real.startswith(source.rstrip(os.sep) + os.sep):
                raise GovDisclosureError(
                    f"the output {target} lies inside the input folder {given}, where the batch"
                    " would read it back; write it elsewhere"
                )


def _same_file(a: Path, b: str) -> bool:
    # A hard link to an input has its own path but the input's content.
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class Journal:
    """The records of the files done, one JSON line each, flushed as each is written."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.done: dict[str, int] = {}
        """The files recorded so far (a resumed journal's included), by name: line number."""
        try:
            if resume and path.exists():
                self._keep_whole_lines()
                self.stream: IO[str] = path.open("a", encoding="utf-8", newline="\n")
            else:
                self.stream = path.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise _write_error(path, exc) from exc

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
        with self.path.open("r+b") as f:
            f.truncate(keep)

    def write(self, result: FileResult) -> None:
        try:
            self.stream.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
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


class Previous:
    """What a completed earlier run wrote to the same output, for ``--resume``.

    Its files are not read again; its records are written ahead of the new ones.
    """

    def __init__(self, output: str, format: OutputFormat) -> None:
        self.format = format
        self.targets = output_paths(output, format)
        self.files: set[str] = set()
        if not all(target.exists() for target in self.targets):
            return
        try:
            if format == "jsonl":
                self.files = {r["file"] for r in self._jsonl()}
            elif format == "csv":
                self.files = {row["file"] for row in self._csv(self.targets[2])}
            else:
                table = load_pyarrow().parquet.read_table(self.targets[2], columns=["file"])
                self.files = set(table.column("file").to_pylist())
        except (OSError, ValueError, KeyError, csv.Error) as exc:
            raise GovDisclosureError(
                f"cannot resume from {output}: it cannot be read back ({exc}); move it away or run"
                " without --resume"
            ) from exc

    def _jsonl(self) -> Iterator[dict[str, Any]]:
        with self.targets[0].open("rb") as f:
            for number, line in enumerate(f, start=1):
                record = _record(line if line.endswith(b"\n") else line + b"\n")
                if record is None:
                    raise ValueError(f"line {number} is not a batch record")
                yield record

    @staticmethod
    def _csv(path: Path) -> Iterator[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

    def tables(self, replaced: set[str]) -> list[Any]:
        """Its records (JSONL) or tables (CSV rows, Parquet tables), but files in ``replaced``."""
        if not self.files:
            return []
        if self.format == "jsonl":
            return [[r for r in self._jsonl() if r["file"] not in replaced]]
        if self.format == "csv":
            return [(r for r in self._csv(t) if r["file"] not in replaced) for t in self.targets]
        pa = load_pyarrow()
        import pyarrow.compute as pc

        dropped = pa.array(sorted(replaced), pa.string())
        tables = [pa.parquet.read_table(t) for t in self.targets]
        return [t.filter(pc.invert(pc.is_in(t.column("file"), value_set=dropped))) for t in tables]


def finish(output: str, format: OutputFormat, journal: Journal, previous: Previous | None) -> None:
    """Turn a complete run's journal (after the previous output's records) into the output.

    Written to temporary files beside the targets, then renamed over them; the journal is
    removed last. On a write error the targets and the journal are left as they were.
    """
    targets = output_paths(output, format)
    kept = [] if previous is None else previous.tables(set(journal.done))
    try:
        if format == "jsonl" and not kept:
            # The journal is the output already: renamed, not copied.
            os.replace(journal.path, targets[0])
            return
        temps = tuple(t.with_name(f".{t.name}.{os.getpid()}.tmp") for t in targets)
        try:
            writer = open_writer(temps, format)
            try:
                if kept:
                    writer.copy(kept)
                for result in journal.results():
                    writer.write(result)
            finally:
                writer.close()
            for temp, target in zip(temps, targets, strict=True):
                os.replace(temp, target)
        finally:
            for temp in temps:
                with contextlib.suppress(OSError):
                    temp.unlink()
    except OSError as exc:
        raise GovDisclosureError(
            f"cannot write {output}: {exc.strerror or exc}; the previous output is as it was, and"
            f" the files done are in {journal.path} (run again with --resume to finish)"
        ) from exc
    with contextlib.suppress(OSError):
        journal.path.unlink()
