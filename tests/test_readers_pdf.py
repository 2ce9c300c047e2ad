"""The PDF reader on the real text-layer PDFs of the corpus, and on damaged or hostile PDFs."""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import gov_disclosure
from gov_disclosure.errors import BudgetError, DecodeError, GovDisclosureError, MissingDependencyError
from gov_disclosure.readers import read_bytes, sniff
from gov_disclosure.readers.pdf import MAX_PAGES, pdf_to_text
from support import GOLDEN, corpus_dir, example_paths, read_golden_facts

EXTERNAL_PDFS = {
    # Golden facts read off the rendered pages, cell by cell.
    "szfgs2024": "external/zxj6827111-blip__govnianbao/szfgs2024.pdf",
    "hzq2023_working": "external/zxj6827111-blip__KIROGOVCOMPARE/hzq2023_working.pdf",
    "hzq2024_working": "external/zxj6827111-blip__KIROGOVCOMPARE/hzq2024_working.pdf",
}
COMPARISON = "external/zxj6827111-blip__KIROGOVCOMPARE/比对报告_宿迁市_2023vs2024-19.pdf"


def _facts(report: gov_disclosure.AnnualReport) -> list[dict[str, object]]:
    return [dict(fact.as_dict()) for fact in gov_disclosure.facts(report)]


@pytest.mark.parametrize("name", sorted(EXTERNAL_PDFS))
def test_external_pdf_facts(name: str) -> None:
    path = corpus_dir() / EXTERNAL_PDFS[name]
    assert sniff(path.read_bytes()) == "pdf"
    got = _facts(gov_disclosure.parse_file(path))
    expected = read_golden_facts(GOLDEN / "facts" / "external" / f"{name}.jsonl")
    assert got == expected


def test_table_split_across_pages_keeps_its_rows() -> None:
    # 淮安市 2024: table 3 breaks after （四）无 / 本机关不掌握; the rest (法提供 / 没有现成信息 …)
    # is on the next page, under a page number.
    report = gov_disclosure.parse(read_bytes((corpus_dir() / EXTERNAL_PDFS["szfgs2024"]).read_bytes()))
    values = {(f.row, f.column): f.value for f in gov_disclosure.facts(report) if f.table == "applications"}
    assert values["unavailable.not_held", "total"] == 769
    assert values["unavailable.needs_creation", "total"] == 11
    assert values["unavailable.still_unclear", "total"] == 1
    assert values["total", "total"] == 3050


def test_comparison_pdf_is_read_without_crashing() -> None:
    # Not an annual report but a tool's side-by-side comparison of two: it reads as text and
    # parses to something the checks can complain about; it must never crash the reader.
    text = read_bytes((corpus_dir() / COMPARISON).read_bytes())
    assert "宿迁" in text
    report = gov_disclosure.parse(text)
    assert gov_disclosure.validate(report)


def _pdf(draw: Callable[[canvas.Canvas], None] | None = None, pages: int = 1, **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, **kwargs)
    for _ in range(pages):
        if draw is not None:
            draw(pdf)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _box(pdf: canvas.Canvas) -> None:
    pdf.rect(100, 100, 200, 200, fill=1)


def _words(pdf: canvas.Canvas) -> None:
    pdf.drawString(100, 700, "Hello")


def test_scanned_pdf_says_it_has_no_text_layer() -> None:
    with pytest.raises(DecodeError, match="no text layer"):
        pdf_to_text(_pdf(_box))


def test_too_many_pages_are_refused_quickly() -> None:
    data = _pdf(_words, pages=MAX_PAGES + 1)
    start = time.process_time()
    with pytest.raises(BudgetError, match=r"301 pages.*\(MAX_PAGES\)"):
        pdf_to_text(data)
    assert time.process_time() - start < 1  # from the count the page tree states: no page read


def test_encrypted_pdf_is_one_line_error() -> None:
    data = _pdf(_words, encrypt="secret")
    with pytest.raises(DecodeError, match="protected by a password") as info:
        pdf_to_text(data)
    assert "\n" not in str(info.value)


def test_pdf_without_a_report_is_not_a_report() -> None:
    with pytest.raises(GovDisclosureError, match="no annual-report structure"):
        gov_disclosure.parse(pdf_to_text(_pdf(_words)))


@pytest.mark.parametrize("data", [b"%PDF-1.4\n", b"%PDF-1.7\n%%EOF\n", b"%PDF-" + bytes(range(256)) * 8])
def test_damaged_pdf_is_one_line_error(data: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        read_bytes(data)
    assert "\n" not in str(info.value)


def test_pdf_cut_at_many_points() -> None:
    data = (corpus_dir() / EXTERNAL_PDFS["hzq2024_working"]).read_bytes()
    for end in range(0, len(data), len(data) // 23):
        try:
            text = read_bytes(data[:end]) if data[:end] else ""
        except GovDisclosureError as exc:
            assert "\n" not in str(exc)
            continue
        if text.strip():
            with contextlib.suppress(GovDisclosureError):
                gov_disclosure.parse(text)


def test_missing_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'gov-disclosure\[pdf\]'"):
        pdf_to_text(_pdf(_words))


_SMALL = _pdf(_words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_SMALL) - 1), st.integers(0, 255)), max_size=8))
def test_mutated_pdf_never_escapes(edits: list[tuple[int, int]]) -> None:
    data = bytearray(_SMALL)
    for index, byte in edits:
        data[index] = byte
    start = time.process_time()
    try:
        read_bytes(bytes(data), format="pdf")
    except GovDisclosureError as exc:
        assert "\n" not in str(exc)
    assert time.process_time() - start < 10


def test_pdf_reader_output_is_the_grammar_input(tmp_path: Path) -> None:
    # The reader's output is plain text that parse() reads like any other layout.
    path = corpus_dir() / EXTERNAL_PDFS["hzq2023_working"]
    text = read_bytes(path.read_bytes())
    target = tmp_path / "hzq2023.txt"
    target.write_text(text, encoding="utf-8")
    assert _facts(gov_disclosure.parse_file(target)) == _facts(gov_disclosure.parse(text))


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("szfgs2024", []),
        # A 2021 report with the 2019 single （六）其他处理 row; the 2023 report's table 4 totals
        # are 0 beside results that sum to 11 and 5 (the report's own error, read off the page).
        ("hzq2023_working", ["T001", "A004", "A004"]),
        ("hzq2024_working", ["T001"]),
    ],
)
def test_external_pdf_findings(name: str, codes: list[str]) -> None:
    # Part 2's heading is drawn as the first row of table 2's ruled box in the 洪泽区 PDFs: it
    # must still open part 2 (no S001).
    report = gov_disclosure.parse_file(corpus_dir() / EXTERNAL_PDFS[name])
    assert [part.number for part in report.parts] == [1, 2, 3, 4, 5, 6]
    assert [finding.code for finding in gov_disclosure.validate(report)] == codes


def _text_in(path: Path, region: gov_disclosure.Region) -> str:
    """PDFium's own text inside a region's box (points from the top-left corner of the page as
    shown), white space removed: a reading independent of our layout."""
    import pypdfium2 as pdfium

    assert region.page is not None and region.box is not None, region
    box = region.box
    pdf = pdfium.PdfDocument(path)
    try:
        sheet = pdf[region.page - 1]
        assert sheet.get_rotation() == 0
        left, _, _, top = sheet.get_mediabox()
        x0, y0, x1, y1 = box
        text = sheet.get_textpage().get_text_bounded(left + x0 - 1, top - y1 - 1, left + x1 + 1, top - y0 + 1)
        return "".join(text.split())
    finally:
        pdf.close()


@pytest.mark.parametrize("name", sorted(EXTERNAL_PDFS))
def test_every_value_and_finding_of_a_pdf_names_its_page_and_box(name: str) -> None:
    path = corpus_dir() / EXTERNAL_PDFS[name]
    report = gov_disclosure.parse_file(path)
    checked = 0
    for fact in gov_disclosure.facts(report):
        if fact.table == "meta" or fact.span is None:
            continue
        region = report.meta.region_of(fact.span.line, fact.span.column)
        assert region is not None, fact
        assert region.page == report.meta.page_of(fact.span.line)
        cell = report.cell(fact.table, fact.row, fact.column)
        assert cell is not None
        assert "".join(cell.raw.split()) in _text_in(path, region), (fact, region)
        checked += 1
    assert checked >= 150
    _findings_are_located(path, report)


def _findings_are_located(path: Path, report: gov_disclosure.AnnualReport) -> int:
    """Every finding with a line names its line's page, and one about a cell the cell's box."""
    cells = 0
    for finding in gov_disclosure.validate(report):
        if finding.line is None:
            continue
        region = report.region_of(finding)
        assert region is not None and region.page == report.meta.page_of(finding.line), finding
        if finding.table and finding.row and finding.column:
            cell = report.cell(finding.table, finding.row, finding.column)
            if cell is not None and cell.raw.strip():
                assert "".join(cell.raw.split()) in _text_in(path, region), finding
                cells += 1
    return cells


def test_a_wrong_sum_in_a_pdf_points_at_its_cell(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from writers import pdf_bytes

    text = example_paths()[0].read_text(encoding="utf-8")
    cell = gov_disclosure.parse(text).cell("applications", "new_received", "natural_person")
    assert cell is not None and cell.span is not None and isinstance(cell.value, int)
    wrong = text[: cell.span.start] + str(cell.value + 7) + text[cell.span.end :]
    path = tmp_path / "wrong.pdf"
    path.write_bytes(pdf_bytes(gov_disclosure.parse(wrong)))
    report = gov_disclosure.parse_file(path)
    assert any(f.code.startswith("A") for f in gov_disclosure.validate(report))
    assert _findings_are_located(path, report) >= 1


def test_check_json_gives_a_pdf_finding_its_page_and_box(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from gov_disclosure.cli import main

    path = corpus_dir() / EXTERNAL_PDFS["hzq2024_working"]
    main(["check", "--format", "json", str(path)])
    records = json.loads(capsys.readouterr().out)
    assert records and all(r["page"] is not None and len(r["box"]) == 4 for r in records if r["line"])
    first = records[0]
    assert first["page"] >= 1 and first["box"][0] < first["box"][2] and first["box"][1] < first["box"][3]


def _landscape_table(pdf: canvas.Canvas) -> None:
    pdf.setFont("STSong-Light", 10)
    pdf.drawString(60, 540, "二、主动公开政府信息情况")
    xs, ys = [50, 250, 350, 450], [500, 480, 460]
    for y in ys:
        pdf.line(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])
    for i, row in enumerate([["信息内容", "本年制发件数", "本年废止件数"], ["规章", "3", "1"]]):
        for j, text in enumerate(row):
            pdf.drawString(xs[j] + 3, ys[i] - 14, text)


def test_a_page_turned_by_its_rotate_entry_reads_as_shown() -> None:
    # A landscape table is often a portrait page with /Rotate 90 and its content drawn turned
    # the other way: it must read as the upright page it shows, table and all.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    upright = io.BytesIO()
    pdf = canvas.Canvas(upright, pagesize=(842, 595))
    _landscape_table(pdf)
    pdf.showPage()
    pdf.save()
    turned = io.BytesIO()
    pdf = canvas.Canvas(turned, pagesize=(595, 842))
    pdf.setPageRotation(90)
    pdf.rotate(90)
    pdf.translate(0, -595)
    _landscape_table(pdf)
    pdf.showPage()
    pdf.save()
    expected = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\n规章\t3\t1\n"
    assert str(pdf_to_text(upright.getvalue())) == expected
    assert str(pdf_to_text(turned.getvalue())) == expected
