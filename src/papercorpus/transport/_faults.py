"""What can go wrong with a request, sorted by what to do about it: retry, drop, stop."""

from __future__ import annotations

__all__ = [
    "BadRequestError",
    "FatalHTTPError",
    "FetchError",
    "StopRunError",
    "TransientError",
    "UnreachableError",
    "WaitTooLongError",
]


class FetchError(Exception):
    """A request did not give a usable answer; subclasses say whether to retry."""

    def __init__(self, reason: str) -> None:
        """Record why, in words fit for the report."""
        super().__init__(reason)
        self.reason = reason


class TransientError(FetchError):
    """Worth retrying: 429/5xx, a dropped connection, a deadline, a cut-off or bad feed."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        """Record why, and how long the server asked us to wait, if it did."""
        super().__init__(reason)
        self.retry_after = retry_after


class BadRequestError(FetchError):
    """HTTP 400 (or 414): the request itself is wrong; `culprit` is the id arXiv named."""

    def __init__(
        self, reason: str, culprit: str | None, status: int, message: str | None = None
    ) -> None:
        """Record the identifier arXiv blamed, if any, and arXiv's message."""
        super().__init__(reason)
        self.culprit = culprit
        self.status = status
        self.message = message


class FatalHTTPError(FetchError):
    """Any other failure: retrying will not help (an unusable URL, a 404, a huge answer)."""


class StopRunError(FatalHTTPError):
    """No other request of the run can succeed now: the run stops, and says why."""


class UnreachableError(StopRunError):
    """The server cannot be reached at all: connection refused, its name not resolved."""


class WaitTooLongError(StopRunError):
    """The next request would have to wait longer than the run's `max_wait`."""
