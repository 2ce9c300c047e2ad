"""File names as outputs that hold only UTF-8 can carry them."""

from __future__ import annotations

__all__ = ["shown_name"]


def shown_name(name: str) -> str:
    """``name`` with the bytes that are not UTF-8 (kept by Python as surrogate escapes) written
    as ``\\xff``: for Parquet, Excel and HTML, which hold UTF-8 only. JSON Lines and CSV keep
    the bytes themselves, and read back to the same name."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
