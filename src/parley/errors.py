"""One error family for the whole package; each carries an HTTP-ish status and a one-line reason."""

from __future__ import annotations


class ParleyError(Exception):
    """Base error. ``status`` maps to HTTP codes in the API and exit codes in the CLI."""

    status: int = 500

    def __init__(self, reason: str, *, item: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.item = item

    def line(self) -> str:
        """One line naming the item and the reason, for summaries and logs."""
        return f"{self.item}: {self.reason}" if self.item else self.reason


class Rejected(ParleyError):
    """An input item that cannot be used (empty, binary, too large, not a feed, refused URL...)."""

    status = 422


class NotFound(ParleyError):
    status = 404


class Forbidden(ParleyError):
    status = 403


class TooLarge(ParleyError):
    """A request body or a document over a configured size limit."""

    status = 413


class TimedOut(ParleyError):
    """A query stopped at its deadline, or because the client went away."""

    status = 503


class MissingResource(ParleyError):
    """A model or data set that must exist is missing: fail loudly, never skip."""

    status = 500
