"""The public API: listed in ``__all__``, importable, documented, typed."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import resources

import gov_disclosure


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
        "heavy = ('multiprocessing', 'lark', 'pandas', 'hypothesis', 'lxml', 'docx', 'pdfplumber',"
        " 'csv', 'gov_disclosure.batch', 'gov_disclosure.readers', 'gov_disclosure.parsing')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
        "assert callable(gov_disclosure.parse_file) and 'parse_file' in dir(gov_disclosure)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
