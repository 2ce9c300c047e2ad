"""P: values the reader saw in a table but could not place in their cells for certain."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import TABLE_NAMES
from gov_disclosure.findings import Finding
from gov_disclosure.form import APPLICATIONS_UNION, FORM_2019, FORM_2021
from gov_disclosure.model import AnnualReport

__all__ = ["UNPLACED_VALUES", "unplaced_values"]

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
    for item in report.unplaced:
        columns = "、".join(item.columns)
        yield UNPLACED_VALUES.finding(
            f"{TABLE_NAMES.get(item.table, item.table)}{_row_name(item.table, item.row)}"
            f"的数值「{item.raw}」无法确定所在单元格（{columns}），未予采用：{item.reason}",
            line=item.span.line if item.span else None,
            part=_NUMBERS.get(item.table),
            table=item.table,
            row=item.row,
        )


UNPLACED_VALUES = Rule(
    code="P001",
    severity="warning",
    title="Values of a table row could not be placed in their cells for certain, and were left out.",
    bad=(edit(COMPLETE_2021, "行政规范性文件 3 1 12", "行政规范性文件 3 12"),),
    good=(COMPLETE_2021,),
    check=unplaced_values,
)
