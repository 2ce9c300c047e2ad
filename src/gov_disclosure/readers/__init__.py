"""Format readers: each turns one file format into the text the grammar reads.

One grammar serves every format. A reader's job ends at text: HTML, DOCX and PDF tables come
out as tab-separated rows (the ``tsv`` layout, see `gov_disclosure.readers.grid`), paragraphs as
lines. The format is chosen from the file's content, never from its name alone: government
sites serve HTML as ``.doc`` and PDFs as ``.html`` often enough.

The HTML, DOCX, PDF and image (OCR) readers need optional extras; without them the reader raises
`MissingDependencyError` naming the ``pip install`` to run.
"""

from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from os import PathLike
from pathlib import Path
from typing import Literal

from gov_disclosure.errors import DecodeError, GovDisclosureError, UnsupportedFormatError
from gov_disclosure.readers._decode import MAX_BYTES, decode_bytes
from gov_disclosure.span import Region

__all__ = ["FORMATS", "Format", "PagedText", "read_bytes", "read_path", "sniff"]

Format = Literal["text", "html", "docx", "pdf", "image"]
"""An input format, by the name `sniff` returns and ``format=`` arguments take (``image``: a
PNG, JPEG, TIFF, GIF or WebP file, read by OCR)."""
#: The input formats `read_bytes` understands, by the names `sniff` returns.
FORMATS: tuple[Format, ...] = ("text", "html", "docx", "pdf", "image")

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<div")


# Images a scanned report comes as (图片版), read by OCR, by their first bytes.
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
# Formats no reader takes, by their first bytes: what to tell the user the file is.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "an RTF document; save it as DOCX or PDF first"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"\x7fELF", "a program, not a document"),
    (b"MZ\x90\x00", "a program, not a document"),
    (b"ID3", "an audio file"),
    (b"OggS", "an audio or video file"),
)
# A legacy Office (OLE2) file names its streams in UTF-16 in its directory.
_OLE2_KINDS = (
    ("WordDocument", "a legacy Word .doc (OLE2) file; save it as DOCX or PDF first"),
    ("Workbook", "a legacy Excel .xls workbook, not a report"),
    ("PowerPoint Document", "a legacy PowerPoint .ppt file, not a report"),
)
# What a ZIP archive is, by a member only that kind of package has.
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel workbook (XLSX), not a report"),
    ("ppt/presentation.xml", "a PowerPoint presentation (PPTX), not a report"),
    ("OFD.xml", "an OFD document (版式文档); convert it to PDF first"),
    ("content.xml", "an OpenDocument file (ODT/ODS); save it as DOCX or PDF first"),
)


class PagedText(str):
    """The text a reader made of a paged document (a PDF), with the line each page begins on
    and where its lines' stretches stand on the pages.

    A ``str`` in every way, so it goes wherever text goes; `gov_disclosure.parse` keeps the
    page lines in ``ReportMeta.pages`` and the regions in ``ReportMeta.regions``, so that a
    finding's line can be given its page and a value its box.
    """

    page_lines: tuple[int, ...]
    regions: tuple[Region, ...]

    def __new__(cls, text: str, page_lines: tuple[int, ...], regions: tuple[Region, ...] = ()) -> PagedText:
        made = super().__new__(cls, text)
        made.page_lines = page_lines
        made.regions = regions
        return made

    def __reduce__(self) -> tuple[type[PagedText], tuple[str, tuple[int, ...], tuple[Region, ...]]]:
        # A str subclass pickles as its text alone, unless told what else it holds: a worker
        # process or a cache gets the pages and regions back too.
        return (PagedText, (str(self), self.page_lines, self.regions))


def sniff(data: bytes) -> Format:
    """The format of a file from its content (its first bytes; a ZIP archive's members).

    Raises `UnsupportedFormatError` for formats we recognise but no reader takes (a legacy
    ``.doc``, a spreadsheet, an OFD document, an archive, a video), saying what the file is.
    """
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = next((what for name, what in _OLE2_KINDS if name.encode("utf-16-le") in data), None)
        _refuse(kind or "a legacy Office (OLE2) file; save it as DOCX or PDF first")
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    for magic, what in _REFUSED_MAGIC:
        if head.startswith(magic):
            _refuse(what)
    if head[4:8] == b"ftyp":
        _refuse("a video or image file (MP4/HEIF)")
    lowered = _ascii_view(head).lstrip().lower()
    if lowered.startswith(b"mime-version:") or (
        lowered.startswith(b"from:") and b"multipart/related" in lowered
    ):
        _refuse("a single-file web page archive (MHT/MHTML); save the page as HTML first")
    if b"<?mso-application" in lowered[:1024] and b"word.document" in lowered[:1024]:
        _refuse("a Word 2003 XML document; save it as DOCX or PDF first")
    if lowered.startswith(b"<") and any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "html"
    return "text"


def _ascii_view(head: bytes) -> bytes:
    """The head with UTF-16 zero bytes and a BOM dropped, so markers match in any encoding."""
    sample = head[:200]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or sample.count(0) * 4 > len(sample):
        head = head.replace(b"\x00", b"")
    return head.removeprefix(b"\xef\xbb\xbf").removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")


def _zip_format(data: bytes) -> Format:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A cut or corrupt archive that still names a Word part near its start.
        if b"word/" in data[:65536]:
            return "docx"
        raise DecodeError("the file is a ZIP archive that cannot be opened (cut short or damaged)") from None
    if "word/document.xml" in names:
        return "docx"
    kind = next((what for member, what in _ZIP_KINDS if member in names), None)
    return _refuse(kind or "a ZIP archive that is not a Word (DOCX) document; unpack it first")


def _refuse(what: str) -> Format:
    raise UnsupportedFormatError(f"the file is {what}")


def _too_large(size: int) -> DecodeError:
    mb = 1024 * 1024
    return DecodeError(f"the file is {size // mb} MB; reports over {MAX_BYTES // mb} MB are refused")


def read_bytes(data: bytes, *, format: Format | None = None) -> str:
    """The grammar's input text for a file's bytes, in the format given or sniffed."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    fmt = format or sniff(data)
    if fmt == "text":
        return decode_bytes(data)
    if fmt == "html":
        from gov_disclosure.readers.html import html_to_text

        return html_to_text(data)
    if fmt == "docx":
        from gov_disclosure.readers.docx import docx_to_text

        return docx_to_text(data)
    if fmt == "pdf":
        from gov_disclosure.readers.pdf import pdf_to_text

        return pdf_to_text(data)
    if fmt == "image":
        from gov_disclosure.readers.image import image_to_text

        return image_to_text(data)
    raise GovDisclosureError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def read_path(path: str | PathLike[str], *, format: Format | None = None) -> str:
    """Read a file of any supported format and return the grammar's input text."""
    p = Path(path)
    try:
        # Opened without blocking (a FIFO's open would wait for a writer), then only a regular
        # file is read, and no more than the budget and one byte whatever its size claims
        # (/proc files say 0, a file may grow while it is read).
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise DecodeError(f"not a regular file ({_kind(info.st_mode)}): only files are read")
            if info.st_size > MAX_BYTES:
                # Say what a large file of another kind is (a video, a scan), not only its size.
                head = f.read(4096)
                if not head.startswith(b"PK"):
                    sniff(head)
                raise _too_large(info.st_size)
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DecodeError(f"cannot read the file: {exc.strerror or exc}") from exc
    return read_bytes(data, format=format)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
