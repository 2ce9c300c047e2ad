"""The grammar files, found in a wheel, a checkout or a zip, and the LALR parser built from them.

`gov_disclosure.parsing._speed` keeps the built parser between processes and reads tokens
faster; this module is all a reader of the grammar needs.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import lark.lexer
from lark import Lark, Token, Transformer
from lark.lexer import Lexer

from gov_disclosure.errors import GovDisclosureError

__all__ = ["build_parser", "grammar_dir"]

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
    checkout = Path(__file__).resolve().parents[3] / "grammars"
    if checkout.is_dir():
        return checkout
    raise GovDisclosureError("the grammar files are missing from this installation of gov_disclosure")


class _ResourceLoader:
    """Lets ``%import .tables (...)`` resolve inside a wheel, a checkout or a zip."""

    def __init__(self, root: Traversable) -> None:
        self.root = root

    def __call__(self, _base_path: str | None, grammar_path: str) -> tuple[str, str]:
        resource = self.root / grammar_path
        if not resource.is_file():
            # Fall through to lark's own grammars (``%import common.NUMBER``).
            raise OSError(grammar_path)
        return grammar_path, resource.read_text(encoding="utf-8")


def build_parser(
    *,
    strict: bool = False,
    transformer: Transformer[Token, Any] | None = None,
    lexer: str | type[Lexer] = "contextual",
) -> Lark:
    """A new LALR parser for the report grammar.

    ``strict`` makes Lark reject colliding terminals and shift/reduce conflicts (the test
    suite's check of the grammar). ``lexer`` is Lark's contextual lexer unless another is
    given (`gov_disclosure.parsing._speed` gives its faster one, which yields the same tokens).
    With a ``transformer``, the parser applies it as it parses and returns its result, not a
    tree.
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
            import_paths=[_ResourceLoader(root)],
            source_path=_ENTRY,
            transformer=transformer,
            parser="lalr",
            lexer=lexer,
            strict=strict,
        )
    finally:
        lark.lexer.has_interegular = saved
