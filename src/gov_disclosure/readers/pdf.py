"""PDF with a text layer: tables from the page geometry, prose from the characters around them.

pdfplumber finds each table from its ruling lines and gives its cells as a grid, merged cells
as ``None`` beside their origin; that keeps every number in its column even where the flat
text of the page (``pdftotext`` without ``-layout``) scrambles the order. The characters
outside every table become prose lines. Tables and prose lines are then put back in reading
order, page by page, by their position on the page.

A table cut by a page break comes out as two tables, the second starting with the rest of a
wrapped label ("（四）无" … "法提供"); the grammar reads the rows on either side of the break as
one table. Page numbers ("- 4 -") are prose lines the front end drops.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from typing import TYPE_CHECKING, Any

from gov_disclosure.errors import (
    DecodeError,
    GovDisclosureError,
    beyond_budget,
    describe,
    missing_extra,
    over_budget,
)
from gov_disclosure.limits import MAX_PAGES
from gov_disclosure.readers import PagedText
from gov_disclosure.readers._pdf_budget import Meter
from gov_disclosure.readers.grid import Slot, grid_lines

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.table import Table

__all__ = ["MAX_PAGES", "pdf_to_text"]

# How far (in points) a character may stick out of a table's box and still belong to it.
_SLACK = 1.0


def pdf_to_text(data: bytes) -> PagedText:
    """The grammar's input text for a PDF's bytes, with the line each page begins on.

    Raises `DecodeError` for a damaged or password-protected PDF and one with no text layer
    (a scanned document, which needs OCR first); `BudgetError` for one over a budget of
    `gov_disclosure.limits` (pages, inflated streams, drawing operations, Form XObject
    nesting), measured before pdfminer works on each page.
    """
    try:
        import pdfplumber
        from pdfplumber.page import Page
    except ImportError as exc:
        raise missing_extra("PDF files", "pdfplumber", "pdf") from exc

    lines: list[str] = []
    starts: list[int] = []  # the line each page begins on (1-based)
    chars = pages = 0
    meter = Meter()
    with _quiet_pdfminer():
        try:
            pdf = pdfplumber.open(BytesIO(data))
        except Exception as exc:  # pdfminer raises a dozen unrelated types on damaged files
            raise _unreadable(exc) from exc
        # Not `with pdf`: pdfplumber's close() builds every page's object first, which is what
        # the page budget is there to avoid (and fails again on a damaged page tree).
        try:
            declared = _declared_pages(pdf.doc)
            if declared > MAX_PAGES:
                raise over_budget("pages", declared, "MAX_PAGES", MAX_PAGES)
            doctop = 0.0
            for number, page_obj in enumerate(_pages(pdf.doc), start=1):
                pages = number
                page: Page | None = None
                try:
                    meter.page(page_obj)
                    page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
                    doctop += float(page.height)
                    chars += len(page.chars)
                    starts.append(len(lines) + 1)
                    lines.extend(_page_lines(page))
                except GovDisclosureError:
                    raise
                except Exception as exc:
                    raise _unreadable(exc, f"page {number} of ") from exc
                finally:
                    if page is not None:
                        page.close()  # drops the page's cached objects: memory stays flat per page
        finally:
            pdf.stream.close()
    if pages == 0:
        raise DecodeError("the PDF has no pages (its page tree or cross-reference table is damaged)")
    if chars == 0:
        raise DecodeError("the PDF has no text layer (a scanned document?); run OCR on it first")
    return PagedText("\n".join(lines) + "\n", tuple(starts))


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


def _declared_pages(doc: Any) -> int:
    """The page count the page tree states (0 where it states none)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog.get("Pages")).get("Count"))
    except Exception:  # no page tree, or a broken one: the pages are counted as they come
        return 0
    return count if isinstance(count, int) else 0


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


def _page_lines(page: Page) -> list[str]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(
            x0 - _SLACK <= x <= x1 + _SLACK and top - _SLACK <= y <= bottom + _SLACK
            for x0, top, x1, bottom in boxes
        )

    # (top, left, lines): prose lines and whole tables, put in reading order below.
    blocks: list[tuple[float, float, list[str]]] = []
    prose = page.filter(outside_tables) if boxes else page
    blocks += (
        (line["top"], line["x0"], [line["text"]])
        for line in prose.extract_text_lines(strip=True, return_chars=False)
        if line["text"]
    )
    for table in tables:
        x0, top, _, _ = table.bbox
        blocks.append((top, x0, _table_lines(table)))
    blocks.sort(key=lambda block: (block[0], block[1]))
    return [text for _, _, block in blocks for text in block]


def _table_lines(table: Table) -> list[str]:
    rows = table.extract()
    width = max((len(row) for row in rows), default=0)
    used = [c for c in range(width) if any(c < len(row) and row[c] for row in rows)]
    if len(used) <= 1:
        # A ruled box around prose (a preamble, a note): its lines are paragraphs, not cells.
        return [text for row in rows for cell in row if cell for text in cell.splitlines() if text.strip()]
    return grid_lines(_grid(table, rows))


def _grid(table: Table, rows: Sequence[Sequence[str | None]]) -> list[list[Slot]]:
    """pdfplumber's rows as the readers' grid, telling colspan copies from rowspan copies.

    pdfplumber gives the far side of a merged cell as ``None`` without saying which way the
    merge runs. A slot is a colspan copy when the cell on its left reaches over its column's
    left edge; otherwise a cell above covers it (a rowspan copy).
    """
    boxes = [row.cells for row in table.rows]
    lefts: dict[int, float] = {}
    for row_boxes in boxes:
        for c, box in enumerate(row_boxes):
            if box is not None:
                lefts.setdefault(c, box[0])
    grid: list[list[Slot]] = []
    for r, row in enumerate(rows):
        out: list[Slot] = []
        origin = -1  # column of the last cell this row holds
        for c, text in enumerate(row):
            box = boxes[r][c] if r < len(boxes) and c < len(boxes[r]) else None
            if text is not None and box is not None:
                out.append(Slot(_cell_text(text)))
                origin = c
                continue
            left_box = boxes[r][origin] if origin >= 0 else None
            if left_box is not None and c in lefts and left_box[2] > lefts[c] + _SLACK:
                out.append(Slot("", 0, c - origin))
            else:
                out.append(Slot("", 1, 0))
        grid.append(out)
    return grid


def _cell_text(cell: str) -> str:
    """A cell's text on one line: wrapped Chinese joins without a space."""
    text = ""
    for part in (part.strip() for part in cell.splitlines()):
        # Chinese wraps anywhere without a space; only Latin words and numbers need one back.
        if text and part and _latin(text[-1]) and _latin(part[0]):
            text += " "
        text += part
    return text


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


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
