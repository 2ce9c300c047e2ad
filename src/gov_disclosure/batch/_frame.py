"""Facts as a pandas DataFrame: a folder to an analysis in three lines.

Needs the ``pandas`` extra (``pip install 'gov-disclosure[pandas]'``); pandas is imported
only when `to_frame` is called.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

from gov_disclosure.batch._files import walk_files
from gov_disclosure.batch._output import FACT_COLUMNS, FILE_COLUMNS, FINDING_COLUMNS
from gov_disclosure.batch._result import PARTIAL_CODES, FileResult, process_file, report_result
from gov_disclosure.checks import validate
from gov_disclosure.errors import GovDisclosureError, UnsupportedFormatError, missing_extra
from gov_disclosure.model import AnnualReport
from gov_disclosure.parsing import parse_file

if TYPE_CHECKING:
    import pandas

__all__ = ["DTYPES", "FrameKind", "to_frame"]

FrameKind = Literal["facts", "findings", "files"]
"""Which table `to_frame` builds: the same three a batch writes as CSV or Parquet."""

DTYPES: dict[FrameKind, dict[str, str]] = {
    "facts": {"year": "Int64", "value": "float64"},
    "findings": {"line": "Int64", "part": "Int64"},
    "files": {"year": "Int64", "facts": "int64", "findings": "int64"},
}
"""The dtypes of each table's numeric columns; the other columns have pandas' default dtype
for text (``str`` from pandas 3, ``object`` before)."""

_COLUMNS: dict[FrameKind, tuple[str, ...]] = {
    "facts": FACT_COLUMNS,
    "findings": FINDING_COLUMNS,
    "files": FILE_COLUMNS,
}

Item = AnnualReport | FileResult | str | PathLike[str]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise missing_extra("reports into a DataFrame", "pandas", "pandas") from exc
    return pandas


def _result(item: Item, table: FrameKind) -> FileResult:
    if isinstance(item, FileResult):
        return item
    if isinstance(item, AnnualReport):
        if table == "facts":
            return report_result("", item)
        found = tuple(validate(item))
        partial = any(f.code in PARTIAL_CODES for f in found)
        return report_result("", item, status="partial" if partial else "ok", findings=found)
    name = os.fspath(item)
    if table != "facts":
        return process_file(name)
    try:  # facts need no validation: parse only
        return report_result(name, parse_file(name))
    except UnsupportedFormatError as exc:
        return FileResult.skip(name, str(exc))
    except GovDisclosureError as exc:
        return FileResult.failure(name, str(exc))


def _items(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` with every folder replaced by the files a batch would find in it (a skipped
    result for each it would not read)."""
    for item in items:
        if isinstance(item, str | PathLike) and os.path.isdir(item):
            for path, why in walk_files([item]):
                yield path if why is None else FileResult.skip(os.fspath(path), why)
        else:
            yield item


def _rows(
    items: Iterable[Item], table: FrameKind, errors: Literal["raise", "skip"]
) -> Iterator[dict[str, Any]]:
    for item in _items(items):
        result = _result(item, table)
        if result.status == "failed" and errors == "raise":
            raise GovDisclosureError(f"{result.file}: {result.error}")
        if table == "facts":
            rows = result.fact_rows()
        elif table == "findings":
            rows = result.finding_rows()
        else:
            rows = [result.file_row()]
        for row in rows:
            if isinstance(item, AnnualReport):  # no file behind it
                row["file"] = None
            yield row


def to_frame(
    items: Iterable[Item] | Item,
    *,
    table: FrameKind = "facts",
    errors: Literal["raise", "skip"] | None = None,
) -> pandas.DataFrame:
    """A tidy pandas DataFrame of many reports: by default their facts, one row per fact.

    ``items`` are parsed reports, paths, or `gov_disclosure.FileResult` objects, in any mix,
    or one of them alone. A folder stands for the report files under it, found as a batch
    finds them (`gov_disclosure.batch.walk_files`): ``to_frame("reports")``. The facts
    table's columns are ``file`` (None for a report object), ``subject``, ``year`` (nullable
    ``Int64``), ``template``, then ``table``, ``row``, ``column`` (the data-dictionary keys)
    and ``value``: float64, NaN for a blank cell. Every count is exact in a float64; a 万元
    amount keeps 15 significant digits (`gov_disclosure.facts` has it as an exact decimal string). The
    metadata are columns, not rows, so ``value`` is always a number.

    ``table="findings"`` gives one row per finding (``line`` and ``part`` ``Int64``,
    ``expected`` and ``actual`` as text), ``table="files"`` one row per item with its status;
    both validate the reports. The columns are the batch's (`gov_disclosure.batch.FACT_COLUMNS`
    …), and ``to_frame([], table=…)`` is an empty frame of the right dtypes (a Dask ``meta``).

    A file that cannot be read is a ``failed`` row of the files table, with the reason in
    ``error``, and a file of a format no reader takes (a spreadsheet, a legacy .doc) a ``skipped``
    one; neither has facts or findings. ``errors`` says what else happens to a failed one:
    ``"raise"`` (the default for the facts and findings tables) raises `GovDisclosureError`
    naming it, so a file is never silently missing from the facts; ``"skip"`` (the default for
    the files table) goes on. Raises `gov_disclosure.MissingDependencyError` when pandas is
    missing.
    """
    if errors is None:
        errors = "skip" if table == "files" else "raise"
    if errors not in ("raise", "skip"):
        raise GovDisclosureError(f"errors must be 'raise' or 'skip', not {errors!r}")
    if table not in _COLUMNS:
        raise GovDisclosureError(f"table must be 'facts', 'findings' or 'files', not {table!r}")
    pd = _pandas()
    if isinstance(items, str | PathLike | AnnualReport | FileResult):
        items = [items]
    columns = _COLUMNS[table]
    frame = pd.DataFrame(list(_rows(items, table, errors)), columns=list(columns))
    # Spelled out, so an empty frame has the dtypes of a full one (Dask takes it as its meta).
    text = pd.Series(["text"]).dtype
    return frame.astype({c: DTYPES[table].get(c, text) for c in columns})
