"""The shared grid step: spans expanded, bounded, and written as the TSV rows the grammar reads."""

from __future__ import annotations

import pytest

import gov_disclosure
from gov_disclosure.errors import BudgetError
from gov_disclosure.readers.grid import (
    MAX_COLSPAN,
    Slot,
    SpanCell,
    expand,
    grid_lines,
    is_statistical,
)


def _lines(rows: list[list[SpanCell]]) -> list[str]:
    return grid_lines(expand(rows))


def test_origins_and_copies() -> None:
    grid = expand([[SpanCell("a", 2, 2), SpanCell("b")], [SpanCell("c")]])
    assert grid == [
        [Slot("a"), Slot("", 0, 1), Slot("b")],
        [Slot("", 1, 0), Slot("", 1, 1), Slot("c")],
    ]
    assert [slot.origin for slot in grid[0]] == [True, False, True]


def test_colspan_copies_are_dropped_and_rowspan_copies_inside_a_row_are_blank() -> None:
    rows = [
        [SpanCell("行政处罚"), SpanCell("/", rowspan=2), SpanCell("0"), SpanCell("57")],
        [SpanCell("行政强制"), SpanCell("0"), SpanCell("4")],
        [SpanCell("行政事业性收费"), SpanCell("7", colspan=2), SpanCell("-1")],
    ]
    assert _lines(rows) == ["行政处罚\t/\t0\t57", "行政强制\t\t0\t4", "行政事业性收费\t7\t-1"]


def test_leading_and_trailing_rowspan_copies_are_dropped() -> None:
    rows = [
        [
            SpanCell("三、本年度办理结果", rowspan=3),
            SpanCell("（三）不予公开", rowspan=2),
            SpanCell("1.属于国家秘密"),
            SpanCell("0"),
            SpanCell("总", rowspan=3),
        ],
        [SpanCell("2.其他法律行政法规禁止公开"), SpanCell("1")],
        [SpanCell("x"), SpanCell("y"), SpanCell("2")],
    ]
    assert _lines(rows) == [
        "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0\t总",
        "2.其他法律行政法规禁止公开\t1",
        "x\ty\t2",
    ]


def test_blank_cells_stay_and_empty_rows_go() -> None:
    rows = [
        [SpanCell("（一）予以公开"), SpanCell("10"), SpanCell("\xa0"), SpanCell("")],
        [SpanCell(""), SpanCell(" ")],
        [SpanCell("第二十条第（一）项", colspan=4)],
    ]
    assert _lines(rows) == ["（一）予以公开\t10\t\t", "第二十条第（一）项\t"]


def test_cell_text_is_one_line() -> None:
    assert _lines([[SpanCell("结果\n维持"), SpanCell("尚未\t审结"), SpanCell("  总   计 ")]]) == [
        "结果 维持\t尚未 审结\t总 计"
    ]


def test_spans_are_clamped() -> None:
    grid = expand([[SpanCell("x", 10**9, 10**6)], [SpanCell("y")]])
    assert len(grid) == 2 and len(grid[0]) == MAX_COLSPAN + 1
    assert grid[1][0] == Slot("", 1, 0) and grid[1][MAX_COLSPAN] == Slot("y")
    # rowspan=0 runs to the end of the table, as in HTML.
    assert [row[0].origin for row in expand([[SpanCell("a", 0)], [], []])] == [True, False, False]


def test_a_grid_over_its_budget_is_refused_not_cut() -> None:
    rows = [[SpanCell(str(i)) for i in range(10)] for _ in range(100)]
    assert len(expand(rows, max_cells=1000)) == 100
    for over in (
        rows,
        [[SpanCell("x", colspan=40)], [SpanCell("y")]],
        [[SpanCell("x", colspan=4), SpanCell("y", colspan=40)], [SpanCell("z")]],
    ):
        with pytest.raises(BudgetError, match=r"more than 10 table cells.*\(MAX_PAGE_CELLS\)"):
            expand(over, max_cells=10, limit="MAX_PAGE_CELLS")


def test_overlapping_spans_keep_the_first() -> None:
    grid = expand([[SpanCell("a"), SpanCell("b", rowspan=2)], [SpanCell("c", colspan=2)]])
    assert grid_lines(grid) == ["a\tb", "c\t"]  # b's copy trails c: dropped


def test_statistical_or_layout() -> None:
    def grid(*rows: list[str]) -> list[list[Slot]]:
        return expand([[SpanCell(t) for t in row] for row in rows])

    assert is_statistical(grid(["规章", "1", "0", "3"]))
    assert is_statistical(grid(["行政复议", "行政诉讼"]))
    assert is_statistical(grid(["甲", "1"], ["乙", "2"], ["丙", "3"]))
    assert not is_statistical(grid(["整页内容：一、总体情况……"]))  # one column
    assert not is_statistical(grid(["索引号", "000/2021-1"], ["发布日期", "2021-01-20"]))
    assert not is_statistical(grid(["（一）主动公开", "正文" * 40]))
    assert not is_statistical([])


def test_the_grammar_reads_the_rows() -> None:
    """Table 3 laid out as the form has it comes through the grammar value for value."""
    rows = [
        [
            SpanCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            SpanCell("申请人情况", colspan=7),
        ],
        [SpanCell("自然人", rowspan=2), SpanCell("法人或其他组织", colspan=5), SpanCell("总计", rowspan=2)],
        [SpanCell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [
            SpanCell("一、本年新收政府信息公开申请数量", colspan=3),
            *(SpanCell(v) for v in ("5", "1", "", "", "", "", "")),
        ],
    ]
    report = gov_disclosure.parse("三、收到和处理政府信息公开申请情况\n" + "\n".join(_lines(rows)) + "\n")
    assert report.applications is not None and report.applications.new_received is not None
    row = report.applications.new_received
    assert [
        c.value if c else "missing" for c in (row.natural_person, row.commercial, row.research, row.total)
    ] == [5, 1, None, None]
