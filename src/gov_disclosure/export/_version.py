"""The version of the JSON the library writes."""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION"]

SCHEMA_VERSION = 1
"""The version of the JSON the library writes; every report JSON and batch record carries it
as ``schema_version``. It changes when a field is renamed, removed or changes meaning."""
