"""A rule pack of one's own, as a user would write it: the tests load it every way there is."""

from __future__ import annotations

from collections.abc import Iterator

from gov_disclosure import AnnualReport, Finding, Rule
from gov_disclosure.form import CellRef

_RECEIVED = CellRef("applications", "new_received", "total")


def _many_applications(report: AnnualReport) -> Iterator[Finding]:
    cell = report.cell("applications", "new_received", "total")
    if cell is not None and isinstance(cell.value, int) and cell.value >= 10:
        yield MANY.finding(f"本年新收申请{cell.value}件，达到10件：请抽查答复文书", cell=cell, at=_RECEIVED)


def _no_problems_part(report: AnnualReport) -> Iterator[Finding]:
    if report.part(5) is None:
        yield NO_PROBLEMS.finding("未见“存在的主要问题及改进情况”部分")


MANY = Rule(code="ZJ001", severity="info", title="ten or more new applications", check=_many_applications)
NO_PROBLEMS = Rule(code="ZJ002", severity="warning", title="no part 五", check=_no_problems_part)
RULES = (MANY, NO_PROBLEMS)


def plain_check(report: AnnualReport) -> Iterator[Finding]:
    """A plain function: its code is known only once it runs."""
    if report.meta.year is not None:
        yield Finding(code="Q100", severity="info", message=f"year {report.meta.year.value}")


def broken_check(report: AnnualReport) -> Iterator[Finding]:
    """A check with a bug of its own."""
    raise ZeroDivisionError(f"{report.meta.layout} / 0")


def _foreign(report: AnnualReport) -> Iterator[Finding]:
    del report
    yield Finding(code="A001", severity="error", message="a pack's rule may not speak for A001")


FOREIGN = Rule(code="ZJ009", severity="warning", title="emits another code", check=_foreign)


def not_a_finding(report: AnnualReport) -> Iterator[object]:
    """A check with a bug of its own: it yields something that is no Finding."""
    yield report.meta.layout


def exits(report: AnnualReport) -> Iterator[Finding]:
    """A check that ends the program (sys.exit) instead of yielding."""
    raise SystemExit(f"{report.meta.layout}: 3")
