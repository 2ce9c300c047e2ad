"""P: values the reader saw in a table but could not place in their cells, or read, for certain."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import TABLE_NAMES
from gov_disclosure.findings import Finding
from gov_disclosure.form import APPLICATIONS_UNION, FORM_2019, FORM_2021, label
from gov_disclosure.model import AnnualReport, Unplaced
from gov_disclosure.readers import PagedText
from gov_disclosure.span import Region

__all__ = ["DOUBTFUL_READS", "UNPLACED_VALUES", "doubtful_reads", "unplaced_values"]

_NUMBERS = {"active": 2, "applications": 3, "reviews": 4}


def _row_name(table: str, row: str | None) -> str:
    if row is None:
        return ""
    forms = (
        (APPLICATIONS_UNION,) if table == "applications" else (FORM_2021.table(table), FORM_2019.table(table))
    )
    for form in forms:
        for r in form.rows:
            if r.key == row:
                return f"「{r.name}」行"
    return f"「{row}」行"


def unplaced_values(report: AnnualReport) -> Iterator[Finding]:
    """Values whose cells the reader could not tell for certain: a row that lost its blank cells
    (which of its columns are blank?), cells run together with no separator (where do the
    numbers part?), two rows merged, a row without a label between unknown rows. The form's
    sums place such values when exactly one placement satisfies them; otherwise the cells are
    left out, and this says so, rather than stating a number that may be wrong."""
    return _left_out(
        report,
        UNPLACED_VALUES,
        lambda item: (
            f"{_where(item)}的数值「{item.raw}」无法确定所在单元格（{'、'.join(item.columns)}），"
            f"未予采用：{item.reason}"
        ),
    )


def _where(item: Unplaced) -> str:
    return f"{TABLE_NAMES.get(item.table, item.table)}{_row_name(item.table, item.row)}"


def _left_out(report: AnnualReport, rule: Rule, message: Callable[[Unplaced], str]) -> Iterator[Finding]:
    """A finding of ``rule`` per value left out of its kind: a doubtful OCR read (P002, it
    has a confidence) or a value that could not be placed (P001)."""
    ocr = rule is DOUBTFUL_READS
    for item in report.unplaced:
        if (item.confidence is not None) is not ocr:
            continue
        yield rule.finding(
            message(item),
            line=item.span.line if item.span else None,
            part=_NUMBERS.get(item.table),
            table=item.table,
            row=item.row,
            column=item.columns[0] if ocr and len(item.columns) == 1 else None,
            expected=item.implied,
        )


UNPLACED_VALUES = Rule(
    code="P001",
    severity="warning",
    title="Values of a table row could not be placed in their cells for certain, and were left out.",
    bad=(edit(COMPLETE_2021, "行政规范性文件 3 1 12", "行政规范性文件 3 12"),),
    good=(COMPLETE_2021,),
    check=unplaced_values,
)


def doubtful_reads(report: AnnualReport) -> Iterator[Finding]:
    """Figures of a scanned page that OCR read with too little confidence (below
    ``gov_disclosure.parsing.DOUBTFUL``) and that no sum of the form confirms: each cell is
    left out rather than stated on the recogniser's word. The finding quotes what was read and
    how sure the recogniser was, and, where the form's sums agree on what the cell should
    hold, that number, as a suggestion to check against the scan. So for the report's year,
    read from a doubtful line that no other line confirms."""
    return _left_out(
        report,
        DOUBTFUL_READS,
        lambda item: (
            f"报告年份识别为「{item.raw}」，未予采用：{item.reason}"
            if item.table == "meta"
            else f"{_where(item)}「{'、'.join(label(item.table, item.row, c) for c in item.columns)}」列"
            f"识别为「{item.raw}」，未予采用：{item.reason}"
        ),
    )


def _scanned(text: str, row: str, confidence: float) -> PagedText:
    """``text`` as OCR hands it over: every stretch sure but the last figure of ``row``
    (a row's text as written), read with ``confidence``."""
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines, 1) if row in line)
    figure = row.rsplit(" ", 1)[1]
    column = lines[number - 1].index(row) + len(row) - len(figure) + 1
    region = Region(
        line=number, column=column, end_column=column + len(figure), page=1, confidence=confidence
    )
    return PagedText(text, (1,), (region,))


_MISREAD = "（一）予以公开 2 1 0 0 0 0 8"  # the 3 of the row's 总计 read as 8

DOUBTFUL_READS = Rule(
    code="P002",
    severity="warning",
    title="A figure of a scanned page that OCR read with too little confidence, and that no sum"
    " of the form confirms, was left out.",
    bad=(_scanned(edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", _MISREAD), _MISREAD, 0.41),),
    good=(_scanned(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", 0.41),),
    check=doubtful_reads,
)
