"""Property tests with the strategies we ship: consistent reports pass, any one changed count is caught."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import AnnualReport, Cell, validate
from gov_disclosure.strategies import cell_paths, replace_cell, reports


@given(reports())
def test_consistent_reports_pass_every_check(report: AnnualReport) -> None:
    assert validate(report) == []


@given(reports(template="2019"))
def test_template_can_be_chosen(report: AnnualReport) -> None:
    assert report.meta.template == "2019" and isinstance(report.active, gov_disclosure.Active2019)


@given(reports(consistent=False))
def test_inconsistent_reports_fail_an_arithmetic_check(report: AnnualReport) -> None:
    assert validate(report, select=["A"])


@given(reports(), st.data())
def test_every_single_cell_change_is_caught(report: AnnualReport, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(cell_paths(report)), label="cell")
    old: Any = report
    for name in path:
        old = getattr(old, name)
    new = data.draw(
        st.integers(min_value=0, max_value=10_000).filter(lambda v: v != old.value), label="value"
    )
    changed = replace_cell(report, path, Cell(value=new, raw=str(new)))
    found = validate(changed, select=["A"])
    assert found, f"changing {'.'.join(path)} from {old.value} to {new} went unnoticed"


@given(reports())
def test_generated_reports_round_trip_through_json(report: AnnualReport) -> None:
    assert gov_disclosure.from_json(gov_disclosure.to_json(report)) == report
