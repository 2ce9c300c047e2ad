"""A rule of the catalogue: its code and severity, stated once, and how its findings are built."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from attrs import frozen

from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.findings import Finding, Number, Severity
from gov_disclosure.form import CellRef
from gov_disclosure.model import AnnualReport, Cell

__all__ = ["Check", "CrossCheck", "Rule", "number"]

Check = Callable[[AnnualReport], Iterable[Finding]]
"""A check: a pure function of one report."""
CrossCheck = Callable[[AnnualReport, AnnualReport], Iterable[Finding]]
"""A cross-report check: a pure function of the previous year's report and the current one."""


def number(value: int | Decimal | str | None) -> Number:
    """A compared value as a Finding carries it: counts as int, 万元 amounts as decimal strings."""
    return format(value, "f") if isinstance(value, Decimal) else value


@frozen(kw_only=True)
class Rule:
    """One entry of the catalogue, or of a rule pack of one's own, and the maker of its findings.

    ``bad`` and ``good`` are report texts (for X rules: the previous and the current year's)
    that the rule's check flags and passes; the test suite runs them, so the documentation's
    examples cannot go stale. A rule is itself a check: calling it runs ``check``, and
    select/ignore know its code before it runs.
    """

    code: str
    severity: Severity
    title: str
    """What the rule finds, in one line."""
    check: Callable[..., Iterable[Finding]]
    """The function that implements the rule."""
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()

    def __call__(self, *reports: AnnualReport) -> Iterable[Finding]:
        """Run the rule's check on a report (an X rule: on the previous and the current one).

        Its findings must carry its code: select, ignore and the summaries count them under it.
        """
        found = list(self.check(*reports))
        for finding in found:
            code = getattr(finding, "code", None)
            if code != self.code:
                raise GovDisclosureError(
                    f"the rule {self.code} yielded a finding coded {code!r}, not its own"
                )
        return found

    @property
    def cross(self) -> bool:
        """True for rules that compare two reports of the same subject."""
        return len(self.bad) == 2

    def finding(
        self,
        message: str,
        *,
        cell: Cell[Any] | None = None,
        at: CellRef | None = None,
        line: int | None = None,
        part: int | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        expected: int | Decimal | str | None = None,
        actual: int | Decimal | str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule about ``cell`` (its line) at ``at`` (its keys in the form).

        Keys and line given outright take precedence; ``severity`` overrides the rule's own
        where one rule grades its findings (S001's part 六).
        """
        if line is None and cell is not None and cell.span is not None:
            line = cell.span.line
        if at is not None:
            table, row, column = table or at.table, row or at.row, column or at.column
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            line=line,
            part=part,
            table=table,
            row=row,
            column=column,
            expected=number(expected),
            actual=number(actual),
        )
