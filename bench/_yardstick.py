"""The yardstick the speed target was set against: a bare Lark LALR pass (contextual lexer)
that only splits a report into lines. Its cost on a machine says how fast that machine runs
this kind of pure-Python work, so "parse+validate / line pass" can be compared across
machines. Only lark is needed (`bench.py` and `instructions.py` both run it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LINE_PASS_GRAMMAR = r"""
start: line*
line: LINE? NL
LINE: /[^\n]+/
NL: "\n"
"""


def line_pass() -> Callable[[str], Any]:
    """The yardstick: a function running the bare line-splitting Lark pass over a text."""
    from lark import Lark

    lark = Lark(LINE_PASS_GRAMMAR, parser="lalr", lexer="contextual")
    return lambda text: lark.parse(text if text.endswith("\n") else text + "\n")
