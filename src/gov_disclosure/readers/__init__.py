"""Format readers: each turns one file format into the text the grammar reads.

One grammar serves every format. A reader's job ends at text: HTML, DOCX and PDF tables come
out as tab-separated rows (the ``tsv`` layout, see `gov_disclosure.readers.grid`), paragraphs as
lines. The format is chosen from the file's content, never from its name alone: government
sites serve HTML as ``.doc`` and PDFs as ``.html`` often enough.

The HTML, DOCX and PDF readers need optional extras; without them the reader raises
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

from gov_disclosure.errors import DecodeError, GovDisclosureError
from gov_disclosure.readers._decode import MAX_BYTES, decode_bytes

__all__ = ["FORMATS", "Format", "read_bytes", "read_path", "sniff"]

Format = Literal["text", "html", "docx", "pdf"]
"""An input format, by the name `sniff` returns and ``format=`` arguments take."""
#: The input formats `read_bytes` understands, by the names `sniff` returns.
FORMATS: tuple[Format, ...] = ("text", "html", "docx", "pdf")

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta", b"<div")


def sniff(data: bytes) -> Format:
    """The format of a file from its first bytes.

    Raises `DecodeError` for formats we recognise but cannot read (legacy ``.doc``, images,
    other ZIP archives), so the message says what the file is.
    """
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else _refuse("a ZIP archive that is not a Word (DOCX) document")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _refuse("a legacy Word .doc (OLE2) file; save it as DOCX or PDF first")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        _refuse("an image, not a text document; a scanned report needs OCR first")
    if head.startswith(b"{\\rtf"):
        _refuse("an RTF document; save it as DOCX or PDF first")
    lowered = _ascii_view(head).lstrip().lower()
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


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        # A cut or corrupt archive that still names a Word part near its start.
        return b"word/" in data[:65536]


def _refuse(what: str) -> Format:
    raise DecodeError(f"the file is {what}")


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
