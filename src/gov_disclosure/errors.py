"""The library's exceptions. Every message is one line, fit for a command line."""

from __future__ import annotations

__all__ = ["DecodeError", "GovDisclosureError", "NotAReportError"]


class GovDisclosureError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(self, message: str) -> None:
        # One line, always: callers print it as it is.
        super().__init__(" ".join(message.split()))


class DecodeError(GovDisclosureError):
    """The bytes could not be read as text (binary data, unknown encoding)."""


class NotAReportError(GovDisclosureError):
    """The text holds nothing recognisable as an annual report."""
