"""to_frame: a folder of reports to a pandas DataFrame of facts."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import gov_disclosure
from gov_disclosure.batch import FACT_COLUMNS, FILE_COLUMNS, FINDING_COLUMNS, process_file
from gov_disclosure.batch._frame import FrameKind
from gov_disclosure.errors import GovDisclosureError
from support import EXAMPLES, example_paths, seed_paths


def test_three_lines_from_a_folder_to_an_analysis() -> None:
    df = gov_disclosure.to_frame(sorted(Path(EXAMPLES).glob("*.txt")))
    new = df[(df.table == "applications") & (df.row == "new_received") & (df.column == "total")]
    by_year = new.groupby("year")["value"].sum()
    want: dict[int, int] = {}
    for path in sorted(Path(EXAMPLES).glob("*.txt")):
        report = gov_disclosure.parse_file(path)
        assert report.meta.year is not None and report.applications is not None
        year, total = report.meta.year.value, report.applications.new_received
        assert year is not None and total is not None and total.total is not None
        assert isinstance(total.total.value, int)
        want[year] = want.get(year, 0) + total.total.value
    assert by_year.to_dict() == want


def test_a_folder_stands_for_the_reports_a_batch_reads_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "2023").mkdir(parents=True)
    for path in example_paths():
        (folder / "2023" / path.name).write_bytes(path.read_bytes())
    (folder / "notes.rtf").write_bytes(b"{\\rtf1\\ansi}")  # skipped: no facts, no error
    (folder / ".hidden.txt").write_text("\x00", encoding="utf-8")
    by_paths = gov_disclosure.to_frame(sorted((folder / "2023").iterdir()))
    for items in (folder, str(folder), [folder], [str(folder)]):
        df = gov_disclosure.to_frame(items)
        assert df.equals(by_paths), items
    files = gov_disclosure.to_frame(folder, table="files")
    assert list(files["status"][files["status"] == "skipped"].index) == [0, len(files) - 1]
    assert "RTF" in files["error"].iloc[-1] and "hidden" in files["error"].iloc[0]
    # A file that holds no report fails, and the facts table says so rather than leave it out.
    (folder / "notes.csv").write_text("not a report\n", encoding="utf-8")
    with pytest.raises(gov_disclosure.GovDisclosureError, match="notes"):
        gov_disclosure.to_frame(folder)
    assert {Path(f).name for f in by_paths["file"]} == {p.name for p in example_paths()}
    # One file given alone, not as a list: not taken for the characters of its name.
    one = example_paths()[0]
    assert gov_disclosure.to_frame(str(one)).equals(gov_disclosure.to_frame([one]).assign(file=str(one)))
    report = gov_disclosure.parse_file(one)
    assert gov_disclosure.to_frame(report).equals(gov_disclosure.to_frame([report]))
    result = process_file(one)
    assert gov_disclosure.to_frame(result, table="files").equals(
        gov_disclosure.to_frame([result], table="files")
    )


def test_columns_dtypes_and_values_match_the_facts() -> None:
    paths = [*example_paths(), *seed_paths()]
    df = gov_disclosure.to_frame(paths)
    assert tuple(df.columns) == FACT_COLUMNS
    assert str(df["year"].dtype) == "Int64" and df["value"].dtype == "float64"
    want: list[tuple[Any, ...]] = []
    for path in paths:
        report = gov_disclosure.parse_file(path)
        meta = {f.row: f.value for f in gov_disclosure.facts(report) if f.table == "meta"}
        want += (
            (
                str(path),
                meta["subject"],
                meta["year"],
                meta["template"],
                fact.table,
                fact.row,
                fact.column,
                fact.value,
            )
            for fact in gov_disclosure.facts(report)
            if fact.table != "meta"
        )
    assert len(df) == len(want)
    for row, (file, subject, year, template, table, key, column, value) in zip(
        df.itertuples(index=False), want, strict=True
    ):
        assert (row.file, row.subject, row.table, row.row, row.column) == (file, subject, table, key, column)
        assert row.year == year and row.template == template
        if value is None:
            assert math.isnan(row.value)
        else:
            assert row.value == float(value)


def test_amounts_are_numbers() -> None:
    # A 万元 amount is a decimal string among the facts and a float in the frame.
    for path in [*example_paths(), *seed_paths()]:
        amounts = [
            f
            for f in gov_disclosure.facts(gov_disclosure.parse_file(path))
            if isinstance(f.value, str) and f.table != "meta"
        ]
        if amounts:
            df = gov_disclosure.to_frame([path])
            fact = amounts[0]
            got = df[(df.table == fact.table) & (df.row == fact.row) & (df.column == fact.column)]["value"]
            assert got.tolist() == [float(str(fact.value))]
            return
    pytest.fail("no report with a 万元 amount among the examples and seeds")


def test_reports_results_and_paths_mix() -> None:
    path = example_paths()[0]
    report = gov_disclosure.parse_file(path)
    df = gov_disclosure.to_frame([report, process_file(path), path])
    n = len(gov_disclosure.facts(report)) - 4  # the four meta facts are columns
    assert len(df) == 3 * n
    assert df["file"].iloc[:n].isna().all()
    assert (df["file"].iloc[n:] == str(path)).all()
    assert df.iloc[:n, 1:].reset_index(drop=True).equals(df.iloc[n : 2 * n, 1:].reset_index(drop=True))


def test_a_bad_file_raises_unless_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("今天天气很好。\n", encoding="utf-8")
    good = example_paths()[0]
    with pytest.raises(gov_disclosure.GovDisclosureError, match=r"bad\.txt: no annual-report structure"):
        gov_disclosure.to_frame([good, bad])
    with pytest.raises(gov_disclosure.GovDisclosureError, match=r"bad\.txt"):
        gov_disclosure.to_frame([process_file(bad)])
    assert set(gov_disclosure.to_frame([bad, good], errors="skip")["file"]) == {str(good)}
    assert len(gov_disclosure.to_frame([process_file(bad)], errors="skip")) == 0
    with pytest.raises(gov_disclosure.GovDisclosureError, match="errors must be"):
        gov_disclosure.to_frame([good], errors="ignore")  # type: ignore[arg-type]


def test_empty_input_gives_the_columns_and_dtypes() -> None:
    df = gov_disclosure.to_frame([])
    assert tuple(df.columns) == FACT_COLUMNS and len(df) == 0
    assert str(df["year"].dtype) == "Int64" and df["value"].dtype == "float64"
    assert isinstance(df, pd.DataFrame)


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(gov_disclosure.MissingDependencyError) as exc:
        gov_disclosure.to_frame(example_paths())
    assert str(exc.value) == (
        "reading reports into a DataFrame needs the 'pandas' package: pip install 'gov-disclosure[pandas]'"
    )
    assert isinstance(exc.value, gov_disclosure.GovDisclosureError)


def test_findings_and_files_tables() -> None:
    seed = next(p for p in seed_paths() if p.name.startswith("002"))
    result = process_file(seed)
    findings = gov_disclosure.to_frame([seed], table="findings")
    assert tuple(findings.columns) == FINDING_COLUMNS
    assert list(findings["code"]) == [f.code for f in result.findings]
    assert str(findings["line"].dtype) == "Int64" and str(findings["part"].dtype) == "Int64"
    report = gov_disclosure.parse_file(seed)
    from_report = gov_disclosure.to_frame([report], table="findings")
    assert list(from_report["code"]) == list(findings["code"]) and from_report["file"].isna().all()
    files = gov_disclosure.to_frame([seed, example_paths()[0], report], table="files")
    assert tuple(files.columns) == FILE_COLUMNS
    assert list(files["status"]) == ["partial", "ok", "partial"]
    assert files["facts"].dtype == "int64" and files["facts"].iloc[0] == len(result.facts)


def test_files_table_keeps_failed_files_by_default(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    files = gov_disclosure.to_frame([bad, example_paths()[0]], table="files")
    assert list(files["status"]) == ["failed", "ok"]
    assert files["error"].iloc[0] == "the text is empty"
    assert files.equals(gov_disclosure.to_frame([bad, example_paths()[0]], table="files", errors="skip"))
    with pytest.raises(GovDisclosureError, match=r"bad\.txt: the text is empty"):
        gov_disclosure.to_frame([bad, example_paths()[0]], table="files", errors="raise")
    with pytest.raises(GovDisclosureError, match=r"bad\.txt"):
        gov_disclosure.to_frame([bad])  # the facts table: a file is never silently missing
    assert len(gov_disclosure.to_frame([bad], table="findings", errors="skip")) == 0
    seed = next(p for p in seed_paths() if p.name.startswith("002"))
    tables: tuple[FrameKind, ...] = ("facts", "findings", "files")
    for table in tables:
        empty = gov_disclosure.to_frame([], table=table)
        full = gov_disclosure.to_frame([seed], table=table)
        assert len(empty) == 0 < len(full)
        assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    with pytest.raises(gov_disclosure.GovDisclosureError, match="table must be"):
        gov_disclosure.to_frame([], table="rows")  # type: ignore[arg-type]
