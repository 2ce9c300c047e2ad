"""Speed: a faster lexer, and the built parser kept between processes.

Building the LALR tables takes about half a second, most of a short run's time; so the parser
is saved to the user's cache folder (`cache_dir`) and loaded from there, in a fifth of that,
by later processes. Lark's own lexer tries every terminal in turn on every line; `_LineLexer`
gives the same tokens in one regex match per line. The parse itself applies the element
transformer as it goes (`parse_sections`): no tree is built and walked.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import re._constants as sre  # type: ignore[import-not-found]  # Python's regex parser: no stubs
import re._parser as sre_parse  # type: ignore[import-not-found]
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, cast

import lark.lexer
from lark import Lark, Token, Transformer, Tree
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, TerminalDef
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders
from lark.parsers.lalr_analysis import Shift

from gov_disclosure.parsing._elements import Section
from gov_disclosure.parsing._frontend import CELL_MARK
from gov_disclosure.parsing._grammar import build_parser, grammar_dir
from gov_disclosure.parsing._transformer import ElementTransformer

__all__ = ["cache_dir", "element_parser", "load_or_build", "parse_sections", "parser"]

_MARK_SPELLINGS = (CELL_MARK, "\\x1f")  # the mark as a character, or as the escape a pattern may spell
_END = (Token("$END", ""),)  # the end of input, as the parse table names it
_new_token = str.__new__  # a Token (a str) without its constructor: `_LineLexer.lex` sets its slots


def _opens_with_cell_mark(regexp: str) -> str | None:
    """The rest of ``regexp`` if the whole pattern opens with the cell mark, else None.

    "Whole" means no ``|`` at the top level (``\x1fa|b`` does not start every match with the
    mark) and no quantifier on the mark itself (``\x1f?``).
    """
    for mark in _MARK_SPELLINGS:
        if regexp.startswith(mark):
            rest = regexp[len(mark) :]
            break
    else:
        return None
    if rest[:1] in ("?", "*", "+", "{"):
        return None
    depth, i = 0, 0
    while i < len(rest):
        c = rest[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            # A class may open with "]" or "^]" as a literal; skip to its real end.
            i += 2 if rest[i + 1 : i + 2] == "^" else 1
            i += 1 if rest[i : i + 1] == "]" else 0
            while i < len(rest) and rest[i] != "]":
                i += 2 if rest[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return None
        i += 1
    return rest


def _alternation(terminals: Sequence[TerminalDef]) -> str:
    """One pattern trying ``terminals`` in order, the first that matches naming the token.

    Lark's own scanner wraps each terminal in a named group, which keeps Python's regex engine
    from skipping an alternative on its first character: every token then pays for trying all
    ~55 terminals in turn, 15-20 µs a line. Here each terminal's name is an empty group at its
    end, and a run of consecutive terminals that open with the cell mark shares one mark, so
    within the run an alternative whose next character cannot match is skipped at once. The
    order of the alternatives, and so which terminal wins, is Lark's.
    """
    out: list[str] = []
    run: list[str] = []
    for t in terminals:
        regexp = t.pattern.to_regexp()
        rest = _opens_with_cell_mark(regexp)
        if rest is not None:
            run.append(f"(?:{rest})(?P<{t.name}>)")
            continue
        if run:
            out.append("\\x1f(?:" + "|".join(run) + ")")
            run = []
        out.append(f"(?:{regexp})(?P<{t.name}>)")
    if run:
        out.append("\\x1f(?:" + "|".join(run) + ")")
    return "|".join(out)


class _Start:
    """What a pattern's match may start with: these characters, any decimal digit (``\\d``),
    or anything (``anything``: a class such as ``[^\\n]``, an anchor, a flag, or a pattern
    that may match nothing). An over-estimate is harmless; only one too small would be wrong."""

    __slots__ = ("anything", "chars", "digit")

    def __init__(
        self, chars: frozenset[str] = frozenset(), *, digit: bool = False, anything: bool = False
    ) -> None:
        self.chars, self.digit, self.anything = chars, digit, anything

    def __or__(self, other: _Start) -> _Start:
        return _Start(
            self.chars | other.chars,
            digit=self.digit or other.digit,
            anything=self.anything or other.anything,
        )

    def admits(self, char: str) -> bool:
        return self.anything or char in self.chars or (self.digit and char.isdecimal())


_ANYTHING = _Start(anything=True)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _class_start(items: list[tuple[Any, Any]]) -> _Start:
    chars: set[str] = set()
    digit = False
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 256:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            digit = True
        else:  # a negated class, another category, a wide range
            return _ANYTHING
    return _Start(frozenset(chars), digit=digit)


def _item_start(op: Any, av: Any) -> tuple[_Start, bool]:
    """What one parsed item's match may start with, and whether it may match nothing."""
    if op is sre.LITERAL:
        return _Start(frozenset(chr(av))), False
    if op is sre.IN:
        return _class_start(av), False
    if op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group that sets no flags
        return _sequence_start(list(av[3]))
    if op in _REPEATS:
        start, empty = _sequence_start(list(av[2]))
        return start, empty or av[0] == 0
    if op is sre.BRANCH:
        starts = [_sequence_start(list(branch)) for branch in av[1]]
        union = _Start()
        for start, _ in starts:
            union |= start
        return union, any(empty for _, empty in starts)
    return _ANYTHING, True  # an anchor, a lookaround, a back reference, "."


def _sequence_start(items: list[tuple[Any, Any]]) -> tuple[_Start, bool]:
    union = _Start()
    for op, av in items:
        start, empty = _item_start(op, av)
        union |= start
        if not empty:
            return union, False
    return union, True


def _starts(regexp: str, flags: int) -> tuple[_Start, _Start | None]:
    """What a match of ``regexp`` may start with; and, for one that starts with the cell mark,
    what may follow the mark (None: it never starts with the mark)."""
    parsed = sre_parse.parse(regexp, flags)
    items = list(parsed)
    start, empty = _sequence_start(items)
    # Case-folding (a flag given or set in the pattern) would make a character stand for others.
    if empty or parsed.state.flags & ~sre.SRE_FLAG_UNICODE or start.anything:
        return _ANYTHING, _ANYTHING
    if CELL_MARK not in start.chars:
        return start, None
    op, av = items[0]
    if op is sre.MAX_REPEAT and av[:2] == (0, 1) and list(av[2]) == [(sre.LITERAL, ord(CELL_MARK))]:
        after, empty = _sequence_start(items[1:])  # an optional mark, then the rest
    elif op is sre.LITERAL and av == ord(CELL_MARK):
        after, empty = _sequence_start(items[1:])
    else:
        return start, _ANYTHING
    if empty or after.anything or CELL_MARK in after.chars:
        return start, _ANYTHING
    return start, after


_REMEMBERED = 8192  # characters whose choice is kept: any more in hostile input are worked out anew


class _Dispatch:
    """The match function to try at a position, by the character there (and after a cell
    mark, by the one after it): the alternation of only the terminals that can start so, in
    Lark's order. A line then tries a handful of terminals, not all ~55; which one wins is
    the same, since every terminal left out cannot match there."""

    def __init__(self, terminals: Sequence[TerminalDef], compile_: Callable[[str], Any], flags: int) -> None:
        self._terminals = terminals
        self._compile = compile_
        starts = [_starts(t.pattern.to_regexp(), flags) for t in terminals]
        self._plain = [start for start, _ in starts]
        self._after_mark = [after for _, after in starts]
        self._known = frozenset(c for start, after in starts for s in (start, after) if s for c in s.chars)
        self._patterns: dict[tuple[str, ...], Callable[..., Any]] = {}
        self.plain: dict[str, Callable[..., Any]] = {}
        self.marked: dict[str, Callable[..., Any]] = {}

    def _pattern(self, chosen: list[TerminalDef]) -> Callable[..., Any]:
        key = tuple(t.name for t in chosen)
        if key not in self._patterns:
            # No terminal can start here: the full alternation fails as Lark's would.
            self._patterns[key] = self._compile(_alternation(chosen or self._terminals)).match
        return self._patterns[key]

    def _key(self, char: str) -> str:
        # Characters no terminal names, and not digits, all choose alike: one entry for them.
        return char if char in self._known or char.isdecimal() else ""

    def at_plain(self, char: str) -> Callable[..., Any]:
        key = self._key(char)
        if key not in self.plain:
            chosen = [t for t, s in zip(self._terminals, self._plain, strict=True) if s.admits(key)]
            self.plain[key] = self._pattern(chosen)
        match = self.plain[key]
        if len(self.plain) < _REMEMBERED:
            self.plain[char] = match  # looked up by the character itself next time
        return match

    def at_mark(self, char: str) -> Callable[..., Any]:
        key = self._key(char)
        if key not in self.marked:
            chosen = [
                t
                for t, s in zip(self._terminals, self._after_mark, strict=True)
                if s is not None and s.admits(key)
            ]
            self.marked[key] = self._pattern(chosen)
        match = self.marked[key]
        if len(self.marked) < _REMEMBERED:
            self.marked[char] = match  # looked up by the character itself next time
        return match


class _LineLexer(Lexer):
    """Lark's basic lexer, faster on the canonical line stream.

    It gives the tokens Lark's lexers give (tests/test_grammar.py compares them): the
    terminals are tried in Lark's order (priority, then width, then name), and since every
    parser state that reads a token accepts every terminal that can match there, the
    contextual lexer has nothing to add. At each position only the terminals that can start
    with its character are tried (`_Dispatch`).
    """

    def __init__(self, conf: LexerConf) -> None:
        terminals = sorted(
            conf.terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )

        def compile_(pattern: str) -> Any:
            return conf.re_module.compile(pattern, conf.g_regex_flags)

        self._match = compile_(_alternation(terminals)).match
        self._dispatch = _Dispatch(terminals, compile_, conf.g_regex_flags)
        self._ignore = frozenset(conf.ignore)
        self._names = frozenset(t.name for t in terminals)

    def lex(self, data: str) -> Iterator[Token]:  # type: ignore[override]
        ignore, dispatch = self._ignore, self._dispatch
        plain, marked = dispatch.plain, dispatch.marked
        pos, line, line_start, end = 0, 1, 0, len(data)
        while pos < end:
            char = data[pos]
            if char == CELL_MARK:
                after = data[pos + 1 : pos + 2]
                match = marked.get(after) or dispatch.at_mark(after)
            else:
                match = plain.get(char) or dispatch.at_plain(char)
            m = match(data, pos)
            if m is None:
                raise UnexpectedCharacters(  # type: ignore[no-untyped-call]
                    data, pos, line, pos - line_start + 1, allowed=self._names
                )
            value = m.group()
            type_ = m.lastgroup or ""
            start, start_line, column = pos, line, pos - line_start + 1
            pos = m.end()
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = start + value.rindex("\n") + 1
            if type_ not in ignore:
                # Token's own constructor is two Python calls deep (lark's deprecation shim);
                # its slots are set here directly, to the values it would give them.
                token = _new_token(Token, value)
                token.type = type_
                token.value = value
                token.start_pos = start
                token.line = start_line
                token.column = column
                token.end_line = line
                token.end_column = pos - line_start + 1
                token.end_pos = pos
                yield token


def _build(transformer: Transformer[Token, Any] | None) -> Lark:
    return build_parser(transformer=transformer, lexer=_LineLexer)


def _options() -> dict[str, Any]:
    """The options `_build` gives Lark (part of the cache key: see `_cache_file`)."""
    return {"parser": "lalr", "lexer": _LineLexer, "strict": False}


def cache_dir() -> Path | None:
    """The folder where the built parser is kept between processes; None when that is off.

    ``GOV_DISCLOSURE_CACHE_DIR`` names the folder, and set to the empty string turns the
    cache off. Otherwise it is the user's cache folder: ``%LOCALAPPDATA%\\gov_disclosure`` on
    Windows, ``~/Library/Caches/gov_disclosure`` on macOS, ``$XDG_CACHE_HOME/gov_disclosure``
    or ``~/.cache/gov_disclosure`` elsewhere.
    """
    chosen = os.environ.get("GOV_DISCLOSURE_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "gov_disclosure" if local else None
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to speak of (a service account, say)
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "gov_disclosure"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache") / "gov_disclosure"


def _cache_file(directory: Path) -> Path:
    """The cache file for these grammar files, this lark and this Python.

    Every input of the build is in the name, so a changed grammar file or an upgraded lark
    never loads a stale parser: it just misses and builds anew.
    """
    root = grammar_dir()
    digest = hashlib.sha256()
    for name in sorted(p.name for p in root.iterdir() if p.name.endswith(".lark")):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    digest.update(f"lark {lark.__version__} python {sys.version_info[:2]} {_options()}".encode())
    return directory / f"parser-{digest.hexdigest()[:24]}.pickle"


def load_or_build(directory: Path | None, transformer: Transformer[Token, Any] | None = None) -> Lark:
    """The report parser, loaded from ``directory`` if built there before, else built and saved;
    with ``transformer`` embedded (see `build_parser`).

    Nothing about the cache is an error: a missing, unreadable or corrupt file is rebuilt,
    and a folder that cannot be written (a read-only home) just goes without.
    """
    if directory is None:
        return _build(transformer)
    path = _cache_file(directory)
    try:
        with path.open("rb") as f:
            loaded = _load(f, transformer)
    except Exception:  # missing, unreadable, truncated, or pickled by another version
        pass
    else:
        if loaded.options.lexer is _LineLexer:
            return loaded
    built = _build(transformer)
    _save(built, path)
    return built


def _load(f: IO[bytes], transformer: Transformer[Token, Any] | None) -> Lark:
    """A saved parser, with ``transformer`` embedded.

    `Lark.load` takes no options; ``_load``, which lark's own cache uses to give them
    (lark 1.2 and later), does.
    """
    inst: Lark = Lark.__new__(Lark)
    return inst._load(f, transformer=transformer)


def _save(built: Lark, path: Path) -> None:
    """Write the parser to ``path`` atomically: another process never reads half a file."""
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, delete=False) as f:
            temp = f.name
            # The loader object is only needed to read grammar files, and may not pickle.
            # The transformer is given again at each load.
            built.save(f, exclude_options=("import_paths", "source_path", "transformer"))
        os.replace(temp, path)
        temp = None
    except OSError:
        pass  # read-only or full: the next process builds again
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


@functools.cache
def parser() -> Lark:
    """The report parser: loaded from the cache folder or built on first use, then kept."""
    return load_or_build(cache_dir())


@functools.cache
def element_parser() -> Lark:
    """The report parser with `ElementTransformer` embedded: ``parse`` returns the report's
    sections directly, with no tree built and walked (a sixth of a parse's time saved)."""
    return load_or_build(cache_dir(), ElementTransformer())


def parse_sections(text: str) -> tuple[Section, ...]:
    """The sections of a canonical text, by `element_parser`'s tables, driven by `_drive`."""
    return _driver()(text)


@functools.cache
def _driver() -> Callable[[str], tuple[Section, ...]]:
    """`_drive` over `element_parser`'s parse table, callbacks and lexer."""
    built = element_parser()
    # The LALR parser's own parts, below Lark's front end.
    inner = built.parser.parser.parser
    lexer = built.parser.lexer.lexer
    return functools.partial(_drive, _Table(inner.parse_table, inner.callbacks), lexer.lex, built.parse)


class _Table:
    """A LALR parse table as `_drive` reads it: for each state, each terminal's or rule's
    action as ``(True, next state)`` or ``(False, (rule size, rule name, callback))``."""

    def __init__(self, table: Any, callbacks: Mapping[Any, Callable[[list[Any]], Any]]) -> None:
        callbacks = _listed(callbacks)
        reductions = {rule: (len(rule.expansion), rule.origin.name, callbacks[rule]) for rule in callbacks}
        self.states: dict[int, dict[str, tuple[bool, Any]]] = {
            state: {
                name: (True, arg) if action is Shift else (False, reductions[arg])
                for name, (action, arg) in actions.items()
            }
            for state, actions in table.states.items()
        }
        self.start: int = table.start_states["start"]
        self.end: int = table.end_states["start"]


def _listed(callbacks: Mapping[Any, Callable[[list[Any]], Any]]) -> Mapping[Any, Callable[[list[Any]], Any]]:
    """Lark's callbacks, with the rules it inlines into their parents (``_body``,
    ``__tables_plus_0``: a report has about a hundred of them) giving their children as a
    plain list rather than a tree the parent takes apart again.

    Lark wraps a callback in a filter (`ChildFilterLALR_NoPlaceholders`) where a rule drops
    tokens or takes in an inlined rule's children; here each such filter reads the lists. The
    callbacks are given back unchanged if any inlined rule, or any rule taking in an inlined
    rule's children, has another shape (a filter with placeholders for ``[x]``, say).
    """
    out: dict[Any, Callable[[list[Any]], Any]] = {}
    for rule, callback in callbacks.items():
        inlined = rule.origin.name.startswith("_")
        if isinstance(callback, ChildFilterLALR_NoPlaceholders):
            build = callback.node_builder
            if inlined != (isinstance(build, functools.partial) and build.func is Tree):
                return callbacks
            out[rule] = _filter(tuple(callback.to_include), None if inlined else build)
        elif isinstance(callback, functools.partial) and callback.func is Tree:
            if not inlined:
                return callbacks
            out[rule] = _same
        elif inlined or any(not s.is_term and s.name.startswith("_") for s in rule.expansion):
            return callbacks  # it would be given an inlined rule's list, not the tree it reads
        else:
            out[rule] = callback
    return out


def _same(children: list[Any]) -> list[Any]:
    return children


def _filter(
    include: tuple[tuple[int, bool], ...], build: Callable[[list[Any]], Any] | None
) -> Callable[[list[Any]], Any]:
    """`ChildFilterLALR_NoPlaceholders` over lists: the children at ``include``'s positions,
    an inlined rule's (``True``) by its list; given to ``build``, or as the list."""
    if include == ((0, True), (1, False)) and build is None:
        # An inlined list rule grown by one (``_items: _items item``): Lark's filter reuses the
        # list too.
        def grown(children: list[Any]) -> list[Any]:
            kept: list[Any] = children[0]
            kept.append(children[1])
            return kept

        return grown

    def filtered(children: list[Any]) -> Any:
        kept: list[Any] = []
        for i, expand in include:
            if expand:
                kept += children[i]
            else:
                kept.append(children[i])
        return kept if build is None else build(kept)

    return filtered


def _drive(
    table: _Table, lex: Callable[[str], Iterator[Token]], fallback: Callable[[str], Any], text: str
) -> tuple[Section, ...]:
    """Lark's LALR loop (`lark.parsers.lalr_parser_state.ParserState.feed_token`), with its
    per-token call, lookups and checks taken out of the loop: the same shifts, reductions and
    callbacks, so the same result. tests/test_grammar.py compares it with Lark's parse.

    A token no action takes is not raised here: Lark's own parse of the text raises the error
    it would (the grammar takes every line stream, so this does not happen).
    """
    states, end = table.states, table.end
    state_stack = [table.start]
    value_stack: list[Any] = []
    try:
        for token in itertools.chain(lex(text), _END):
            type_ = token.type
            while True:
                shift, arg = states[state_stack[-1]][type_]
                if shift:
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                size, origin, callback = arg
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(callback(children))
                state_stack.append(states[state_stack[-1]][origin][1])
                # Only the end of input reduces the start rule, to its end state.
                if state_stack[-1] == end:
                    return cast("tuple[Section, ...]", value_stack[-1])
    except KeyError:
        # A token no state takes. (A KeyError from inside a callback lands here too: Lark's
        # parse runs the same callback and raises it again, so it is not hidden, only paid
        # for twice.)
        pass
    return cast("tuple[Section, ...]", fallback(text))
