"""Partial reports parse to what is there; nothing is invented."""

from __future__ import annotations

import gov_disclosure
from support import seed_paths


def _seed(prefix: str) -> gov_disclosure.AnnualReport:
    path = next(p for p in seed_paths() if p.name.startswith(prefix))
    return gov_disclosure.parse_file(path)


def test_missing_table_and_truncated_table() -> None:
    report = _seed("002")
    assert report.applications is None
    active = report.active
    assert isinstance(active, gov_disclosure.Active2021)
    assert active.punishment is not None and active.coercion is None and active.fees is None
    assert [p.number for p in report.parts] == [1, 1, 2, 5, 6]


def test_headerless_table4_is_recovered_and_marked() -> None:
    reviews = _seed("002").reviews
    assert reviews is not None and not reviews.header_found
    assert reviews.review is not None and reviews.review.total is not None and reviews.review.total.value == 1
    assert reviews.litigation_after_review is not None
    assert (
        reviews.litigation_after_review.upheld is not None
        and reviews.litigation_after_review.upheld.value == 1
    )


def test_missing_part_is_absent() -> None:
    report = _seed("000")
    assert report.part(6) is None
    assert report.part(5) is not None


def test_report_cut_inside_table3() -> None:
    path = next(p for p in seed_paths() if p.name.startswith("004"))
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("（三）不予公开")]
    report = gov_disclosure.parse(cut)
    apps = report.applications
    assert apps is not None
    assert apps.granted is not None and apps.granted.total is not None and apps.granted.total.value == 2
    assert apps.denied.state_secret is None and apps.total is None and apps.carried_forward is None
    assert report.reviews is None
    assert [p.number for p in report.parts] == [1, 2, 3]
    facts = gov_disclosure.facts(report)
    assert not any(f.row.startswith("denied") for f in facts)


def test_table_without_part_heading_is_kept_with_its_part() -> None:
    report = _seed("002")
    assert report.reviews is not None and report.reviews.part == 2
