"""PDF with a text layer: tables from the page geometry, prose from the characters around them.

PDFium (pypdfium2) gives each character with its box and each path's segments; the layout
(`gov_disclosure.readers._pdf_layout`) finds the tables from their ruling lines and gives
their cells as a grid, so every number stays in its column even where the flat text of the
page (``pdftotext`` without ``-layout``) scrambles the order. The characters outside every
table become prose lines; tables and prose lines are put back in reading order, page by page.

A table cut by a page break comes out as two tables, the second starting with the rest of a
wrapped label ("（四）无" … "法提供"); the grammar reads the rows on either side of the break as
one table. Page numbers ("- 4 -") are prose lines the front end drops.

Before PDFium draws a page, pdfminer measures it (`_pdf_budget.Meter`): PDFium inflates every
stream whole and follows Form XObjects as often as they are drawn, so a small hostile file
would take it gigabytes or forever. pdfminer only parses the file's objects for that; it
draws nothing.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import math
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from gov_disclosure.errors import (
    DecodeError,
    beyond_budget,
    describe,
    missing_extra,
    over_budget,
)
from gov_disclosure.limits import MAX_PAGES
from gov_disclosure.readers import PagedText
from gov_disclosure.readers import _ocr as ocr
from gov_disclosure.readers._pdf_budget import Meter
from gov_disclosure.readers._pdf_layout import Char, Line, Segment, page_lines
from gov_disclosure.readers._pdf_scan import quick_scan
from gov_disclosure.span import Box, Region

__all__ = ["MAX_PAGES", "paged_text", "pdf_lines", "pdf_to_text"]

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# PDFium's error code for a wrong or missing password.
_PASSWORD = 4


def pdf_to_text(data: bytes) -> PagedText:
    """The grammar's input text for a PDF's bytes, with the line each page begins on and
    where each table cell and prose line stands on its page (`Region`).

    Raises `DecodeError` for a damaged or password-protected PDF and one with no text layer
    (a scanned document, which needs OCR first); `BudgetError` for one over a budget of
    `gov_disclosure.limits` (pages, inflated streams, drawing operations, Form XObject
    nesting), measured before PDFium works on each page.
    """
    return paged_text(pdf_lines(data))


def paged_text(pages: list[list[Line]]) -> PagedText:
    """The text of pages of lines, with the line each page begins on and each piece's
    `Region` (page, box, OCR confidence)."""
    lines = [line.text for page in pages for line in page]
    starts = tuple(itertools.accumulate((len(page) for page in pages[:-1]), initial=1))
    regions = tuple(
        Region(
            line=number,
            column=piece.start + 1,
            end_column=piece.end + 1,
            page=page_number,
            box=_rounded(piece.box),
            # Rounded down: a confidence just under `DOUBTFUL` must not round up to it.
            confidence=None if piece.confidence is None else math.floor(piece.confidence * 1000) / 1000,
        )
        for page_number, (first, page) in enumerate(zip(starts, pages, strict=True), start=1)
        for number, line in enumerate(page, start=first)
        for piece in line.pieces
    )
    return PagedText("\n".join(lines) + "\n", starts, regions)


def _rounded(box: Box) -> Box:
    # A hundredth of a point is far finer than any print; the JSON stays short and stable.
    x0, top, x1, bottom = box
    return (round(float(x0), 2), round(float(top), 2), round(float(x1), 2), round(float(bottom), 2))


def pdf_lines(data: bytes) -> list[list[Line]]:
    """Each page's lines of text, with the boxes they came from (see `pdf_to_text`)."""
    try:
        import pypdfium2 as pdfium
        from pypdfium2 import raw
    except ImportError as exc:
        raise missing_extra("PDF files", "pypdfium2", "pdf") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == _PASSWORD:
            raise DecodeError("the PDF is protected by a password; it cannot be read without it") from exc
        raise DecodeError(f"the PDF cannot be read: {describe(exc)}") from exc
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise over_budget("pages", count, "MAX_PAGES", MAX_PAGES)
        if count == 0:
            raise DecodeError("the PDF has no pages (its page tree or cross-reference table is damaged)")
        measured = _measured_pages(data)
        pages: list[list[Line]] = []
        chars = 0
        for number in range(count):
            next(measured, None)  # measure page `number` before PDFium draws it
            page = raw.FPDF_LoadPage(pdf.raw, number)
            if not page:
                raise DecodeError(f"page {number + 1} of the PDF cannot be read")
            try:
                found, segments = _page_objects(raw, page)
                chars += len(found)
                if found or not ocr.available():
                    pages.append(page_lines(found, segments))
                else:
                    # No text layer: a scanned page (图片版), read by OCR.
                    lines = ocr.recognise(pdf[number].render(scale=ocr.DPI / 72).to_pil())
                    chars += sum(len(line.text) for line in lines)
                    pages.append(lines)
            finally:
                raw.FPDF_ClosePage(page)
        measured.close()
    finally:
        pdf.close()
    if chars == 0 and not ocr.available():
        raise missing_extra("scanned PDFs (no text layer: read by OCR)", "rapidocr-onnxruntime", "ocr")
    if chars == 0:
        raise DecodeError("the PDF has no text layer, and OCR found no text on its pages")
    return pages


def _measured_pages(data: bytes) -> Generator[None, None, None]:
    """Measure the PDF's pages one at a time (`Meter`), as PDFium is about to draw each; or
    the whole file at once, where the quick scan can (most files: see `_pdf_scan`)."""
    scan = quick_scan(data)
    if scan == "all":
        return
    with _quiet_pdfminer():
        try:
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfparser import PDFParser
        except ImportError as exc:
            raise missing_extra("PDF files", "pdfminer.six", "pdf") from exc
        try:
            doc = PDFDocument(PDFParser(BytesIO(data)))
        except Exception as exc:  # pdfminer raises a dozen unrelated types on damaged files
            raise _unreadable(exc) from exc
        meter = Meter(streams_measured=scan == "streams")
        for page in _pages(doc):
            meter.page(page)
            yield


def _page_objects(raw: Any, page: Any) -> tuple[list[Char], list[Segment]]:
    """A page's characters and ruling segments, in display coordinates (see `_pdf_layout`)."""
    place = _Placement(raw, page)
    text = raw.FPDFText_LoadPage(page)
    chars = _chars(raw, text, place) if text else []
    segments: list[Segment] = []
    for k in range(raw.FPDFPage_CountObjects(page)):
        _segments(raw, raw.FPDFPage_GetObject(page, k), _IDENTITY, place, segments, 0)
    return chars, segments


_BREAKS = frozenset(" \r\n")
# A line's box around the baseline, in ems (pdfminer's, for a CJK font's usual descent).
_ASCENT, _DESCENT = 0.88, 0.12


def _chars(raw: Any, text: Any, place: _Placement) -> list[Char]:
    """The page's characters with their boxes, in display coordinates.

    A character's box runs across its advance (PDFium's loose box) and from its baseline up
    by its size: the baseline and size come from the text matrix, so that characters of one
    line share a top whatever their fonts' ascents, as pdfminer (the reader before this one)
    had them. Three kinds of font would otherwise go wrong:

    * a glyph in vertical writing gets a loose box the size of the font's whole extent: its
      own (ink) box is where it stands;
    * a font whose font matrix is broken puts its glyphs far from the text matrix (off the
      page, or lines away): the text matrix's origin and size are used across as well;
    * a font without ascent and descent gets its glyph's ink as its loose box ("一" a thin
      bar above the baseline): harmless here, since only the loose box's width is used.
    """
    out: list[Char] = []
    try:
        count = raw.FPDFText_CountChars(text)
        codes = _codes(raw, text, count)
        loose, matrix, size_of, generated = (
            raw.FPDFText_GetLooseCharBox,
            raw.FPDFText_GetMatrix,
            raw.FPDFText_GetFontSize,
            raw.FPDFText_IsGenerated,
        )
        box = raw.FS_RECTF()
        m = raw.FS_MATRIX()
        for i, char in enumerate(codes):
            if char in _BREAKS and generated(text, i) == 1:
                continue  # a space or line break PDFium put in, not the page's own
            loose(text, i, box)
            x0, y0, x1, y1 = box.left, box.top, box.right, box.bottom
            if x1 - x0 > _HUGE or y0 - y1 > _HUGE:
                x0, y0, x1, y1 = _ink(raw, text, i)
            else:
                matrix(text, i, m)
                if abs(m.b) < _TURNED and abs(m.c) < _TURNED:
                    size = size_of(text, i)
                    high = size * abs(m.d)
                    if abs(y1 - m.f) > 2 * max(y0 - y1, _LINE):
                        # The glyph stands lines away from its text matrix: a broken font.
                        x0, x1 = m.e, m.e + size * abs(m.a)
                    y0, y1 = m.f + _ASCENT * high, m.f - _DESCENT * high
            out.append((x0, y0, x1, y1, char))
    finally:
        raw.FPDFText_ClosePage(text)
    return place.chars(out)


def _ink(raw: Any, text: Any, i: int) -> tuple[float, float, float, float]:
    """Character ``i``'s ink box (left, top, right, bottom in PDF coordinates)."""
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(text, i, left, right, low, high)
    return left.value, high.value, right.value, low.value


def _codes(raw: Any, text: Any, count: int) -> str:
    """The text page's characters, one per index (PDFium's own spaces and breaks included)."""
    buffer = ctypes.create_string_buffer(2 * count + 2)
    raw.FPDFText_GetText(text, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    codes = buffer.raw[: 2 * count].decode("utf-16-le", "replace")
    if len(codes) == count:
        return codes
    # A character beyond the BMP takes two UTF-16 units: read them one by one instead.
    return "".join(
        chr(code) if 0 < code < 0x110000 else "\ufffd"
        for code in (raw.FPDFText_GetUnicode(text, i) for i in range(count))
    )


# A character's box wider or taller than this (points) is not its own: no report prints a
# character two-thirds of an inch high.
_HUGE = 48.0
_LINE = 3.0  # points: the least height a line's box is taken to have
_TURNED = 1e-6  # a text matrix whose b or c is larger turns the text (PDFium's box stands)


class _Placement:
    """The map from a page's PDF coordinates to display ones (points from the top-left, y
    down), as the page is shown (its /Rotate, clockwise)."""

    def __init__(self, raw: Any, page: Any) -> None:
        left, bottom = ctypes.c_float(), ctypes.c_float()
        right, top = ctypes.c_float(), ctypes.c_float()
        if not raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            left.value, bottom.value = 0.0, 0.0
            right.value, top.value = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
        self.x_min, self.y_min = min(left.value, right.value), min(bottom.value, top.value)
        self.x_max, self.y_max = max(left.value, right.value), max(bottom.value, top.value)
        self.turns = raw.FPDFPage_GetRotation(page) % 4

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """The display box (x0, top, x1, bottom) of the box with corners (x0, y0), (x1, y1)."""
        if self.turns == 0:
            xs, ys = (x0 - self.x_min, x1 - self.x_min), (self.y_max - y0, self.y_max - y1)
        elif self.turns == 1:
            xs, ys = (y0 - self.y_min, y1 - self.y_min), (x0 - self.x_min, x1 - self.x_min)
        elif self.turns == 2:
            xs, ys = (self.x_max - x0, self.x_max - x1), (y0 - self.y_min, y1 - self.y_min)
        else:
            xs, ys = (self.y_max - y0, self.y_max - y1), (self.x_max - x0, self.x_max - x1)
        return min(xs), min(ys), max(xs), max(ys)

    def chars(self, chars: list[Char]) -> list[Char]:
        """Characters whose boxes are (left, top, right, bottom) in PDF coordinates, placed."""
        if self.turns == 0:  # the common case, without a call per character
            x_min, y_max = self.x_min, self.y_max
            return [(x0 - x_min, y_max - y0, x1 - x_min, y_max - y1, c) for x0, y0, x1, y1, c in chars]
        return [(*self.box(x0, y0, x1, y1), c) for x0, y0, x1, y1, c in chars]


# Form XObjects inside each other deeper than this are not followed for ruling lines (the
# meter has refused deeper nesting than `MAX_XOBJECT_DEPTH` before PDFium sees the page).
_FORM_DEPTH = 16


def _segments(raw: Any, obj: Any, outer: _Matrix, place: _Placement, out: list[Segment], depth: int) -> None:
    """The straight segments of a painted path (or of the paths inside a Form XObject)."""
    kind = raw.FPDFPageObj_GetType(obj)
    if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
        return
    if kind == raw.FPDF_PAGEOBJ_PATH and depth == 0 and _plain(raw, obj, place, out):
        return
    m = raw.FS_MATRIX()
    own = (m.a, m.b, m.c, m.d, m.e, m.f) if raw.FPDFPageObj_GetMatrix(obj, m) else _IDENTITY
    matrix = _compose(own, outer)
    if kind == raw.FPDF_PAGEOBJ_FORM:
        if depth < _FORM_DEPTH:
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                _segments(raw, raw.FPDFFormObj_GetObject(obj, k), matrix, place, out, depth + 1)
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or (fill.value == 0 and not stroke.value):
        return  # a clipping path, or one drawn invisibly: it rules nothing
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = last = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and last is not None:
            out.append(_display(place, last, point))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        last = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            out.append(_display(place, point, start))
            last = start


def _plain(raw: Any, obj: Any, place: _Placement, out: list[Segment]) -> bool:
    """Whether a page's path is a bar or a rectangle, added to ``out`` from its bounds alone.

    Word and WPS draw a table's borders as thin filled rectangles and its cells' shading as
    rectangles, hundreds a page; reading their bounds takes one call where reading their
    segments takes twenty. A bar (no wider than `_BAR` across) is the segment along its
    middle: the layout snaps ruling lines closer than 3 pt onto one, so its two long sides
    are one line there anyway. A path of four lines (five with the closing one) drawn with
    an upright matrix is taken as the rectangle of its bounds, its four sides.
    """
    left, bottom = ctypes.c_float(), ctypes.c_float()
    right, top = ctypes.c_float(), ctypes.c_float()
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    x0, y0, x1, y1 = place.box(left.value, bottom.value, right.value, top.value)
    bar = min(x1 - x0, y1 - y0) <= _BAR
    if not bar:
        if raw.FPDFPath_CountSegments(obj) not in (4, 5):
            return False
        m = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(obj, m) or abs(m.b) > _TURNED or abs(m.c) > _TURNED:
            return False
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
        return True  # a clipping path, or one drawn invisibly: it rules nothing
    if not bar:
        out += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    elif y1 - y0 <= x1 - x0:
        out.append((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
    else:
        out.append(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
    return True


# A path whose bounds are no wider than this (points) across is a bar (see `_plain`).
_BAR = 2.0


def _display(place: _Placement, p: tuple[float, float], q: tuple[float, float]) -> Segment:
    # `place` turns a box; a segment's direction does not matter to the layout, its ends do.
    x0, top, x1, bottom = place.box(p[0], p[1], q[0], q[1])
    return (x0, top, x1, bottom)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying ``inner`` then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _pages(doc: Any) -> Iterator[Any]:
    """pdfminer's pages one by one, refused past `MAX_PAGES` however many the tree declares."""
    from pdfminer.pdfpage import PDFPage

    found = PDFPage.create_pages(doc)
    for number in itertools.count(1):
        try:
            page = next(found, None)
        except Exception as exc:
            raise _unreadable(exc, f"page {number} of ") from exc
        if page is None:
            return
        if number > MAX_PAGES:
            raise beyond_budget("pages", "MAX_PAGES", MAX_PAGES)
        yield page


def _unreadable(exc: BaseException, where: str = "") -> DecodeError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, PDFPasswordIncorrect):
            return DecodeError("the PDF is protected by a password; it cannot be read without it")
        if isinstance(cause, PDFEncryptionError):
            return DecodeError(f"the PDF is encrypted in a way that cannot be read ({describe(cause)})")
        cause = cause.__cause__ or (
            cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        )
    return DecodeError(f"{where}the PDF cannot be read: {describe(exc)}")


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    # pdfminer logs a warning per glyph for common font quirks ("Could not get FontBBox"); they
    # say nothing about the report, and a batch of thousands of PDFs would drown in them.
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
