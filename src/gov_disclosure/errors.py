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
    """A format reader needs an optional extra that is not installed; the message names it."""


def missing_extra(what: str, module: str, extra: str) -> MissingDependencyError:
    """The error for a reader whose library is absent: it names the ``pip install`` to run."""
    return MissingDependencyError(
        f"reading {what} needs the {module!r} package: pip install 'gov-disclosure[{extra}]'"
    )
