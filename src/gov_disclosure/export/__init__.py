"""One report out: its facts under the data dictionary's keys, the model as JSON, and the
JSON Schemas of what the library writes (`schema`).

Many reports out (JSONL, CSV, Parquet, DataFrames) is `gov_disclosure.batch`.
"""

from __future__ import annotations

from gov_disclosure.export._facts import Fact, FactValue, facts
from gov_disclosure.export._json import from_json, make_converter, to_json
from gov_disclosure.export._schema import SCHEMAS, schema
from gov_disclosure.export._version import SCHEMA_VERSION

__all__ = [
    "SCHEMAS",
    "SCHEMA_VERSION",
    "Fact",
    "FactValue",
    "facts",
    "from_json",
    "make_converter",
    "schema",
    "to_json",
]
