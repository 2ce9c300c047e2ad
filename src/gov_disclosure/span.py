"""Where a value came from in the source text."""

from __future__ import annotations

from attrs import frozen

__all__ = ["Span"]


@frozen(kw_only=True)
class Span:
    """A stretch of the source text: 1-based lines and columns, 0-based character offsets.

    ``end_line``/``end_column`` point one past the last character, like ``end``.
    """

    line: int
    """1-based line of the first character."""
    column: int
    """1-based column of the first character."""
    end_line: int
    """1-based line of the last character."""
    end_column: int
    """1-based column just past the last character."""
    start: int
    """Offset of the first character in the decoded source text."""
    end: int
    """Offset just past the last character."""
