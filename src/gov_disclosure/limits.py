"""The budget every document is read within: each limit, in one place, and why.

A report is some 10–100 thousand characters, a few hundred lines and table cells, a few
dozen pages. The limits below are far above any real report and low enough that a hostile
or broken file ends within seconds and a few hundred MB: past one, reading stops with
`gov_disclosure.errors.BudgetError` (one line naming the limit; exit status 2 on the command
line), never with content silently cut away. docs/limits.md states what happens at each.
"""

from __future__ import annotations

__all__ = [
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_CHARS",
    "MAX_COLSPAN",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ELEMENTS",
    "MAX_GRID_CELLS",
    "MAX_JSON_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_LINES",
    "MAX_PAGES",
    "MAX_PAGE_CELLS",
    "MAX_PART",
    "MAX_PDF_OPERATIONS",
    "MAX_PIXELS",
    "MAX_READINGS",
    "MAX_UNPACKED",
    "MAX_XOBJECT_DEPTH",
]

MAX_BYTES = 64 * 1024 * 1024
"""Bytes of one file: larger files are refused before they are read (only regular files are
read, and at most this many bytes and one more)."""

MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes a Word file's ZIP members, or the streams a PDF's pages read (images aside), may
inflate to, all together."""

MAX_PART = 32 * 1024 * 1024
"""Bytes one part of a document may inflate to: an XML part of a Word file (a long report's
document.xml is a few MB), a stream of a PDF (a full Chinese font is some 15 MB)."""

MAX_PAGES = 300
"""Pages of one PDF (refused from the page count its page tree declares, before any work)."""

MAX_PIXELS = 10_000 * 8_000
"""Pixels of one page of an image file (a scanned report read by OCR): an A0 sheet at 150 dpi
has 7,000 × 5,000. A file that declares more (a decompression bomb) is refused before it is
decoded."""

MAX_PDF_OPERATIONS = 1_000_000
"""Operators and operands a PDF's pages run, all together, each Form XObject counted as often
as it is drawn (and a hundred for drawing it). A page of a report runs a few thousand. Where
a file has no Form XObject they are counted as the white space between them; PDFium runs each
in well under a microsecond, and this bounds the objects our reader walks."""

MAX_XOBJECT_DEPTH = 16
"""Form XObjects drawing each other, one inside the next (a real PDF nests two or three)."""

MAX_CHARS = 4_000_000
"""Characters of text `gov_disclosure.parse` reads (about 12 MB of Chinese in UTF-8)."""

MAX_LINES = 200_000
"""Lines of that text."""

MAX_CELLS = 200_000
"""Table cells and prose lines the text is read into, all together."""

MAX_DIGITS = 15
"""Digits of one number in a table cell (no count has more); a longer run is no number: the
cell keeps its text, has no value, and rule A005 says why."""

MAX_COLSPAN = 64
"""Columns one table cell of a web page or Word file may span."""

MAX_GRID_CELLS = 100_000
"""Slots of one table's grid in a web page or Word file."""

MAX_PAGE_CELLS = 1_000_000
"""Table slots of one web page or Word file, all its tables together."""

MAX_READINGS = 20_000
"""Readings of one table row the assembly tries (cells lost or run together); past it the
row is left out with rule P001."""

MAX_DEPTH = 2048
"""Nesting of a web page's elements (libxml2's own limit with ``huge_tree``; a real page
nests a few dozen deep). Content past it would be dropped by the parser, so the page is
refused."""

MAX_ELEMENTS = 250_000
"""Elements of one web page (a long report's page has a few thousand); a page with more than
four times as many tags is refused before it is parsed."""

MAX_JSON_CHARS = 64 * 1024 * 1024
"""Characters of a report's JSON `gov_disclosure.from_json` reads."""

MAX_JSON_DEPTH = 32
"""Nesting of that JSON (the model's own is under ten)."""
