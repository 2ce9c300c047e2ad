"""The DOCX reader: Word files parse to exactly the facts of the report they carry."""

from __future__ import annotations

import time
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import BudgetError, DecodeError, GovDisclosureError, UnsupportedFormatError
from gov_disclosure.readers import read_bytes, sniff
from gov_disclosure.readers.docx import docx_to_text
from gov_disclosure.readers.grid import SpanCell
from report_tables import add_table, applications_table, report_docx, reviews_table
from support import example_paths, seed_paths

REPORTS = [*seed_paths(), *example_paths()]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _facts(report: gov_disclosure.AnnualReport) -> dict[tuple[str, str, str], Any]:
    return {(f.table, f.row, f.column): f.value for f in gov_disclosure.facts(report)}


def _save(document: Any) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _read_or_fail_cleanly(data: bytes) -> None:
    try:
        gov_disclosure.facts(gov_disclosure.parse(read_bytes(data, format="docx")))
    except GovDisclosureError as exc:
        assert str(exc) and "\n" not in str(exc)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_every_report_survives_as_a_word_file(path: Path) -> None:
    report = gov_disclosure.parse_file(path)
    data = report_docx(report)
    assert sniff(data) == "docx"
    got = gov_disclosure.parse_bytes(data)
    want, have = _facts(report), _facts(got)
    wrong = {
        k: (want.get(k), have.get(k, "<no fact>"))
        for k in {*want, *have}
        if want.get(k, "<no fact>") != have.get(k, "<no fact>")
    }
    assert not wrong, wrong
    assert [p.number for p in got.parts] == [p.number for p in report.parts]


# ---- a Word file written by hand -----------------------------------------------------------------


def _hand_written() -> bytes:
    """An invented 2021-form report: merged cells, wrapped headers, a layout frame, revisions."""
    report = gov_disclosure.parse_file(example_paths()[3])  # for its table 3 and 4 values
    document = docx.Document()
    document.add_paragraph("柏溪镇人民政府")
    document.add_paragraph("2022年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    intro = document.add_paragraph("2022年，柏溪镇人民政府认真贯彻《条例》。")
    intro.add_run("\t全年主动公开信息512条。")
    document.add_paragraph("二、主动公开政府信息情况")
    t2 = [
        [SpanCell("第二十条第（一）项", colspan=4)],
        [SpanCell("信息内容"), SpanCell("本年制发件数"), SpanCell("本年废止件数"), SpanCell("现行有效件数")],
        [SpanCell("规章"), SpanCell("0"), SpanCell("0"), SpanCell("0")],
        [SpanCell("行政规范性文件"), SpanCell("2"), SpanCell("1"), SpanCell("9")],
        [SpanCell("第二十条第（五）项", colspan=4)],
        [SpanCell("信息内容"), SpanCell("本年处理决定数量", colspan=3)],
        [SpanCell("行政许可"), SpanCell("48", colspan=3)],
        [SpanCell("第二十条第（六）项", colspan=4)],
        [SpanCell("信息内容"), SpanCell("本年处理决定数量", colspan=3)],
        [SpanCell("行政处罚"), SpanCell("15", colspan=3)],
        [SpanCell("行政强制"), SpanCell("", colspan=3)],  # blank, not 0
        [SpanCell("第二十条第（八）项", colspan=4)],
        [SpanCell("信息内容"), SpanCell("本年收费金额（单位：万元）", colspan=3)],
        [SpanCell("行政事业性收费"), SpanCell("3.25", colspan=3)],
    ]
    add_table(document, t2)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    # Table 3 inside a one-cell frame table: layout, not a table of the report.
    frame = document.add_table(rows=1, cols=1)
    inner = frame.cell(0, 0)
    inner.paragraphs[0].text = "（表格见下）"
    assert report.applications is not None and report.reviews is not None
    add_table(inner, applications_table(report.applications))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    add_table(document, reviews_table(report.reviews))
    document.add_paragraph("五、存在的主要问题及改进情况")
    revised = document.add_paragraph("宣传解读形式")
    # A tracked revision: the deleted words are not read, the inserted ones are.
    deleted = f'<w:del {W_NS} w:id="1" w:author="a"><w:r><w:delText>不够</w:delText></w:r></w:del>'
    inserted = f'<w:ins {W_NS} w:id="2" w:author="a"><w:r><w:t>还需</w:t></w:r></w:ins>'
    for xml in (deleted, inserted):
        revised._p.append(parse_xml(xml))  # type: ignore[arg-type]  # the stubs want a CT_P
    revised.add_run("丰富。")
    document.add_paragraph("六、其他需要报告的事项")
    sdt = parse_xml(
        f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>本机关未收取信息处理费。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, sdt)
    signature = document.add_paragraph("柏溪镇人民政府")
    signature.add_run().add_break()
    signature.add_run("2023年1月16日")
    return _save(document)


@pytest.fixture(scope="module")
def hand_written() -> tuple[bytes, gov_disclosure.AnnualReport]:
    data = _hand_written()
    return data, gov_disclosure.parse_bytes(data)


def test_hand_written_meta_and_prose(hand_written: tuple[bytes, gov_disclosure.AnnualReport]) -> None:
    data, report = hand_written
    assert report.meta.subject is not None and report.meta.subject.value == "柏溪镇人民政府"
    assert report.meta.year is not None and report.meta.year.value == 2022
    assert report.meta.published is not None and report.meta.published.value == "2023-01-16"
    assert report.meta.template == "2021"
    assert [p.number for p in report.parts] == [1, 2, 3, 4, 5, 6]
    text = docx_to_text(data)
    assert "宣传解读形式还需丰富。" in text and "不够" not in text
    assert "本机关未收取信息处理费。" in text
    assert "2022年，柏溪镇人民政府认真贯彻《条例》。 全年主动公开信息512条。" in text
    assert "\t全年" not in text  # a TAB in prose is a space: prose never turns into cells


def test_hand_written_tables(hand_written: tuple[bytes, gov_disclosure.AnnualReport]) -> None:
    _, report = hand_written
    facts = _facts(report)
    assert {k: v for k, v in facts.items() if k[0] == "active"} == {
        ("active", "rules", "issued"): 0,
        ("active", "rules", "repealed"): 0,
        ("active", "rules", "in_force"): 0,
        ("active", "normative_documents", "issued"): 2,
        ("active", "normative_documents", "repealed"): 1,
        ("active", "normative_documents", "in_force"): 9,
        ("active", "licensing", "decisions"): 48,
        ("active", "punishment", "decisions"): 15,
        ("active", "coercion", "decisions"): None,
        ("active", "fees", "amount"): "3.25",
    }
    source = _facts(gov_disclosure.parse_file(example_paths()[3]))
    for table in ("applications", "reviews"):
        assert {k: v for k, v in facts.items() if k[0] == table} == {
            k: v for k, v in source.items() if k[0] == table
        }


def test_merged_cells_are_a_grid_of_origins_and_copies() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"  # vMerge down 3 rows
    table.cell(0, 1).merge(table.cell(0, 2)).text = "（一）予以公开"  # gridSpan across 2
    table.cell(0, 3).text = "5"
    table.cell(1, 1).text = "（二）部分公开"
    table.cell(1, 2).text = ""
    table.cell(1, 3).text = "2"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "（七）总计"
    table.cell(2, 3).text = "7"
    lines = docx_to_text(_save(document)).splitlines()
    assert lines == ["三、本年度办理结果\t（一）予以公开\t5", "（二）部分公开\t\t2", "（七）总计\t7"]


def test_grid_before_and_legacy_hmerge() -> None:
    tbl = f"""<w:tbl {W_NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
      <w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>
    </w:tbl>"""
    document = docx.Document()
    document.element.body.insert(0, parse_xml(tbl))
    assert docx_to_text(_save(document)).splitlines() == ["规章\t1\t2", "3\t4", "行政许可\t9"]


def test_nested_table_text_joins_into_its_cell_and_layout_frames_open() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "一、总体情况"
    right = outer.cell(0, 1)
    right.text = "正文第一段。"
    right.add_paragraph("正文第二段。")
    inner = right.add_table(rows=1, cols=3)
    for i, t in enumerate(["规章", "1", "0"]):
        inner.cell(0, i).text = t
    assert docx_to_text(_save(document)).splitlines() == [
        "一、总体情况",
        "正文第一段。",
        "正文第二段。",
        "规章\t1\t0",
    ]


# ---- hostile files -------------------------------------------------------------------------------

VALID = report_docx(gov_disclosure.parse_file(seed_paths()[1]))


def _zip(entries: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def _without(name: str) -> bytes:
    with zipfile.ZipFile(BytesIO(VALID)) as archive:
        return _zip({n: archive.read(n) for n in archive.namelist() if n != name})


def _replace(name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(VALID)) as archive:
        return _zip({n: (content if n == name else archive.read(n)) for n in archive.namelist()})


CORRUPT = {
    "random-after-pk": b"PK\x03\x04" + bytes(range(256)) * 20,
    "truncated-zip": VALID[: len(VALID) // 2],
    "no-document-xml": _without("word/document.xml"),
    "no-content-types": _without("[Content_Types].xml"),
    "document-xml-not-xml": _replace("word/document.xml", b"<w:document><w:body><w:p>"),
    "document-xml-binary": _replace("word/document.xml", bytes(range(256)) * 4),
    "xlsx-like": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    "empty-zip": _zip({}),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_word_files_fail_in_one_line(name: str) -> None:
    with pytest.raises(GovDisclosureError) as info:
        gov_disclosure.parse_bytes(CORRUPT[name])
    assert str(info.value) and "\n" not in str(info.value)
    with pytest.raises(DecodeError):
        docx_to_text(CORRUPT[name])


def test_legacy_doc_and_other_archives_are_named() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    with pytest.raises(UnsupportedFormatError, match=r"legacy Word \.doc"):
        gov_disclosure.parse_bytes(ole2 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(UnsupportedFormatError, match=r"legacy Office \(OLE2\)"):
        gov_disclosure.parse_bytes(ole2)
    with pytest.raises(UnsupportedFormatError, match=r"Excel workbook \(XLSX\)"):
        gov_disclosure.parse_bytes(CORRUPT["xlsx-like"])
    with pytest.raises(UnsupportedFormatError, match="ZIP archive that is not a Word"):
        gov_disclosure.parse_bytes(_zip({"a.txt": b"x"}))


def test_a_zip_that_would_inflate_too_far(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gov_disclosure.readers.docx.MAX_UNPACKED", 10_000)
    with pytest.raises(DecodeError, match="unpack to more than"):
        docx_to_text(VALID)


def test_a_word_file_cut_anywhere_fails_cleanly() -> None:
    for cut in range(0, len(VALID), max(1, len(VALID) // 40)):
        _read_or_fail_cleanly(VALID[:cut])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_fuzz_mutated_word_file(mutations: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for at, byte in mutations:
        data[at] = byte
    t0 = time.perf_counter()
    _read_or_fail_cleanly(bytes(data))
    assert time.perf_counter() - t0 < 10


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_document_xml(body: bytes) -> None:
    _read_or_fail_cleanly(_replace("word/document.xml", body))


# ---- automatic numbering -------------------------------------------------------------------------

NUMBERING = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>"""


def _numbered(document: Any, text: str, ilvl: int, num_id: str = "90") -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"),
        (99, "chineseCounting", "九十九"),
        (120, "chineseCounting", "120"),
        (3, "chineseLegalSimplified", "叁"),
        (2, "ideographTraditional", "乙"),
        (4, "decimalEnclosedCircle", "④"),
        (7, "decimalFullWidth", "７"),
        (28, "lowerLetter", "bb"),
        (14, "upperRoman", "XIV"),
        (5, "decimalZero", "05"),
        (10**12, "lowerLetter", str(10**12)),
        (6, "decimal", "6"),
    ],
)
def test_number_formats(n: int, fmt: str, shown: str) -> None:
    from gov_disclosure.readers.docx import _number

    assert _number(n, fmt) == shown


def test_automatic_numbering_is_rendered() -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("青禾县人民政府办公室2023年政府信息公开工作年度报告")
    _numbered(document, "总体情况", 0)
    _numbered(document, "主动公开", 1)
    _numbered(document, "依申请公开", 1)
    _numbered(document, "主动公开政府信息情况", 0)
    _numbered(document, "第一点", 2)
    _numbered(document, "第二点", 2)
    _numbered(document, "收到和处理政府信息公开申请情况", 0)
    _numbered(document, "", 0)  # an empty numbered paragraph still counts: 四 is used up
    _numbered(document, "存在的主要问题及改进情况", 0)
    _numbered(document, "其他需要报告的事项", 0)
    _numbered(document, "不存在的列表", 0, num_id="77")  # a numId with no definition: no number
    lines = docx_to_text(_save(document)).splitlines()
    assert lines[1:] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        "1.第一点",
        "2.第二点",
        "三、收到和处理政府信息公开申请情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "不存在的列表",
    ]
    report = gov_disclosure.parse(docx_to_text(_save(document)))
    assert [p.number for p in report.parts] == [1, 2, 3, 5, 6]


def test_numbering_through_a_heading_style() -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(
        parse_xml(
            f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
        )
    )
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="91"/></w:numPr>'))
    document.add_paragraph("收到和处理政府信息公开申请情况", style="Heading 1")
    document.add_paragraph("政府信息公开行政复议、行政诉讼情况", style="Heading 1")
    assert docx_to_text(_save(document)).splitlines() == [
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def test_a_table_over_the_grid_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gov_disclosure.readers.docx.MAX_GRID_CELLS", 200)
    wide = "".join(f"<w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>" for i in range(100))
    narrow = "<w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc></w:tr>" * 50
    document = docx.Document()
    document.element.body.insert(0, parse_xml(f"<w:tbl {W_NS}><w:tr>{wide}</w:tr>{narrow}</w:tbl>"))
    # The 100-wide first row, then one more row: each row costs the table's full width.
    with pytest.raises(BudgetError, match="MAX_GRID_CELLS"):
        docx_to_text(_save(document))


@pytest.mark.parametrize("path", [*example_paths(), *seed_paths()], ids=lambda p: p.stem)
def test_every_value_of_a_word_file_names_its_paragraph_or_cell(path: Path) -> None:
    from lxml import etree

    from writers import docx_bytes

    data = docx_bytes(gov_disclosure.parse_file(path))
    report = gov_disclosure.parse_bytes(data)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"))
    paragraphs = list(body.iter(f"{w}p"))
    tables = list(body.iter(f"{w}tbl"))

    def text(el: Any) -> str:
        return "".join("".join(t.text or "" for t in el.iter(f"{w}t")).split())

    checked = 0
    for fact in gov_disclosure.facts(report):
        if fact.span is None:
            continue
        region = report.meta.region_of(fact.span.line, fact.span.column)
        assert region is not None and region.element, fact
        kind, *numbers = region.element.split()
        if kind == "paragraph":
            element = paragraphs[int(numbers[0]) - 1]
        else:
            assert kind == "table" and fact.table != "meta", region
            t, r, c = int(numbers[0]), int(numbers[2]), int(numbers[4])
            element = list(tables[t - 1].iter(f"{w}tr"))[r - 1].findall(f"{w}tc")[c - 1]
        cell = report.cell(fact.table, fact.row, fact.column)
        assert cell is not None
        assert "".join(cell.raw.split()) in text(element), (fact, region)
        checked += 1
    assert checked >= 20
