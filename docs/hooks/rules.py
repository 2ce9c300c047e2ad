"""mkdocs hook: write the rule catalogue page from the code's own registry (`gov_disclosure.RULES`).

The page cannot drift from the code: every rule's title, severity, explanation, examples and
the finding its bad example really produces are taken from the installed package at build time.
"""

from __future__ import annotations

import difflib
import inspect
from typing import Any

MARKER = "<!-- rule-catalogue -->"
FAMILIES = {
    "S": "Structure: the six parts and three tables are there",
    "P": "Reading: values the text does not place for certain",
    "A": "Arithmetic: the 勾稽关系 of tables 3 and 4",
    "T": "Template: the right form for the year and the organ",
    "N": "Narrative: the text agrees with the tables",
    "X": "Across years: this year's report against last year's",
}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:  # noqa: ARG001 - mkdocs passes it by name
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, catalogue())


def catalogue() -> str:
    import gov_disclosure

    out: list[str] = []
    out.append("| code | severity | finds |")
    out.append("|---|---|---|")
    for code, rule in gov_disclosure.RULES.items():
        out.append(f"| [{code}](#{code.lower()}) | {rule.severity} | {rule.title} |")
    family = ""
    for code, rule in gov_disclosure.RULES.items():
        if code[0] != family:
            family = code[0]
            out += ["", f"## {FAMILIES.get(family, family)}", ""]
        out += [f"### {code}", "", f"**{rule.severity}** · {rule.title}", ""]
        doc = inspect.getdoc(rule.check)
        if doc:
            out += [doc, ""]
        bad, good = rule.bad[-1], rule.good[-1]
        diff = difflib.unified_diff(
            bad.splitlines(), good.splitlines(), "flagged", "passes", n=1, lineterm=""
        )
        out += [
            "The example the test suite runs, flagged (−) and fixed (+):",
            "",
            "```diff",
            *diff,
            "```",
            "",
        ]
        findings = _findings(gov_disclosure, rule)
        if findings:
            out += [
                "What `gov-disclosure check` reports for the flagged version:",
                "",
                "```text",
                *findings,
                "```",
                "",
            ]
    return "\n".join(out)


def _findings(gov_disclosure: Any, rule: Any) -> list[str]:
    reports = [gov_disclosure.parse(text) for text in rule.bad]
    if rule.cross:
        found = gov_disclosure.validate_pair(*reports, select=[rule.code])
    else:
        found = gov_disclosure.validate(reports[0], select=[rule.code])
    return [f"report.txt:{f.line or 0}: {f.code} [{f.severity}] {f.message}" for f in found]
