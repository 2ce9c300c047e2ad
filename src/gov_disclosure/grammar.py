"""Find the grammar files and build the parser, once per process."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import lark.lexer
from lark import Lark, Token
from lark.common import LexerConf
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer, TerminalDef

from gov_disclosure.errors import GovDisclosureError

__all__ = ["grammar_dir", "parser"]

_ENTRY = "report.lark"


def grammar_dir() -> Traversable:
    """The folder holding the ``.lark`` files.

    A wheel carries them at ``gov_disclosure/grammars``; a source checkout (and an editable
    install, where hatch's force-include copies are not beside the imported package) has them
    in the top-level ``grammars/``.
    """
    packaged = resources.files("gov_disclosure") / "grammars"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "grammars"
    if checkout.is_dir():
        return checkout
    raise GovDisclosureError("the grammar files are missing from this installation of gov_disclosure")


class _ResourceLoader:
    """Lets ``%import .tables (...)`` resolve inside a wheel, a checkout or a zip."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def __call__(self, base_path: str | None, grammar_path: str) -> tuple[str, str]:
        resource = self.root / grammar_path
        if not resource.is_file():
            # Fall through to lark's own grammars (``%import common.NUMBER``).
            raise OSError(grammar_path)
        return grammar_path, resource.read_text(encoding="utf-8")


_CELL_MARK = ("\x1f", "\\x1f")  # the mark as a character, or as the escape a pattern may spell


def _opens_with_cell_mark(regexp: str) -> str | None:
    """The rest of ``regexp`` if the whole pattern opens with the cell mark, else None.

    "Whole" means no ``|`` at the top level (``\x1fa|b`` does not start every match with the
    mark) and no quantifier on the mark itself (``\x1f?``).
    """
    for mark in _CELL_MARK:
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


class _LineLexer(Lexer):
    """Lark's basic lexer, faster on the canonical line stream.

    It gives the tokens Lark's lexers give (tests/test_grammar.py compares them): the
    terminals are tried in Lark's order (priority, then width, then name), and since every
    parser state that reads a token accepts every terminal that can match there, the
    contextual lexer has nothing to add.
    """

    def __init__(self, conf: LexerConf) -> None:
        terminals = sorted(
            conf.terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )
        self._match = conf.re_module.compile(_alternation(terminals), conf.g_regex_flags).match
        self._ignore = frozenset(conf.ignore)
        self._names = frozenset(t.name for t in terminals)

    def lex(self, data: str) -> Iterator[Token]:  # type: ignore[override]
        match, ignore = self._match, self._ignore
        pos, line, line_start, end = 0, 1, 0, len(data)
        while pos < end:
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
                yield Token(type_, value, start, start_line, column, line, pos - line_start + 1, pos)


def build_parser(*, strict: bool = False) -> Lark:
    """A new LALR parser for the report grammar.

    ``strict`` builds it with Lark's own contextual lexer, which rejects colliding terminals
    (the test suite's check of the grammar, and the reference the fast lexer is tested
    against); otherwise the parser reads tokens with the faster `_LineLexer`.
    """
    root = grammar_dir()
    # lark checks every pair of terminals for overlaps with interegular whenever that package
    # is importable, strict or not: 4 s per process for our ~60 terminals, to print warnings
    # nobody reads at run time. The test suite builds with strict=True, which does the check
    # and fails on any collision, so ordinary builds skip it.
    saved = lark.lexer.has_interegular
    lark.lexer.has_interegular = saved and strict
    try:
        return Lark(
            (root / _ENTRY).read_text(encoding="utf-8"),
            parser="lalr",
            lexer="contextual" if strict else _LineLexer,
            import_paths=[_ResourceLoader(root)],
            source_path=_ENTRY,
            strict=strict,
        )
    finally:
        lark.lexer.has_interegular = saved


@functools.cache
def parser() -> Lark:
    """The report parser, built on first use and kept for the life of the process."""
    return build_parser()
