"""The library's exceptions. Every message is one line, fit for a command line."""

from __future__ import annotations

__all__ = ["DecodeError", "GovDisclosureError", "MissingDependencyError", "NotAReportError", "missing_extra"]


class GovDisclosureError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(self, message: str) -> None:
        # One line, always: callers print it as it is.
        super().__init__(" ".join(message.split()))


class DecodeError(GovDisclosureError):
    """The bytes could not be read as text (binary data, unknown encoding)."""


class NotAReportError(GovDisclosureError):
    """The text holds nothing recognisable as an annual report."""


class MissingDependencyError(GovDisclosureError):
    """An optional dependency (an extra of the package) is needed and not installed."""


def missing_extra(what: str, module: str, extra: str) -> MissingDependencyError:
    """The error for a missing optional dependency, naming the pip command that installs it."""
    return MissingDependencyError(
        f"reading {what} needs the {module!r} package: pip install 'gov-disclosure[{extra}]'"
    )
