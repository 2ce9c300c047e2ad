"""The grammar: conflict-free, and each layout's cells reach the right rules."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Transformer, Tree

import gov_disclosure
from gov_disclosure.parsing import _speed as grammar
from gov_disclosure.parsing import build_parser, grammar_dir, parser
from gov_disclosure.parsing._frontend import canonicalize
from gov_disclosure.parsing._meta import _FIELD_KEYS
from gov_disclosure.parsing._speed import _opens_with_cell_mark, _starts
from gov_disclosure.parsing._transformer import ElementTransformer, sections
from support import EXAMPLES, example_paths, seed_paths


def _kinds(text: str) -> list[str]:
    """The table elements and prose items of a text, in order, as grammar rule names."""
    tree = parser().parse(canonicalize(text).text)
    out: list[str] = []
    for node in tree.iter_subtrees_topdown():  # type: ignore[no-untyped-call]
        name = str(node.data).rsplit("__", 1)[-1]
        if name.startswith(("t2_", "t3_", "t4_", "part_")) or name in (
            "paragraph",
            "subheading",
            "signature_date",
        ):
            out.append(name)
    return out


def test_grammar_is_strict() -> None:
    """No shift/reduce or reduce/reduce conflict, no colliding terminals of equal priority."""
    build_parser(strict=True)


def test_grammar_files_are_found() -> None:
    names = {p.name for p in grammar_dir().iterdir()}
    assert {"report.lark", "tables.lark", "common.lark"} <= names


def test_parser_is_built_once() -> None:
    assert parser() is parser()


T2_TAB = "二、主动公开政府信息情况\n\t第二十条第（一）项\n\n\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n\t规章\n\t1\n\t0\n\t1\n"


def test_tab_cells_layout() -> None:
    assert _kinds(T2_TAB) == [
        "part_active",
        "t2_caption",
        "t2_header",
        "t2_header",
        "t2_header",
        "t2_header",
        "t2_rules",
    ]


def test_pipe_cells_layout() -> None:
    text = "二、主动公开政府信息情况\n第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n0 |\n0 |\n0 |\n行政规范性文件 |\n2 |\n0 |\n9 |\n"
    kinds = _kinds(text)
    assert kinds[0] == "part_active"
    assert kinds[-2:] == ["t2_rules", "t2_normative_documents"]


def test_tsv_layout() -> None:
    text = "二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
    assert _kinds(text) == ["part_active", "t2_caption", *["t2_header"] * 4, "t2_rules"]


def test_markdown_layout() -> None:
    text = "## 二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 | 0 | 0 |\n"
    assert _kinds(text) == ["part_active", *["t2_header"] * 4, "t2_rules"]


def test_text_rows_layout() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119\n"
        "二、上年结转政府信息公开申请数量 34 0 0 0 0 0 34\n"
    )
    assert _kinds(text) == ["part_applications", "t3_new_received", "t3_carried_over"]


def test_table_labels_are_not_part_headings() -> None:
    """ "四、结转下年度继续办理" is a table-3 row, "四、政府信息公开行政复议…" the part heading."""
    text = (
        "\t四、结转下年度继续办理\n\t\n\t\n\t\n\t\n\t\n\t\n\t0\n\n"
        "　四、政府信息公开行政复议、行政诉讼情况\n\t行政复议\n"
    )
    assert _kinds(text) == ["t3_carried_forward", "part_reviews", "t4_group"]


def test_part_headings_by_wording_not_numeral() -> None:
    """A heading numbered wrongly is still recognised by its words."""
    text = "一、总体情况\n正文。\n一、主动公开政府信息情况\n正文。\n五、其他需要报告的事项\n无。\n"
    assert [k for k in _kinds(text) if k.startswith("part_")] == ["part_general", "part_active", "part_other"]


def test_narrative_openers_are_not_headings() -> None:
    text = "一、总体情况\n一是加强组织领导。\n二是主动公开政府信息情况良好。\n"
    assert _kinds(text) == ["part_general", "paragraph", "paragraph"]


def test_sub_headings() -> None:
    text = "一、总体情况\n（一）主动公开情况\n正文。\n(二) 依申请公开\n"
    assert _kinds(text) == ["part_general", "subheading", "paragraph", "subheading"]


def test_unknown_cells_never_fail() -> None:
    """Cells the template does not know stay with the element before them."""
    tree = parser().parse(canonicalize("一、总体情况\n\t规章\n\t无法联系到申请人\n\t3\n\t？？\n").text)
    assert isinstance(tree, Tree)
    tokens = list(tree.scan_values(lambda v: isinstance(v, Token)))
    # A run of value cells is one VALUES token (here a run of one).
    assert [t.type for t in tokens][-3:] == ["CELL_TEXT", "VALUES", "CELL_TEXT"]


# ---- the fast lexer -------------------------------------------------------------------------
# parser() reads tokens with _speed._LineLexer; build_parser(strict=True) with Lark's own
# contextual lexer. Both must cut every canonical stream into the same tokens.

_STRICT = functools.cache(lambda: build_parser(strict=True))


def _tokens(lark_parser: Lark, text: str) -> list[tuple[object, ...]]:
    stream = lark_parser.parse_interactive(canonicalize(text).text).iter_parse()
    return [
        (t.type, t.value, t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos) for t in stream
    ]


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_fast_lexer_matches_lark_on_reports(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _tokens(parser(), text) == _tokens(_STRICT(), text)


_BARE_NUMERAL = re.compile(r"(?:[一二三四五六七八九十]{1,2}|\d{1,2}) ?[、.,:]\n")


def _multi_line_tokens(text: str) -> list[str]:
    """Tokens spanning lines, but value runs and part headings split after a bare numeral."""
    stream = parser().parse_interactive(canonicalize(text).text).iter_parse()
    return [
        t
        for t in stream
        if t.type not in ("VALUES", "$END")
        and (t.count("\n") != 1 or t[-1] != "\n")
        and not (t.type.startswith("PART") and t.count("\n") == 2 and _BARE_NUMERAL.match(t))
    ]


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_every_token_but_a_value_run_is_one_line(path: Path) -> None:
    # The grammar's terminals match whole canonical lines; only VALUES spans several.
    assert _multi_line_tokens(path.read_text(encoding="utf-8")) == []


@given(
    st.lists(
        st.sampled_from(
            ["一、", "三.", "2、", "总体情况", "主动公开政府信息情况", "收到和处理申请", "2024", "正文。"]
        )
    )
)
def test_only_a_split_part_heading_joins_two_lines(lines: list[str]) -> None:
    assert _multi_line_tokens("\n".join(lines) + "\n") == []


def test_a_split_part_heading_is_one_heading() -> None:
    text = "\n".join(
        ["一、", "总体情况", "正文。", "三、", "本机关全年收到申请30件。", "二.", "主动公开政府信息情况"]
    )
    tree = parser().parse(canonicalize(text + "\n").text)
    assert [str(t.data) for t in tree.children if isinstance(t, Tree)] == [
        "preamble",
        "part_general",
        "part_active",
    ]


_PIECES = [
    "一、总体情况",
    "一、",
    "总体情况",
    "二、主动公开政府信息情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "四、结转下年度继续办理",
    "五、其他需要报告的事项",
    "（一）主动公开",
    "2022年1月12日",
    "2022",
    "年1月12日",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本列数据的勾稽关系",
    "正文。",
    "\t规章",
    "\t行政许可",
    "\t（三）不予公开",
    "\t1.属于国家秘密",
    "\t（六）其他处理",
    "\t3.其他",
    "\t其他",
    "\t（七）总计",
    "\t行政复议",
    "\t结果维持",
    "\t自然人",
    "\t第二十条第（五）项",
    "\t信息内容",
    "\t0",
    "\t12",
    "\t-3",
    "\t24575.93万",
    "\t1,234",
    "\t/",
    "\t—",
    "\t无",
    "\t",
    "\t无法联系到申请人",
    "\t？？",
    "2024年1月20日",
    "二〇二四年一月二十日",
    "（二○二四年十二月三十一日）",
    "2024-01-20",
    "2024.1.20",
    "2024年1月20日发布",
    "规章 | 1 | 2 | 3",
    "| 行政许可 | 5 |",
    "行政处罚\t7",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=40))
def test_fast_lexer_matches_lark_on_any_line_stream(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert _tokens(parser(), text) == _tokens(_STRICT(), text)


def _chosen_at(text: str, pos: int) -> tuple[str | None, int] | None:
    """The terminal the lexer's dispatch finds at ``pos``, and where its match ends."""
    lexer = parser().parser.lexer.lexer
    dispatch = lexer._dispatch
    after = text[pos + 1 : pos + 2]
    match = dispatch.at_mark(after) if text[pos] == "\x1f" else dispatch.at_plain(text[pos])
    m = match(text, pos)
    return None if m is None else (m.lastgroup, m.end())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=12))
def test_the_terminals_tried_by_first_character_find_what_all_of_them_find(lines: list[str]) -> None:
    # At every position, not only where tokens start: the terminals the dispatch leaves out
    # cannot match there, so the first that matches is the one the whole alternation finds.
    text = canonicalize("\n".join(lines) + "\n").text
    full = parser().parser.lexer.lexer._match
    for pos in range(len(text)):
        m = full(text, pos)
        assert _chosen_at(text, pos) == (None if m is None else (m.lastgroup, m.end()))


@pytest.mark.parametrize(
    ("regexp", "plain", "after_mark"),
    [
        ("\x1f规章[^\n]*\n", "\x1f", "规"),
        ("\x1f?(?:信息内容|本年)\\d", "\x1f信本", "信本"),
        ("\x1f(?:\\(三\\))?(?:\\d{1,2}[.、]?)?国家", "\x1f", "(国0١"),  # \d: any decimal digit
        ("[(][一二]{1,3}[)]", "(", None),
        ("(?:第|\\d)x", "第09", None),
        ("[^\x1f\n][^\n]*\n", "*", "*"),  # a negated class: anything
        ("\x1f[^\n]+\n", "\x1f", "*"),
        ("(?i)abc", "*", "*"),  # folded case: anything
        ("(?i:a)bc", "*", "*"),
        ("\\bx", "*", "*"),  # an anchor: anything
        ("a?", "*", "*"),  # may match nothing
        ("\x1f?\x1fx", "\x1f", "*"),  # the mark may be the optional one or not
    ],
)
def test_what_a_terminal_may_start_with(regexp: str, plain: str, after_mark: str | None) -> None:
    start, after = _starts(regexp, 0)

    def reads(s: Any, chars: str) -> bool:
        if chars == "*":
            return bool(s.anything)
        return not s.anything and all(s.admits(c) for c in chars) and not s.admits("z")

    assert reads(start, plain)
    assert (after is None) if after_mark is None else reads(after, after_mark)


@pytest.mark.parametrize(
    ("regexp", "rest"),
    [
        ("\x1f规章[^\n]*\n", "规章[^\n]*\n"),
        ("\\x1f(?:a|b)c\n", "(?:a|b)c\n"),
        ("\x1f[|]x\n", "[|]x\n"),
        ("\x1f[^]|]x\n", "[^]|]x\n"),
        ("\x1f\\|x\n", "\\|x\n"),
        ("\x1fa|b", None),
        ("\x1f?第二十条", None),
        ("\x1f*x", None),
        ("(?i:\x1fx)", None),
        ("[^\x1f\n][^\n]*\n", None),
    ],
)
def test_cell_mark_is_factored_only_when_it_opens_every_match(regexp: str, rest: str | None) -> None:
    assert _opens_with_cell_mark(regexp) == rest


# ---- the parser cache -----------------------------------------------------------------------


def _boom() -> Lark:
    raise AssertionError("the parser was built although the cache holds it")


def test_parser_is_saved_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = grammar.load_or_build(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [grammar._cache_file(tmp_path).name]
    monkeypatch.setattr(grammar, "build_parser", _boom)
    loaded = grammar.load_or_build(tmp_path)
    assert loaded is not built
    for path in [*seed_paths(), *example_paths()]:
        text = canonicalize(path.read_text(encoding="utf-8")).text
        assert loaded.parse(text) == built.parse(text)


def test_embedded_transformer_gives_the_sections_of_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree_parser = grammar.load_or_build(tmp_path)
    fresh = grammar._build(ElementTransformer())
    monkeypatch.setattr(grammar, "build_parser", _boom)
    loaded = grammar.load_or_build(tmp_path, ElementTransformer())  # from the saved file
    for path in [*seed_paths(), *example_paths()]:
        text = canonicalize(path.read_text(encoding="utf-8")).text
        expected = sections(tree_parser.parse(text))
        assert expected, path.name
        assert loaded.parse(text) == expected
        assert fresh.parse(text) == expected


def test_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    path = grammar._cache_file(tmp_path)
    path.write_bytes(b"not a pickle")
    parsed = grammar.load_or_build(tmp_path).parse(canonicalize(T2_TAB).text)
    assert parsed == parser().parse(canonicalize(T2_TAB).text)
    with path.open("rb") as f:
        assert Lark.load(f).parse(canonicalize(T2_TAB).text) == parsed


def test_unwritable_cache_dir_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    parsed = grammar.load_or_build(blocker / "cache").parse(canonicalize(T2_TAB).text)
    assert parsed == parser().parse(canonicalize(T2_TAB).text)
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_changed_grammar_file_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "grammars"
    copy.mkdir()
    for source in grammar_dir().iterdir():
        if source.name.endswith(".lark"):
            (copy / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(grammar, "grammar_dir", lambda: copy)
    before = grammar._cache_file(tmp_path)
    with (copy / "tables.lark").open("a", encoding="utf-8") as f:
        f.write("// a comment\n")
    assert grammar._cache_file(tmp_path) != before


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOV_DISCLOSURE_CACHE_DIR", str(tmp_path))
    assert grammar.cache_dir() == tmp_path
    monkeypatch.setenv("GOV_DISCLOSURE_CACHE_DIR", "")
    assert grammar.cache_dir() is None
    monkeypatch.delenv("GOV_DISCLOSURE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform not in ("win32", "darwin"):
        assert grammar.cache_dir() == tmp_path / "gov_disclosure"


def test_a_split_heading_reads_as_both_lines() -> None:
    path = EXAMPLES / "qinghe-county-2023.txt"
    text = path.read_text(encoding="utf-8")
    heading = "三、收到和处理政府信息公开申请情况"
    assert heading in text
    report = gov_disclosure.parse(text.replace(heading, "三、\n收到和处理政府信息公开申请情况"))
    part = report.part(3)
    assert part is not None and part.heading.value == heading
    assert part.heading.raw == "三、\n收到和处理政府信息公开申请情况"
    assert part.heading.span is not None and part.heading.span.end_line == part.heading.span.line + 1
    assert gov_disclosure.facts(report) == gov_disclosure.facts(gov_disclosure.parse(text))


def test_every_header_key_the_metadata_reads_is_a_header_line_of_the_grammar() -> None:
    # The keys are written twice, for two jobs: the grammar's META_LINE keeps a copy's header
    # lines out of the prose, the metadata reader takes title, organ and source from them. A
    # key only the reader knew would never reach it.
    common = (grammar_dir() / "common.lark").read_text(encoding="utf-8")
    m = re.search(r"^META_LINE[.\d]*: /(.*)/$", common, re.MULTILINE)
    assert m is not None
    meta_line = re.compile(m.group(1))
    for keys in _FIELD_KEYS.values():
        for key in keys:
            assert meta_line.fullmatch(f"{key}:x\n"), key


@pytest.mark.parametrize("numeral", ["一", "二", "三", "四"])
def test_a_group_label_that_lost_its_numeral_keeps_its_row(numeral: str) -> None:
    # OCR misses 一 (a single stroke) and sometimes the other numerals, keeping the 、.
    from gov_disclosure.checks._examples import COMPLETE_2021

    whole = gov_disclosure.parse(COMPLETE_2021)
    label = next(
        line.split(" ")[0]
        for line in COMPLETE_2021.splitlines()
        if line.startswith(numeral + "、本年")
        or line.startswith(numeral + "、上年")
        or line.startswith(numeral + "、结转")
    )
    torn = gov_disclosure.parse(COMPLETE_2021.replace(label, label[1:], 1))
    facts = [(f.table, f.row, f.column, f.value) for f in gov_disclosure.facts(whole) if f.table != "meta"]
    assert [
        (f.table, f.row, f.column, f.value) for f in gov_disclosure.facts(torn) if f.table != "meta"
    ] == facts


@pytest.mark.parametrize("path", [*seed_paths(), *example_paths()], ids=lambda p: p.name)
def test_the_parse_loop_gives_what_lark_gives(path: Path) -> None:
    # parse_sections runs the element parser's table in a loop of its own: the same sections
    # as Lark's own parse, element by element, on every seed and example.
    text = canonicalize(path.read_text(encoding="utf-8", errors="replace")).text
    assert grammar.parse_sections(text) == grammar.element_parser().parse(text)


def test_the_parse_loop_leaves_errors_to_lark() -> None:
    # A token no state takes: the loop hands the text to Lark's own parse, to raise its error.
    handed: list[str] = []

    def lark_parse(text: str) -> tuple[()]:
        handed.append(text)
        return ()

    table = grammar._Table(*_lalr_parts())
    assert grammar._drive(table, lambda _: iter([Token("NO_SUCH", "x")]), lark_parse, "x\n") == ()
    assert handed == ["x\n"]


def _lalr_parts() -> tuple[Any, dict[Any, Callable[[list[Any]], Any]]]:
    inner = grammar.element_parser().parser.parser.parser
    return inner.parse_table, inner.callbacks


def test_the_parse_loop_takes_inlined_rules_as_lists() -> None:
    # Every callback Lark made is of a shape the loop knows (else it keeps Lark's own, slower):
    # inlined rules give lists, the other rules' filters read them.
    _, callbacks = _lalr_parts()
    listed = grammar._listed(callbacks)
    assert listed is not callbacks
    inlined = [rule for rule in callbacks if rule.origin.name.startswith("_")]
    assert inlined
    assert all(listed[rule] is grammar._same or listed[rule] is not callbacks[rule] for rule in inlined)


def test_the_parse_loop_keeps_lark_s_callbacks_for_a_shape_it_does_not_know() -> None:
    _, callbacks = _lalr_parts()
    rule = next(rule for rule in callbacks if rule.origin.name.startswith("_"))
    odd = {**callbacks, rule: lambda children: children}  # an inlined rule built otherwise
    assert grammar._listed(odd) is odd


def test_every_table_element_opens_with_its_label() -> None:
    # ElementTransformer takes an element's first child as its label, one line (not a run of
    # values it would have to take apart).
    rules = [
        r for r in parser().rules if r.origin.name.startswith(("tables__t2_", "tables__t3_", "tables__t4_"))
    ]
    assert rules
    for rule in rules:
        first = rule.expansion[0]
        assert first.is_term and first.name != "VALUES", rule


class _Starts(Transformer[Token, Any]):
    """A transformer like ElementTransformer: inlined rules built as plain trees."""

    def __getattr__(self, name: str) -> Callable[[list[Any]], Any]:
        if name.startswith("_"):
            return functools.partial(Tree, name)
        raise AttributeError(name)

    def start(self, children: list[Any]) -> tuple[str, list[str | None]]:
        return "start", [None if c is None else c.type for c in children]


def test_the_parse_loop_keeps_lark_s_callbacks_for_a_rule_with_placeholders() -> None:
    # An optional [B] gives the rule a filter with placeholders, which reads an inlined
    # rule's tree: the loop keeps Lark's callbacks, and parses as Lark does.
    grammar_text = 'start: A [B] _x\n_x: C D\nA: "a"\nB: "b"\nC: "c"\nD: "d"\n'
    lark_parser = Lark(grammar_text, parser="lalr", transformer=_Starts(), maybe_placeholders=True)
    inner = lark_parser.parser.parser.parser
    assert grammar._listed(inner.callbacks) is inner.callbacks
    table = grammar._Table(inner.parse_table, inner.callbacks)
    expected = ("start", ["A", None, "C", "D"])
    assert lark_parser.parse("acd") == expected
    parsed: object = grammar._drive(table, lark_parser.lex, lark_parser.parse, "acd")
    assert parsed == expected
