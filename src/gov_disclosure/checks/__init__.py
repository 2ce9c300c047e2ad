"""Checks: pure functions ``(report) -> Iterable[Finding]`` and the ways to run them.

>>> from gov_disclosure import parse_file, validate
>>> from gov_disclosure.checks import DEFAULT_CHECKS
>>> report = parse_file("report.txt")                                  # doctest: +SKIP
>>> validate(report)                                  # every rule      # doctest: +SKIP
>>> validate(report, select=["A"], ignore=["A006"])   # arithmetic only # doctest: +SKIP
>>> validate(report, checks=[*DEFAULT_CHECKS, my_check])               # doctest: +SKIP

A check is any callable taking an `gov_disclosure.AnnualReport` and yielding
`gov_disclosure.Finding` objects; it must not do I/O or keep state, so checks can run
in any order, in worker processes or on a cluster. A check of one's own builds its findings
with a `Rule` of its own (``Rule.finding(message, cell=…, at=…)``), which places them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from gov_disclosure.checks import across, arithmetic, narrative, reading, structure, template
from gov_disclosure.checks._compare import Comparison, FactChange, RepeatedSentence, compare
from gov_disclosure.checks._packs import ENTRY_POINT_GROUP, installed_checks, load_checks, rule_packs
from gov_disclosure.checks._rule import Check, CrossCheck, Rule
from gov_disclosure.errors import GovDisclosureError
from gov_disclosure.findings import Finding
from gov_disclosure.model import AnnualReport

__all__ = [
    "CATALOGUE",
    "CROSS_CHECKS",
    "DEFAULT_CHECKS",
    "ENTRY_POINT_GROUP",
    "RULES",
    "Check",
    "Comparison",
    "CrossCheck",
    "FactChange",
    "RepeatedSentence",
    "Rule",
    "across",
    "arithmetic",
    "check_codes",
    "code_of",
    "compare",
    "installed_checks",
    "load_checks",
    "narrative",
    "reading",
    "rule_packs",
    "structure",
    "template",
    "validate",
    "validate_pair",
]

CATALOGUE: tuple[Rule, ...] = (
    structure.MISSING_PARTS,
    structure.PART_ORDER,
    structure.MISSING_TABLES,
    structure.MISSING_CELLS,
    structure.RECOVERED_TABLES,
    reading.UNPLACED_VALUES,
    reading.DOUBTFUL_READS,
    arithmetic.BALANCE,
    arithmetic.RESULT_TOTALS,
    arithmetic.ROW_TOTALS,
    arithmetic.BLOCK_TOTALS,
    arithmetic.NEGATIVE_COUNTS,
    arithmetic.TOTAL_BLANK,
    arithmetic.ONE_DIGIT,
    template.TEMPLATE_MISMATCH,
    template.RULES_WITHOUT_POWER,
    template.YEARS_DISAGREE,
    template.PUBLISHED_LATE,
    narrative.NARRATIVE_NUMBERS,
    across.NOT_COMPARABLE,
    across.CARRY_OVER,
    across.DOCUMENTS_IN_FORCE,
)
"""Every rule, in catalogue order: S, P, A, T, N, X."""

RULES: Mapping[str, Rule] = MappingProxyType({r.code: r for r in CATALOGUE})
"""The catalogue by code, in catalogue order."""

DEFAULT_CHECKS: tuple[Check, ...] = tuple(r.check for r in CATALOGUE if not r.cross)
"""Every single-report rule of the catalogue, in catalogue order."""
CROSS_CHECKS: tuple[CrossCheck, ...] = tuple(r.check for r in CATALOGUE if r.cross)
"""Every rule that compares a subject's report with the previous year's (X)."""

_CODES_OF = {id(r.check): r.code for r in CATALOGUE}


def code_of(check: object) -> str | None:
    """The rule code a check reports under, when it is known before it runs: a catalogue
    check's, or a `Rule`'s (a rule pack's); None for a plain function."""
    if isinstance(check, Rule):
        return check.code
    return _CODES_OF.get(id(check))


def check_codes(
    select: Sequence[str] | None, ignore: Sequence[str] | None, checks: Iterable[object] = ()
) -> None:
    """Refuse ``select`` and ``ignore`` entries that would silently match nothing.

    A plain string raises `TypeError` (``select="S001"`` would select by its letters); an
    entry that is no code of the catalogue's rules or of the `Rule` objects among ``checks``
    (a rule pack), nor the start of one, raises `GovDisclosureError` naming the codes there
    are, unless ``checks`` holds a plain function, whose codes cannot be known before it runs.
    """
    for name, values in (("select", select), ("ignore", ignore)):
        if isinstance(values, str | bytes):
            raise TypeError(
                f"{name} takes a list of rule codes or prefixes, such as ['A', 'S001'], not {values!r}"
            )
    codes = [*RULES]
    for check in checks:
        code = code_of(check)
        if code is None:
            return
        if code not in RULES:
            codes.append(code)
    unknown = [v for v in (*(select or ()), *(ignore or ())) if not any(code.startswith(v) for code in codes)]
    if unknown:
        raise GovDisclosureError(
            f"unknown rule code or prefix {', '.join(map(repr, unknown))}; the rules are {' '.join(codes)}"
        )


def _wanted(code: str, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    if select is not None and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(i) for i in ignore))


def _run(
    found: Iterable[tuple[object, Iterable[Finding]]],
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
) -> list[Finding]:
    out = []
    for check, findings in found:
        for finding in findings:
            if not isinstance(finding, Finding):
                name = code_of(check) or getattr(check, "__qualname__", repr(check))
                raise GovDisclosureError(f"the check {name} yielded {type(finding).__name__}, not a Finding")
            if _wanted(finding.code, select, ignore):
                out.append(finding)
    # Source order first, so a reader walks the report top to bottom; unplaced findings last.
    out.sort(key=lambda f: (f.line is None, f.line or 0, f.code))
    return out


def _skip(check: object, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    code = code_of(check)
    return code is not None and not _wanted(code, select, ignore)


def validate(
    report: AnnualReport,
    checks: Iterable[Check] = DEFAULT_CHECKS,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> list[Finding]:
    """Run checks on a report; the findings in source order.

    ``select`` keeps only findings whose code starts with one of its entries (``"A"``,
    ``"S00"``, ``"T002"``); ``ignore`` drops those matching one of its entries. An entry that
    matches no rule is an error (`check_codes`). A caller's own check is any function of the
    report yielding findings; give it codes of its own (say ``"Z…"``) so select and ignore
    apply to it too.
    """
    checks = tuple(checks)
    check_codes(select, ignore, checks)
    return _run(((c, c(report)) for c in checks if not _skip(c, select, ignore)), select, ignore)


def validate_pair(
    previous: AnnualReport,
    current: AnnualReport,
    checks: Iterable[CrossCheck] = CROSS_CHECKS,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> list[Finding]:
    """Run cross-report checks on a subject's previous and current reports.

    The reports are paired when they name one organ (region prefixes aside: 洪泽区人民政府 and
    淮安市洪泽区人民政府) for consecutive years, the earlier first. Otherwise X000 says why
    they cannot be compared (another organ, the same year, years apart, reverse order), and
    the other X rules find nothing.
    """
    checks = tuple(checks)
    check_codes(select, ignore, checks)
    return _run(((c, c(previous, current)) for c in checks if not _skip(c, select, ignore)), select, ignore)
