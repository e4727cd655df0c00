"""The project's own errors: each carries a plain message for the CLI and a Swedish one for the app."""
from __future__ import annotations


class SamkartaError(Exception):
    """Base of every error Samkarta reports to a person instead of a traceback."""

    def __init__(self, message: str, message_sv: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_sv = message_sv or message

    def __reduce__(self):
        # Both messages survive the trip from a worker process to the one that reports.
        return type(self), (self.message, self.message_sv)


class ReadError(SamkartaError):
    """A document could not be read (missing, empty, binary, encrypted, too large ...)."""


class StoreError(SamkartaError):
    """The store could not be opened, written or queried."""
