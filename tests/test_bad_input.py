"""Hostile input: a one-line error or a partial parse, never a traceback or a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure import BudgetError, DecodeError, GovDisclosureError, NotAReportError, limits
from gov_disclosure.readers._decode import decode_bytes
from support import seed_paths


def _one_line(exc: BaseException) -> None:
    assert "\n" not in str(exc) and str(exc)


@pytest.mark.parametrize(
    "text", ["", "   \n\n\t\n", "\xa0\u3000\n", "hello, world\n", "关于做好防汛工作的通知。\n" * 50]
)
def test_not_a_report(text: str) -> None:
    with pytest.raises(NotAReportError) as info:
        gov_disclosure.parse(text)
    _one_line(info.value)


def test_not_a_str() -> None:
    with pytest.raises(TypeError):
        gov_disclosure.parse(b"bytes")  # type: ignore[arg-type]


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DecodeError) as info:
        gov_disclosure.parse_file(path)
    _one_line(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DecodeError) as info:
        gov_disclosure.parse_file(tmp_path / "nope.txt")
    _one_line(info.value)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "gb18030", "gbk"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    seed = seed_paths()[4]
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    report = gov_disclosure.parse_file(path)
    assert gov_disclosure.facts(report) == gov_disclosure.facts(gov_disclosure.parse(text))


def test_cut_inside_a_utf8_character() -> None:
    data = seed_paths()[0].read_bytes()
    cut = data[: data.index("总计".encode()) + 1]  # one byte into a three-byte character
    report = gov_disclosure.parse(decode_bytes(cut))
    assert report.active is not None


def test_cut_at_many_bytes_never_crashes() -> None:
    data = seed_paths()[1].read_bytes()
    for end in range(0, len(data), 97):
        try:
            gov_disclosure.parse(decode_bytes(data[:end]))
        except GovDisclosureError as exc:
            _one_line(exc)


def test_large_input_is_linear() -> None:
    """The largest text the budgets allow (a seed repeated up to `limits.MAX_CHARS` and
    `limits.MAX_LINES`): parsed within a bound that scales with size, not quadratically."""
    seed = seed_paths()[4].read_text(encoding="utf-8")
    copies = min(limits.MAX_CHARS // len(seed), limits.MAX_LINES // (seed.count("\n") + 1))
    small = seed * 4
    big = seed * copies
    t0 = time.perf_counter()
    gov_disclosure.parse(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = gov_disclosure.parse(big)
    t_big = time.perf_counter() - t0
    assert report.applications is not None and copies > 400
    assert t_big < max(60.0, copies / 2 * t_small)  # copies/4 the input: linear allows as much time
    with pytest.raises(BudgetError):
        gov_disclosure.parse(seed * (copies * 2))


@pytest.mark.parametrize(
    "text",
    [
        "（" * 200_000,
        "\t" + "\t" * 200_000 + "\n",
        "一、总体情况\n" + "|" * 200_000 + "\n",
        "一、总体情况\n" + " " * 200_000 + "3\n",
        "一、总体情况\n" + ("\t\n" * 100_000),
        "一、总体情况\n" + ("\t0\n" * 100_000),
        "三、收到和处理政府信息公开申请情况\n" + ("\t（一）予以公开\n\t1\n" * 30_000),
    ],
    ids=["brackets", "tabs", "pipes", "spaces", "blank-cells", "zero-cells", "repeated-rows"],
)
def test_pathological_shapes_finish_quickly(text: str) -> None:
    t0 = time.perf_counter()
    try:
        gov_disclosure.parse(text)
    except GovDisclosureError as exc:
        _one_line(exc)
    assert time.perf_counter() - t0 < 20


@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "一二三四五六、（）()|\t\n 0123456789-/万元总计规章行政复议本年新收予以公开其他处理勾稽关系第二十条项信息内容"
            )
        ),
        max_size=400,
    )
)
def test_front_end_and_grammar_accept_any_text(text: str) -> None:
    try:
        report = gov_disclosure.parse(text)
    except NotAReportError as exc:
        _one_line(exc)
        return
    gov_disclosure.facts(report)


@given(st.binary(max_size=600))
def test_random_bytes(data: bytes) -> None:
    try:
        gov_disclosure.parse(decode_bytes(data))
    except GovDisclosureError as exc:
        _one_line(exc)
