"""The rule catalogue page is generated from the registry; every rule must show a real finding."""

from __future__ import annotations

from types import ModuleType

import gov_disclosure
from support import docs_hook


def _hook() -> ModuleType:
    return docs_hook("rules")


def test_catalogue_lists_every_rule_with_its_finding() -> None:
    page = _hook().catalogue()
    for code, rule in gov_disclosure.RULES.items():
        assert f"### {code}" in page
        assert rule.title in page
        # The flagged example's finding, as `gov-disclosure check` prints it.
        assert f": {code} [" in page


def test_hook_replaces_only_the_marker() -> None:
    hook = _hook()
    assert hook.on_page_markdown("# no marker", page=None) == "# no marker"
    assert "### A001" in hook.on_page_markdown(f"# Rules\n{hook.MARKER}\n", page=None)
