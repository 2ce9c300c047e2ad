"""The public API: listed in ``__all__``, importable, documented, typed."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import resources

import pytest

import gov_disclosure
from support import EXAMPLES

EXAMPLE = EXAMPLES / "qinghe-county-2023.txt"


def test_all_is_complete_and_importable() -> None:
    names = gov_disclosure.__all__
    assert len(set(names)) == len(names)
    assert {"parse", "parse_file", "facts", "to_json", "from_json", "AnnualReport", "Cell"} <= set(names)
    for name in names:
        assert hasattr(gov_disclosure, name), name


def test_every_public_name_is_documented() -> None:
    for name in gov_disclosure.__all__:
        obj = getattr(gov_disclosure, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"


def test_package_is_typed() -> None:
    assert (resources.files("gov_disclosure") / "py.typed").is_file()


def test_errors_share_one_base() -> None:
    assert issubclass(gov_disclosure.NotAReportError, gov_disclosure.GovDisclosureError)
    assert issubclass(gov_disclosure.DecodeError, gov_disclosure.GovDisclosureError)


def test_import_loads_no_batch_reader_or_heavy_module() -> None:
    # A fresh interpreter: this one has loaded everything already.
    code = (
        "import sys, gov_disclosure\n"
        "heavy = ('multiprocessing', 'lark', 'pandas', 'hypothesis', 'lxml', 'docx', 'pypdfium2', 'pdfminer',"
        " 'csv', 'gov_disclosure.batch', 'gov_disclosure.readers', 'gov_disclosure.parsing')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
        "assert callable(gov_disclosure.parse_file) and 'parse_file' in dir(gov_disclosure)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_parse_reads_a_web_pages_markup_as_the_page() -> None:
    report = gov_disclosure.parse_file(EXAMPLE)
    page = gov_disclosure.render(report, "html")
    facts = [f.as_dict() for f in gov_disclosure.facts(report)]
    assert [f.as_dict() for f in gov_disclosure.facts(gov_disclosure.parse(page))] == facts
    # What an HTTP client's .text holds: a doctype, white space before it.
    assert gov_disclosure.parse("\n  " + page).applications == gov_disclosure.parse(page).applications
    # Text that merely opens with an angle bracket is text.
    assert gov_disclosure.parse("<附件>\n" + EXAMPLE.read_text(encoding="utf-8")).applications is not None


def test_parse_given_a_file_name_points_to_parse_file() -> None:
    with pytest.raises(gov_disclosure.NotAReportError, match=r"name of a file.*parse_file\(\)"):
        gov_disclosure.parse(str(EXAMPLE))
