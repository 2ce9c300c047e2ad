"""Parse and check functions are picklable and pure: they run in worker processes and on Dask."""

from __future__ import annotations

import functools
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import dask
import dask.bag as db
import pandas as pd
import pytest

import gov_disclosure
from gov_disclosure.batch import FileResult, iter_report_files, process_file
from support import example_paths, seed_paths

FUNCTIONS: list[Any] = [
    gov_disclosure.parse,
    gov_disclosure.parse_file,
    gov_disclosure.validate,
    gov_disclosure.validate_pair,
    gov_disclosure.facts,
    gov_disclosure.process_file,
    gov_disclosure.to_frame,
    FileResult.fact_rows,
    FileResult.finding_rows,
    FileResult.file_row,
    *gov_disclosure.DEFAULT_CHECKS,
    *gov_disclosure.CROSS_CHECKS,
]


@pytest.mark.parametrize("func", FUNCTIONS, ids=lambda f: f"{f.__module__}.{f.__qualname__}")
def test_functions_pickle_by_reference(func: Any) -> None:
    assert pickle.loads(pickle.dumps(func)) is func


def test_values_pickle_to_equal_values() -> None:
    path = seed_paths()[2]
    report = gov_disclosure.parse_file(path)
    result = process_file(path)
    assert result.findings and result.facts
    for value in (report, result, gov_disclosure.validate(report), gov_disclosure.facts(report)):
        assert pickle.loads(pickle.dumps(value)) == value


def test_process_file_is_pure() -> None:
    for path in [*example_paths(), *seed_paths()]:
        first, second = process_file(path), process_file(path)
        assert first == second and first.meta == second.meta


def test_worker_function_gives_the_same_results_in_other_processes() -> None:
    paths = [str(p) for p in [*example_paths(), *seed_paths()]]
    task = functools.partial(process_file, select=["S", "A"])
    here = [task(p) for p in paths]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        there = list(pool.map(task, paths))
    assert there == here
    assert [r.meta for r in there] == [r.meta for r in here]


def _recipe(
    reports: Path, out: Path, read: Callable[[str], FileResult] = gov_disclosure.process_file
) -> None:
    """The Dask recipe of docs/recipes.md, parameterised by folders (and, for a test, reader)."""
    paths = [str(p) for p in iter_report_files([reports])]
    results = db.from_sequence(paths, npartitions=3).map(read)
    # optimize_graph=False keeps the shared `results` tasks, so one compute of both tables
    # reads each file once (optimised, each table would fuse its own copy).
    facts = results.map(FileResult.fact_rows).flatten()
    facts_df = facts.to_dataframe(meta=gov_disclosure.to_frame([]), optimize_graph=False)
    files = results.map(FileResult.file_row)
    files_df = files.to_dataframe(meta=gov_disclosure.to_frame([], table="files"), optimize_graph=False)
    dask.compute(
        facts_df.to_parquet(str(out / "facts"), compute=False),
        files_df.to_parquet(str(out / "files"), compute=False),
    )


def test_dask_recipe_reads_each_file_once(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for source in example_paths():
        (reports / source.name).write_bytes(source.read_bytes())
    calls: list[str] = []

    def counting(path: str) -> FileResult:
        calls.append(path)
        return process_file(path)

    with dask.config.set(scheduler="synchronous"):
        _recipe(reports, tmp_path, counting)
    assert sorted(calls) == sorted(str(p) for p in reports.iterdir())


def _as_rows(df: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in df.itertuples(index=False)]


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_dask_recipe_writes_the_facts_to_parquet(tmp_path: Path, scheduler: str) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    sources = [*example_paths(), *seed_paths()]
    for i, source in enumerate(sources):
        (reports / f"{i:02d}-{source.name}").write_bytes(source.read_bytes())
    (reports / "zz-bad.txt").write_bytes(b"\x00\x01" * 50)
    with dask.config.set(scheduler=scheduler, num_workers=2):
        _recipe(reports, tmp_path)
    files = pd.read_parquet(tmp_path / "files")
    want_files = gov_disclosure.to_frame(sorted(reports.iterdir()), table="files", errors="skip")
    assert list(files.columns) == list(want_files.columns)
    assert _as_rows(files) == _as_rows(want_files)
    assert list(files["status"]).count("failed") == 1
    facts = pd.read_parquet(tmp_path / "facts")
    want = gov_disclosure.to_frame(sorted(reports.iterdir()), errors="skip")
    assert list(facts.columns) == list(want.columns)
    assert len(facts) == len(want) > 0
    assert _as_rows(facts) == _as_rows(want)
