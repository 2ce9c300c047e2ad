"""`run_batch`: the workers' results written as they come, with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Sequence
from os import PathLike

import attrs

from gov_disclosure.batch._excel import load_xlsxwriter
from gov_disclosure.batch._files import walk_files
from gov_disclosure.batch._journal import Journal, Previous, check_not_input, finish, partial_path
from gov_disclosure.batch._output import (
    BatchSummary,
    OutputFormat,
    format_of,
    load_pyarrow,
    open_writer,
    output_paths,
)
from gov_disclosure.batch._result import FileResult
from gov_disclosure.batch._review import write_index
from gov_disclosure.batch._workers import DEFAULT_TIMEOUT, is_skipped, process_files
from gov_disclosure.checks import DEFAULT_CHECKS, Check, check_codes
from gov_disclosure.errors import GovDisclosureError


def _review_folder(review: str | os.PathLike[str] | None, inputs: list[str]) -> str | None:
    """The review folder, made if need be; refused (before any work) inside an input folder,
    where its pages would be read as reports by the next run."""
    if review is None:
        return None
    folder = os.path.realpath(os.fspath(review))
    for given in inputs:
        root = os.path.realpath(given)
        if os.path.isdir(root) and (folder == root or folder.startswith(root.rstrip(os.sep) + os.sep)):
            raise GovDisclosureError(
                f"the review folder {review} is inside the input folder {given}: put it elsewhere"
            )
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise GovDisclosureError(f"cannot make the review folder {review}: {exc.strerror or exc}") from exc
    return folder


class _Progress:
    """A tqdm bar on a terminal; nothing otherwise."""

    def __init__(self, total: int | None) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
        self.counts: dict[str, int] = {}

    def update(self, result: FileResult) -> None:
        if result.status in ("failed", "skipped"):
            self.counts[result.status] = self.counts.get(result.status, 0) + 1
            self.bar.set_postfix(self.counts, refresh=False)
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
    resume: bool = False,
    checks: Sequence[Check] = DEFAULT_CHECKS,
    review: str | os.PathLike[str] | None = None,
) -> BatchSummary:
    """Process every file under ``paths`` and write the results to ``output``.

    ``format`` is ``jsonl`` (one record per file; ``-`` writes to standard output), ``csv`` or
    ``parquet`` (three tidy tables: facts, findings, files; see `output_paths`) or ``xlsx``
    (one Excel workbook, the three tables as sheets); by default it follows the output's
    suffix, else JSON Lines. ``progress`` shows a bar on standard error
    (default: when it is a terminal). ``checks`` are the checks whose findings are kept
    (`process_files`'s; the command line adds installed rule packs and ``--check``).
    ``review`` names a folder for a review page per report and an ``index.html`` of them all.

    The records go to a journal beside the output (`partial_path`: ``OUT.partial``) as each
    file is done, and become the output only when the run completes, so an interrupted,
    killed or failed run leaves the previous output as it was. ``resume`` goes on from such a
    run: files recorded in the journal, or in a complete earlier output, are not read again,
    and their records are kept. Raises `GovDisclosureError` before any work for a missing
    input, an output that is an input or lies inside an input folder, an unwritable output or
    a missing extra, and for a write error (a full disk) during the run; bad files never raise.
    """
    checks = tuple(checks)
    check_codes(select, ignore, checks)
    inputs = [os.fspath(p) for p in paths]
    pages = _review_folder(review, inputs)
    out = os.fspath(output)
    fmt = format_of(out, format)
    for path in inputs:  # fail now, not after an hour of work
        if not os.path.lexists(path):
            raise GovDisclosureError(f"{path}: no such file or directory")
    if fmt == "parquet":
        load_pyarrow()
    if fmt == "xlsx":
        load_xlsxwriter()
    if out == "-":
        if resume:
            raise GovDisclosureError("--resume needs an output file, not -")
        return _to_stdout(
            inputs, fmt, jobs=jobs, timeout=timeout, select=select, ignore=ignore, checks=checks, review=pages
        )
    if out.endswith(".partial"):
        raise GovDisclosureError(
            f"the output {out} would be taken for another run's journal: name it otherwise"
        )
    targets = output_paths(out, fmt)
    journal_path = partial_path(out)
    for target in (*targets, journal_path):
        if target.is_dir():
            raise GovDisclosureError(f"cannot write {target}: it is a folder")
        if target != journal_path and target.exists() and not target.is_file():
            # A device or a pipe: the finished output is renamed over it, which would put a
            # regular file where /dev/null was.
            raise GovDisclosureError(
                f"cannot write {target}: it is not a regular file (a device or a pipe); write to a"
                " file, or to standard output with -o -"
            )
    check_not_input(inputs, (*targets, journal_path))
    previous = Previous(out, fmt) if resume else None
    journal = Journal(journal_path, resume=resume)
    recorded = set(journal.done) | (previous.files if previous is not None else set())
    summary = BatchSummary(kept=len(recorded))
    # Also by absolute path: the same folder given another way is the same files.
    done = recorded | {os.path.abspath(name) for name in recorded}
    show = sys.stderr.isatty() if progress is None else progress
    total = sum(1 for f, _ in walk_files(inputs) if not is_skipped(os.fspath(f), done)) if show else None
    started = time.monotonic()
    results = process_files(
        inputs,
        jobs=jobs,
        timeout=timeout,
        select=select,
        ignore=ignore,
        skip=done,
        checks=checks,
        review=pages,
    )
    bar = _Progress(total) if show else None
    try:
        for result in results:
            journal.write(result)
            summary.add(result)
            if bar is not None:
                bar.update(result)
    finally:
        if bar is not None:
            bar.close()
        results.close()
        journal.close()
    if pages is not None:
        write_index(pages, journal.results())
    finish(out, fmt, journal, previous)
    summary.seconds = time.monotonic() - started
    return summary


def _to_stdout(
    paths: list[str],
    fmt: OutputFormat,
    *,
    jobs: int | None,
    timeout: float | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    checks: tuple[Check, ...],
    review: str | None,
) -> BatchSummary:
    writer = open_writer(None, fmt)
    summary = BatchSummary()
    started = time.monotonic()
    results = process_files(
        paths, jobs=jobs, timeout=timeout, select=select, ignore=ignore, checks=checks, review=review
    )
    done: list[FileResult] = []
    try:
        for result in results:
            writer.write(result)
            summary.add(result)
            if review is not None:
                done.append(attrs.evolve(result, facts=()))  # the index needs no facts
    finally:
        results.close()
        writer.close()
    if review is not None:
        write_index(review, done)
    summary.seconds = time.monotonic() - started
    return summary
