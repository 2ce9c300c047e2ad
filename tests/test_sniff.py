"""Formats are told by content, dispatched to their reader; a missing extra names its install."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

import gov_disclosure
from gov_disclosure import (
    BudgetError,
    DecodeError,
    GovDisclosureError,
    MissingDependencyError,
    UnsupportedFormatError,
)
from gov_disclosure.cli import main
from gov_disclosure.readers import FORMATS, read_bytes, read_path, sniff
from gov_disclosure.readers._decode import MAX_BYTES
from report_tables import report_docx, report_html
from support import EXAMPLES, GOLDEN, example_paths, read_golden_facts, seed_paths

EXAMPLE = EXAMPLES / "qinghe-county-2023.txt"


@pytest.fixture(scope="module")
def page() -> bytes:
    return report_html(gov_disclosure.parse_file(EXAMPLE)).encode("utf-8")


@pytest.fixture(scope="module")
def word() -> bytes:
    return report_docx(gov_disclosure.parse_file(EXAMPLE))


def test_formats() -> None:
    assert FORMATS == ("text", "html", "docx", "pdf", "image")
    assert gov_disclosure.FORMATS == FORMATS


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_text_reports_sniff_as_text(path: Path) -> None:
    data = path.read_bytes()
    assert sniff(data) == "text"
    for encoding in ("gb18030", "utf-16"):
        assert sniff(path.read_text(encoding="utf-8").encode(encoding)) == "text"


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>",
        b"\xef\xbb\xbf  \n<html lang='zh-CN'>",
        b"<HTML><HEAD><META http-equiv=Content-Type content='text/html; charset=gb2312'>",
        b"<table><tr><td>\xb9\xe6\xd5\xc2</td></tr></table>",
        b"<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>",
        "<!DOCTYPE html><html>".encode("utf-16"),
        "<html><body>".encode("utf-16-le"),
    ],
)
def test_html_by_content(head: bytes) -> None:
    assert sniff(head) == "html"


def test_docx_and_pdf_by_content(word: bytes) -> None:
    assert sniff(word) == "docx"
    assert sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == "pdf"
    assert sniff(b"\r\n%PDF-1.4") == "pdf"  # junk before the header, as some servers send it


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (_OLE2 + "WordDocument".encode("utf-16-le"), "legacy Word .doc"),
        (_OLE2 + "Workbook".encode("utf-16-le"), "legacy Excel .xls"),
        (_OLE2, "legacy Office \\(OLE2\\)"),
        (b"{\\rtf1\\ansi\\ansicpg936 ...}", "RTF"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip archive"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20, "video"),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "Excel workbook \\(XLSX\\)"),
        (_zip("[Content_Types].xml", "ppt/presentation.xml"), "PowerPoint"),
        (_zip("OFD.xml", "Doc_0/Document.xml"), "OFD document"),
        (_zip("mimetype", "content.xml"), "OpenDocument"),
        (_zip("a.txt"), "ZIP archive that is not a Word"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "MHT"),
        (
            b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument>',
            "Word 2003 XML",
        ),
    ],
    ids=[
        "ole2-doc",
        "ole2-xls",
        "ole2",
        "rtf",
        "gzip",
        "mp4",
        "xlsx",
        "pptx",
        "ofd",
        "odt",
        "zip",
        "mht",
        "word-2003-xml",
    ],
)
def test_formats_we_cannot_read_are_named(data: bytes, says: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=says) as info:
        sniff(data)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff\xe0",
        b"II*\x00",
        b"MM\x00*",
        b"GIF89a",
        b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    ],
    ids=["png", "jpeg", "tiff-le", "tiff-be", "gif", "webp"],
)
def test_images_sniff_as_scans(head: bytes) -> None:
    assert sniff(head + b"\x00" * 100) == "image"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b"\xff\xd8\xff\xe0" + b"\x00" * 100, b"II*\x00" + b"\x00" * 100],
    ids=["png", "jpeg", "tiff"],
)
def test_a_damaged_image_is_a_one_line_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match="the image cannot be read") as info:
        gov_disclosure.parse_bytes(data)
    assert "\n" not in str(info.value)


def test_an_image_bomb_is_refused_before_it_is_decoded() -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # a few KB that would be 400 megapixels
    with pytest.raises(BudgetError, match="MAX_PIXELS"):
        gov_disclosure.parse_bytes(out.getvalue())


def test_an_image_without_the_ocr_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from gov_disclosure.readers import _ocr

    monkeypatch.setattr(_ocr, "available", lambda: False)
    with pytest.raises(MissingDependencyError, match=r"pip install 'gov-disclosure\[ocr\]'"):
        gov_disclosure.parse_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)


def test_a_damaged_archive_is_an_error_not_a_format() -> None:
    with pytest.raises(DecodeError, match="cannot be opened") as info:
        sniff(b"PK\x03\x04" + b"\x00" * 200)
    assert not isinstance(info.value, UnsupportedFormatError)


def test_a_large_file_of_another_kind_says_what_it_is(tmp_path: Path) -> None:
    video = tmp_path / "meeting.mp4"
    with video.open("wb") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42")
        f.truncate(MAX_BYTES + 10)
    with pytest.raises(UnsupportedFormatError, match="video"):
        read_path(video)


def test_format_is_taken_from_content_not_name(tmp_path: Path, page: bytes, word: bytes) -> None:
    expected = gov_disclosure.facts(gov_disclosure.parse_file(EXAMPLE))
    # Government sites serve pages as .doc and Word files as .html.
    for name, data in (("report.doc", page), ("report.html", word), ("report.txt", page)):
        path = tmp_path / name
        path.write_bytes(data)
        assert gov_disclosure.facts(gov_disclosure.parse_file(path)) == expected


def test_explicit_format_overrides_sniffing(page: bytes) -> None:
    # Read as text, the markup stays; read as HTML (the sniffed format), it is gone.
    assert "<table" in read_bytes(page, format="text")
    assert "<" not in read_bytes(page, format="html")
    assert read_bytes(page, format="html") == read_bytes(page)


def test_unknown_format_is_an_error(page: bytes) -> None:
    with pytest.raises(GovDisclosureError, match="unknown format"):
        read_bytes(page, format="odt")  # type: ignore[arg-type]


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="cannot read the file"):
        read_path(tmp_path / "missing.html")
    with pytest.raises(DecodeError, match="cannot read the file"):
        read_path(tmp_path)


def test_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gov_disclosure.readers.MAX_BYTES", 1000)
    with pytest.raises(DecodeError, match="are refused"):
        read_bytes(b"x" * 1001)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(DecodeError, match="are refused"):
        read_path(path)


def test_parse_bytes_wants_bytes() -> None:
    with pytest.raises(TypeError):
        gov_disclosure.parse_bytes("一、总体情况")  # type: ignore[arg-type]
    report = gov_disclosure.parse_bytes(EXAMPLE.read_bytes())
    assert gov_disclosure.facts(report) == gov_disclosure.facts(gov_disclosure.parse_file(EXAMPLE))


# ---- missing extras ------------------------------------------------------------------------------


@pytest.mark.parametrize(("module", "extra", "fixture"), [("lxml", "html", "page"), ("lxml", "docx", "word")])
def test_missing_extra_names_the_install(
    module: str, extra: str, fixture: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    data: bytes = request.getfixturevalue(fixture)
    # A None entry in sys.modules makes `import` fail as if the package were not installed.
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependencyError) as info:
        gov_disclosure.parse_bytes(data)
    message = str(info.value)
    assert f"pip install 'gov-disclosure[{extra}]'" in message
    assert "\n" not in message


def test_missing_extra_on_the_command_line(
    tmp_path: Path, page: bytes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(page)
    monkeypatch.setitem(sys.modules, "lxml", None)
    status = main(["facts", str(path)])
    _, err = capsys.readouterr()
    assert status == 2
    assert err.count("\n") == 1 and "gov-disclosure[html]" in err


# ---- the command line reads every format ---------------------------------------------------------


@pytest.mark.parametrize("fixture", ["page", "word"])
def test_cli_facts_and_check_on_other_formats(
    fixture: str, tmp_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    data: bytes = request.getfixturevalue(fixture)
    path = tmp_path / ("report.html" if fixture == "page" else "report.docx")
    path.write_bytes(data)
    assert main(["facts", str(path)]) == 0
    out, _ = capsys.readouterr()
    got = [json.loads(line) for line in out.splitlines()]
    assert all(fact.pop("file") == str(path) for fact in got)
    assert got == read_golden_facts(GOLDEN / "facts" / "examples" / f"{EXAMPLE.stem}.jsonl")
    assert main(["check", str(path)]) in (0, 1)
    assert main(["parse", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "table 3" in out
