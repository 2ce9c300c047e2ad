"""One value, one table, one label (issue 15 item 7): report.value / cell / table and label()."""

from __future__ import annotations

import doctest
import re
from decimal import Decimal
from pathlib import Path

import pytest

import gov_disclosure
from gov_disclosure import AnnualReport, ReportMeta, TableView, facts, label, parse, parse_file
from gov_disclosure.form import APPLICATIONS_UNION, FORMS, form_table
from gov_disclosure.form import _lookup as lookup_module
from support import CORPUS, ROOT, example_paths, seed_paths


def _reports() -> list[Path]:
    return [*example_paths(), *seed_paths()]


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_value_and_cell_agree_with_every_fact(path: Path) -> None:
    report = parse_file(path)
    checked = 0
    for fact in facts(report):
        found = report.value(fact.table, fact.row, fact.column)
        expected: object = fact.value
        if isinstance(found, Decimal):
            found = format(found, "f")
        assert found == expected, (fact.table, fact.row, fact.column)
        cell = report.cell(fact.table, fact.row, fact.column)
        if fact.value is not None or fact.table != "meta":
            assert cell is not None
            assert cell.span == fact.span
        checked += 1
    assert checked > 4


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_table_view_is_the_form_grid_with_every_cell(path: Path) -> None:
    report = parse_file(path)
    cells = {(f.table, f.row, f.column): f for f in facts(report)}
    for key in ("active", "applications", "reviews"):
        view = report.table(key)
        form = form_table(report, key)
        if form is None:
            assert view is None
            continue
        assert view is not None
        assert view.rows == tuple(r.key for r in form.rows)
        assert len(view.row_labels) == len(view.rows)
        assert len(view.column_labels) == len(view.columns)
        assert all(len(row) == len(view.columns) for row in view.cells)
        for i, row in enumerate(view.rows):
            for j, column in enumerate(view.columns):
                fact = cells.get((key, row, column))
                cell = view.cells[i][j]
                if fact is None:
                    assert cell is None, (key, row, column)
                else:
                    assert cell is not None and cell.span == fact.span
                    assert view[row, column] == report.value(key, row, column)


def test_absent_blank_and_unknown_are_told_apart() -> None:
    report = parse("一、总体情况\n本机关2023年……\n")
    assert report.value("applications", "new_received", "total") is None
    assert report.cell("applications", "new_received", "total") is None
    assert report.table("applications") is None
    empty = AnnualReport(meta=ReportMeta())
    assert empty.value("meta", "year") is None
    assert empty.value("meta", "template") is None
    with pytest.raises(KeyError, match="new_received"):
        report.value("applications", "new_recieved", "total")
    with pytest.raises(KeyError, match="natural_person"):
        report.value("applications", "new_received", "people")
    with pytest.raises(KeyError, match="the tables are"):
        report.value("table3", "new_received", "total")
    with pytest.raises(KeyError, match="meta"):
        report.table("meta")


def test_blank_cell_is_a_cell_whose_value_is_none() -> None:
    blanks = 0
    for path in _reports():
        report = parse_file(path)
        for fact in facts(report):
            if fact.value is None and fact.table != "meta":
                cell = report.cell(fact.table, fact.row, fact.column)
                assert cell is not None and cell.value is None
                assert report.value(fact.table, fact.row, fact.column) is None
                blanks += 1
    assert blanks, "the examples and seeds hold blank cells"


def test_label_gives_the_form_wording_of_every_key() -> None:
    for form in FORMS.values():
        for table in form.tables:
            assert label(table.key, template=form.template) == table.title
            for row in table.rows:
                assert label(table.key, row.key, template=form.template) == table.full_name(row)
                for column in row.columns:
                    assert label(table.key, row.key, column.key, template=form.template) == column.label
    for row in APPLICATIONS_UNION.rows:
        assert label("applications", row.key)
    assert label("active", "licensing", "decisions") == "本年处理决定数量"
    assert label("active", "licensing", "decisions", template="2019") == "处理决定数量"
    # a 2019-only row is found in the 2019 form whatever the default
    assert label("active", "procurement", "amount") == "采购总金额"
    assert label("meta", "year") == "年度"


def test_label_of_every_data_dictionary_row() -> None:
    """The data dictionary's table-3 labels are the form's (the dictionary names （三）1. …)."""
    text = (CORPUS.parent / "spec" / "data-dictionary.md").read_text(encoding="utf-8")
    section = text.split("## table `applications`")[1].split("## table")[0]
    rows = re.findall(r"^\| `([a-z_.]+)` \| (\S+)", section, re.MULTILINE)
    assert len(rows) == 26
    for key, wording in rows:
        # the dictionary writes the group in short (三（三）1.属于国家秘密): the row's own words
        assert wording.rsplit("）", 1)[-1] in label("applications", key), key


def test_label_refuses_unknown_keys() -> None:
    with pytest.raises(KeyError, match="no table"):
        label("applicatons")
    with pytest.raises(KeyError, match="no row"):
        label("reviews", "appeal")


def test_public_names() -> None:
    assert gov_disclosure.label is label
    assert gov_disclosure.TableView is TableView


def test_to_frame_with_keys_and_labels() -> None:
    report = parse_file(example_paths()[0])
    view = report.table("applications")
    assert view is not None
    frame = view.to_frame()
    assert list(frame.index) == list(view.rows)
    assert frame.loc["new_received", "total"] == view["new_received", "total"]
    chinese = view.to_frame(labels=True)
    assert "自然人" in chinese.columns
    assert "一、本年新收政府信息公开申请数量" in chinese.index


def test_docstring_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(lookup_module)
    assert result.attempted >= 8
    assert result.failed == 0


def test_package_docstring_example(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example the API reference opens with runs as written."""
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(gov_disclosure)
    assert result.attempted >= 6
    assert result.failed == 0


def test_keys_of_the_other_form() -> None:
    """A 2019-only row asked of a 2021 report is absent (None); its wording is the 2019 form's."""
    report_2021 = parse_file(ROOT / "examples" / "qinghe-county-2023.txt")
    report_2019 = parse_file(ROOT / "examples" / "donghu-district-2020.txt")
    assert report_2021.meta.template == "2021" and report_2019.meta.template == "2019"
    for key in (("active", "procurement", "amount"), ("active", "other_services", "decisions")):
        assert report_2021.value(*key) is None and report_2021.cell(*key) is None
    assert report_2019.value("active", "rules", "issued") is None
    assert label("active", "procurement", "amount", template="2021") == "采购总金额"
    assert label("active", "rules", "issued", template="2019") == "本年制发件数"
