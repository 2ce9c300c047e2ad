"""A PDF's streams measured from its bytes before PDFium reads it: the quick half of the meter.

PDFium inflates a stream whole when it reads it and draws a Form XObject as often as the page
draws it, so a small hostile file takes it gigabytes (a content stream of a gigabyte of
spaces) or forever (Form XObjects that each draw the next twice, forty deep). pdfminer's
object model lets `_pdf_budget.Meter` measure all of that exactly, at some 2 ms a page for a
Word file and far more for a file of many fonts. Most reports need less: a file with no Form
XObject, no object stream, no encryption and no filter but Flate (and image codecs, which
reading the text never decodes) is measured here at zlib's speed, stream by stream, from the
``stream`` keywords of the file itself, so that a stream no cross-reference table points at is
measured too. A file with Form XObjects has its streams measured here and their drawing
counted by the Meter (without its walk over the fonts, the slow part); anything else goes to
the Meter whole.
"""

from __future__ import annotations

import re
import zlib
from typing import Literal

from gov_disclosure.errors import beyond_budget
from gov_disclosure.limits import MAX_PART, MAX_PDF_OPERATIONS, MAX_UNPACKED

__all__ = ["Scan", "quick_scan"]

Scan = Literal["all", "streams", "none"]

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
# What only the Meter can measure: object streams (dictionaries this scan cannot see) and
# encryption (streams it cannot inflate) …
_HARD = re.compile(rb"/ObjStm\b|/Encrypt\b")
# … and the drawing of Form XObjects, which a page may draw many times, nested.
_FORM = re.compile(rb"/Subtype\s*/Form\b")
_FLATE = frozenset({b"FlateDecode", b"Fl"})
# Image codecs: reading the text layer never decodes an image.
_IMAGES = frozenset({b"DCTDecode", b"DCT", b"JPXDecode", b"JBIG2Decode", b"CCITTFaxDecode", b"CCF"})
# Streams that are not drawing instructions: fonts, images, metadata, cross-reference data.
_NOT_DRAWING = re.compile(rb"/Length[123]\b|/Subtype\s*/|/Type\s*/(?:XRef|Metadata|EmbeddedFile)\b")
# How far before ``stream`` its dictionary may begin.
_HEAD = 4096
_CHUNK = 1 << 16


def quick_scan(data: bytes) -> Scan:
    """Measure a PDF's streams from its bytes: how much of the measuring that did.

    Raises `BudgetError` for a stream that inflates past `MAX_PART`, all of them past
    `MAX_UNPACKED`, or drawing instructions past `MAX_PDF_OPERATIONS` (counted as the white
    space between them). ``"all"``: nothing is left to measure; ``"streams"``: every stream
    is measured but the file has Form XObjects, whose drawing only `_pdf_budget.Meter` can
    count; ``"none"``: the file has what only the Meter can measure.
    """
    if _HARD.search(data):
        return "none"
    view = memoryview(data)
    unpacked = operations = 0
    for found in _STREAM.finditer(data):
        if found.start() > 0 and data[found.start() - 1 : found.start()].isalpha():
            continue  # "endstream", not a stream's start
        head = data[max(0, found.start() - _HEAD) : found.start()]
        head = head[head.rfind(b"obj") :]
        names = _filters(head)
        if not names or names & _IMAGES:
            continue  # raw bytes (no bigger than the file) or an image
        if not names <= _FLATE:
            return "none"  # LZW, run-length, ASCII85 …: the Meter decodes them
        drawing = _NOT_DRAWING.search(head) is None
        size, spaces = _inflate(view, found.end(), min(MAX_PART, MAX_UNPACKED - unpacked), drawing)
        unpacked += size
        operations += spaces
        if operations > MAX_PDF_OPERATIONS:
            raise beyond_budget("drawing operations", "MAX_PDF_OPERATIONS", MAX_PDF_OPERATIONS)
    return "streams" if _FORM.search(data) else "all"


def _filters(head: bytes) -> frozenset[bytes]:
    found = _FILTER.search(head)
    return frozenset(_NAME.findall(found.group(1))) if found else frozenset()


def _inflate(view: memoryview, start: int, budget: int, drawing: bool) -> tuple[int, int]:
    """The inflated size of the zlib stream at ``start`` (and, for drawing instructions, the
    white space in it), refused past ``budget``."""
    inflater = zlib.decompressobj()
    size = spaces = 0
    position = start
    pending = b""
    try:
        while not inflater.eof and (pending or position < len(view)):
            if pending:
                out = inflater.decompress(pending, budget + 1 - size)
            else:
                out = inflater.decompress(view[position : position + _CHUNK], budget + 1 - size)
                position += _CHUNK
            pending = inflater.unconsumed_tail
            size += len(out)
            if size > budget:
                if budget == MAX_PART:
                    raise beyond_budget("bytes in one stream", "MAX_PART", MAX_PART)
                raise beyond_budget("bytes of inflated streams", "MAX_UNPACKED", MAX_UNPACKED)
            if drawing:
                spaces += out.count(b" ") + out.count(b"\n") + out.count(b"\r")
    except zlib.error:
        pass  # a damaged stream: PDFium inflates no more of it than this did
    return size, spaces
