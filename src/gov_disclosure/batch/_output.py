"""Writing a batch's results: JSONL, or three tables (facts, findings, files) as CSV or Parquet."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol

import attrs
from attrs import define

from gov_disclosure._names import shown_name
from gov_disclosure.batch._result import FileResult
from gov_disclosure.errors import GovDisclosureError, MissingDependencyError

if TYPE_CHECKING:
    pass


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
TABLE_COLUMNS: tuple[tuple[str, ...], ...] = (FACT_COLUMNS, FINDING_COLUMNS, FILE_COLUMNS)
"""The columns of the three tables CSV and Parquet outputs write, in the order of `output_paths`."""
OutputFormat = Literal["jsonl", "csv", "parquet", "xlsx"]
"""An output format of `run_batch`."""
_FORMATS: dict[str, OutputFormat] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
}


@define
class BatchSummary:
    """Counts of a finished batch run."""

    files: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    """Files not read for what they are (images, spreadsheets, hidden files)."""
    findings: Counter[str] = attrs.Factory(Counter)
    """How many findings of each code."""
    seconds: float = 0.0
    kept: int = 0
    """Files an earlier run had done, whose records were kept (``resume``)."""

    def add(self, result: FileResult) -> None:
        """Count one result."""
        self.files += 1
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.findings.update(f.code for f in result.findings)

    def text(self) -> str:
        """Two or three lines for standard error."""
        rate = f", {self.files / self.seconds:.1f} files/s" if self.seconds > 0 else ""
        lines = [
            f"{self.files} files: {self.ok} ok, {self.partial} partial, {self.failed} failed,"
            f" {self.skipped} skipped in {self.seconds:.1f} s{rate}"
            + (f"; {self.kept} files done before kept" if self.kept else "")
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
    and files tables beside it (``out.csv`` → ``out.findings.csv``, ``out.files.csv``); an
    Excel workbook holds the three tables as sheets."""
    out = Path(output)
    if format in ("jsonl", "xlsx"):
        return (out,)
    ext = "." + format
    stem = out.name[: -len(out.suffix)] if out.suffix.lower() == ext else out.name
    return (out, out.with_name(f"{stem}.findings{ext}"), out.with_name(f"{stem}.files{ext}"))


def format_of(output: str, format: OutputFormat | None) -> OutputFormat:
    if format is not None:
        if format not in ("jsonl", "csv", "parquet", "xlsx"):
            raise GovDisclosureError(f"unknown output format {format!r}: use jsonl, csv, parquet or xlsx")
        return format
    suffix = os.path.splitext(output)[1].lower()
    if output == "-" or not suffix:
        return "jsonl"
    if suffix not in _FORMATS:
        raise GovDisclosureError(
            f"unknown output suffix {suffix!r}: use .jsonl, .csv, .parquet or .xlsx, or name the format"
            " with --format (format= in Python)"
        )
    return _FORMATS[suffix]


class _Writer(Protocol):
    def write(self, result: FileResult) -> None: ...

    def copy(self, tables: list[Any]) -> None: ...

    def close(self) -> None: ...


def _open(path: Path, *, binary: bool = False) -> IO[Any]:
    if binary:
        return path.open("wb")
    # A file name that is not UTF-8 is written as the bytes it has on disk.
    return path.open("w", encoding="utf-8", errors="surrogateescape", newline="")


class _JsonlWriter:
    def __init__(self, output: Path | None) -> None:
        self.owned = output is not None
        self.stream: IO[str] = _open(output) if output is not None else sys.stdout

    def write(self, result: FileResult) -> None:
        self.stream.write(record_line(result.as_dict()))

    def copy(self, tables: list[Any]) -> None:
        """Records kept from an earlier run (``--resume``), ahead of the new ones."""
        for records in tables:
            self.stream.writelines(record_line(r) for r in records)

    def close(self) -> None:
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


def record_line(record: dict[str, Any]) -> str:
    """A record as one JSON line: Chinese as it is; a file name that is not UTF-8 (Python's
    surrogate escapes) as JSON escapes, which read back to the same name."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line + "\n"


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
            for s, cols in zip(self.streams, TABLE_COLUMNS, strict=True)
        )
        for writer in (self.facts, self.findings, self.files):
            writer.writeheader()

    def copy(self, tables: list[Any]) -> None:
        """Rows kept from an earlier run (``--resume``): facts, findings, files."""
        for writer, rows in zip((self.facts, self.findings, self.files), tables, strict=True):
            writer.writerows(rows)

    def write(self, result: FileResult) -> None:
        self.facts.writerows({k: _csv_cell(v) for k, v in row.items()} for row in result.fact_rows())
        self.findings.writerows(result.finding_rows())
        self.files.writerow(result.file_row())

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


def load_pyarrow() -> Any:
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
        pa = load_pyarrow()
        self.tables: list[_ParquetTable] = []
        for path, schema in zip(paths, parquet_schemas(pa), strict=True):
            self.tables.append(_ParquetTable(pa, path, schema))

    def copy(self, tables: list[Any]) -> None:
        """Tables kept from an earlier run (``--resume``): facts, findings, files."""
        for table, old in zip(self.tables, tables, strict=True):
            table.writer.write_table(old.cast(table.schema))

    def write(self, result: FileResult) -> None:
        if not result.file.isascii():
            # Arrow strings are UTF-8: a name that is not is kept with its odd bytes as \\xff.
            name = shown_name(result.file)
            result = attrs.evolve(result, file=name)
        facts_t, findings_t, files_t = self.tables
        facts_t.extend(result.fact_rows())
        findings_t.extend(result.finding_rows())
        files_t.extend([result.file_row()])

    def close(self) -> None:
        for table in self.tables:
            table.close()


def open_writer(paths: tuple[Path, ...] | None, format: OutputFormat) -> _Writer:
    """The writer of ``format`` to ``paths`` (`output_paths`' files; None: standard output)."""
    if paths is None:
        if format != "jsonl":
            raise GovDisclosureError(f"{format} output needs a file name (it writes three tables), not -")
        return _JsonlWriter(None)
    if format == "xlsx":
        from gov_disclosure.batch._excel import ExcelWriter

        return ExcelWriter(paths[0])
    if format == "jsonl":
        return _JsonlWriter(paths[0])
    if format == "csv":
        return _CsvWriter(paths)
    return _ParquetWriter(paths)
