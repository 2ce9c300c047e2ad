"""Rendering: every report written in every layout reads back to the same facts; HTML and DOCX
keep the template's merged cells and every number."""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import LAYOUTS, AnnualReport, Cell, facts, parse, parse_file, render
from gov_disclosure.parsing._frontend import LAYOUT_NAMES
from gov_disclosure.strategies import reports
from support import corpus_dir, example_paths, seed_paths
from test_degraded import assert_never_wrong
from writers import docx_bytes

TEXT_LAYOUTS = [name for name in LAYOUTS if name != "html"]
EXTERNAL_TEXTS = sorted(
    [
        "external/zxj6827111-blip__KIROGOVCOMPARE/沭阳县人民政府2025年政府信息公开工作年度报告-沭阳县人民政府.txt",
        "external/zxj6827111-blip__govnianbao/section3_raw_text.txt",
    ]
)
SOURCES = [*seed_paths(), *example_paths()]
ANY_REPORT = st.one_of(
    reports(),
    reports(consistent=False),
    reports(partial=True),
    reports(consistent=False, partial=True),
    reports(template="2019", partial=True),
)


def _keyed(report: AnnualReport) -> dict[tuple[str, str, str], object]:
    return {(f.table, f.row, f.column): f.value for f in facts(report)}


def _assert_round_trip(report: AnnualReport, layout: str) -> None:
    text = render(report, layout)
    back = parse(text)
    want, got = _keyed(report), _keyed(back)
    diff = {
        k: (want.get(k, "<none>"), got.get(k, "<none>"))
        for k in want.keys() | got.keys()
        if want.get(k, "<none>") != got.get(k, "<none>")
    }
    assert not diff, f"{layout}: {len(diff)} facts differ (written, read back): {sorted(diff.items())[:8]}"
    assert [f.as_dict() for f in facts(back)] == [f.as_dict() for f in facts(report)], (
        "same facts, other order"
    )
    if report.active or report.applications or report.reviews:
        # Prose alone has no layout to tell: only a text with a table is read as its layout.
        assert back.meta.layout == layout


def test_layouts() -> None:
    assert (*LAYOUT_NAMES, "html") == LAYOUTS
    assert set(TEXT_LAYOUTS) == {"tab_cells", "pipe_cells", "tsv", "markdown", "text_rows"}


def test_unknown_layout() -> None:
    report = parse_file(example_paths()[0])
    with pytest.raises(ValueError, match="unknown layout 'docx'"):
        render(report, "docx")


# ---- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@given(report=st.one_of(reports(), reports(consistent=False)))
def test_generated_reports_round_trip(layout: str, report: AnnualReport) -> None:
    _assert_round_trip(report, layout)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@given(report=ANY_REPORT)
def test_partial_reports_read_back_never_wrong(layout: str, report: AnnualReport) -> None:
    """Blank cells at a row's end are ambiguous where a text also pads rows with empty cells
    (` |` text): such a row's cells may be left out, with P001, but never read otherwise."""
    back = parse(render(report, layout))
    if layout == "pipe_cells":
        assert_never_wrong(report, back)
    else:
        _assert_round_trip(report, layout)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_corpus_round_trips(path: Path, layout: str) -> None:
    _assert_round_trip(parse_file(path), layout)


_MD_MARKS = re.compile(r"^#{1,6}\s*")
_SENTENCE_OR_DATE = re.compile(
    r"[。；！？]$|^\d{4}年\d{1,2}月\d{1,2}日$|^[一二三四五六]、|^（[一二三四五六七八九十]{1,3}）"
)


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_tab_indented_sentences_and_dates_in_tsv_stay_prose(path: Path) -> None:
    # Word exports a first-line indent as a TAB; in a TSV file that once made a paragraph, or
    # the date under the signature, into a table cell: the published date was lost.
    report = parse_file(path)
    lines = render(report, "tsv").split("\n")
    indented = [
        "\t\t" + line if "\t" not in line and _SENTENCE_OR_DATE.search(line) else line for line in lines
    ]
    assert indented != lines
    back = parse("\n".join(indented))
    assert back.meta.layout == "tsv"
    assert _keyed(back) == _keyed(report)
    published = report.meta.published
    assert (back.meta.published and back.meta.published.value) == (published and published.value)
    for number in range(1, 7):
        part, read = report.part(number), back.part(number)
        if part is None:
            assert read is None
            continue
        assert read is not None
        # The markdown example's "### （一）…" is written to TSV without its marks.
        want = [_MD_MARKS.sub("", line) for line in part.text.split("\n")]
        got = [line for line in read.text.split("\n") if _SENTENCE_OR_DATE.search(line)]
        assert got == [line for line in want if _SENTENCE_OR_DATE.search(line)], number


def test_a_tsv_row_with_a_sentence_for_a_label_stays_a_row() -> None:
    # A row's label may hold a semicolon, or end in "?" where a character was lost; the row's
    # empty cells after it still make it a row (the indent rule is for lone pieces of text).
    report = parse_file(seed_paths()[0])
    lines = render(report, "tsv").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("\t（二）部分公开"))
    for label in ("（二）部分公开（区分处理的；只计这一情形，不计其他情形）。", "（二）部分公开?"):
        cells = lines[at].split("\t")
        cells[1] = label
        back = parse("\n".join([*lines[:at], "\t".join(cells), *lines[at + 1 :]]))
        assert _keyed(back) == _keyed(report), label
    # A row label alone on its line right after a row (its blank cells trimmed by the export)
    # stays a row, though it looks like a sub-heading: only prose before it makes one.
    label = lines[at].split("\t")[1]
    back = parse("\n".join([*lines[:at], "\t" + label, *lines[at + 1 :]]))
    assert back.applications is not None and back.applications.partially_granted is not None
    part = back.part(3)
    assert part is not None and label not in part.text


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("name", EXTERNAL_TEXTS, ids=[Path(n).stem[:12] for n in EXTERNAL_TEXTS])
def test_external_texts_round_trip(name: str, layout: str) -> None:
    _assert_round_trip(parse_file(corpus_dir() / name), layout)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_partial_seed_stays_partial(layout: str) -> None:
    """Seed 002 lacks table 3 and the end of table 2; its table 4 has no header."""
    report = parse_file(next(p for p in seed_paths() if p.name.startswith("002")))
    back = parse(render(report, layout))
    assert back.applications is None
    assert isinstance(back.active, gov_disclosure.Active2021)
    assert back.active.coercion is None and back.active.fees is None
    assert back.reviews is not None and back.reviews.review is not None


def _blank(raw: str = "") -> Cell[Any]:
    return Cell(value=None, raw=raw)


def _donghu() -> AnnualReport:
    return parse_file(next(p for p in example_paths() if p.name.startswith("donghu")))


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_blank_is_written_blank(layout: str) -> None:
    report = _donghu()
    assert report.applications is not None and report.applications.granted is not None
    granted = attrs.evolve(report.applications.granted, commercial=_blank(), total=_blank("/"))
    report = attrs.evolve(report, applications=attrs.evolve(report.applications, granted=granted))
    back = parse(render(report, layout))
    assert back.applications is not None and back.applications.granted is not None
    got = back.applications.granted
    assert got.commercial is not None and got.commercial.value is None
    assert got.total is not None and got.total.value is None
    assert got.natural_person is not None and got.natural_person.value == 18


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_blank_2019_other_row(layout: str) -> None:
    """The 2019 form's single （六）其他处理 row, all blank, is a row, not the 2021 group label."""
    report = _donghu()
    apps = report.applications
    assert apps is not None and apps.other.combined is not None
    names = [f.name for f in attrs.fields(gov_disclosure.ApplicantRow) if "label" in f.metadata]
    combined = attrs.evolve(apps.other.combined, **{n: _blank() for n in names})
    report = attrs.evolve(
        report, applications=attrs.evolve(apps, other=attrs.evolve(apps.other, combined=combined))
    )
    _assert_round_trip(report, layout)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_all_blank_table4(layout: str) -> None:
    report = _donghu()
    assert report.reviews is not None
    blank = gov_disclosure.ReviewRow(**{f.name: _blank() for f in attrs.fields(gov_disclosure.ReviewRow)})
    reviews = attrs.evolve(
        report.reviews, review=blank, litigation_direct=blank, litigation_after_review=blank
    )
    _assert_round_trip(attrs.evolve(report, reviews=reviews), layout)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_table4_without_data(layout: str) -> None:
    """A table 4 whose header is all the report has: the header is written, no data row."""
    report = _donghu()
    assert report.reviews is not None
    reviews = attrs.evolve(report.reviews, review=None, litigation_direct=None, litigation_after_review=None)
    report = attrs.evolve(report, reviews=reviews)
    _assert_round_trip(report, layout)
    assert parse(render(report, layout)).reviews is not None


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_gap_in_a_row_is_written_blank(layout: str) -> None:
    """A text table cannot show a cell missing before one that is present: it is written blank."""
    report = _donghu()
    assert report.applications is not None and report.applications.total is not None
    total = attrs.evolve(report.applications.total, research=None)
    report = attrs.evolve(report, applications=attrs.evolve(report.applications, total=total))
    back = parse(render(report, layout))
    assert back.applications is not None and back.applications.total is not None
    got = back.applications.total
    assert got.research is not None and got.research.value is None
    assert got.legal_service is not None and got.legal_service.value == 3


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_metadata_the_prose_lacks_is_written(layout: str) -> None:
    """No title line and no signature in the prose: the title and the date are still shown."""
    report = _donghu()
    meta = report.meta
    assert meta.title is not None
    report = attrs.evolve(
        report,
        preamble=report.preamble[2:],
        meta=attrs.evolve(meta, title=None, published=Cell(value="2021-03-20", raw="2021年3月20日")),
    )
    text = render(report, layout)
    assert "临川市东湖区人民政府2020年政府信息公开工作年度报告" in text
    assert "2021年3月20日" in text
    back = parse(text)
    assert back.meta.subject is not None and back.meta.subject.value == "临川市东湖区人民政府"
    assert back.meta.published is not None and back.meta.published.value == "2021-03-20"


def test_values_keep_the_reports_wording_when_it_reads_the_same() -> None:
    text = render(_donghu(), "tsv")
    assert "行政许可\t187\t+5\t6342" in text  # the sign of 本年增/减 is kept
    assert "政府集中采购\t215\t1234.5万" in text  # so is the unit of 采购总金额


# ---- HTML -----------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The tables of a page as rows of (text, rowspan, colspan)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.charset = ""

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = dict(attrs_)
        if tag == "meta" and a.get("charset"):
            self.charset = a["charset"] or ""
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag == "td":
            self.cell = []
            self.spans = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.tables[-1][-1].append(("".join(self.cell), *self.spans))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """A table's rows with every merged cell's text repeated over the grid positions it covers."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "\0") for c in range(width)] for r in range(len(rows))]


def _numbers(report: AnnualReport) -> list[str]:
    return [str(f.value) for f in facts(report) if f.table != "meta" and f.value is not None]


def _cell_number(text: str) -> str:
    """A cell's number as the facts print it: NFKC, no sign of +, no 万 unit."""
    text = unicodedata.normalize("NFKC", text).strip().lstrip("+")
    return re.sub(r"万元?$", "", text)


def _check_html(report: AnnualReport) -> list[list[list[str]]]:
    page = render(report, "html")
    assert page.startswith("<!DOCTYPE html>")
    # Well-formed: it reads as XML (polyglot XHTML) as well as HTML.
    root = ET.fromstring(page.split("\n", 1)[1])
    assert root.tag == "html"
    tables = _Tables()
    tables.feed(page)
    tables.close()
    assert tables.charset.lower() == "utf-8"
    grids = [_expand(t) for t in tables.tables]
    shown = {_cell_number(text) for g in grids for row in g for text in row}
    missing = [n for n in _numbers(report) if n not in shown]
    assert not missing, missing
    return grids


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_html_is_well_formed_and_holds_every_number(path: Path) -> None:
    _check_html(parse_file(path))


@given(report=ANY_REPORT)
def test_generated_html(report: AnnualReport) -> None:
    _check_html(report)


def _row(grid: list[list[str]], label: str) -> list[str]:
    return next(row for row in grid if label in row)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_html_merges_cells_like_the_template(template: str) -> None:
    path = next(p for p in example_paths() if p.name.startswith("qinghe" if template == "2021" else "donghu"))
    report = parse_file(path)
    page = render(report, "html")
    tables = _Tables()
    tables.feed(page)
    t2, t3, t4 = tables.tables
    # Table 3: 申请人情况 over the 7 applicant columns, 法人或其他组织 over its 5; the row
    # groups merged down.
    assert t3[0] == [(t3[0][0][0], 3, 3), ("申请人情况", 1, 7)]
    assert t3[1] == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    results = 22 if template == "2021" else 20
    spans = {text: (rowspan, colspan) for row in t3 for text, rowspan, colspan in row}
    assert spans["三、本年度办理结果"] == (results, 1)
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["（四）无法提供"] == (3, 1)
    assert spans["（五）不予处理"] == (5, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert spans["（七）总计"] == (1, 2)
    if template == "2021":
        assert spans["（六）其他处理"] == (3, 1)
    else:
        assert spans["（六）其他处理"] == (1, 2)
    # Table 4: 行政复议 over 5 columns, 行政诉讼 over 10, each litigation kind over 5.
    assert t4[0] == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    assert [c for c in t4[1] if c[2] > 1] == [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    assert all(rowspan == 2 for _, rowspan, _ in t4[1][:5])
    # Table 2: each 第二十条 caption over the table's 4 columns.
    assert all(row[0][2] == 4 for row in t2 if row[0][0].startswith("第二十条"))
    # Every row fills the grid: the spans add up.
    for table in (t2, t3, t4):
        grid = _expand(table)
        assert all("\0" not in row for row in grid), table
    # And the values sit under their columns.
    apps = report.applications
    assert apps is not None and apps.granted is not None
    grid3 = _expand(t3)
    row = _row(grid3, "（一）予以公开")
    expected = [str(getattr(apps.granted, n).value) for n in ("natural_person", "commercial", "total")]
    assert [row[3], row[4], row[9]] == expected
    assert grid3[2][3:10] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


def test_html_escapes_text() -> None:
    report = _donghu()
    part = attrs.evolve(report.parts[0], paragraphs=(Cell(value="a<b & c>", raw="a<b & c>"),))
    page = render(attrs.evolve(report, parts=(part, *report.parts[1:])), "html")
    assert "<p>a&lt;b &amp; c&gt;</p>" in page
    ET.fromstring(page.split("\n", 1)[1])


# ---- DOCX (test writer) ---------------------------------------------------------------------


def _docx_tables(report: AnnualReport) -> list[Any]:
    document = docx.Document(io.BytesIO(docx_bytes(report)))
    return list(document.tables)


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_docx_opens_and_holds_every_number(path: Path) -> None:
    report = parse_file(path)
    document = docx.Document(io.BytesIO(docx_bytes(report)))
    shown = {_cell_number(cell.text) for table in document.tables for row in table.rows for cell in row.cells}
    missing = [n for n in _numbers(report) if n not in shown]
    assert not missing, missing
    text = "\n".join(p.text for p in document.paragraphs)
    assert report.meta.title is not None and report.meta.title.value is not None
    assert report.meta.title.value.replace(" ", "") in text.replace("\n", "")


def test_docx_merges_cells_like_the_html() -> None:
    report = _donghu()
    t2, t3, t4 = _docx_tables(report)
    # A merged cell is one cell of the XML, whichever grid position it is reached from.
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc and t3.cell(0, 3).text == "申请人情况"
    assert t3.cell(1, 4)._tc is t3.cell(1, 8)._tc and t3.cell(1, 4).text == "法人或其他组织"
    results = t3.cell(5, 0)
    assert results.text == "三、本年度办理结果" and results._tc is t3.cell(24, 0)._tc
    assert t4.cell(0, 0)._tc is t4.cell(0, 4)._tc and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert t2.cell(0, 0)._tc is t2.cell(0, 3)._tc and t2.cell(0, 0).text == "第二十条第（一）项"


@settings(max_examples=10)  # python-docx takes 0.3 s a report; the corpus tests above cover more
@given(report=reports(partial=True))
def test_generated_docx_holds_every_number(report: AnnualReport) -> None:
    tables = _docx_tables(report)
    shown = {_cell_number(cell.text) for table in tables for row in table.rows for cell in row.cells}
    assert not [n for n in _numbers(report) if n not in shown]


def test_money_is_shown_as_read() -> None:
    report = _donghu()
    assert isinstance(report.active, gov_disclosure.Active2019) and report.active.procurement is not None
    amount = report.active.procurement.amount
    assert amount is not None and amount.value == Decimal("1234.5")
    assert re.search(r"<td[^>]*>1234.5万</td>", render(report, "html"))
