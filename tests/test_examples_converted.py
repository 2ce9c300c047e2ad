"""Our examples as converters leave them (examples/converted/) read to their source's facts."""

from __future__ import annotations

from gov_disclosure import AnnualReport, facts, parse_file, validate
from gov_disclosure.checks.narrative import statements
from support import EXAMPLES
from test_degraded import assert_never_wrong

CONVERTED = EXAMPLES / "converted"


def _table_facts(path_facts: list[tuple[str, str, str, object]]) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): v for t, r, c, v in path_facts if t != "meta"}


def test_pdftotext_layout_reads_every_fact() -> None:
    # Blank cells are empty space; table 4's headings on one line, its values on the next.
    source = parse_file(EXAMPLES / "qinghe-county-2023.txt")
    read = parse_file(CONVERTED / "qinghe-county-2023.pdftotext-layout.txt")
    want = _table_facts([(f.table, f.row, f.column, f.value) for f in facts(source)])
    got = _table_facts([(f.table, f.row, f.column, f.value) for f in facts(read)])
    assert got == want
    assert read.reviews is not None and read.reviews.litigation_after_review is not None
    assert read.reviews.litigation_after_review.total is not None
    assert read.reviews.litigation_after_review.total.value == 0
    assert read.meta.subject is not None and source.meta.subject is not None
    assert read.meta.subject.value == source.meta.subject.value == "青禾县人民政府办公室"
    assert not [f for f in validate(read) if f.code.startswith(("P", "S"))]


def test_pdftotext_layout_wrapped_narrative_reads_as_the_source() -> None:
    # pdftotext wraps the paragraphs at the page's width, mid-sentence and mid-count
    # (上年 / 结转3件, 被提起行政诉讼2 / 件): every count the narrative states is read all the
    # same, the parts after 其中 with the count they divide, and agrees with the tables.
    source = parse_file(EXAMPLES / "qinghe-county-2023.txt")
    read = parse_file(CONVERTED / "qinghe-county-2023.pdftotext-layout.txt")

    def said(report: AnnualReport) -> list[tuple[str, int, str | None]]:
        return [(s.kind, s.number, s.parent.kind if s.parent else None) for s in statements(report)]

    assert said(read) == said(source)
    assert {"new_received", "natural_person", "granted", "unavailable", "review_upheld", "litigation"} <= {
        kind for kind, _, _ in said(read)
    }
    assert validate(read, select=["N001"]) == validate(source, select=["N001"]) == []


def test_one_line_web_text_reads_without_a_wrong_value() -> None:
    source = parse_file(EXAMPLES / "baishi-town-2022.txt")
    read = parse_file(CONVERTED / "baishi-town-2022.one-line.txt")
    assert [p.number for p in read.parts] == [1, 2, 3, 4, 5, 6]
    assert read.meta.year is not None and read.meta.year.value == 2022
    right, total = assert_never_wrong(source, read)
    # Measured: the rows whose digits only one cut fits; the others have P001.
    assert (right, total) == (129, 204)
