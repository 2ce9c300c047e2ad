"""Hostile and broken input ends within bounded time and memory, with a one-line answer.

Each input is made here by a small builder (no stored blobs) and given to the command line
in a child process, so that its time and peak memory are its own: it must end within 30 s
and 1 GB, with exit status 0, 1 or 2, and never a traceback or "internal error".
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import gov_disclosure
from gov_disclosure import limits
from gov_disclosure.checks._examples import COMPLETE_2021
from gov_disclosure.errors import BudgetError, GovDisclosureError

_SECONDS = 30
_MEMORY = 1024**3


def _run(*args: str) -> tuple[int, str, float, int]:
    """Exit status, standard error, seconds and peak memory (bytes) of ``gov-disclosure args``."""
    code = (
        "import re, resource, sys\n"
        "from gov_disclosure.cli import main\n"
        "status = main(sys.argv[1:])\n"
        # VmHWM is this program's own peak; ru_maxrss keeps the forking parent's across exec.
        "try:\n"
        "    peak = int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "except (OSError, AttributeError):\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "sys.stderr.write(f'\\nmaxrss={peak}')\n"
        "sys.exit(status)\n"
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=_SECONDS * 2, check=False
    )
    seconds = time.monotonic() - start
    err, _, rss = done.stderr.rpartition("\nmaxrss=")
    # Linux gives ru_maxrss in KB (macOS in bytes).
    peak = int(rss) * (1 if sys.platform == "darwin" else 1024) if rss.strip().isdigit() else 0
    return done.returncode, err, seconds, peak


def _text(text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "input.txt"
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _bytes(data: bytes, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _row(cells: str) -> str:
    return COMPLETE_2021.replace(
        "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5", f"一、本年新收政府信息公开申请数量 {cells}"
    )


_ZLIB_PAGE = (
    b'<html><head><meta charset="zlib"></head><body><p>'
    + zlib.compress(b"\xe4\xb8\x80" * 20_000_000, 9)
    + b"</p></body></html>"
)

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _docx(body: str | bytes, numbering: str | None = None, *, lie: int | None = None) -> bytes:
    """A minimal Word package around ``body`` (document.xml's body, or all of document.xml
    as bytes); ``lie`` makes the ZIP's headers claim that size for document.xml."""
    document = (
        body
        if isinstance(body, bytes)
        else f'<?xml version="1.0"?><w:document {_W_NS}><w:body>{body}</w:body></w:document>'.encode()
    )
    rels = f'<Relationship Id="rN" Type="{_OFFICE}/numbering" Target="numbering.xml"/>' if numbering else ""
    parts = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r1" Type="{_OFFICE}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ).encode(),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"
        ).encode(),
        "word/document.xml": document,
    }
    if numbering:
        parts["word/numbering.xml"] = f"<w:numbering {_W_NS}>{numbering}</w:numbering>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = out.getvalue()
    if lie is not None:
        # Both headers' uncompressed size of document.xml: the local one (offset 22) and the
        # central directory's (offset 24).
        true_size = struct.pack("<I", len(document))
        data = data.replace(true_size, struct.pack("<I", lie))
    return data


def _numbering_bomb(start: str, paragraphs: int) -> bytes:
    level = (
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{"%1" * 250}"/></w:lvl>'
    )
    numbering = (
        f'<w:abstractNum w:abstractNumId="1">{level}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )
    paragraph = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    return _docx(paragraph * paragraphs + "<w:p/>" * 100_000, numbering)


def _wide_tables() -> bytes:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
    # 100 tables (1000 would be over MAX_PART first), each just under MAX_GRID_CELLS.
    return _docx(f"<w:tbl><w:tr>{cell * 1562}</w:tr></w:tbl>" * 100)


_BIG_BODY = (
    f'<?xml version="1.0"?><w:document {_W_NS}><w:body>'.encode()
    + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 1_500_000
    + b"</w:body></w:document>"
)


def _nested_page(depth: int, copies: int) -> bytes:
    page = gov_disclosure.render(gov_disclosure.parse(COMPLETE_2021), "html")
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    return (
        "<html><body>" + '<div class="title">' * depth + body * copies + "</div>" * depth + "</body></html>"
    ).encode()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalog), with a true cross-reference
    table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, *, extra: bytes = b"", deflate: bool = False) -> bytes:
    if deflate:
        data, extra = zlib.compress(data, 9), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_TEXT = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET"


def _one_page(content: bytes, resources: bytes = b"", *more: bytes) -> bytes:
    """A one-page PDF whose page draws object 4 (``content``) with font F1 and ``resources``."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> " + resources + b" >> >>",
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *more,
        ]
    )


def _spaces_bomb() -> bytes:
    # 512 MB of spaces deflated to half a megabyte, built without holding them.
    deflater = zlib.compressobj(9)
    block = b" " * (1 << 20)
    packed = (
        b"".join(deflater.compress(block) for _ in range(512)) + deflater.compress(_TEXT) + deflater.flush()
    )
    return _one_page(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


def _xobject_chain(depth: int) -> bytes:
    """Form XObjects 6, 7 … each drawing the next twice; the last one writes text."""
    forms = []
    for level in range(depth):
        number = 6 + level
        if level == depth - 1:
            forms.append(
                _stream(
                    _TEXT,
                    extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                    b" /Resources << /Font << /F1 5 0 R >> >>",
                )
            )
        else:
            forms.append(
                _stream(
                    b"/X Do /X Do",
                    extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                    b" /Resources << /XObject << /X %d 0 R >> >>" % (number + 1),
                )
            )
    return _one_page(_stream(b"/X Do"), b"/XObject << /X 6 0 R >>", *forms)


def _many_pages(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * count
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            _stream(b""),
            *pages,
        ]
    )


def _garbled_xref() -> bytes:
    data = _one_page(_stream(_TEXT))
    at = data.rindex(b"xref")
    return data[:at] + bytes(b ^ 0x5A if b not in b"\n" else b for b in data[at:])


CASES: dict[str, tuple[Callable[[Path], Path], set[int], str]] = {
    # (the input, the exit statuses it may end with, words its one line must hold)
    "bookmarks with no end": (_text("一、总体情况\n" + "[bookmark:" * 100_000), {1, 2}, ""),
    "published date then spaces": (_text("一、总体情况\n发布日期" + "\u3000" * 100_000), {1, 2}, ""),
    "a cell of 5000 digits": (_text(_row("9" * 5000 + " 1 0 0 0 0 5")), {1}, ""),
    "a narrative count of 5000 digits": (
        _text(COMPLETE_2021.replace("申请5件", "申请" + "9" * 5000 + "件")),
        {0, 1},
        "",
    ),
    "a report of 63 MB": (_text("一、总体情况\n" + "政府信息公开" * 3_500_000), {2}, "MAX_CHARS"),
    "twenty-five million numbers on a line": (_text("1 " * 25_000_000), {2}, "MAX_CHARS"),
    "a million short lines": (_text("a\n" * 1_000_000), {2}, "MAX_LINES"),
    "four million characters on a line": (_text("1 " * 2_100_000), {2}, "MAX_CHARS"),
    "two million numbers on a line": (_text("1 " * 1_000_000), {2}, "MAX_CELLS"),
    "a sentence of two million full stops": (_text("一、总体情况" + "。" * 1_999_990), {2}, ""),
    "two part headings and two million full stops": (
        _text("一、总体情况" + "。" * 1_000_000 + "二、主动公开政府信息情况" + "。" * 999_000),
        {2},
        "MAX_LINES",
    ),
    "labels with no values": (_text("一、总体情况\n" + "规章" * 1_000_000), {1, 2}, ""),
    "dashes and pipes": (_text("一、总体情况\n" + "-" * 1_000_000 + "\n" + "|" * 100_000), {1, 2}, ""),
    "a page declaring the zlib codec": (_bytes(_ZLIB_PAGE, "page.html"), {2}, ""),
    "a pipe named .txt": (_fifo, {2}, "pipe"),
    "a device": (lambda _: Path("/dev/zero"), {2}, "device"),
    "a 3.6 MB page nested 250 deep in title blocks": (
        _bytes(_nested_page(250, 3_600_000 // len(_nested_page(0, 1))), "deep.html"),
        {0, 1},
        "",
    ),
    "a page nested 2100 deep": (_bytes(_nested_page(2100, 1), "deeper.html"), {2}, "MAX_DEPTH"),
    "a 50 MB page": (
        _bytes(b"<p>" + "一二三四五六七八九十 ".encode() * 1_700_000, "big.html"),
        {2},
        "MAX_CHARS",
    ),
    "a page of a million tags": (
        _bytes(b"<html><body>" + b"<i>x</i>" * 600_000, "tags.html"),
        {2},
        "MAX_ELEMENTS",
    ),
    "a PDF content stream of 512 MB of spaces": (_bytes(_spaces_bomb(), "spaces.pdf"), {2}, "MAX_PART"),
    "a PDF page of 10 MB of q Q": (
        _bytes(_one_page(_stream(b"q Q " * 2_500_000 + _TEXT, deflate=True)), "qq.pdf"),
        {2},
        "MAX_PDF_OPERATIONS",
    ),
    "Form XObjects drawing the next twice, 40 deep": (
        _bytes(_xobject_chain(40), "chain.pdf"),
        {2},
        "MAX_XOBJECT_DEPTH",
    ),
    "Form XObjects drawing the next twice, 14 deep": (
        _bytes(_xobject_chain(14), "chain14.pdf"),
        {0, 1, 2},
        "",
    ),
    "a PDF of 100 000 pages": (_bytes(_many_pages(100_000), "pages.pdf"), {2}, "MAX_PAGES"),
    "a PDF whose cross-reference table is garbled": (_bytes(_garbled_xref(), "xref.pdf"), {2}, ""),
    "a Word file of list numbers 4000 digits long": (
        _bytes(_numbering_bomb("7" * 4000, 300), "list.docx"),
        {2},
        "",
    ),
    "a Word file whose list numbers make 4.5M characters": (
        _bytes(_numbering_bomb("999999999", 2000), "list.docx"),
        {2},
        "MAX_CHARS",
    ),
    "a Word file of 50 MB of XML": (_bytes(_docx(_BIG_BODY), "big.docx"), {2}, "MAX_PART"),
    "a Word file whose ZIP sizes lie": (_bytes(_docx(_BIG_BODY, lie=4000), "lie.docx"), {2}, "CRC"),
    "a Word file of 100 tables of 64-column cells": (
        _bytes(_wide_tables(), "wide.docx"),
        {2},
        "MAX_PAGE_CELLS",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_ends_in_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    make, statuses, words = CASES[name]
    status, err, seconds, peak = _run("check", str(make(tmp_path)))
    assert status in statuses, (status, err[-500:])
    assert "Traceback" not in err and "internal error" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) <= 1 and words in err, err
    assert seconds < _SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < _MEMORY, f"{name}: {peak / 1024**2:.0f} MB"


def test_the_budgets_are_refused_with_their_names() -> None:
    with pytest.raises(BudgetError, match="MAX_CHARS"):
        gov_disclosure.parse("一" * (limits.MAX_CHARS + 1))
    with pytest.raises(BudgetError, match="MAX_LINES"):
        gov_disclosure.parse("一\n" * (limits.MAX_LINES + 1))
    with pytest.raises(BudgetError, match="MAX_CELLS"):
        gov_disclosure.parse("规章 " + "1 " * (limits.MAX_CELLS + 1))


def test_a_count_of_too_many_digits_is_a_finding_not_a_number() -> None:
    report = gov_disclosure.parse(_row("9" * 40 + " 1 0 0 0 0 5"))
    cell = report.applications.new_received.natural_person  # type: ignore[union-attr]
    assert cell is not None and cell.value is None and cell.raw == "9" * 40
    found = [f for f in gov_disclosure.validate(report) if f.code.startswith("A")]
    assert [f.code for f in found] == ["A005"]  # the sums it stands in are not checked
    assert "40位数字" in found[0].message and "40 digits" in found[0].message
    # Fifteen digits is still a number (a count has at most that many).
    report = gov_disclosure.parse(_row("9" * 15 + " 1 0 0 0 0 5"))
    assert report.applications.new_received.natural_person.value == int("9" * 15)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"meta": ' * 40 + "{}" + "}" * 40,
        "x" * 10,
    ],
)
def test_from_json_refuses_what_no_report_is(text: str) -> None:
    with pytest.raises(GovDisclosureError):
        gov_disclosure.from_json(text)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("active", "fees", "amount", "value"), "1E+999999999"),
        (("applications", "new_received", "total", "value"), 10**40),
        (("applications", "new_received", "total", "value"), True),
    ],
)
def test_from_json_refuses_numbers_no_report_holds(path: tuple[str, ...], value: object) -> None:
    data = json.loads(gov_disclosure.to_json(gov_disclosure.parse(COMPLETE_2021)))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(GovDisclosureError):
        gov_disclosure.from_json(json.dumps(data))


def test_a_page_may_not_declare_a_codec_that_is_no_text_encoding() -> None:
    from gov_disclosure.readers.html import decode_html

    # Not UTF-8, so the declaration is consulted: a codec that is no text encoding is ignored
    # and the bytes read as what they are.
    body = "政府信息公开工作年度报告".encode("gb18030")
    for codec in ("zlib", "base64", "hex", "rot13", "undefined", "uu", "bz2", "gbk"):
        page = f'<html><head><meta charset="{codec}"></head><body>'.encode() + body + b"</body></html>"
        assert "政府信息公开工作年度报告" in decode_html(page)
