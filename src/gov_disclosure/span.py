"""Where a value came from in the source text."""

from __future__ import annotations

from attrs import frozen

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)``: a rectangle of a page in PDF points (1/72 inch) from the page's
top-left corner as the page is shown."""

__all__ = ["Box", "Region", "Span"]


@frozen(kw_only=True)
class Span:
    """A stretch of the source text: 1-based lines and columns, 0-based character offsets.

    ``end_line``/``end_column`` point one past the last character, like ``end``.
    """

    line: int
    """1-based line of the first character."""
    column: int
    """1-based column of the first character."""
    end_line: int
    """1-based line of the last character."""
    end_column: int
    """1-based column just past the last character."""
    start: int
    """Offset of the first character in the decoded source text."""
    end: int
    """Offset just past the last character."""


@frozen(kw_only=True)
class Region:
    """Where a stretch of a source line came from in the source document.

    Columns are those of `Span` (1-based, ``end_column`` one past the last character) in the
    text the reader made. A PDF gives the page and the box (a table cell's box, a prose line's
    box of characters); a Word file the paragraph or the table, row and cell; a web page the
    element's path.
    """

    line: int
    """1-based line of the reader's text."""
    column: int
    """1-based column where the stretch begins."""
    end_column: int
    """1-based column just past its end."""
    page: int | None = None
    """1-based page number (a PDF)."""
    box: Box | None = None
    """The rectangle on the page (a PDF; see `Box`)."""
    confidence: float | None = None
    """For a scanned page read by OCR, the recognition's confidence (0–1) in the stretch's
    text: the lowest of its characters'."""
    element: str | None = None
    """Where in the document's structure: ``table 2 row 5 cell 3`` or ``paragraph 17`` (1-based,
    in document order) in a Word file, the element's XPath (``/html/body/div[2]/table/tr[5]/td[3]``)
    in a web page."""
