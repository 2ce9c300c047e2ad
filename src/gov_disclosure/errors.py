"""The library's exceptions. Every message is one line, fit for a command line."""

from __future__ import annotations

__all__ = [
    "BudgetError",
    "DecodeError",
    "GovDisclosureError",
    "MissingDependencyError",
    "NotAReportError",
    "UnsupportedFormatError",
    "beyond_budget",
    "describe",
    "missing_extra",
    "over_budget",
]


class GovDisclosureError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(self, message: str) -> None:
        # One line, always: callers print it as it is.
        super().__init__(" ".join(message.split()))


class DecodeError(GovDisclosureError):
    """The bytes could not be read as text (binary data, unknown encoding)."""


class UnsupportedFormatError(DecodeError):
    """The file is of a format no reader takes (a spreadsheet, a legacy .doc, an
    archive); the message says which. A batch records such a file as ``skipped``."""


class NotAReportError(GovDisclosureError):
    """The text holds nothing recognisable as an annual report."""


class BudgetError(GovDisclosureError):
    """A document is over one of the limits of `gov_disclosure.limits`; the message names it."""


def over_budget(what: str, size: int, limit: str, value: int) -> BudgetError:
    """The error for a document with ``size`` of ``what`` where `gov_disclosure.limits`'s
    ``limit`` allows ``value``."""
    return BudgetError(f"the document has {size:,} {what}; more than {value:,} is refused ({limit})")


def beyond_budget(what: str, limit: str, value: int) -> BudgetError:
    """The error for a document found, part way through reading, to hold more than ``value``
    of ``what`` (`gov_disclosure.limits`'s ``limit``)."""
    return BudgetError(f"the document has more than {value:,} {what}; it is refused ({limit})")


def describe(exc: BaseException, limit: int = 160) -> str:
    """An exception as one short line for a message: its type and its words."""
    text = " ".join(str(exc).split())[:limit]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class MissingDependencyError(GovDisclosureError):
    """A format reader needs an optional extra that is not installed; the message names it."""


def missing_extra(what: str, module: str, extra: str) -> MissingDependencyError:
    """The error for a reader whose library is absent: it names the ``pip install`` to run."""
    return MissingDependencyError(
        f"reading {what} needs the {module!r} package: pip install 'gov-disclosure[{extra}]'"
    )
