"""JSON Schemas (draft 2020-12) of what the library writes: the model's JSON, batch records,
facts and findings.

The report schema is derived from the model's attrs classes and their type hints, as the
converter (`make_converter`) writes them; the facts' keys come from the form. So none of
them can drift from what is written: the tests validate every record the suite writes.
"""

from __future__ import annotations

import copy
import functools
import types
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import attrs

from gov_disclosure.export._facts import Fact
from gov_disclosure.export._version import SCHEMA_VERSION
from gov_disclosure.findings import Finding
from gov_disclosure.form import FORMS, dictionary_keys
from gov_disclosure.model import AnnualReport

__all__ = ["SCHEMAS", "SCHEMA_VERSION", "schema"]

SCHEMAS = ("report", "record", "fact", "finding", "check", "parse")
"""The schemas `schema` gives: the model's JSON (`to_json`, ``parse --json``), a batch record
(``batch`` JSON Lines, `FileResult.as_dict`), a fact (a line of ``facts``), a finding
(`Finding.as_dict`), what ``check --format json`` prints (its findings with their file,
and the files it could not read), and a line of ``parse --json`` given several files."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "description": "an exact decimal, in 万元"}


class _Builder:
    """Schemas of attrs classes as ``$defs``, one per class (and per Cell's value type)."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, hint: Any, env: dict[Any, Any] | None = None) -> dict[str, Any]:
        env = env or {}
        if isinstance(hint, TypeVar):
            return self.of(env[hint], env)
        origin, args = get_origin(hint), get_args(hint)
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.of(a, env) for a in args]}
        if origin is Literal:
            return {"enum": list(args)} if len(args) > 1 else {"const": args[0]}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0], env)}
        if origin is tuple:  # a fixed length: a box's four numbers
            return {"type": "array", "prefixItems": [self.of(a, env) for a in args], "items": False}
        if hint is type(None):
            return {"type": "null"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if hint is float:
            return {"type": "number"}
        if hint is str:
            return {"type": "string"}
        if hint is Decimal:
            return dict(_DECIMAL)
        cls = origin or hint
        if isinstance(cls, type) and attrs.has(cls):
            return self.cls(cls, args)
        raise TypeError(f"no JSON Schema for {hint!r}")  # pragma: no cover - a new field type

    def cls(self, cls: type, args: tuple[Any, ...]) -> dict[str, Any]:
        name = cls.__name__ + "".join(f"_{a.__name__}" for a in args)
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder: a class may refer to itself
            params = getattr(cls, "__parameters__", ())
            env = dict(zip(params, args, strict=True))
            hints = get_type_hints(cls)
            fields = attrs.fields(cls)
            doc = (cls.__doc__ or "").strip().split("\n\n")[0]
            self.defs[name] = {
                "type": "object",
                "description": " ".join(doc.split()),
                "properties": {f.name: self.of(hints[f.name], env) for f in fields},
                # The converter writes every field, defaults included.
                "required": [f.name for f in fields],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}


def _fact_keys() -> list[dict[str, Any]]:
    """One alternative per table (``meta`` too): its row keys and column keys, from the form."""
    return [
        {
            "properties": {
                "table": {"const": table},
                "row": {"enum": sorted(rows)},
                "column": {"enum": sorted(set().union(*rows.values()))},
            }
        }
        for table, rows in dictionary_keys().items()
    ]


def _fact() -> dict[str, Any]:
    names = [f.name for f in attrs.fields(Fact) if f.name != "span"]
    return {
        "type": "object",
        "description": "One value under the data dictionary's keys; null for a blank cell.",
        "properties": {
            "file": {"type": "string", "description": "the file, where several were read"},
            "table": {"type": "string"},
            "row": {"type": "string"},
            "column": {"type": "string"},
            "value": {"type": ["integer", "string", "null"]},
        },
        "required": names,
        "additionalProperties": False,
        "anyOf": _fact_keys(),
    }


def _finding(builder: _Builder) -> dict[str, Any]:
    ref = builder.cls(Finding, ())
    found = builder.defs["Finding"]
    # A finding's numbers are counts (int) or 万元 amounts, dates, templates (text).
    for name in ("expected", "actual"):
        found["properties"][name] = {"type": ["integer", "string", "null"]}
    return ref


def _version() -> dict[str, Any]:
    return {"const": SCHEMA_VERSION, "description": "the version of this schema the JSON follows"}


@functools.cache
def _schemas() -> dict[str, dict[str, Any]]:
    # The batch package is heavy to import; only its statuses are wanted, and only here.
    from gov_disclosure.batch._result import STATUSES

    builder = _Builder()
    builder.of(AnnualReport)
    finding_ref = _finding(builder)
    builder.defs["Fact"] = _fact()
    defs = builder.defs
    defs["Report"] = report_def = {
        **defs["AnnualReport"],
        "properties": {**defs["AnnualReport"]["properties"], "schema_version": _version()},
        "required": [*defs["AnnualReport"]["required"], "schema_version"],
    }
    report = report_def
    meta = {
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "year": {"type": ["integer", "null"]},
                    "template": {"enum": [*FORMS, None]},
                    "subject": {"type": ["string", "null"]},
                    "published": {"type": ["string", "null"], "format": "date"},
                },
                "required": ["year", "template", "subject", "published"],
                "additionalProperties": False,
            },
            {"type": "null"},
        ]
    }
    record = {
        "type": "object",
        "description": "What a batch learned from one file (one line of its JSON Lines).",
        "properties": {
            "file": {"type": "string"},
            "status": {"enum": list(STATUSES)},
            "error": {"type": ["string", "null"], "description": "why a failed or skipped file was not read"},
            "meta": meta,
            "facts": {"type": "array", "items": {"$ref": "#/$defs/Fact"}},
            "findings": {"type": "array", "items": finding_ref},
            "schema_version": _version(),
        },
        "required": ["file", "status", "error", "meta", "facts", "findings", "schema_version"],
        "additionalProperties": False,
    }
    finding = defs["Finding"]
    check = {
        "type": "array",
        "description": "check --format json: each finding with its file; each unreadable file.",
        "items": {
            "anyOf": [
                {
                    **finding,
                    "properties": {
                        "file": {"type": "string"},
                        **finding["properties"],
                        "page": {
                            "type": ["integer", "null"],
                            "description": "the PDF page the finding's cell or line stands on",
                        },
                        "box": {
                            "anyOf": [
                                {
                                    "type": "array",
                                    "prefixItems": [{"type": "number"}] * 4,
                                    "items": False,
                                },
                                {"type": "null"},
                            ],
                            "description": "where on that page: x0, top, x1, bottom in PDF points"
                            " from the page's top-left corner",
                        },
                        "element": {
                            "type": ["string", "null"],
                            "description": "a Word file's paragraph or table, row and cell; a web"
                            " page's element path",
                        },
                    },
                    "required": ["file", *finding["required"]],
                },
                {
                    "type": "object",
                    "properties": {"file": {"type": "string"}, "error": {"type": "string"}},
                    "required": ["file", "error"],
                    "additionalProperties": False,
                },
            ]
        },
    }
    out: dict[str, dict[str, Any]] = {}
    for name, body in (
        ("report", report),
        ("record", record),
        ("fact", {"$ref": "#/$defs/Fact"}),
        ("finding", finding_ref),
        ("check", check),
        (
            "parse",
            {
                "type": "object",
                "description": "parse --json with several files: one line per file.",
                "properties": {"file": {"type": "string"}, "report": {"$ref": "#/$defs/Report"}},
                "required": ["file", "report"],
                "additionalProperties": False,
            },
        ),
    ):
        out[name] = {
            "$schema": _DIALECT,
            "$id": f"urn:gov-disclosure:schema:{name}:{SCHEMA_VERSION}",
            "title": f"gov_disclosure {name}",
            **body,
            "$defs": defs,
        }
    return out


def schema(name: str = "report") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``name``, one of `SCHEMAS`: a new dict each call.

    ``schema("record")`` describes a batch record; its ``status`` is one of ``ok``,
    ``partial``, ``failed``, ``skipped``.
    """
    if name not in SCHEMAS:
        raise KeyError(f"no schema {name!r}; the schemas are {', '.join(SCHEMAS)}")
    return copy.deepcopy(_schemas()[name])
