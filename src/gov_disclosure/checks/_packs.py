"""Checks of one's own: loaded by name (``module:function``) or from installed rule packs.

A rule pack is a package that declares, in its ``pyproject.toml``::

    [project.entry-points."gov_disclosure.checks"]
    ZJ = "zj_rules:RULES"

The entry point's name is the pack's code prefix; it names a `Rule` or a sequence of them,
every code starting with the prefix. The command line and `installed_checks` pick installed
packs up, as linters pick up their plugins; the library's own defaults (`DEFAULT_CHECKS`)
never change by what happens to be installed.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from gov_disclosure.checks._rule import Check, Rule
from gov_disclosure.errors import GovDisclosureError, describe

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["ENTRY_POINT_GROUP", "installed_checks", "load_checks", "rule_packs"]

ENTRY_POINT_GROUP = "gov_disclosure.checks"
"""The entry-point group in which a package declares a rule pack."""

_PREFIX = re.compile(r"[A-Z][A-Z0-9]*")


def _as_checks(value: object, origin: str) -> tuple[Check, ...]:
    """A `Rule`, a check function, or a sequence of them, as a tuple of checks."""
    if isinstance(value, Rule) or (callable(value) and not isinstance(value, type)):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        out: list[Check] = []
        for item in value:
            if not (isinstance(item, Rule) or callable(item)):
                raise GovDisclosureError(f"{origin}: {item!r} is neither a Rule nor a check function")
            out.append(item)
        return tuple(out)
    raise GovDisclosureError(f"{origin} is neither a Rule, a check function nor a sequence of them")


def load_checks(spec: str) -> tuple[Check, ...]:
    """The checks ``module:name`` names: a check function, a `Rule`, or a sequence of them.

    The module is imported as ``python -m`` would, from the current folder first. Raises
    `GovDisclosureError`, in one line, when the spec is malformed or the name cannot be
    loaded.
    """
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise GovDisclosureError(f"--check takes module:function (such as my_rules:check), not {spec!r}")
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        value: object = importlib.import_module(module_name)
        for part in attribute.split("."):
            value = getattr(value, part)
    except Exception as exc:  # an import runs a stranger's code: any error is theirs
        raise GovDisclosureError(f"cannot load the check {spec}: {describe(exc)}") from exc
    return _as_checks(value, spec)


def _pack(entry: EntryPoint) -> tuple[Rule, ...]:
    origin = f"the rule pack {entry.name} ({entry.value})"
    prefix = entry.name
    from gov_disclosure.checks import CATALOGUE  # this module is imported while that is built

    ours = list(dict.fromkeys(rule.code[0] for rule in CATALOGUE))  # a pack may not begin with one
    if not _PREFIX.fullmatch(prefix) or prefix[0] in ours:
        raise GovDisclosureError(
            f"{origin}: its name is its code prefix, upper-case letters and digits not beginning"
            f" with one of the catalogue's {', '.join(ours)}"
        )
    try:
        value = entry.load()
    except Exception as exc:  # an import runs a stranger's code: any error is theirs
        raise GovDisclosureError(f"{origin} cannot be loaded: {describe(exc)}") from exc
    rules = _as_checks(value, origin)
    for rule in rules:
        if not isinstance(rule, Rule):
            raise GovDisclosureError(f"{origin}: {rule!r} is not a Rule; a pack declares its codes")
        if not rule.code.startswith(prefix) or rule.code == prefix:
            raise GovDisclosureError(f"{origin}: the code {rule.code!r} does not begin with {prefix}")
    return tuple(rule for rule in rules if isinstance(rule, Rule))


@functools.cache
def rule_packs() -> tuple[Rule, ...]:
    """The rules of every installed rule pack (entry-point group ``gov_disclosure.checks``),
    by pack name. Raises `GovDisclosureError` naming a pack that cannot be loaded, whose
    name is no code prefix of its own, or whose rules' codes do not begin with it."""
    # importlib.metadata costs a tenth of a second to import: only for those who ask.
    from importlib.metadata import entry_points

    found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    names = [e.name for e in found]
    for a in names:
        clash = next((b for b in names if b != a and b.startswith(a)), None)
        if clash is not None:
            raise GovDisclosureError(f"the rule packs {a} and {clash} share a code prefix")
    return tuple(rule for entry in found for rule in _pack(entry))


def installed_checks() -> tuple[Check, ...]:
    """The catalogue's checks and those of every installed rule pack: what the command line
    runs."""
    from gov_disclosure.checks import DEFAULT_CHECKS

    return (*DEFAULT_CHECKS, *rule_packs())
