"""Scanned reports (图片版): a real report's pages rasterised into an image-only PDF and read
back through OCR, against the golden facts read off its pages by hand.

The fuller measurement (every corpus PDF and rendered example, with noise and a degree of
rotation) takes minutes of CPU a report: it is ``python bench/ocr.py``, by hand.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

import gov_disclosure
from gov_disclosure.errors import DecodeError, MissingDependencyError
from gov_disclosure.readers import _ocr
from gov_disclosure.readers.pdf import pdf_to_text
from support import GOLDEN, corpus_dir, read_golden_facts

REPORT = "external/zxj6827111-blip__KIROGOVCOMPARE/hzq2024_working.pdf"
GOLDEN_FACTS = GOLDEN / "facts" / "external" / "hzq2024_working.jsonl"


def scanned(path: Path, pages: list[int] | None = None, *, turn: float = 0.0, noise: float = 0.0) -> bytes:
    """The PDF's pages as a scan would give them: images at 150 dpi, no text layer; turned by
    ``turn`` degrees and with grey noise of that spread where asked."""
    pdf = pdfium.PdfDocument(path)
    images = []
    for number in pages if pages is not None else range(len(pdf)):
        image = pdf[number].render(scale=_ocr.DPI / 72).to_pil().convert("RGB")
        if noise:
            pixels = np.asarray(image).astype(np.int16)
            pixels += np.random.default_rng(7).normal(0, noise, pixels.shape).astype(np.int16)
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        if turn:
            image = image.rotate(turn, expand=True, fillcolor=(255, 255, 255))
        images.append(image)
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=_ocr.DPI)
    return out.getvalue()


def _truth() -> dict[tuple[str, str, str], object]:
    return {
        (str(f["table"]), str(f["row"]), str(f["column"])): f["value"]
        for f in read_golden_facts(GOLDEN_FACTS)
        if f["table"] != "meta"
    }


def _read(data: bytes) -> tuple[gov_disclosure.AnnualReport, dict[tuple[str, str, str], object]]:
    report = gov_disclosure.parse_bytes(data)
    return report, {(f.table, f.row, f.column): f.value for f in gov_disclosure.facts(report)}


def _never_silently_wrong(
    report: gov_disclosure.AnnualReport,
    truth: dict[tuple[str, str, str], object],
    got: dict[tuple[str, str, str], object],
) -> int:
    """How many facts are right; every wrong one stands in a table an A or S finding is about."""
    flagged = {f.table for f in gov_disclosure.validate(report) if f.code[0] in "AS"}
    right = 0
    for key, value in truth.items():
        if got.get(key) == value:
            right += 1
        elif got.get(key) is not None:
            assert key[0] in flagged, (key, value, got[key])
    return right


def test_a_scanned_report_reads_through_ocr_and_flags_what_it_misreads() -> None:
    report, got = _read(scanned(corpus_dir() / REPORT))
    truth = _truth()
    right = _never_silently_wrong(report, truth, got)
    # Measured: all 186 table facts right (a lone 6 or 9 is read again upright, a blank
    # cell's figure cut out of its speckle).
    assert right >= 0.97 * len(truth), (right, len(truth))
    assert len(report.meta.pages) == 5
    confidences = [r.confidence for r in report.meta.regions]
    assert confidences and all(c is not None and 0.0 <= c <= 1.0 for c in confidences)
    assert all(r.page is not None and r.box is not None for r in report.meta.regions)


def _page_truth(pages: list[int]) -> dict[tuple[str, str, str], object]:
    """The table facts of those pages' text layer (the golden facts hold for the whole)."""
    whole = pdfium.PdfDocument(corpus_dir() / REPORT)
    part = pdfium.PdfDocument.new()
    part.import_pages(whole, pages)
    out = io.BytesIO()
    part.save(out)
    report = gov_disclosure.parse_bytes(out.getvalue())
    return {(f.table, f.row, f.column): f.value for f in gov_disclosure.facts(report) if f.table != "meta"}


def test_a_page_scanned_askew_and_noisy_still_reads() -> None:
    # Page 3 holds the end of table 2 and most of table 3; scanned a degree askew, with noise.
    report, got = _read(scanned(corpus_dir() / REPORT, [2], turn=1.0, noise=12.0))
    truth = _page_truth([2])
    right = _never_silently_wrong(report, truth, got)
    # Measured: 91 of the page's 94 table facts right, none wrong.
    assert right >= 0.92 * len(truth) and len(truth) > 80, (right, len(truth))


def test_a_page_lying_on_its_side_is_turned_upright() -> None:
    report, got = _read(scanned(corpus_dir() / REPORT, [2], turn=90.0))
    truth = _page_truth([2])
    # Measured: 76 of 94 right (the page read turned a quarter round, then straightened).
    assert _never_silently_wrong(report, truth, got) >= 0.78 * len(truth)


def test_a_report_published_as_images_reads_through_ocr() -> None:
    # Pages 3 and 4 (tables 2 to 4) as one two-page TIFF scanned at 300 dpi, which the reader
    # brings down to the recogniser's 150.
    pdf = pdfium.PdfDocument(corpus_dir() / REPORT)
    frames = [pdf[n].render(scale=300 / 72).to_pil().convert("L") for n in (2, 3)]
    pdf.close()
    out = io.BytesIO()
    frames[0].save(
        out, "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300), compression="tiff_lzw"
    )
    report, got = _read(out.getvalue())
    truth = _page_truth([2, 3])
    right = _never_silently_wrong(report, truth, got)
    assert len(report.meta.pages) == 2
    assert {r.page for r in report.meta.regions} == {1, 2}
    # Measured: 169 of 179 right, none wrong.
    assert right >= 0.9 * len(truth) and len(truth) > 150, (right, len(truth))


def test_a_straightened_rule_wandering_between_two_rows_of_pixels_is_one_rule() -> None:
    # What is left of a skew after straightening: a rule that steps down a row every 60
    # pixels, each step's run shorter than a rule, the two rows overlapping a little.
    grey = np.full((40, 600), 255, dtype=np.uint8)
    for step in range(10):
        grey[20 + step % 2, step * 60 : step * 60 + 62] = 90
    scale = 72.0 / _ocr.DPI
    as_scanned = [s for s in _ocr._rules(grey, scale) if s[1] == s[3]]
    straightened = [s for s in _ocr._rules(grey, scale, straightened=True) if s[1] == s[3]]
    assert max(s[2] - s[0] for s in straightened) >= 590 * scale
    assert max(s[2] - s[0] for s in as_scanned) < 100 * scale


def test_image_frames_of_every_mode_are_read_on_white() -> None:
    from gov_disclosure.readers.image import _at_dpi, _on_white

    deep = Image.fromarray(np.full((20, 30), 40_000, dtype=np.uint16))  # I;16, light grey
    deep.putpixel((5, 5), 1_000)
    grey = np.asarray(_on_white(deep).convert("L"))
    assert grey[0, 0] > 200 and grey[5, 5] < 20  # scaled, not clipped to white
    clear = Image.new("RGBA", (30, 20), (0, 0, 0, 0))
    assert np.asarray(_on_white(clear)).min() == 255  # transparent is paper, not ink
    page = Image.new("RGB", (300, 400), "white")
    for dpi in (None, (0, 0), (float("nan"), 300), (72, 72), (1e6, 1e6), "300"):
        assert _at_dpi(page, dpi).size == page.size, dpi
    assert _at_dpi(page, (300, 300)).size == (150, 200)


def test_what_is_left_of_a_ruling_line_in_a_cell_is_whited_out() -> None:
    # A straightened page's rule wandering inside a cell's inset: a column of ink at the left
    # edge, half of its neighbour, and a figure in the middle that must stay as it is.
    cell = np.full((30, 60), 255, dtype=np.uint8)
    cell[:, 1] = 40
    cell[::2, 2] = 150
    cell[10:20, 28:32] = 30  # the figure
    clean = _ocr._unruled(cell)
    assert clean[:, :4].min() == 255
    assert (clean[10:20, 28:32] == 30).all()
    assert (_ocr._unruled(np.full((30, 60), 255, dtype=np.uint8)) == 255).all()
    # A tall 1 near the edge of a short cell is a figure, not a rule: it stays.
    short = np.full((22, 60), 255, dtype=np.uint8)
    short[2:19, 3] = 30
    assert (_ocr._unruled(short)[2:19, 3] == 30).all()


def test_a_ruling_lines_fringe_is_whited_out_with_it() -> None:
    # A cell of a straightened page: its rules stand whole a pixel inside the box (top, bottom,
    # left), and the left rule's anti-aliased fringe reaches just inside the inset the cell is
    # read at, where it would read as a 1 beside the figure. The rules are found in the wider
    # crop, so the fringe goes with them; the figure stays. Between horizontal rules, a stroke
    # near the edge as tall as the rows left is a rule, one shorter a figure's.
    page = np.full((60, 200), 255, dtype=np.uint8)
    box = (72.0 * 20 / _ocr.DPI, 72.0 * 10 / _ocr.DPI, 72.0 * 120 / _ocr.DPI, 72.0 * 44 / _ocr.DPI)
    page[11:13, 21:119] = 20  # top rule
    page[41:43, 21:119] = 20  # bottom rule
    page[11:43, 21:23] = 20  # left rule
    page[11:27, 23:25] = 90  # its fringe, over half its length, across the inset's edge (x = 24)
    page[20:32, 68:71] = 30  # the figure
    cell = _ocr._inner(page, box, 72.0 / _ocr.DPI)
    assert cell.shape == (34 - 2 * _ocr._INSET, 100 - 2 * _ocr._INSET)
    assert cell[:, :6].min() == 255  # rule and fringe gone
    # Cut to the inset first, the fringe stands alone, too short for a rule, and stays.
    assert _ocr._unruled(page[14:40, 24:116])[:, 0].min() == 90
    assert (cell[20 - 10 - _ocr._INSET : 32 - 10 - _ocr._INSET, 68 - 20 - _ocr._INSET] == 30).all()
    assert (_ocr._inner(page, (0.0, 0.0, 2.0, 2.0), 72.0 / _ocr.DPI)).size == 0  # too small a box


def test_cells_read_again_on_their_own() -> None:
    from gov_disclosure.readers._pdf_layout import Line, Piece

    def box(k: int) -> tuple[float, float, float, float]:
        return (100.0 + 30 * k, 100.0, 128.0 + 30 * k, 115.0)

    cells = ["行政处罚", "D", "12", "0", "7", ""]
    text = "\t".join(cells)
    pieces, at = [], 0
    for k, cell in enumerate(cells):
        pieces.append(Piece(at, at + len(cell), box(k)))
        at += len(cell) + 1
    chars = [(*box(k), cell) for k, cell in enumerate(cells) if cell]
    confidence = {"行政处罚": 0.99, "D": 0.9, "12": 0.95, "0": 0.6, "7": 0.99}
    grey = np.full((300, 400), 255, dtype=np.uint8)
    placed = [chars[2]]  # "12" placed by its share of a line with no character boxes
    again = _ocr._again(
        [Line(text, tuple(pieces))], chars, grey, 72 / _ocr.DPI, placed, list(confidence.values())
    )
    assert [(b[0], seen, placed_only) for b, seen, _, placed_only in again] == [
        (130.0, "D", False),  # a letter where a figure stands
        (160.0, "12", True),  # a figure placed by position
        (190.0, "0", False),  # a figure the page read unsure of
        (250.0, "", False),  # a blank cell
    ]


def _blank_page() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(out, "PDF", resolution=_ocr.DPI)
    return out.getvalue()


def test_a_scan_without_text_says_so() -> None:
    with pytest.raises(DecodeError, match="OCR found no text"):
        pdf_to_text(_blank_page())


def test_without_the_ocr_extra_a_scan_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ocr, "available", lambda: False)
    with pytest.raises(MissingDependencyError, match=r"pip install 'gov-disclosure\[ocr\]'"):
        pdf_to_text(_blank_page())
