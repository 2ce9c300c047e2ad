"""The review page (issue 16 item 1): every finding marked on what it is about, linked from the
list, nothing loaded from outside; check --format html and batch --review."""

from __future__ import annotations

import json
import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings

from gov_disclosure import (
    RULES,
    AnnualReport,
    Finding,
    GovDisclosureError,
    parse,
    parse_file,
    review_html,
    validate,
)
from gov_disclosure.batch import process_file, run_batch
from gov_disclosure.batch._review import page_name
from gov_disclosure.cli import main
from gov_disclosure.rendering import severity_counts
from gov_disclosure.strategies import reports
from review_checks import assert_marked, assert_self_contained
from support import CORPUS, example_paths, seed_paths


def _texts() -> list[Path]:
    return [*example_paths(), *seed_paths(), *sorted((CORPUS / "external").rglob("*.txt"))]


def _bad_examples() -> list[tuple[str, str]]:
    return [(code, rule.bad[0]) for code, rule in RULES.items() if not rule.cross]


@pytest.mark.parametrize(("code", "text"), _bad_examples(), ids=[c for c, _ in _bad_examples()])
def test_each_rule_finding_is_marked_on_its_cell(code: str, text: str) -> None:
    report = parse(text)
    found = validate(report)
    assert code in {f.code for f in found}
    page = review_html(report, found, source="bad.txt")
    placed = assert_marked(page, found)
    ours = [f for f in found if f.code == code]
    if any(f.table is not None or f.line is not None for f in ours):
        assert placed >= 1
    assert_self_contained(page)


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_real_reports_review_pages(path: Path) -> None:
    report = parse_file(path)
    found = validate(report)
    page = review_html(report, found, source=str(path))
    assert_marked(page, found)
    assert_self_contained(page)
    counts = severity_counts(found)
    assert f"错误 error: {counts['error']}" in page


@settings(max_examples=30)
@given(reports(consistent=False))
def test_a_changed_count_is_marked_where_the_sum_breaks(report: AnnualReport) -> None:
    found = validate(report)
    page = review_html(report, found)
    assert_marked(page, found)
    arithmetic = [f for f in found if f.code.startswith("A") and f.column is not None]
    if arithmetic:
        doc = lxml.html.fromstring(page)
        assert doc.xpath("//td[contains(@data-finding, 'A')]")


def test_check_format_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(RULES["A001"].bad[0], encoding="utf-8")
    assert main(["check", str(bad), "--format", "html"]) == 1  # error-level findings
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and 'data-finding="A001' in out
    assert main(["check", str(bad), str(bad), "--format", "html"]) == 2
    assert "one file" in capsys.readouterr().err
    clean = example_paths()[0]
    assert main(["check", str(clean), "--format", "html"]) == 0


def test_batch_review_writes_a_page_per_report_and_an_index(tmp_path: Path) -> None:
    reports_dir = tmp_path / "in"
    reports_dir.mkdir()
    for path in example_paths()[:3]:
        (reports_dir / path.name).write_bytes(path.read_bytes())
    (reports_dir / "bad.txt").write_text(RULES["A001"].bad[0], encoding="utf-8")
    (reports_dir / "empty.txt").write_bytes(b"")
    review = tmp_path / "review"
    run_batch([reports_dir], tmp_path / "out.jsonl", jobs=2, review=review, progress=False)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    index = lxml.html.fromstring((review / "index.html").read_text(encoding="utf-8"))
    rows = index.xpath("//table[@id='index']/tbody/tr")
    assert len(rows) == len(records) == 5
    for record, row in zip(records, rows, strict=True):
        page = review / page_name(record["file"])
        if record["status"] == "failed":
            assert not page.exists() and not row.xpath(".//a")
            assert record["error"] in row.text_content()
            continue
        assert row.xpath(".//a/@href") == [page.name]
        text = page.read_text(encoding="utf-8")
        result = process_file(record["file"])
        assert_marked(text, list(result.findings))
        errors = sum(f["severity"] == "error" for f in record["findings"])
        assert row.xpath("./td")[4].text_content() == str(errors)
    assert_self_contained((review / "index.html").read_text(encoding="utf-8").split("<script>")[0])
    with pytest.raises(GovDisclosureError, match="inside the input folder"):
        run_batch([reports_dir], tmp_path / "again.jsonl", review=reports_dir / "pages")


def test_a_pdf_finding_names_its_page() -> None:
    import pypdfium2 as pdfium

    path = CORPUS / "external" / "zxj6827111-blip__KIROGOVCOMPARE" / "hzq2024_working.pdf"
    report = parse_file(path)
    pdf = pdfium.PdfDocument(path)
    texts = ["".join(page.get_textpage().get_text_range().split()) for page in pdf]
    pdf.close()
    pages = report.meta.pages
    assert len(pages) == len(texts) and pages[0] == 1 and list(pages) == sorted(set(pages))
    checked = 0
    for part in report.parts:
        for cell in part.paragraphs:
            assert cell.span is not None
            head = "".join(cell.raw.split())[:10]
            page = report.meta.page_of(cell.span.line)
            assert page is not None and head in texts[page - 1], (cell.span.line, head, page)
            checked += 1
    assert checked >= 5
    line = report.parts[-1].paragraphs[-1].span.line  # type: ignore[union-attr]
    finding = Finding(code="Z001", severity="warning", message="最后一段", line=line)
    page_html = review_html(report, [finding], source=str(path))
    assert f"第{report.meta.page_of(line)}页 page {report.meta.page_of(line)}" in page_html
    # A text report has no pages.
    assert parse_file(example_paths()[0]).meta.pages == ()


def test_odd_names_stale_pages_and_a_review_folder_behind_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(bytes(folder) + b"/bad\xff.txt")
    Path(odd).write_bytes(example_paths()[0].read_bytes())
    (folder / "good.txt").write_bytes(example_paths()[1].read_bytes())
    review = tmp_path / "review"
    run_batch([folder], tmp_path / "out.jsonl", jobs=1, review=review, progress=False)
    pages = sorted(p.name for p in review.iterdir())
    assert len(pages) == 3 and "index.html" in pages
    index = (review / "index.html").read_text(encoding="utf-8")
    assert "bad\\xff.txt" in index
    # The good file is cut to nothing: its row says failed, with no link to last run's page.
    (folder / "good.txt").write_bytes(b"")
    run_batch([folder], tmp_path / "out2.jsonl", jobs=1, review=review, progress=False)
    doc = lxml.html.fromstring((review / "index.html").read_text(encoding="utf-8"))
    row = next(r for r in doc.xpath("//table[@id='index']/tbody/tr") if "good.txt" in r.text_content())
    assert "failed" in row.text_content() and not row.xpath(".//a")
    # A review folder inside an input folder is refused however the folder is named.
    link = tmp_path / "link"
    link.symlink_to(folder)
    with pytest.raises(GovDisclosureError, match="inside the input folder"):
        run_batch([link], tmp_path / "out3.jsonl", review=folder / "pages")
