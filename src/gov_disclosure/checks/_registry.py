"""The rule catalogue: every code, its default severity, its meaning and two examples."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from attrs import frozen

from gov_disclosure.findings import Finding, Severity
from gov_disclosure.model import AnnualReport

__all__ = ["RULES", "Check", "CrossCheck", "Rule", "rule"]

Check = Callable[[AnnualReport], Iterable[Finding]]
"""A check: a pure function of one report."""
CrossCheck = Callable[[AnnualReport, AnnualReport], Iterable[Finding]]
"""A cross-report check: a pure function of the previous year's report and the current one."""


@frozen(kw_only=True)
class Rule:
    """One entry of the catalogue.

    ``bad`` and ``good`` are report texts (for X rules: the previous and the current year's)
    that the rule's check flags and passes; the test suite runs them, so the documentation's
    examples cannot go stale.
    """

    code: str
    severity: Severity
    title: str
    """What the rule finds, in one line."""
    bad: tuple[str, ...]
    good: tuple[str, ...]
    check: Callable[..., Iterable[Finding]]
    """The function that implements the rule."""

    @property
    def cross(self) -> bool:
        """True for rules that compare two reports of the same subject."""
        return len(self.bad) == 2


RULES: dict[str, Rule] = {}
"""Every rule of the catalogue by code, in catalogue order."""

F = TypeVar("F", bound=Callable[..., Iterable[Finding]])


def rule(
    code: str, severity: Severity, title: str, *, bad: str | tuple[str, str], good: str | tuple[str, str]
) -> Callable[[F], F]:
    """Register the decorated function as the check of ``code``; the function is unchanged."""

    def register(func: F) -> F:
        if code in RULES:  # pragma: no cover - a programming error caught at import
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(
            code=code,
            severity=severity,
            title=title,
            bad=(bad,) if isinstance(bad, str) else bad,
            good=(good,) if isinstance(good, str) else good,
            check=func,
        )
        return func

    return register
