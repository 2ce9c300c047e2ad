"""JSON through cattrs: exact round trip, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gov_disclosure
from gov_disclosure import GovDisclosureError
from support import example_paths, seed_paths


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_round_trip(path: Path) -> None:
    report = gov_disclosure.parse_file(path)
    assert gov_disclosure.from_json(gov_disclosure.to_json(report)) == report


def test_money_is_an_exact_string() -> None:
    path = next(p for p in seed_paths() if p.name.startswith("003"))
    data = json.loads(gov_disclosure.to_json(gov_disclosure.parse_file(path)))
    assert data["active"]["template"] == "2019"
    assert data["active"]["procurement"]["amount"]["value"] == "24575.93"
    assert data["active"]["procurement"]["amount"]["raw"] == "24575.93万"


def test_converter_is_private() -> None:
    assert gov_disclosure.make_converter() is not gov_disclosure.make_converter()


@pytest.mark.parametrize("text", ["{", "[]", "1", "null", '"x"', '{"meta": {"year": "x"}}', '{"meta": 5}'])
def test_bad_json(text: str) -> None:
    with pytest.raises(GovDisclosureError) as info:
        gov_disclosure.from_json(text)
    assert "\n" not in str(info.value)
