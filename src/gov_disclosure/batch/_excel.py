"""Excel output: one workbook, the three tables of a batch as sheets, for review offices.

Written with xlsxwriter (the ``excel`` extra) in its constant-memory mode, row by row, so a
large batch costs no more memory than a small one. A sheet holds at most 1,048,576 rows;
rows past that go on to another sheet of the same table (``facts 2`` …), never cut.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from gov_disclosure._names import shown_name
from gov_disclosure.batch._output import FACT_COLUMNS, FILE_COLUMNS, FINDING_COLUMNS
from gov_disclosure.batch._result import FileResult
from gov_disclosure.errors import GovDisclosureError, MissingDependencyError

__all__ = ["EXCEL_ROWS", "FACT_LABEL_COLUMNS", "ExcelWriter", "load_xlsxwriter", "to_excel"]

EXCEL_ROWS = 1_048_576
"""The rows an Excel sheet holds, its header included."""
FACT_LABEL_COLUMNS: tuple[str, ...] = ("table_label", "row_label", "column_label")
"""The facts sheet's columns after `FACT_COLUMNS`: the form's Chinese wording of the keys."""
_SHEETS = (
    ("facts", (*FACT_COLUMNS, *FACT_LABEL_COLUMNS)),
    ("findings", FINDING_COLUMNS),
    ("files", FILE_COLUMNS),
)
# Characters wide, for the columns whose text is long (Excel's default is 8.43).
_WIDTHS = {
    "file": 40,
    "subject": 24,
    "message": 80,
    "error": 60,
    "row": 26,
    "row_label": 40,
    "table_label": 30,
    "column_label": 16,
    "published": 12,
}


def load_xlsxwriter() -> Any:
    """The xlsxwriter module, or `MissingDependencyError` naming the extra to install."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise MissingDependencyError(
            "writing Excel needs the 'xlsxwriter' package: pip install 'gov-disclosure[excel]'"
        ) from exc
    return xlsxwriter


@functools.cache
def _labels(table: str, row: str, column: str, template: str | None) -> tuple[str, str, str]:
    from gov_disclosure.form import label

    try:
        return (
            label(table),
            label(table, row, template=template),
            label(table, row, column, template=template),
        )
    except KeyError:  # a record of a newer dictionary: its keys stand without wording
        return ("", "", "")


class _Sheet:
    """One table, written row by row, going on to a new sheet when one is full."""

    def __init__(self, book: Any, name: str, columns: tuple[str, ...], header: Any) -> None:
        self.book, self.name, self.columns, self.header = book, name, columns, header
        self.parts = 0
        self.row = 0
        self.sheet: Any = None
        self._open()  # now, so the sheets stand in their order, an empty table with its header

    def _open(self) -> None:
        self._close_part()
        self.parts += 1
        self.sheet = self.book.add_worksheet(self.name if self.parts == 1 else f"{self.name} {self.parts}")
        for i, column in enumerate(self.columns):
            self.sheet.set_column(i, i, _WIDTHS.get(column, 10))
        self.sheet.write_row(0, 0, self.columns, self.header)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def _close_part(self) -> None:
        if self.sheet is not None:
            self.sheet.autofilter(0, 0, max(self.row - 1, 0), len(self.columns) - 1)

    def write(self, values: list[Any]) -> None:
        if self.row >= EXCEL_ROWS:
            self._open()
        for i, value in enumerate(values):
            if value is None:
                continue  # blank is not zero: an empty cell
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.sheet.write_number(self.row, i, value)
            else:
                self.sheet.write_string(self.row, i, str(value))
        self.row += 1

    def close(self) -> None:
        self._close_part()


class ExcelWriter:
    """A batch's results as one Excel workbook: sheets ``facts`` (with the form's Chinese
    labels of each key), ``findings`` and ``files``; the header row frozen, filters on."""

    def __init__(self, path: str | PathLike[str]) -> None:
        xlsxwriter = load_xlsxwriter()
        self.path = Path(path)
        # constant_memory: rows go to temporary files as written; strings_to_*: text stays text
        # (a file name like 1e5 or =SUM() is not a number or a formula).
        self.book = xlsxwriter.Workbook(
            os.fspath(self.path),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        header = self.book.add_format({"bold": True, "bg_color": "#F2F2F2", "bottom": 1})
        self.facts, self.findings, self.files = (_Sheet(self.book, n, c, header) for n, c in _SHEETS)

    def write(self, result: FileResult) -> None:
        """Add one file's facts, findings and its row of the files sheet."""
        for row in result.fact_rows():
            labels = _labels(row["table"], row["row"], row["column"], row["template"])
            self.facts.write([*(_cell(row[c]) for c in FACT_COLUMNS), *labels])
        for row in result.finding_rows():
            self.findings.write([_cell(row[c]) for c in FINDING_COLUMNS])
        file_row = result.file_row()
        self.files.write([_cell(file_row[c]) for c in FILE_COLUMNS])

    def copy(self, tables: list[Any]) -> None:
        """Records kept from an earlier run (``--resume`` from a journal), ahead of the new ones."""
        for records in tables:
            for record in records:
                self.write(FileResult.from_dict(record))

    def close(self) -> None:
        """Finish the workbook; raises OSError when it cannot be written."""
        for sheet in (self.facts, self.findings, self.files):
            sheet.close()
        try:
            self.book.close()
        except Exception as exc:  # xlsxwriter wraps the OS error of its final write
            cause = exc.__context__ if isinstance(exc.__context__, OSError) else None
            raise cause or OSError(str(exc)) from exc


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":  # a report object's file: there is none
        return None
    if isinstance(value, str):
        return shown_name(value)  # a file name that is not UTF-8: its odd bytes as \xff
    return value


def to_excel(items: Iterable[Any] | Any, path: str | PathLike[str]) -> None:
    """Write reports, files, folders or `FileResult` objects (as `to_frame` takes them) to one
    Excel workbook at ``path``: sheets ``facts`` (the form's Chinese wording of each key
    beside it), ``findings`` and ``files`` (failed and skipped files with their reason),
    header frozen, filters on. Needs the ``excel`` extra (xlsxwriter), not pandas.
    """
    from gov_disclosure.batch._frame import _items, _result
    from gov_disclosure.model import AnnualReport

    if isinstance(items, str | PathLike | AnnualReport | FileResult):
        items = [items]
    folder = Path(path).resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        # Before the work, not after it: xlsxwriter writes the file only when it closes.
        raise GovDisclosureError(f"cannot write {path}: its folder is missing or not writable")
    writer = ExcelWriter(path)
    try:
        for item in _items(items):
            writer.write(_result(item, "findings"))
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to tell
            writer.close()
        raise
    try:
        writer.close()
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}") from exc
