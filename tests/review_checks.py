"""What a review page promises, checked on its HTML (a file, or the DOM a browser made of it)."""

from __future__ import annotations

import lxml.html

from gov_disclosure import Finding
from gov_disclosure.rendering import cell_id

__all__ = ["assert_marked", "assert_self_contained"]


def _expected_target(page: lxml.html.HtmlElement, finding: Finding) -> str | None:
    """The most precise element the page has for a finding (as the page promises)."""
    ids = set(page.xpath("//@id"))
    candidates = []
    if finding.table is not None:
        if finding.row is not None and finding.column is not None:
            candidates.append(cell_id(finding.table, finding.row, finding.column))
        if finding.row is not None:
            candidates.append(cell_id(finding.table, finding.row))
        candidates.append(cell_id(finding.table))
    if finding.line is not None:
        candidates.append(f"line-{finding.line}")
    return next((c for c in candidates if c in ids), None)


def assert_marked(text: str, findings: list[Finding]) -> int:
    """Every finding with a place on the page marks it (class, data-finding, title) and the
    list links to it; returns how many were placed."""
    page = lxml.html.fromstring(text)
    placed = 0
    links = set(page.xpath("//table[@id='findings']//a/@href"))
    for finding in findings:
        target = _expected_target(page, finding)
        if target is None:
            continue
        (element,) = page.xpath(f"//*[@id='{target}']")
        assert finding.code in element.get("data-finding", "").split(), (finding, target)
        assert finding.message in element.get("title", "")
        assert element.get("class", "").split()[-1] in ("error", "warning", "info")
        assert f"#{target}" in links
        placed += 1
    rows = page.xpath("//table[@id='findings']/tbody/tr")
    assert len(rows) == len(findings)
    return placed


def assert_self_contained(text: str) -> None:
    page = lxml.html.fromstring(text)
    for attribute in ("src", "href"):
        for value in page.xpath(f"//@{attribute}"):
            assert not value.startswith(("http:", "https:", "//", "ftp:")), value
    assert not page.xpath("//link") and not page.xpath("//script[@src]") and not page.xpath("//iframe")
    assert "@import" not in text and "url(" not in text
