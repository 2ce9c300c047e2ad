"""Findings: what a check says is wrong with a report, and where."""

from __future__ import annotations

from typing import Literal

import attrs
from attrs import frozen

__all__ = ["Finding", "Severity"]

Severity = Literal["error", "warning", "info"]
"""``error``: the report contradicts itself or the law; ``warning``: implausible or
incomplete; ``info``: worth knowing."""

Number = int | str | None
"""A number compared by a check: a count, or a 万元 amount as a decimal string."""


@frozen(kw_only=True)
class Finding:
    """One problem in one report.

    ``table``/``row``/``column`` are the data dictionary's keys of the cell concerned (as in
    `gov_disclosure.Fact`); ``line`` is the 1-based source line; ``part`` the statutory
    part (1–6). Any of them is None when it does not apply.
    """

    code: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Z][A-Z0-9]*"))
    """The rule code (``A001`` …), stable across releases: upper-case letters and digits."""
    severity: Severity = attrs.field(validator=attrs.validators.in_(("error", "warning", "info")))
    message: str
    """Plain words, Chinese labels and the numbers compared."""
    line: int | None = None
    part: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: Number = None
    """What the cell should hold for the rule to pass, where a number is wrong."""
    actual: Number = None
    """What the report says."""

    def as_dict(self) -> dict[str, Number]:
        """A JSON-ready mapping of every field."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "part": self.part,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "actual": self.actual,
        }
