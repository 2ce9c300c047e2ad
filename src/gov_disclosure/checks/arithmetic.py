"""A: the 勾稽关系 and totals of tables 3 and 4, and the sign and kind of every count.

A001–A004 are one check each per family of the form's relations (`gov_disclosure.form.Relation`):
they read the sums from the form, so a relation added there is checked here without a line of
code. A006 reads the same relations for totals left blank.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from attrs import frozen

from gov_disclosure import limits
from gov_disclosure.checks._examples import COMPLETE_2021, edit
from gov_disclosure.checks._rule import Rule
from gov_disclosure.checks._util import is_blank, line, unplaced_cells, value
from gov_disclosure.findings import Finding
from gov_disclosure.form import (
    APPLICATIONS_UNION,
    FORM_2021,
    CellRef,
    Relation,
    cells_reader,
    lookup,
    present_cells,
    report_relations,
)
from gov_disclosure.form import table_at as _table_at
from gov_disclosure.model import AnnualReport, Cell

__all__ = [
    "BALANCE",
    "BLOCK_TOTALS",
    "NEGATIVE_COUNTS",
    "ONE_DIGIT",
    "RESULT_TOTALS",
    "ROW_TOTALS",
    "TOTAL_BLANK",
    "balance",
    "block_totals",
    "negative_counts",
    "one_digit",
    "result_totals",
    "row_totals",
    "total_blank",
]


def _fmt(v: int | Decimal) -> str:
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def _label(ref: CellRef) -> str:
    """The name of the row a cell stands in, for messages."""
    if ref.table == "applications":
        return APPLICATIONS_UNION.row(ref.row).name
    return FORM_2021.table(ref.table).row(ref.row).name


def _column(ref: CellRef) -> str:
    table = APPLICATIONS_UNION if ref.table == "applications" else FORM_2021.table(ref.table)
    return next(c.label for c in table.row(ref.row).columns if c.key == ref.column)


def _row_label_cell(report: AnnualReport, ref: CellRef) -> Cell[Any] | None:
    """The label cell of the row ``ref`` stands in (table 4's row has none)."""
    table = _table_at(report, ref.table)
    form = APPLICATIONS_UNION if ref.table == "applications" else FORM_2021.table(ref.table)
    obj: Any = table
    for name in form.row(ref.row).path:
        obj = getattr(obj, name, None)
    label: Cell[Any] | None = getattr(obj, "label", None)
    return label


@frozen
class _Plan:
    """How to read a tuple of relations: every cell they touch once, by position."""

    refs: tuple[CellRef, ...]
    # Per relation: the positions of its target, required cells, left and right sides.
    sides: tuple[tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...]], ...]
    # Per relation: the positions of its target and both sides, and of the side without the
    # target; and whether a blank target leaves it unchecked.
    members: tuple[frozenset[int], ...]
    other: tuple[tuple[int, ...], ...]
    skip_blank: tuple[bool, ...]
    # Per family code: the positions of its relations in ``sides`` (each A check reads one).
    families: dict[str, tuple[int, ...]]
    # The cells of ``refs`` from a report.
    read: Callable[[AnnualReport], tuple[Cell[Any] | None, ...]]


# Plans by the identity of their relations: `report_relations` gives one tuple per shape of
# report, and hashing its hundred relations for every report would cost more than the plan
# saves. The tuple is kept with its plan, so its identity is not reused.
_PLANS: dict[int, tuple[tuple[Relation, ...], _Plan]] = {}


def _plan(rels: tuple[Relation, ...]) -> _Plan:
    known = _PLANS.get(id(rels))
    if known is not None and known[0] is rels:
        return known[1]
    plan = _make_plan(rels)
    if len(_PLANS) >= 64:  # never reached by `report_relations`' few shapes
        _PLANS.clear()
    _PLANS[id(rels)] = (rels, plan)
    return plan


def _make_plan(rels: tuple[Relation, ...]) -> _Plan:
    refs = tuple(dict.fromkeys(ref for rel in rels for ref in rel.cells))
    at = {ref: i for i, ref in enumerate(refs)}
    sides = tuple(
        (
            at[rel.target],
            tuple(at[r] for r in rel.required),
            tuple(at[r] for r in rel.left),
            tuple(at[r] for r in rel.right),
        )
        for rel in rels
    )
    return _Plan(
        refs,
        sides,
        tuple(frozenset((target, *left, *right)) for target, _, left, right in sides),
        tuple(right if target in left else left for target, _, left, right in sides),
        tuple(rel.blank_target == "skip" for rel in rels),
        {code: tuple(i for i, rel in enumerate(rels) if rel.code == code) for code in {r.code for r in rels}},
        cells_reader(refs),
    )


@frozen
class _Sums:
    """One report's relation cells read once for every A check: each cell's number (blank and
    absent 0, unreadable None), whether it is blank, and the relations that break."""

    report: AnnualReport
    rels: tuple[Relation, ...]
    plan: _Plan
    cells: tuple[Cell[Any] | None, ...]
    numbers: list[int | Decimal | None]
    blank: list[bool]
    # The relations checked: none of their cells seen but left out (P001, P002).
    checked: tuple[int, ...]
    # The relations that break, with the sums of their left and right sides.
    broken: dict[int, tuple[int | Decimal, int | Decimal]]


# The last report's sums: the A checks run one after another on one report, and each reads
# them. Held with the report itself, so a report's identity cannot be reused.
_LAST: list[_Sums] = []


def _sums(report: AnnualReport) -> _Sums:
    last = _LAST[0] if _LAST else None
    if last is not None and last.report is report:
        return last
    rels = report_relations(report)
    plan = _plan(rels)
    cells = plan.read(report)
    numbers: list[int | Decimal | None] = []
    blank: list[bool] = []
    for cell in cells:
        if cell is None:
            numbers.append(None)
            blank.append(False)
        elif cell.value is not None:
            numbers.append(cell.value)
            blank.append(False)
        else:
            empty = is_blank(cell)
            numbers.append(0 if empty else None)  # digits but no number (A005): not known
            blank.append(empty)
    gone = _gone(report, plan)
    checked = tuple(k for k in range(len(rels)) if not gone or gone.isdisjoint(plan.members[k]))
    broken = {}
    for k in checked:
        found = _evaluate(plan, k, cells, numbers, blank)
        if found is not None and found[0] != found[1]:
            broken[k] = found
    sums = _Sums(report, rels, plan, cells, numbers, blank, checked, broken)
    _LAST[:] = [sums]
    return sums


def _evaluate(
    plan: _Plan,
    k: int,
    cells: tuple[Cell[Any] | None, ...],
    numbers: list[int | Decimal | None],
    blank: list[bool],
) -> tuple[int | Decimal, int | Decimal] | None:
    """Relation ``k``'s left and right sums with ``numbers``, or None where the report lacks
    what it needs: its target and required cells, every cell on its sides readable, and at
    least one cell on the target's other side."""
    target, required, left_at, right_at = plan.sides[k]
    if cells[target] is None or (blank[target] and plan.skip_blank[k]):
        return None
    for i in required:
        if cells[i] is None:
            return None
    left, right = _side(left_at, cells, numbers), _side(right_at, cells, numbers)
    if left is None or right is None:
        return None
    for i in plan.other[k]:
        if cells[i] is not None:
            return left, right
    return None


def _side(
    at: tuple[int, ...], cells: tuple[Cell[Any] | None, ...], numbers: list[int | Decimal | None]
) -> int | Decimal | None:
    """The sum of one side's cells (absent and blank ones 0); None where a cell has digits but
    no number (A005): the sum is not known."""
    total: int | Decimal = 0
    for i in at:
        n = numbers[i]
        if n is None:
            if cells[i] is not None:
                return None
            continue
        total += n
    return total


def _broken(
    report: AnnualReport, code: str
) -> Iterator[tuple[Relation, Cell[Any], int | Decimal, int | Decimal]]:
    """The relations of family ``code`` the report breaks: (relation, target cell, sum of the
    left side, sum of the right side). A relation is checked only where the report has what it
    needs (`_evaluate`) and none of its cells was seen but left out (P001, P002)."""
    sums = _sums(report)
    for k in sums.plan.families.get(code, ()):
        if k in sums.broken:
            target = sums.cells[sums.plan.sides[k][0]]
            assert target is not None
            left, right = sums.broken[k]
            yield sums.rels[k], target, left, right


def _gone(report: AnnualReport, plan: _Plan) -> frozenset[int]:
    """The positions in ``plan`` of the cells the reader saw a value for but left out."""
    if not report.unplaced:
        return frozenset()
    unplaced = unplaced_cells(report)
    return frozenset(i for i, ref in enumerate(plan.refs) if (ref.table, ref.row, ref.column) in unplaced)


def _relation_findings(report: AnnualReport, rule: Rule, message: str) -> Iterator[Finding]:
    """A finding per broken relation of the rule's family, at the relation's target.

    ``message`` is formatted with ``row``, ``column``, ``actual`` (the target's value), ``sum``
    (the other side's sum), ``other`` and ``mine`` (each side's cells with their values) and
    ``mine_sum`` (the target's side's sum).
    """
    for rel, target, left, right in _broken(report, rule.code):
        mine, other = (rel.left, rel.right) if rel.target in rel.left else (rel.right, rel.left)
        mine_sum, other_sum = (left, right) if mine is rel.left else (right, left)
        actual = value(target)

        def terms(refs: tuple[CellRef, ...]) -> str:
            return " + ".join(f"{_label(ref)} {_fmt(value(lookup(report, ref)))}" for ref in refs)

        yield rule.finding(
            message.format(
                row=_label(rel.target),
                column=_column(rel.target),
                actual=_fmt(actual),
                sum=_fmt(other_sum),
                mine=terms(mine),
                mine_sum=_fmt(mine_sum),
                other=terms(other),
            ),
            cell=target,
            line=line(target, _row_label_cell(report, rel.target), *(lookup(report, r) for r in rel.cells)),
            at=rel.target,
            part=_table_at(report, rel.target.table).part,
            # What the target should hold for the sum to come out: the other side, less the
            # target's own side without it.
            expected=other_sum - (mine_sum - actual),
            actual=actual,
        )


def balance(report: AnnualReport) -> Iterator[Finding]:
    """The template's own 勾稽 note: received plus carried over equals handled plus carried forward."""
    yield from _relation_findings(
        report,
        BALANCE,
        "表3「{column}」列：{other} = {sum}，而{mine} = {mine_sum}"
        " / received + carried over ≠ handled + carried forward",
    )


BALANCE = Rule(
    code="A001",
    severity="error",
    title="Table 3, per column: 一 本年新收 + 二 上年结转 ≠ （七）总计 + 四 结转下年度.",
    bad=(
        edit(COMPLETE_2021, "四、结转下年度继续办理 1 0 0 0 0 0 1", "四、结转下年度继续办理 2 0 0 0 0 0 2"),
    ),
    good=(COMPLETE_2021,),
    check=balance,
)


def result_totals(report: AnnualReport) -> Iterator[Finding]:
    """（七）总计 is the sum of 予以公开, 部分公开 and every sub-row of （三）–（六）."""
    yield from _relation_findings(
        report,
        RESULT_TOTALS,
        "表3「{column}」列：（七）总计为 {actual}，而（一）至（六）各行之和为 {sum}"
        " / total ≠ sum of the result rows",
    )


RESULT_TOTALS = Rule(
    code="A002",
    severity="error",
    title="Table 3, per column: （七）总计 ≠ the sum of the result rows （一）…（六）.",
    bad=(edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 3 1 0 0 0 0 4"),),
    good=(COMPLETE_2021,),
    check=result_totals,
)


def row_totals(report: AnnualReport) -> Iterator[Finding]:
    """Each row's 总计 is the sum of its six applicant columns."""
    yield from _relation_findings(
        report,
        ROW_TOTALS,
        "表3「{row}」行：总计为 {actual}，而自然人与法人或其他组织各列之和为 {sum}"
        " / row total ≠ sum of the applicant columns",
    )


ROW_TOTALS = Rule(
    code="A003",
    severity="error",
    title="Table 3, per row: 总计 ≠ 自然人 + the five 法人或其他组织 columns.",
    bad=(
        edit(
            COMPLETE_2021,
            "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5",
            "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 6",
        ),
    ),
    good=(COMPLETE_2021,),
    check=row_totals,
)


def block_totals(report: AnnualReport) -> Iterator[Finding]:
    """Each block's 总计 is the sum of its four result columns."""
    yield from _relation_findings(
        report,
        BLOCK_TOTALS,
        "表4「{row}」：总计为 {actual}，而结果维持、结果纠正、其他结果、尚未审结之和为 {sum}"
        " / block total ≠ sum of its results",
    )


BLOCK_TOTALS = Rule(
    code="A004",
    severity="error",
    title="Table 4, per block: 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
    bad=(edit(COMPLETE_2021, "1 0 0 0 1 0 0 0 0 0", "1 0 0 0 2 0 0 0 0 0"),),
    good=(COMPLETE_2021,),
    check=block_totals,
)


def negative_counts(report: AnnualReport) -> Iterator[Finding]:
    """Counts are whole and non-negative; only 2019's 本年增/减 may be negative."""
    for table, row, column, cell in present_cells(report):
        v = cell.value
        if v is not None and (v >= 0 or column.kind == "signed"):
            continue  # the common cell: a count as the form wants it
        raw = _short(cell.raw.strip())
        if v is not None:
            problem = f"为负数 {_fmt(v)} / negative"
        else:
            digits = sum(c.isdigit() for c in cell.raw)
            if digits > limits.MAX_DIGITS:
                problem = f"「{raw}」有{digits}位数字，不是可信的数 / {digits} digits: no count has so many"
            elif not is_blank(cell):
                problem = f"「{raw}」不是整数 / not a whole number"
            else:
                continue
        if problem:
            yield NEGATIVE_COUNTS.finding(
                f"表{table.number}「{row.name}」行「{column.label}」列{problem}",
                cell=cell,
                at=CellRef(table.key, row.key, column.key),
                part=table.part,
                actual=raw,
            )


def _short(text: str) -> str:
    """A cell's text for a message: a long one by its ends (a run of 5000 digits)."""
    return text if len(text) <= 24 else f"{text[:10]}…{text[-10:]}"


NEGATIVE_COUNTS = Rule(
    code="A005",
    severity="error",
    title="A count is negative or not a whole number where the form wants a non-negative count.",
    bad=(edit(COMPLETE_2021, "行政处罚 45", "行政处罚 -45"),),
    good=(COMPLETE_2021,),
    check=negative_counts,
)


def total_blank(report: AnnualReport) -> Iterator[Finding]:
    """A blank 总计 beside filled-in parts: a total the reporter left out."""
    sums = _sums(report)
    plan, cells, blank = sums.plan, sums.cells, sums.blank
    seen: set[CellRef] = set()
    for code in ("A003", "A002", "A004"):
        for k in plan.families.get(code, ()):
            rel, at = sums.rels[k], plan.sides[k][0]
            target = cells[at]
            if rel.target in seen or not blank[at]:
                continue
            if not any(cells[i] is not None and not blank[i] for i in plan.other[k]):
                continue
            seen.add(rel.target)
            where = f"「{_column(rel.target)}」列" if rel.target.column != "total" else "总计"
            number = 4 if rel.target.table == "reviews" else 3
            yield TOTAL_BLANK.finding(
                f"表{number}「{_label(rel.target)}」{where}为空，而其加数不为空"
                " / a total is blank while its parts are not",
                cell=target,
                at=rel.target,
                part=_table_at(report, rel.target.table).part,
            )


TOTAL_BLANK = Rule(
    code="A006",
    severity="warning",
    title="A total cell (总计) is blank while the cells it sums are not.",
    bad=(
        edit(
            COMPLETE_2021,
            "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 5",
            "一、本年新收政府信息公开申请数量 4 1 0 0 0 0 /",
        ),
    ),
    good=(COMPLETE_2021,),
    check=total_blank,
)


# The families whose sums a one-digit change is tried against (A001–A004).
_SUMS = ("A001", "A002", "A003", "A004")


def one_digit(report: AnnualReport) -> Iterator[Finding]:
    """Where sums break and exactly one cell, changed in one digit, would make every sum of the
    report hold: that cell and the number it would hold. A figure miscopied, mistyped or
    misread by OCR (9 read as 6) is often that; a suggestion to check against the source, never
    a correction: the report's value stays as it is."""
    sums = _sums(report)
    families = {k for code in _SUMS for k in sums.plan.families.get(code, ())}
    broken = [k for k in sums.broken if k in families]
    if not broken:
        return
    plan, cells, blank = sums.plan, sums.cells, sums.blank
    numbers = list(sums.numbers)
    checked = [k for k in sums.checked if k in families]
    # Only a cell every broken sum touches can mend them all with one change.
    suspects = frozenset.intersection(*(plan.members[k] for k in broken))
    repairs: list[tuple[int, int]] = []
    for at in sorted(suspects):
        current = numbers[at]
        if not isinstance(current, int) or current < 0 or blank[at]:
            continue
        mine = [k for k in checked if at in plan.members[k]]
        for candidate in _one_digit_away(current):
            numbers[at] = candidate
            if not any(_breaks(plan, k, cells, numbers, blank) for k in mine):
                repairs.append((at, candidate))
            numbers[at] = current
        if len(repairs) > 1:
            return  # more than one way: nothing to suggest
    if len(repairs) != 1:
        return
    at, candidate = repairs[0]
    ref, cell = plan.refs[at], cells[at]
    assert cell is not None
    yield ONE_DIGIT.finding(
        f"{_label(ref)}「{_column(ref)}」列的 {_fmt(value(cell))} 若为 {candidate}（只差一位数字），"
        f"表中全部勾稽关系即可成立；请核对原件（本库不作更正）"
        f" / were {_fmt(value(cell))} {candidate} (one digit apart), every sum would hold:"
        " check the source (nothing is corrected)",
        cell=cell,
        at=ref,
        part=_table_at(report, ref.table).part,
        expected=candidate,
        actual=value(cell),
    )


def _breaks(
    plan: _Plan,
    k: int,
    cells: tuple[Cell[Any] | None, ...],
    numbers: list[int | Decimal | None],
    blank: list[bool],
) -> bool:
    """Whether sum ``k`` is checked and fails with ``numbers``."""
    found = _evaluate(plan, k, cells, numbers, blank)
    return found is not None and found[0] != found[1]


def _one_digit_away(number: int) -> Iterator[int]:
    """The non-negative whole numbers written with one digit of ``number`` changed (no leading
    zero, but 0 itself)."""
    digits = str(number)
    for position, old in enumerate(digits):
        for new in "0123456789":
            if new == old or (new == "0" and position == 0 and len(digits) > 1):
                continue
            yield int(digits[:position] + new + digits[position + 1 :])


ONE_DIGIT = Rule(
    code="A007",
    severity="info",
    title="Sums break and exactly one cell, changed in one digit, would make every sum hold:"
    " a suggestion to check the source, never a correction.",
    bad=(edit(COMPLETE_2021, "（一）予以公开 2 1 0 0 0 0 3", "（一）予以公开 2 1 0 0 0 0 8"),),
    good=(COMPLETE_2021,),
    check=one_digit,
)
