"""Signature dates in every form reports write them, read the same by the grammar and by dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gov_disclosure
from gov_disclosure.parsing import parser
from gov_disclosure.parsing._dates import DATE, DATE_LINE, PUBLISHED_AT, read_date
from gov_disclosure.parsing._frontend import canonicalize
from support import EXAMPLES

_CN = "〇一二三四五六七八九"


def _chinese_small(n: int) -> str:
    """1 … 31 as a report writes it in Chinese numerals: 一, 十, 十一, 二十, 二十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _CN[tens] + "十"
    return head + (_CN[units] if units else "")


def _forms(day: date) -> list[str]:
    year = "".join(_CN[int(c)] for c in str(day.year))
    return [
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
        f"{day.year} 年 {day.month} 月 {day.day} 日",
        f"{year}年{_chinese_small(day.month)}月{_chinese_small(day.day)}日",
        f"{year.replace('〇', '○')}年{_chinese_small(day.month)}月{_chinese_small(day.day)}日",
        f"{year.replace('〇', 'O')}年{_chinese_small(day.month)}月{_chinese_small(day.day)}日",
        f"{day.isoformat()}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}/{day.month}/{day.day}",
        f"（{day.year}年{day.month}月{day.day}日）",
    ]


_DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(_DAYS)
def test_every_form_reads_back_as_its_day(day: date) -> None:
    for text in _forms(day):
        m = DATE_LINE.fullmatch(text)
        assert m is not None, text
        assert read_date(m) == day, text


@pytest.mark.parametrize(
    "text",
    ["二〇二四年二月三十日", "2024年2月30日", "2024-13-01", "二〇二四年十十月一日", "二〇二四年一二月一日"],
)
def test_no_real_day_reads_as_none(text: str) -> None:
    m = DATE.search(text)
    assert m is None or read_date(m) is None, text


def test_published_at_line() -> None:
    m = PUBLISHED_AT.search("来源：本站 发布时间：2024年01月20日 10:00")
    assert m is not None and read_date(m) == date(2024, 1, 20)


def _is_date_token(line: str) -> bool:
    tokens = parser().parse_interactive(canonicalize(line + "\n").text).iter_parse()
    return [t.type for t in tokens] == ["DATE_LINE"]


@given(_DAYS, st.sampled_from(range(10)))
def test_the_grammar_takes_as_a_date_line_what_dates_reads(day: date, form: int) -> None:
    text = _forms(day)[form]
    assert _is_date_token(text), text


@pytest.mark.parametrize(
    "text",
    ["2024年1月20日发布", "二〇二四年工作要点", "2024-01", "第2024.1.20号", "一二三四年五月六日之前"],
)
def test_text_around_a_date_is_not_a_date_line(text: str) -> None:
    assert not _is_date_token(text)
    assert DATE_LINE.fullmatch(text) is None


@pytest.mark.parametrize("form", range(10))
def test_a_report_signed_in_any_form_has_its_published_date(form: int) -> None:
    path = EXAMPLES / "qinghe-county-2023.txt"
    text = path.read_text(encoding="utf-8")
    day = date(2024, 1, 20)
    signed = _forms(day)[form]
    original = gov_disclosure.parse(text)
    report = gov_disclosure.parse(text.replace("2024年1月20日", signed))
    assert report.meta.published is not None
    assert report.meta.published.value == day.isoformat()
    assert report.meta.published.raw == signed.strip("（）")
    # The checks read the same date whatever its form: the report is as timely as before.
    assert [f.code for f in gov_disclosure.validate(report)] == [
        f.code for f in gov_disclosure.validate(original)
    ]


@pytest.mark.parametrize(
    ("signed", "raw"),
    [
        ("二０二四年一月二十日", "二０二四年一月二十日"),  # a full-width zero among Chinese numerals
        ("二Ｏ二四年一月二十日", "二Ｏ二四年一月二十日"),
        ("２０２４．１．２０", "２０２４．１．２０"),
        ("2024年1⽉20⽇", "2024年1⽉20⽇"),  # Kangxi radicals for 月 and 日, from PDF text
    ],
)
def test_a_date_is_read_as_the_grammar_sees_it_folded(signed: str, raw: str) -> None:
    path = EXAMPLES / "qinghe-county-2023.txt"
    report = gov_disclosure.parse(path.read_text(encoding="utf-8").replace("2024年1月20日", signed))
    assert report.meta.published is not None
    assert (report.meta.published.value, report.meta.published.raw) == ("2024-01-20", raw)


def test_a_dated_link_after_the_signature_is_not_the_signature() -> None:
    # Web copies list 相关链接 with ISO dates under the report: the 年月日 line is the signature.
    path = EXAMPLES / "qinghe-county-2023.txt"
    links = "2024年1月20日\n相关链接\n关于做好春节期间安全生产工作的通知\n2024-03-05"
    report = gov_disclosure.parse(path.read_text(encoding="utf-8").replace("2024年1月20日", links))
    assert report.meta.published is not None and report.meta.published.value == "2024-01-20"
