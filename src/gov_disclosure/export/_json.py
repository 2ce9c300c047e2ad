"""JSON for the model, through a cattrs converter of our own (never the global one)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from cattrs import transform_error
from cattrs.errors import ClassValidationError
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as make_json_converter
from cattrs.strategies import configure_tagged_union

from gov_disclosure import limits
from gov_disclosure.errors import GovDisclosureError, over_budget
from gov_disclosure.export._version import SCHEMA_VERSION
from gov_disclosure.model import Active2019, Active2021, AnnualReport

__all__ = ["from_json", "make_converter", "to_json"]


def make_converter() -> JsonConverter:
    """A new converter for the model: Decimal as an exact string, table 2 tagged by template.

    Each call returns a fresh converter, so callers may add hooks without touching ours.
    """
    converter = make_json_converter(detailed_validation=True)
    converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    converter.register_structure_hook(Decimal, lambda v, _: _decimal(v))
    converter.register_structure_hook(int, lambda v, _: _int(v))
    converter.register_structure_hook(bool, lambda v, _: _bool(v))
    # The two forms of table 2 carry their own "template" field ("2019"/"2021"), so the tag
    # is that field and the JSON needs no extra type name.
    configure_tagged_union(
        Active2021 | Active2019,
        converter,
        tag_name="template",
        tag_generator=lambda cls: "2021" if cls is Active2021 else "2019",
    )
    return converter


def _decimal(v: object) -> Decimal:
    """A 万元 amount from JSON: finite, and of no more digits than a cell may have."""
    number = Decimal(str(v))
    if (
        not number.is_finite()
        or number.adjusted() >= limits.MAX_DIGITS
        or len(number.as_tuple().digits) > 2 * limits.MAX_DIGITS
    ):
        raise ValueError(f"{_short(str(v))} is no amount a report can hold")
    return number


def _int(v: object) -> int:
    """A count, line or offset from JSON: a whole number of no more digits than a cell may
    have (bool, float and text are refused)."""
    if type(v) is not int or abs(v) >= 10**limits.MAX_DIGITS:
        raise ValueError(f"{_short(str(v))} is no count a report can hold")
    return v


def _bool(v: object) -> bool:
    if type(v) is not bool:
        raise ValueError(f"{_short(str(v))} is not true or false")
    return v


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}…{text[-10:]}"


def _depth(data: object) -> int:
    """How deeply ``data`` nests (lists and objects), iteratively."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth)
            if depth <= limits.MAX_JSON_DEPTH:
                stack.extend((child, depth + 1) for child in node)
    return deepest


_CONVERTER = make_converter()


def to_json(report: AnnualReport, *, indent: int | None = None) -> str:
    """The whole model as JSON: every cell with its value, raw text and source span, and the
    ``schema_version`` (`gov_disclosure.export.schema` describes it)."""
    data: Any = _CONVERTER.unstructure(report)
    data["schema_version"] = SCHEMA_VERSION
    return json.dumps(data, ensure_ascii=False, indent=indent)


def from_json(text: str) -> AnnualReport:
    """Rebuild a report from `to_json`'s output; ``from_json(to_json(r)) == r``."""
    if len(text) > limits.MAX_JSON_CHARS:
        raise over_budget("characters of JSON", len(text), "MAX_JSON_CHARS", limits.MAX_JSON_CHARS)
    try:
        data = json.loads(text)
        if _depth(data) > limits.MAX_JSON_DEPTH:
            raise GovDisclosureError(
                f"not a report's JSON: nested deeper than {limits.MAX_JSON_DEPTH} (MAX_JSON_DEPTH)"
            )
        if not isinstance(data, dict):
            raise GovDisclosureError(f"not a report's JSON: expected an object, got {type(data).__name__}")
        version = data.pop("schema_version", SCHEMA_VERSION)  # absent: written before versions
        if type(version) is not int or version != SCHEMA_VERSION:
            raise GovDisclosureError(
                f"the JSON follows schema version {_short(repr(version))};"
                f" this library reads {SCHEMA_VERSION}"
            )
        return _CONVERTER.structure(data, AnnualReport)
    except RecursionError as exc:  # json.loads on deeper nesting than Python's stack allows
        raise GovDisclosureError(
            f"not a report's JSON: nested deeper than {limits.MAX_JSON_DEPTH} (MAX_JSON_DEPTH)"
        ) from exc
    except json.JSONDecodeError as exc:
        raise GovDisclosureError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except ClassValidationError as exc:
        raise GovDisclosureError("not a report's JSON: " + "; ".join(transform_error(exc))) from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # cattrs raises plain errors for some shapes (a list where an object belongs, a bad Decimal).
        raise GovDisclosureError(f"not a report's JSON: {exc}") from exc
