"""`run_batch`: the workers' results written as they come, with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Sequence
from os import PathLike
from typing import TYPE_CHECKING

from gov_disclosure.batch._files import iter_report_files
from gov_disclosure.batch._output import (
    BatchSummary,
    OutputFormat,
    format_of,
    load_pyarrow,
    open_writer,
    output_paths,
)
from gov_disclosure.batch._result import FileResult
from gov_disclosure.batch._workers import DEFAULT_TIMEOUT, process_files
from gov_disclosure.errors import GovDisclosureError

if TYPE_CHECKING:
    pass


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
    fmt = format_of(out, format)
    for path in paths:  # fail now, not after an hour of work
        if not os.path.lexists(path):
            raise GovDisclosureError(f"{path}: no such file or directory")
    if fmt == "parquet":
        load_pyarrow()
    targets = () if out == "-" else output_paths(out, fmt)
    for target in targets:
        if target.is_dir():
            raise GovDisclosureError(f"cannot write {target}: it is a folder")
    show = sys.stderr.isatty() if progress is None else progress
    total = sum(1 for _ in iter_report_files(paths, exclude=targets)) if show else None
    summary = BatchSummary()
    started = time.monotonic()
    results = process_files(paths, jobs=jobs, timeout=timeout, select=select, ignore=ignore, exclude=targets)
    writer = open_writer(out, fmt)
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
