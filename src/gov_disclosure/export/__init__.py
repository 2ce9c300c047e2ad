"""One report out: its facts under the data dictionary's keys, and the model as JSON.

Many reports out (JSONL, CSV, Parquet, DataFrames) is `gov_disclosure.batch`.
"""

from __future__ import annotations

from gov_disclosure.export._facts import Fact, FactValue, facts
from gov_disclosure.export._json import from_json, make_converter, to_json

__all__ = ["Fact", "FactValue", "facts", "from_json", "make_converter", "to_json"]
