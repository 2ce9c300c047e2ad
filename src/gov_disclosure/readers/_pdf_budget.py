"""A PDF's pages measured before PDFium reads them, so that no file runs away with it: the
thorough half of the meter, on pdfminer's object model (the quick half is `_pdf_scan`).

PDFium inflates a stream whole when it reads it and draws every Form XObject each time one is
drawn. A small hostile file makes that gigabytes (a content stream of a gigabyte of spaces)
or forever (Form XObjects that each draw the next twice, forty deep). Before a page is read,
every stream it can reach (its contents, fonts, character maps, Form XObjects) is inflated
here through a bounded read, and the operators the page would run are counted with each Form
XObject counted as often as it is drawn; where the quick scan has measured every stream
already, only the drawing is counted. Past a budget of `gov_disclosure.limits` the PDF is
refused with `BudgetError`. pdfminer only parses the file's objects here; it draws nothing.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from gov_disclosure.errors import BudgetError, beyond_budget
from gov_disclosure.limits import MAX_PART, MAX_PDF_OPERATIONS, MAX_UNPACKED, MAX_XOBJECT_DEPTH

__all__ = ["Meter"]

# `/Name Do`: a content stream drawing an XObject.
_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]{1,127})\s+Do(?![^\s/\[\]()<>{}%])")
# What pdfminer spends on drawing a Form XObject, beside its operators (saving and restoring
# the state, a new interpreter, its resources): about as much as a hundred operators.
_DRAWING = 100
# The keys of resources and fonts that lead to what pdfminer reads; those of _MAPS hold a name
# for each object (fonts, XObjects, glyph procedures).
_MAPS = frozenset({"Font", "XObject", "CharProcs"})
_FOLLOWED = _MAPS | {
    "Resources",
    "FontDescriptor",
    "DescendantFonts",
    "ToUnicode",
    "Encoding",
    "FontFile",
    "FontFile2",
    "FontFile3",
}


class Meter:
    """The budgets of one PDF, spent page by page."""

    def __init__(self, *, streams_measured: bool = False) -> None:
        # True where `_pdf_scan.quick_scan` has measured every stream's size already: only
        # the drawing (contents and Form XObjects) is left to count.
        self.streams_measured = streams_measured
        self.unpacked = 0
        self.operations = 0
        self.measured: set[int] = set()  # streams inflated (and counted) once already
        self.cost: dict[int, int] = {}  # Form XObject objid -> operations one drawing runs

    def page(self, page: Any) -> None:
        """Measure one pdfminer ``PDFPage``; raises `BudgetError` past a budget."""
        try:
            self._page(page)
        except BudgetError:
            raise
        except Exception:
            # An object the meter cannot read (a dangling reference, a broken dictionary) is
            # one pdfminer cannot draw either: it says so itself, or skips it, and no budget
            # can be spent on it.
            return

    def _page(self, page: Any) -> None:
        from pdfminer.pdftypes import PDFStream, resolve1

        if not self.streams_measured:
            for stream in self._streams(page.resources):
                if stream.objid is None or stream.objid not in self.measured:
                    self._inflate(stream)
        operations = 0
        for content in page.contents:
            stream = resolve1(content)
            if isinstance(stream, PDFStream):
                operations += self._operations(stream, page.resources, 0)
        self.operations += operations
        if self.operations > MAX_PDF_OPERATIONS:
            raise beyond_budget("drawing operations", "MAX_PDF_OPERATIONS", MAX_PDF_OPERATIONS)

    def _streams(self, resources: Any) -> Iterator[Any]:
        """Every stream pdfminer may read for a page's text, reached from its resources: fonts'
        programs and character maps, Type 3 glyphs, Form XObjects (and theirs); each once."""
        from pdfminer.pdftypes import PDFObjRef, PDFStream

        # (object, True where it maps names to objects: every value is followed)
        stack: list[tuple[Any, bool]] = [(resources, False)]
        seen: set[int] = set()
        while stack:
            obj, is_map = stack.pop()
            if isinstance(obj, PDFObjRef):
                if obj.objid in seen:
                    continue
                seen.add(obj.objid)
                obj = _resolve(obj)
            if isinstance(obj, PDFStream):
                if _name(obj.attrs.get("Subtype")) == "Image":
                    continue
                yield obj
                obj = obj.attrs
            if isinstance(obj, dict):
                if is_map:
                    stack.extend((value, False) for value in obj.values())
                else:
                    stack.extend((obj[key], key in _MAPS) for key in _FOLLOWED.intersection(obj))
            elif isinstance(obj, list):
                stack.extend((item, False) for item in obj)

    def _inflate(self, stream: Any) -> bytes:
        """A stream's content, inflated within the budget (counted the first time only)."""
        data = _decode(stream, min(MAX_PART, MAX_UNPACKED - self.unpacked))
        objid = stream.objid
        if objid is None or objid not in self.measured:
            self.unpacked += len(data)
            if objid is not None:
                self.measured.add(objid)
        return data

    def _operations(self, stream: Any, resources: Any, depth: int) -> int:
        """Operations drawing ``stream`` runs: its own, and each Form XObject's per drawing."""
        from pdfminer.pdftypes import PDFStream, resolve1

        if depth > MAX_XOBJECT_DEPTH:
            raise beyond_budget(
                "levels of Form XObjects inside each other", "MAX_XOBJECT_DEPTH", MAX_XOBJECT_DEPTH
            )
        objid = stream.objid
        if objid is not None and objid in self.cost:
            return self.cost[objid]
        data = self._inflate(stream)
        total = len(data.split())
        drawn = _DRAW.findall(data)
        if drawn:
            xobjects = resolve1(resolve1(resources or {}).get("XObject", {})) if resources else {}
            for name in drawn:
                form = resolve1(xobjects.get(name.decode("latin-1"))) if isinstance(xobjects, dict) else None
                if isinstance(form, PDFStream) and _name(form.attrs.get("Subtype")) == "Form":
                    own = form.attrs.get("Resources")
                    inner = resolve1(own) if own is not None else resources
                    total += _DRAWING + self._operations(form, inner, depth + 1)
                if total > MAX_PDF_OPERATIONS:
                    raise beyond_budget("drawing operations", "MAX_PDF_OPERATIONS", MAX_PDF_OPERATIONS)
        if objid is not None:
            self.cost[objid] = total
        return total


def _resolve(ref: Any) -> Any:
    try:
        return ref.resolve()
    except Exception:  # a dangling or broken reference: pdfminer will say so itself, or skip it
        return None


def _name(value: Any) -> str:
    return str(getattr(value, "name", value))


def _decode(stream: Any, budget: int) -> bytes:
    """The stream's bytes through its filters, refused past ``budget``. A filter this reader
    does not inflate (an image's, an unknown one) ends the decoding: pdfminer fails on such a
    stream itself, or does not read it for text."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import resolve1

    data: bytes = stream.rawdata if stream.rawdata is not None else stream.data
    if stream.rawdata is not None and stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = resolve1(stream.get_any(("F", "Filter"), []))
    for f in filters if isinstance(filters, list) else [filters]:
        name = _name(resolve1(f))
        if name in ("FlateDecode", "Fl"):
            data = _inflate_zlib(data, budget)
        elif name in ("LZWDecode", "LZW"):
            data = _inflate_lzw(data, budget)
        elif name in ("RunLengthDecode", "RL"):
            data = _inflate_runs(data, budget)
        elif name in ("ASCII85Decode", "A85"):
            data = _or_empty(ascii85decode, data)
        elif name in ("ASCIIHexDecode", "AHx"):
            data = _or_empty(asciihexdecode, data)
        else:
            break
    if len(data) > budget:
        raise _over(budget)
    return data


def _or_empty(decode: Any, data: bytes) -> bytes:
    try:
        out: bytes = decode(data)
    except (ValueError, TypeError):
        return b""
    return out


def _over(budget: int) -> Exception:
    if budget == MAX_PART:
        return beyond_budget("bytes in one stream", "MAX_PART", MAX_PART)
    return beyond_budget("bytes of inflated streams", "MAX_UNPACKED", max(budget, 0))


def _inflate_zlib(data: bytes, budget: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, budget + 1)
    except zlib.error:
        return b""  # pdfminer reads what it can of a damaged stream; so it is no threat
    if len(out) > budget:
        raise _over(budget)
    return out


def _inflate_lzw(data: bytes, budget: int) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in LZWDecoder(BytesIO(data)).run():
            size += len(chunk)
            if size > budget:
                raise _over(budget)
            chunks.append(chunk)
    except (EOFError, ValueError, IndexError):
        pass  # a damaged stream ends where it breaks, as pdfminer reads it
    return b"".join(chunks)


def _inflate_runs(data: bytes, budget: int) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += length + 2
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        if len(out) > budget:
            raise _over(budget)
    return bytes(out)
