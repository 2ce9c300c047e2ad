"""Many files at once: parse and check every report of a folder tree in worker processes.

>>> from gov_disclosure.batch import process_files, run_batch
>>> summary = run_batch(["reports/"], "facts.parquet", jobs=4)        # doctest: +SKIP
>>> for result in process_files(["reports/"]):                         # doctest: +SKIP
...     print(result.file, result.status)

Every input file gives exactly one `FileResult`, in the order the files were found (explicit
files as given, folders walked in sorted name order), whatever order the workers finish in. A
file that cannot be read, holds no report, crashes its worker or outlasts the timeout gives a
``failed`` result, a file of a format no reader takes (a spreadsheet, a legacy .doc, an archive)
or one a folder walk does not read (hidden, a lock file) a ``skipped`` one, with the reason;
nothing stops the run. The parent keeps at most a fixed window of files in
flight and writes each result as soon as its turn comes, so memory does not grow with the
number of files.
"""

from __future__ import annotations

from gov_disclosure.batch._excel import EXCEL_ROWS, FACT_LABEL_COLUMNS, to_excel
from gov_disclosure.batch._files import iter_report_files, walk_files
from gov_disclosure.batch._frame import DTYPES, FrameKind, to_frame
from gov_disclosure.batch._output import (
    FACT_COLUMNS,
    FILE_COLUMNS,
    FINDING_COLUMNS,
    BatchSummary,
    OutputFormat,
    output_paths,
    parquet_schemas,
)
from gov_disclosure.batch._result import PARTIAL_CODES, FileResult, Status, process_file, report_result
from gov_disclosure.batch._run import run_batch
from gov_disclosure.batch._workers import DEFAULT_TIMEOUT, default_jobs, process_files

__all__ = [
    "DEFAULT_TIMEOUT",
    "DTYPES",
    "EXCEL_ROWS",
    "FACT_COLUMNS",
    "FACT_LABEL_COLUMNS",
    "FILE_COLUMNS",
    "FINDING_COLUMNS",
    "PARTIAL_CODES",
    "BatchSummary",
    "FileResult",
    "FrameKind",
    "OutputFormat",
    "Status",
    "default_jobs",
    "iter_report_files",
    "output_paths",
    "parquet_schemas",
    "process_file",
    "process_files",
    "report_result",
    "run_batch",
    "to_excel",
    "to_frame",
    "walk_files",
]
