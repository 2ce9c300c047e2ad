"""gov_disclosure: read 政府信息公开工作年度报告 into typed, validated data.

Text files need nothing more; web pages, Word and PDF files need the ``html``, ``docx`` and
``pdf`` extras (``pip install 'gov-disclosure[all]'``).

Examples:
    >>> import gov_disclosure
    >>> report = gov_disclosure.parse_file("examples/qinghe-county-2023.txt")
    >>> report.meta.subject.value, report.meta.year.value
    ('青禾县人民政府办公室', 2023)
    >>> report.value("applications", "new_received", "total")
    30
    >>> gov_disclosure.label("applications", "new_received")
    '一、本年新收政府信息公开申请数量'
    >>> len(gov_disclosure.validate(report))
    0
    >>> gov_disclosure.facts(report)[4].as_dict()
    {'table': 'active', 'row': 'rules', 'column': 'issued', 'value': 0}
"""

from typing import TYPE_CHECKING

__version__: str  # looked up on first use, by __getattr__ below

if TYPE_CHECKING:
    from gov_disclosure.batch import (
        BatchSummary,
        FileResult,
        process_file,
        process_files,
        run_batch,
        to_excel,
        to_frame,
    )
    from gov_disclosure.checks import (
        CROSS_CHECKS,
        DEFAULT_CHECKS,
        RULES,
        Check,
        Comparison,
        CrossCheck,
        Rule,
        compare,
        validate,
        validate_pair,
    )
    from gov_disclosure.errors import (
        BudgetError,
        DecodeError,
        GovDisclosureError,
        MissingDependencyError,
        NotAReportError,
        UnsupportedFormatError,
    )
    from gov_disclosure.export import (
        SCHEMA_VERSION,
        Fact,
        FactValue,
        facts,
        from_json,
        make_converter,
        schema,
        to_json,
    )
    from gov_disclosure.findings import Finding, Severity
    from gov_disclosure.form import TableView, label
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
    from gov_disclosure.rendering import LAYOUTS, render, review_html
    from gov_disclosure.span import Region, Span

__all__ = [
    "CROSS_CHECKS",
    "DEFAULT_CHECKS",
    "FORMATS",
    "LAYOUTS",
    "RULES",
    "SCHEMA_VERSION",
    "Active2019",
    "Active2021",
    "AnnualReport",
    "ApplicantRow",
    "Applications",
    "BatchSummary",
    "BudgetError",
    "Cell",
    "Check",
    "Comparison",
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
    "Region",
    "ReportMeta",
    "ReviewRow",
    "Reviews",
    "Rule",
    "Severity",
    "Span",
    "Subsection",
    "TableView",
    "Template",
    "Unavailable",
    "Unplaced",
    "UnsupportedFormatError",
    "__version__",
    "compare",
    "facts",
    "from_json",
    "label",
    "make_converter",
    "parse",
    "parse_bytes",
    "parse_file",
    "process_file",
    "process_files",
    "render",
    "review_html",
    "run_batch",
    "schema",
    "sniff",
    "to_excel",
    "to_frame",
    "to_json",
    "validate",
    "validate_pair",
]

# Where each public name lives. Imported on first use (PEP 562), so that `import gov_disclosure`
# costs a few milliseconds and loads neither the grammar, the batch machinery nor the readers
# a caller may never use; the command line answers Ctrl-C from its first instant.
_HOMES: dict[str, str] = {
    "CROSS_CHECKS": "gov_disclosure.checks",
    "DEFAULT_CHECKS": "gov_disclosure.checks",
    "FORMATS": "gov_disclosure.readers",
    "LAYOUTS": "gov_disclosure.rendering",
    "RULES": "gov_disclosure.checks",
    "SCHEMA_VERSION": "gov_disclosure.export",
    "Active2019": "gov_disclosure.model",
    "Active2021": "gov_disclosure.model",
    "AnnualReport": "gov_disclosure.model",
    "ApplicantRow": "gov_disclosure.model",
    "Applications": "gov_disclosure.model",
    "BatchSummary": "gov_disclosure.batch",
    "BudgetError": "gov_disclosure.errors",
    "Cell": "gov_disclosure.model",
    "Check": "gov_disclosure.checks",
    "Comparison": "gov_disclosure.checks",
    "CrossCheck": "gov_disclosure.checks",
    "Decisions2021Row": "gov_disclosure.model",
    "DecodeError": "gov_disclosure.errors",
    "Denied": "gov_disclosure.model",
    "Documents2019Row": "gov_disclosure.model",
    "Documents2021Row": "gov_disclosure.model",
    "Fact": "gov_disclosure.export",
    "FactValue": "gov_disclosure.export",
    "Fees2019Row": "gov_disclosure.model",
    "Fees2021Row": "gov_disclosure.model",
    "FileResult": "gov_disclosure.batch",
    "Finding": "gov_disclosure.findings",
    "Format": "gov_disclosure.readers",
    "GovDisclosureError": "gov_disclosure.errors",
    "Items2019Row": "gov_disclosure.model",
    "MissingDependencyError": "gov_disclosure.errors",
    "NotAReportError": "gov_disclosure.errors",
    "NotProcessed": "gov_disclosure.model",
    "OtherHandling": "gov_disclosure.model",
    "Part": "gov_disclosure.model",
    "ProcurementRow": "gov_disclosure.model",
    "ReportMeta": "gov_disclosure.model",
    "ReviewRow": "gov_disclosure.model",
    "Reviews": "gov_disclosure.model",
    "Rule": "gov_disclosure.checks",
    "Severity": "gov_disclosure.findings",
    "Region": "gov_disclosure.span",
    "Span": "gov_disclosure.span",
    "Subsection": "gov_disclosure.model",
    "TableView": "gov_disclosure.form",
    "Template": "gov_disclosure.model",
    "Unavailable": "gov_disclosure.model",
    "Unplaced": "gov_disclosure.model",
    "UnsupportedFormatError": "gov_disclosure.errors",
    "compare": "gov_disclosure.checks",
    "facts": "gov_disclosure.export",
    "from_json": "gov_disclosure.export",
    "label": "gov_disclosure.form",
    "make_converter": "gov_disclosure.export",
    "parse": "gov_disclosure.parsing",
    "parse_bytes": "gov_disclosure.parsing",
    "parse_file": "gov_disclosure.parsing",
    "process_file": "gov_disclosure.batch",
    "process_files": "gov_disclosure.batch",
    "render": "gov_disclosure.rendering",
    "review_html": "gov_disclosure.rendering",
    "run_batch": "gov_disclosure.batch",
    "schema": "gov_disclosure.export",
    "sniff": "gov_disclosure.readers",
    "to_excel": "gov_disclosure.batch",
    "to_frame": "gov_disclosure.batch",
    "to_json": "gov_disclosure.export",
    "validate": "gov_disclosure.checks",
    "validate_pair": "gov_disclosure.checks",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        return _version()
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    # importlib.metadata takes a tenth of a second to import: only pay for it when asked.
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("gov-disclosure")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        value = "0.0.0"
    globals()["__version__"] = value
    return value
