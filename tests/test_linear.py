"""Every regular expression the package runs on input takes time linear in the input.

A pattern whose backtracking grows faster than its input (a run scanned again from every
start, two adjacent runs that can share characters) turns a small hostile file into minutes
of work. Each pattern of the package (module-level patterns, those in module-level tables,
those built from the form, and the grammar's lexer) is run on inputs made from its own
literal words and characters, repeated, and with fillers between, at 5·10³ and 5·10⁴
characters: ten times the input must cost about ten times the time, never a hundred.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from re import _constants as sre_constants
from re import _parser as sre_parse
from typing import Any

import pytest

import gov_disclosure
from gov_disclosure.form import _access
from gov_disclosure.parsing import _speed

_FILLERS = ("", " ", "\u3000", "1", "a", "一", "：", "（", "\n", "|", "\t", "。")
_SMALL, _LARGE = 5_000, 50_000
_LEXER = "the grammar's lexer"


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    seen: set[int] = set()

    def found(name: str, obj: Any, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str) and id(obj) not in seen:
            seen.add(id(obj))
            yield name, obj
        elif isinstance(obj, dict) and depth < 3:
            for key, value in obj.items():
                yield from found(f"{name}[{key!r}]", value, depth + 1)
        elif isinstance(obj, (tuple, list)) and depth < 3:
            for i, value in enumerate(obj):
                yield from found(f"{name}[{i}]", value, depth + 1)

    for info in pkgutil.walk_packages(gov_disclosure.__path__, "gov_disclosure."):
        if info.name.endswith("__main__"):
            continue  # running it runs the command line
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # a reader whose extra is not installed
            continue
        for attr, value in vars(module).items():
            yield from found(f"{info.name}.{attr}", value)
    yield from found("gov_disclosure.form._access._glued()", _access._glued())
    lexer = _speed.element_parser().parser.lexer.lexer
    yield _LEXER, lexer._match.__self__


def _literals(pattern: str) -> list[str]:
    """The pattern's literal runs, and one character of each of its character classes."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append("".join(run))
            run.clear()

    def walk(items: Any) -> None:
        for op, av in items:
            if op is sre_constants.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op is sre_constants.IN:
                chars = [chr(a) for o, a in av if o is sre_constants.LITERAL]
                ranges = [chr(a[0]) for o, a in av if o is sre_constants.RANGE]
                out.extend((chars + ranges)[:3])
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch)
                    flush()
            elif op is sre_constants.SUBPATTERN:
                walk(av[-1])
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.ATOMIC_GROUP):
                walk(av[-1] if op is sre_constants.ATOMIC_GROUP else av[1])
            flush()
        flush()

    walk(sre_parse.parse(pattern))
    return list(dict.fromkeys(piece for piece in out if piece))


def _repeated(head: str, unit: str) -> Callable[[int], str]:
    return lambda n: head + unit * (n // len(unit) + 1)


def _inputs(pattern: str) -> Iterator[Callable[[int], str]]:
    pieces = _literals(pattern)
    for piece in pieces:
        for filler in _FILLERS:
            yield _repeated("", piece + filler)
    # A pattern's opening words, then one piece repeated: a run that starts once.
    for head in pieces[:4]:
        for piece in pieces[:8]:
            yield _repeated(head, piece)


_SOURCES = "\n".join(
    p.read_text(encoding="utf-8") for p in Path(gov_disclosure.__file__).parent.rglob("*.py")
)


def _anchored(name: str) -> bool:
    """Whether the package only ever matches the pattern at one place (``.match``,
    ``.fullmatch``): then it is timed so; any other use (or one the source does not show)
    is timed as a search from every position too."""
    if name == _LEXER:
        return True  # the lexer matches at each line's start (parsing._speed._LineLexer)
    attr = name.rsplit(".", 1)[-1]
    if not attr.isidentifier():
        return False
    uses = re.findall(rf"\b{re.escape(attr)}\b(?:\.(\w+))?", _SOURCES)
    calls = {use for use in uses if use}
    defined = len([use for use in uses if not use])
    return defined == 1 and bool(calls) and calls <= {"match", "fullmatch"}


def _cost(pattern: re.Pattern[str], text: str, *, anchored: bool) -> float:
    start = time.perf_counter()
    if not anchored:
        for _ in pattern.finditer(text):
            pass
    pattern.fullmatch(text)
    pattern.match(text)
    return time.perf_counter() - start


PATTERNS = sorted(_patterns(), key=lambda p: p[0])


def test_the_patterns_are_found() -> None:
    names = {name for name, _ in PATTERNS}
    assert "gov_disclosure.parsing._frontend._BOOKMARK" in names
    assert "the grammar's lexer" in names
    assert len(PATTERNS) > 80


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_a_pattern_takes_time_linear_in_its_input(name: str, pattern: re.Pattern[str]) -> None:
    anchored = _anchored(name)
    for make in _inputs(pattern.pattern):
        small, large = make(_SMALL)[:_SMALL], make(_LARGE)[:_LARGE]
        slow = _cost(pattern, large, anchored=anchored)
        if slow < 0.01:
            continue  # too quick to be worth a ratio: 0.5 µs a character at most
        slow = min(slow, _cost(pattern, large, anchored=anchored))
        quick = min(_cost(pattern, small, anchored=anchored) for _ in range(3))
        ratio = slow / max(quick, 1e-6)
        if ratio < 40:
            continue
        # A small input's time is a fraction of a millisecond, and a busy machine makes its
        # ratio noisy: confirm between inputs both long enough to time (linear: about 4x;
        # quadratic: 16x).
        larger = make(4 * _LARGE)[: 4 * _LARGE]
        slow = min(slow, *(_cost(pattern, large, anchored=anchored) for _ in range(2)))
        slower = min(_cost(pattern, larger, anchored=anchored) for _ in range(2))
        assert slower / slow < 8, (
            f"{name}: {len(large)} characters take {slow:.2f} s, {ratio:.0f}x {len(small)}'s;"
            f" {len(larger)} take {slower:.2f} s"
        )
