"""The rule catalogue page is generated from the registry; every rule must show a real finding."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import gov_disclosure
from support import ROOT


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_hook", ROOT / "docs" / "hooks" / "rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
