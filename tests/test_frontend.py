"""The front end's fast string folds equal their plain regex-and-normalize definitions."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_disclosure.parsing._frontend import (
    _CONTROL,
    _VALUE_TOKEN,
    _VALUE_TOKEN_LAST,
    _line_starts,
    _value_tail,
    canonicalize,
    fold_cell,
    fold_prose,
    nfkc,
)

_WS = re.compile(r"\s+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
# White space of every kind, full-width forms, markdown marks and line breaks among CJK text.
_TEXT = st.text(
    st.sampled_from("\t\n\r \u3000\xa0\u2003\x1c\x85#（一）自然人０１２3abcＡ，,.") | st.characters()
)


@given(_TEXT)
def test_fold_cell_is_nfkc_without_white_space(text: str) -> None:
    assert fold_cell(text) == _WS.sub("", unicodedata.normalize("NFKC", text))


@given(_TEXT)
def test_fold_prose_is_nfkc_trimmed_and_collapsed(text: str) -> None:
    expected = _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    assert fold_prose(text) == _MD_HEADING.sub("", expected)


@given(_TEXT)
def test_line_starts_follow_cr_lf_and_crlf(text: str) -> None:
    clean = _CONTROL.sub(" ", text)  # as canonicalize calls it: control characters blanked
    expected = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", clean))]
    assert _line_starts(clean) == expected


_W3M_ROWS = """\
├──────────┼────────┬──────────────────────┼───┼────┼────┼───────┼───────┼──┼──┤
│          │        │1.属于国家秘密        │0  │0   │0   │0      │0      │0 │0 │
│          │        ├──────────────────────┼───┼────┼────┼───────┼───────┼──┼──┤
│          │        │2.其他法律行政法规禁止│1  │0   │0   │0      │0      │0 │1 │
│          │        │公开                  │   │    │    │       │       │  │  │
│          │        ├──────────────────────┼───┼────┼────┼───────┼───────┼──┼──┤
"""


def test_a_box_cell_wrapped_over_lines_is_one_cell() -> None:
    # w3m wraps a cell's text inside its box: the line under a row, with the same borders (in
    # display cells: a Chinese character is two) and text only under text cells, continues it.
    canon = canonicalize(_W3M_ROWS)
    texts = [u.text for u in canon.units if u.text]
    assert "2.其他法律行政法规禁止公开" in texts and "公开" not in texts
    unit = next(u for u in canon.units if u.text == "2.其他法律行政法规禁止公开")
    raw = canon.raw(unit)
    assert raw.startswith("2.其他法律行政法规禁止") and raw.endswith("公开")
    # A line with a value under an empty cell is a row of its own, not a continuation.
    own_row = _W3M_ROWS.replace("│公开                  │   │", "│公开                  │5  │")
    assert "2.其他法律行政法规禁止公开" not in [u.text for u in canonicalize(own_row).units]


def test_the_one_line_cut_knows_every_part_heading_of_the_form() -> None:
    # The cut of one-line text spells the part headings as patterns (with the wordings real
    # reports use); every heading the form states must be among them.
    from gov_disclosure.form import PARTS
    from gov_disclosure.parsing._frontend import _CUT_BEFORE, _PART_HEADING, _PART_OPENING

    for part in PARTS:
        assert _PART_HEADING.fullmatch(part.heading), part.heading
        assert _PART_OPENING.match(part.heading), part.heading
        assert _CUT_BEFORE.match(part.heading), part.heading


# Characters where the shortcut must give way to a full normalization, or must not change
# anything: full-width forms and their neighbours, combining marks (which compose with a
# full-width letter once it is narrowed), compatibility ideographs, half-width katakana,
# circled numbers, ligatures.
_NFKC_ALPHABET = st.sampled_from(
    [
        *"Ａａ１，（）：；！？～\u3000 a1,.中文年件一",
        "\u0301",
        "\u0308",
        "\u0327",
        "\u3099",
        "\uff76",
        "\uf900",
        "\u2460",
        "\ufb01",
        "\u00a0",
        "\u2126",
        "\uff5f",
        "\uff00",
        "\ufee0",
    ]
)


@settings(max_examples=500)
@given(st.text(_NFKC_ALPHABET, max_size=20) | st.text(max_size=20))
def test_nfkc_is_unicodedata_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_maps_every_full_width_form_as_unicodedata_does() -> None:
    for code in [0x3000, *range(0xFF00, 0xFF70)]:
        for text in (chr(code), f"中{chr(code)}文", f"{chr(code)}\u0301"):
            assert nfkc(text) == unicodedata.normalize("NFKC", text)


def _value_tail_by_character(body: str) -> tuple[list[tuple[int, int]], int]:
    """The walk `_value_tail` does, one character at a time with str.isspace()."""
    tail: list[tuple[int, int]] = []
    end = len(body)
    while end > 0 and (body[end - 1].isdecimal() or body[end - 1] in _VALUE_TOKEN_LAST):
        start = end
        while start > 0 and not body[start - 1].isspace():
            start -= 1
        if not _VALUE_TOKEN.fullmatch(body, start, end):
            break
        tail.append((start, end))
        end = start
        while end > 0 and body[end - 1].isspace():
            end -= 1
    return tail, end


# Digits and value marks, a label's characters, and every kind of white space a row may use.
_ROW_ALPHABET = st.sampled_from(
    list("0123456789١,，.万元-—/／+ 规章信息\t\u3000\xa0\x1c\x1f\u2028\x85\u200b")
)


@settings(max_examples=500)
@given(st.text(_ROW_ALPHABET, max_size=30) | st.text(max_size=30))
def test_a_row_s_values_are_walked_back_as_by_character(body: str) -> None:
    assert _value_tail(body) == _value_tail_by_character(body)
