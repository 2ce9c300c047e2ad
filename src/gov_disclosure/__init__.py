"""gov_disclosure: read 政府信息公开工作年度报告 into typed, validated data.

Text files need nothing more; web pages, Word and PDF files need the ``html``, ``docx`` and
``pdf`` extras (``pip install 'gov-disclosure[all]'``).

>>> import gov_disclosure
>>> report = gov_disclosure.parse_file("report.txt")      # doctest: +SKIP
>>> report = gov_disclosure.parse_file("report.html")     # doctest: +SKIP
>>> gov_disclosure.facts(report)[:2]                       # doctest: +SKIP
"""

__version__: str  # looked up on first use, by __getattr__ below

from gov_disclosure.batch import BatchSummary, FileResult, process_file, process_files, run_batch, to_frame
from gov_disclosure.checks import (
    CROSS_CHECKS,
    DEFAULT_CHECKS,
    RULES,
    Check,
    CrossCheck,
    Rule,
    validate,
    validate_pair,
)
from gov_disclosure.errors import (
    BudgetError,
    DecodeError,
    GovDisclosureError,
    MissingDependencyError,
    NotAReportError,
)
from gov_disclosure.export import Fact, FactValue, facts, from_json, make_converter, to_json
from gov_disclosure.findings import Finding, Severity
from gov_disclosure.model import (
    Active2019,
    Active2021,
    AnnualReport,
    ApplicantRow,
    Applications,
    Cell,
    Decisions2021Row,
    Denied,
    Documents2019Row,
    Documents2021Row,
    Fees2019Row,
    Fees2021Row,
    Items2019Row,
    NotProcessed,
    OtherHandling,
    Part,
    ProcurementRow,
    ReportMeta,
    ReviewRow,
    Reviews,
    Subsection,
    Template,
    Unavailable,
    Unplaced,
)
from gov_disclosure.parsing import parse, parse_bytes, parse_file
from gov_disclosure.readers import FORMATS, Format, sniff
from gov_disclosure.rendering import LAYOUTS, render
from gov_disclosure.span import Span

__all__ = [
    "CROSS_CHECKS",
    "DEFAULT_CHECKS",
    "FORMATS",
    "LAYOUTS",
    "RULES",
    "Active2019",
    "Active2021",
    "AnnualReport",
    "ApplicantRow",
    "Applications",
    "BatchSummary",
    "BudgetError",
    "Cell",
    "Check",
    "CrossCheck",
    "Decisions2021Row",
    "DecodeError",
    "Denied",
    "Documents2019Row",
    "Documents2021Row",
    "Fact",
    "FactValue",
    "Fees2019Row",
    "Fees2021Row",
    "FileResult",
    "Finding",
    "Format",
    "GovDisclosureError",
    "Items2019Row",
    "MissingDependencyError",
    "NotAReportError",
    "NotProcessed",
    "OtherHandling",
    "Part",
    "ProcurementRow",
    "ReportMeta",
    "ReviewRow",
    "Reviews",
    "Rule",
    "Severity",
    "Span",
    "Subsection",
    "Template",
    "Unavailable",
    "Unplaced",
    "__version__",
    "facts",
    "from_json",
    "make_converter",
    "parse",
    "parse_bytes",
    "parse_file",
    "process_file",
    "process_files",
    "render",
    "run_batch",
    "sniff",
    "to_frame",
    "to_json",
    "validate",
    "validate_pair",
]


def __getattr__(name: str) -> str:
    # importlib.metadata takes a tenth of a second to import: only pay for it when asked.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("gov-disclosure")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        value = "0.0.0"
    globals()["__version__"] = value
    return value
