"""Display width: how many columns a text takes on screen, a Chinese character two.

Text renderers lay tables out by it (ours, pandoc, w3m), so rendering pads by it and the
parser measures where a cell stands by it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "is_wide"]


def is_wide(ch: str) -> bool:
    """Whether ``ch`` takes two columns (East Asian wide or full-width)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(text: str) -> int:
    """The columns ``text`` takes."""
    return sum(2 if is_wide(ch) else 1 for ch in text)
