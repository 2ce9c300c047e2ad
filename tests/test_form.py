"""The statutory form is stated once: the model, the grammar, rendering, strategies, facts, the
checks and the docs' data dictionary all match it row for row and column for column."""

from __future__ import annotations

import re
import typing
import unicodedata
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import facts, render
from gov_disclosure.form import (
    APPLICATIONS_UNION,
    FORM_2019,
    FORM_2021,
    FORMS,
    PARTS,
    CellRef,
    FormRow,
    FormTable,
    _access,
    lookup,
    lookup_all,
    relations,
    table_class,
)
from gov_disclosure.model import Cell
from gov_disclosure.parsing import build_parser
from gov_disclosure.parsing._frontend import fold_cell
from gov_disclosure.rendering import grid
from gov_disclosure.strategies import reports
from support import ROOT, docs_hook

TEMPLATES = ("2021", "2019")


def _tables(template: str) -> list[FormTable]:
    form = FORMS[template]
    return [form.table("active"), APPLICATIONS_UNION, form.table("reviews")]


def _model_paths(cls: type[Any], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every path to a value cell in a model class (text cells, labels, aside)."""
    out: set[tuple[str, ...]] = set()
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        if f.name == "label":
            continue
        args = [a for a in typing.get_args(hints[f.name]) if a is not type(None)] or [hints[f.name]]
        kind = typing.get_origin(args[0]) or args[0]
        if kind is Cell:
            if typing.get_args(args[0]) != (str,):
                out.add((*prefix, f.name))
        elif isinstance(kind, type) and attrs.has(kind) and kind is not Cell:
            out |= _model_paths(kind, (*prefix, f.name))
    return out


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_model_holds_exactly_the_forms_cells(template: str) -> None:
    for table in _tables(template):
        cls = table_class(table.key, template)
        want = {(*row.path, c.key) for row in table.rows for c in row.columns}
        assert _model_paths(cls) == want, table.key


def test_the_grammar_has_one_rule_per_labelled_row_and_block() -> None:
    parser = build_parser(strict=True)
    rules = Counter(r.origin.name.removeprefix("tables__") for r in parser.rules)
    table_rules = {name for name in rules if re.match(r"t[234]_", str(name))}
    structural = {"t2_caption", "t2_header", "t3_header", "t3_results_head", "t4_group"}
    from_form: set[str] = set()
    for template in TEMPLATES:
        for table in _tables(template):
            from_form |= {r.rule for r in table.rows if r.rule}
            from_form |= {b.rule for b in table.blocks if b.rule}
    assert table_rules == from_form | structural
    # tables.lark names each row once (one rule, one terminal).
    source = (ROOT / "grammars" / "tables.lark").read_text(encoding="utf-8")
    for rule in from_form:
        assert len(re.findall(rf"^{rule}:", source, re.M)) == 1, rule


def _terminal_matches(parser: Any, rule: str) -> re.Pattern[str]:
    rule_def = next(r for r in parser.rules if r.origin.name.removeprefix("tables__") == rule)
    terminal = rule_def.expansion[0].name
    pattern = next(t for t in parser.terminals if t.name == terminal).pattern.to_regexp()
    return re.compile(pattern)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_rows_terminal_reads_its_label_and_variants(template: str) -> None:
    parser = build_parser()
    for table in _tables(template):
        for row in table.rows:
            if row.rule is None:
                continue
            matcher = _terminal_matches(parser, row.rule)
            for wording in (row.label, *row.variants):
                line = "\x1f" + fold_cell(wording) + "\n"
                assert matcher.fullmatch(line), (row.key, wording)


def test_relations_name_cells_of_the_form_and_cover_tables_3_and_4() -> None:
    for form in (FORM_2021, FORM_2019):
        cells = {
            CellRef(t.key, r.key, c.key)
            for t in (form.table("applications"), form.table("reviews"))
            for r in t.rows
            for c in r.columns
        }
        used = {ref for rel in form.relations for ref in rel.cells}
        assert used == cells
        for rel in form.relations:
            assert rel.target in rel.cells and rel.solve_for in rel.cells
    assert [p.number for p in PARTS] == [1, 2, 3, 4, 5, 6]


@given(reports())
def test_strategies_fill_every_cell_of_the_form_and_keep_every_relation(
    report: gov_disclosure.AnnualReport,
) -> None:
    template = report.meta.template
    assert template is not None
    form = FORMS[template]
    want = {(t.key, r.key, c.key) for t in form.tables for r in t.rows for c in r.columns}
    got = [(f.table, f.row, f.column) for f in facts(report) if f.table != "meta"]
    assert sorted(got) == sorted(want) and len(got) == len(set(got))
    for rel in relations(report):
        total = sum(lookup(report, ref).value for ref in rel.left)  # type: ignore[union-attr,misc]
        assert total == sum(lookup(report, ref).value for ref in rel.right)  # type: ignore[union-attr,misc]


@given(reports(partial=True))
def test_lookup_all_reads_what_lookup_reads(report: gov_disclosure.AnnualReport) -> None:
    # Every cell of both forms, tables, blocks and rows missing by chance (partial reports).
    refs = tuple(
        CellRef(t.key, r.key, c.key)
        for t in (*FORM_2021.tables, *FORM_2019.tables, APPLICATIONS_UNION)
        for r in t.rows
        for c in r.columns
    )
    assert lookup_all(report, refs) == tuple(lookup(report, ref) for ref in refs)


@given(reports())
def test_rendering_writes_every_row_and_column_of_the_form_once(report: gov_disclosure.AnnualReport) -> None:
    template = report.meta.template
    assert template is not None
    form = FORMS[template]
    for table in form.tables:
        g = grid(getattr(report, table.key))
        texts = Counter(
            cell.text for row in g.rows for cell in row.cells if cell.kind in ("label", "caption")
        )
        for row in table.rows:
            if row.rule is not None:  # table 4's row has no label of its own
                assert texts[row.label] == 1, (table.key, row.label)
        for block in table.blocks:
            if block.key != "results":
                assert texts[block.label] + _header_count(g, block.label) == 1, block.label
        headers = Counter(cell.text for row in g.rows for cell in row.cells if cell.kind == "header")
        for column in {c for r in table.rows for c in r.columns}:
            assert headers[column.label] >= 1, column.label
    assert render(report, "text_rows")


def _header_count(g: Any, text: str) -> int:
    return sum(cell.text == text for row in g.rows for cell in row.cells if cell.kind == "header")


def test_the_docs_data_dictionary_is_generated_from_the_form() -> None:
    hook = docs_hook("dictionary")
    rows: list[FormRow] = [
        r for t in (*FORM_2021.tables, *FORM_2019.tables, APPLICATIONS_UNION) for r in t.rows
    ]
    for name in ("data-dictionary.md", "data-dictionary.en.md"):  # Chinese, English
        page = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert page.count(hook.MARKER) == 1
        # No row of the form is written out by hand on the page: it comes from the hook.
        for row in rows:
            assert f"| `{row.key}` |" not in page, (name, row.key)
    generated = hook.tables()
    for template in TEMPLATES:
        for table in _tables(template):
            for row in table.rows:
                assert f"| `{row.key}` |" in generated and row.label in generated, row.key
                for column in row.columns:
                    assert f"`{column.key}`" in generated
    assert "25 data rows (175 facts)" in generated and "23 (161 facts)" in generated


def _glued_vocabulary() -> list[str]:
    tables = [*FORMS["2021"].tables, *FORMS["2019"].tables, APPLICATIONS_UNION]
    words = {r.label for t in tables for r in t.rows} | {
        c.label for t in tables for r in t.rows for c in r.columns
    }
    return sorted(unicodedata.normalize("NFKC", w).replace(" ", "") for w in words)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(_glued_vocabulary())
        | st.sampled_from(["0", "12", "+3", "-", "。", "全年", "共", " ", "(三)", "第二十条"])
        | st.text(max_size=4),
        max_size=30,
    )
)
def test_the_glued_run_hint_passes_over_only_lines_without_runs(pieces: list[str]) -> None:
    # glued_runs skips a line the hint does not match: that must be a line where neither
    # pattern finds anything.
    text = "".join(pieces)
    _, run, head, _ = _access._glued()
    found = [m.span() for pattern in (run, head) for m in pattern.finditer(text)]
    assert [m.span() for m in _access.glued_runs(text)] == found


def test_present_cells_refuses_a_model_whose_class_disagrees_with_its_form() -> None:
    # Table 2 of the 2021 form said to be of the 2019 template: its rows lack the 2019
    # columns, and the walk says so rather than leaving those cells out.
    report = gov_disclosure.parse((ROOT / "examples" / "qinghe-county-2023.txt").read_text(encoding="utf-8"))
    assert report.active is not None and report.active.template == "2021"
    wrong: Any = "2019"  # not a template an Active2021 may have: a model built by hand
    odd = attrs.evolve(report, active=attrs.evolve(report.active, template=wrong))
    with pytest.raises(AttributeError):
        list(_access.present_cells(odd))
