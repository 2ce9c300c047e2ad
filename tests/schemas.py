"""Validators of the JSON Schemas the library publishes, built once for the whole suite."""

from __future__ import annotations

import functools
import json
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from gov_disclosure.export import schema


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A validator of schema ``name`` (dates checked as dates)."""
    found = schema(name)
    Draft202012Validator.check_schema(found)
    return Draft202012Validator(found, format_checker=FormatChecker())


_VALID: set[tuple[str, str]] = set()


def assert_valid(name: str, data: Any) -> None:
    """Fail with the schema's first complaint when ``data`` does not follow schema ``name``.

    The suite writes the same record many times over (one report in many runs); each distinct
    one is validated once (a validation costs ~35 ms, its JSON text ~0.3 ms)."""
    key = (name, json.dumps(data, sort_keys=True, ensure_ascii=False))
    if key in _VALID:
        return
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(map(str, first.absolute_path))
        raise AssertionError(f"not a valid {name} at /{where}: {first.message[:300]}")
    _VALID.add(key)
