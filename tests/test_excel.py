"""Excel output (issue 15 item 5): batch -o results.xlsx and to_excel(), read back cell by cell."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import gov_disclosure
from gov_disclosure import GovDisclosureError, MissingDependencyError, label, to_excel
from gov_disclosure.batch import (
    FACT_COLUMNS,
    FACT_LABEL_COLUMNS,
    FILE_COLUMNS,
    FINDING_COLUMNS,
    process_file,
    run_batch,
)
from gov_disclosure.cli import main
from support import example_paths, seed_paths


def _sheet(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("excel") / "reports"
    root.mkdir()
    for path in [*example_paths(), *seed_paths()[:2]]:
        shutil.copy(path, root / path.name)
    (root / "notes.rtf").write_bytes(b"{\\rtf1\\ansi}")
    (root / "empty.txt").write_bytes(b"")
    (root / "=SUM(A1).txt").write_bytes(example_paths()[0].read_bytes())
    return root


def test_batch_writes_one_workbook_of_three_sheets(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.xlsx"
    summary = run_batch([folder], out, jobs=1, progress=False)
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*tmp"))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["facts", "findings", "files"]
    for name, columns in (
        ("facts", (*FACT_COLUMNS, *FACT_LABEL_COLUMNS)),
        ("findings", FINDING_COLUMNS),
        ("files", FILE_COLUMNS),
    ):
        sheet = book[name]
        assert tuple(c.value for c in sheet[1]) == columns
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    results = [process_file(p) for p, _ in gov_disclosure.batch.walk_files([folder])]
    files = _sheet(book, "files")
    assert [(r["file"], r["status"]) for r in files] == [(r.file, r.status) for r in results]
    assert summary.files == len(files) and summary.skipped == 1 and summary.failed == 1
    facts = _sheet(book, "facts")
    want = [row for r in results for row in r.fact_rows()]
    assert len(facts) == len(want)
    for got, row in zip(facts, want, strict=True):
        assert (got["file"], got["table"], got["row"], got["column"]) == (
            row["file"],
            row["table"],
            row["row"],
            row["column"],
        )
        assert got["value"] == row["value"]  # None (an empty cell) for a blank one: blank is not zero
        template = row["template"]
        assert got["row_label"] == label(row["table"], row["row"], template=template)
        assert got["column_label"] == label(row["table"], row["row"], row["column"], template=template)
        assert got["table_label"] == label(row["table"])
    assert any(r["value"] is None for r in facts) and any(r["value"] == 0 for r in facts)
    findings = _sheet(book, "findings")
    assert [(f["file"], f["code"], f["message"]) for f in findings] == [
        (r.file, f.code, f.message) for r in results for f in r.findings
    ]
    # A file name that looks like a formula stays text.
    cell = next(c for c in book["files"]["A"] if c.value and "=SUM" in str(c.value))
    assert cell.data_type == "s"


def test_to_excel_takes_reports_paths_folders_and_results(folder: Path, tmp_path: Path) -> None:
    report = gov_disclosure.parse_file(example_paths()[0])
    to_excel([report, example_paths()[1], process_file(example_paths()[2])], tmp_path / "a.xlsx")
    files = _sheet(openpyxl.load_workbook(tmp_path / "a.xlsx"), "files")
    assert [r["file"] for r in files] == [None, str(example_paths()[1]), str(example_paths()[2])]
    to_excel(folder, tmp_path / "b.xlsx")
    assert len(_sheet(openpyxl.load_workbook(tmp_path / "b.xlsx"), "files")) == len(list(folder.iterdir()))
    to_excel([], tmp_path / "empty.xlsx")
    book = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert [book[n].max_row for n in book.sheetnames] == [1, 1, 1]
    with pytest.raises(GovDisclosureError, match="cannot write"):
        to_excel(report, tmp_path / "no" / "such" / "folder.xlsx")


def test_a_full_sheet_goes_on_to_another(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("gov_disclosure.batch._excel.EXCEL_ROWS", 101)
    paths = example_paths()
    to_excel(paths, tmp_path / "long.xlsx")
    book = openpyxl.load_workbook(tmp_path / "long.xlsx")
    facts_sheets = [n for n in book.sheetnames if n.startswith("facts")]
    assert facts_sheets[:2] == ["facts", "facts 2"]
    rows = [row for name in facts_sheets for row in _sheet(book, name)]
    assert all(book[name].max_row <= 101 for name in facts_sheets)
    assert len(rows) == sum(len(process_file(p).facts) for p in paths)


def test_command_line_and_resume(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["batch", str(example_paths()[0]), "-o", str(out), "-q"]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["facts", "findings", "files"]
    # A finished workbook is not read back: resuming from it is refused, before any work.
    assert main(["batch", str(folder), "-o", str(out), "-q", "--resume"]) == 2
    assert "not read back" in capsys.readouterr().err
    # An interrupted run's journal is: its records come first, the rest are read.
    done = tmp_path / "done.jsonl"
    first = example_paths()[:2]
    assert main(["batch", *map(str, first), "-o", str(done), "-q"]) == 0
    fresh = tmp_path / "fresh.xlsx"
    shutil.copy(done, tmp_path / "fresh.xlsx.partial")
    assert main(["batch", *map(str, example_paths()), "-o", str(fresh), "-q", "--resume"]) == 0
    files = _sheet(openpyxl.load_workbook(fresh), "files")
    assert [r["file"] for r in files] == [str(p) for p in example_paths()]
    assert not (tmp_path / "fresh.xlsx.partial").exists()


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    with pytest.raises(MissingDependencyError, match=r"gov-disclosure\[excel\]"):
        run_batch([example_paths()[0]], tmp_path / "x.xlsx", jobs=1)
    assert not list(tmp_path.iterdir())
    with pytest.raises(MissingDependencyError, match="excel"):
        to_excel(example_paths()[0], tmp_path / "y.xlsx")
