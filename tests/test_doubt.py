"""Figures OCR was unsure of (rule P002): kept where the form's sums confirm them, otherwise
left out with a finding at their cell, never stated on the recogniser's word.

The recogniser's confidence reaches the parser as `Region.confidence` on the reader's text
(`PagedText`); here it is set by hand on texts rendered from generated reports, so the class
of damage (a figure misread, and the recogniser unsure of it) is tested without OCR's minutes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport, facts, parse, render, validate
from gov_disclosure.checks._examples import COMPLETE_2021
from gov_disclosure.parsing import DOUBTFUL
from gov_disclosure.parsing._frontend import LAYOUT_NAMES
from gov_disclosure.readers import PagedText
from gov_disclosure.span import Region
from gov_disclosure.strategies import reports

Key = tuple[str, str, str]


def _facts(report: AnnualReport) -> dict[Key, Any]:
    return {(f.table, f.row, f.column): f for f in facts(report) if f.table != "meta"}


def _doubted(text: str, at: Key, figure: str | None, confidence: float) -> PagedText:
    """``text`` as OCR would hand it over: the figure of cell ``at`` written ``figure`` (as
    read; None: as it is) with ``confidence``, everything else sure."""
    fact = _facts(parse(text))[at]
    span = fact.span
    assert span is not None
    new = figure if figure is not None else text[span.start : span.end]
    changed = text[: span.start] + new + text[span.end :]
    region = Region(
        line=span.line, column=span.column, end_column=span.column + len(new), page=1, confidence=confidence
    )
    return PagedText(changed, (1,), (region,))


def test_a_doubtful_figure_the_sums_confirm_is_kept() -> None:
    at = ("applications", "granted", "total")
    report = parse(_doubted(COMPLETE_2021, at, None, 0.3))
    assert _facts(report)[at].value == 3
    assert not report.unplaced
    assert not [f for f in validate(report) if f.code == "P002"]


def test_a_doubtful_misread_is_left_out_with_what_the_sums_say() -> None:
    at = ("applications", "granted", "total")
    report = parse(_doubted(COMPLETE_2021, at, "8", 0.41))
    assert at not in _facts(report)
    found = validate(report)
    (p002,) = [f for f in found if f.code == "P002"]
    assert (p002.table, p002.row, p002.column) == at
    assert p002.expected == 3  # what the row's and the column's sums make of it
    assert "0.41" in p002.message and "「8」" in p002.message
    assert p002.line == report.unplaced[0].span.line  # type: ignore[union-attr]
    # The cell is not missing (S004) and its sums are not known (A002, A003): one finding.
    assert not [f for f in found if f.code in ("S004", "A002", "A003", "A007")], found


def test_a_blank_cell_of_a_scan_suggests_nothing() -> None:
    # The row's total left blank (a thin 1 the recogniser may have lost): the row's sum says
    # nothing of the doubtful figure, the column's sum still does.
    text = COMPLETE_2021.replace(
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5", "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 /"
    )
    at = ("applications", "new_received", "natural_person")
    report = parse(_doubted(text, at, "9", 0.4))
    (p002,) = [f for f in validate(report) if f.code == "P002"]
    assert p002.expected == 4


def test_a_sure_misread_is_left_to_the_sums() -> None:
    at = ("applications", "granted", "total")
    report = parse(_doubted(COMPLETE_2021, at, "8", DOUBTFUL))
    assert _facts(report)[at].value == 8
    assert {"A002", "A003"} <= {f.code for f in validate(report)}


def test_a_doubtful_figure_no_sum_touches_is_left_out() -> None:
    at = ("active", "normative_documents", "issued")
    text = _doubted(COMPLETE_2021, at, None, 0.6)
    report = parse(text)
    assert at not in _facts(report)
    (p002,) = [f for f in validate(report) if f.code == "P002"]
    assert p002.expected is None


@settings(max_examples=60, deadline=None)
@given(reports(), st.sampled_from(LAYOUT_NAMES), st.data())
def test_a_doubtful_misread_is_never_stated(report: AnnualReport, layout: str, data: st.DataObject) -> None:
    text = render(report, layout)
    counts = [k for k, f in _facts(parse(text)).items() if isinstance(f.value, int) and f.value >= 0]
    at = data.draw(st.sampled_from(counts))
    truth = _facts(parse(text))[at].value
    misread = data.draw(st.integers(0, 999).filter(lambda n: n != truth))
    read = _facts(parse(_doubted(text, at, str(misread), data.draw(st.floats(0.0, DOUBTFUL - 0.01)))))
    # A misread that happens to fit every sum it is in cannot be told; only table 3's and
    # 4's figures are in sums, and a consistent report's sums all hold.
    assert at not in read
    for key, fact in _facts(parse(text)).items():
        if key != at:
            assert read[key].value == fact.value


def test_a_positive_figure_where_a_minus_may_be_lost_is_left_out() -> None:
    # 2019's 本年增/减 may be negative; OCR loses a minus sign more often than any digit, and
    # no sum of the form would tell.
    from gov_disclosure.checks._examples import COMPLETE_2019

    text = COMPLETE_2019.replace("行政事业性收费 18 -3", "行政事业性收费 18 3")
    at = ("active", "fees", "change")
    report = parse(_doubted(text, at, None, 0.99))
    assert at not in _facts(report)
    (p002,) = [f for f in validate(report) if f.code == "P002"]
    assert "负号" in p002.message and p002.expected is None
    # Read with its sign, negative or with a plus, the figure stands.
    for written in ("-3", "+3"):
        sure = parse(
            _doubted(
                COMPLETE_2019.replace("行政事业性收费 18 -3", f"行政事业性收费 18 {written}"), at, None, 0.99
            )
        )
        assert _facts(sure)[at].value == int(written)


def test_what_the_sums_suggest_comes_from_figures_that_stay() -> None:
    # Two figures of one row misread, both doubtful: the row's sum cannot say what either
    # should be (each is in it); the columns' sums can.
    text = COMPLETE_2021.replace("（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 5 1 0 0 0 0 8")
    first = _doubted(text, ("applications", "granted", "total"), None, 0.4)
    second = _doubted(text, ("applications", "granted", "natural_person"), None, 0.4)
    both = PagedText(str(first), (1,), (*second.regions, *first.regions))
    found = {f.column: f for f in validate(parse(both)) if f.code == "P002"}
    assert found["total"].expected == 3 and found["natural_person"].expected == 2


def test_a_batch_result_with_figures_left_out_is_partial() -> None:
    from gov_disclosure.batch import PARTIAL_CODES

    assert {"P001", "P002"} <= PARTIAL_CODES


def test_a_paged_text_pickles_with_its_pages_and_regions() -> None:
    # A worker process or a cache gets the text back as it was read, confidences and all.
    import pickle

    text = PagedText(
        "一、总体情况\n", (1,), (Region(line=1, column=1, end_column=7, page=1, confidence=0.5),)
    )
    back = pickle.loads(pickle.dumps(text))
    assert isinstance(back, PagedText) and back == text
    assert back.page_lines == (1,) and back.regions == text.regions
    assert parse(back).meta.regions == text.regions


def _title_doubted(text: str, confidence: float) -> PagedText:
    """``text`` as OCR would hand it over with its first line (the title) read with
    ``confidence``, every other line sure."""
    title = text.split("\n", 1)[0]
    region = Region(line=1, column=1, end_column=len(title) + 1, page=1, confidence=confidence)
    return PagedText(text, (1,), (region,))


def test_a_doubtful_year_other_lines_confirm_is_kept() -> None:
    report = parse(_title_doubted(COMPLETE_2021, 0.5))
    assert report.meta.year is not None and report.meta.year.value == 2023
    assert not report.unplaced


def test_a_doubtful_year_nothing_confirms_is_left_out() -> None:
    # The title's year misread (2028 for 2023) on a doubtful line; the body says 2023.
    text = COMPLETE_2021.replace("云溪县人民政府2023年", "云溪县人民政府2028年", 1)
    report = parse(_title_doubted(text, 0.5))
    assert report.meta.year is None
    (p002,) = [f for f in validate(report) if f.code == "P002"]
    assert (p002.table, p002.row, p002.line) == ("meta", "year", 1)
    assert "2028" in p002.message and "0.50" in p002.message
    assert ("meta", "year", "value") not in {(f.table, f.row, f.column) for f in facts(report) if f.value}
    # Read sure, the same title's year is the report's (a year the body contradicts is the
    # narrative checks' business, not the reader's).
    assert parse(_title_doubted(text, 0.9)).meta.year is not None
    # Misread as the next year, which the body names too (2024年将…, the date 2024年1月20日):
    # those lines state no report year, and the sure period says 2023.
    text = COMPLETE_2021.replace("云溪县人民政府2023年", "云溪县人民政府2024年", 1)
    assert parse(_title_doubted(text, 0.5)).meta.year is None
