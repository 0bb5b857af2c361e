"""The network under every request: one GET bounded in time and size, a machine-wide turn.

Shared by the enricher (arXiv's API) and the harvester (OAI-PMH); neither reaches past
these names. `papercorpus` imports it only when a request is to be made.
"""

from __future__ import annotations

from papercorpus.transport._faults import (
    BadRequestError,
    FatalHTTPError,
    FetchError,
    StopRunError,
    TransientError,
    UnreachableError,
    WaitTooLongError,
)
from papercorpus.transport._ratelimit import RateLimiter
from papercorpus.transport._session import (
    CHECKED,
    TRANSIENT_STATUSES,
    NetworkSession,
    check_status,
    retry_after,
)
from papercorpus.transport._sqlite import SQLITE_HEADER, header_of, open_sqlite

__all__ = [
    "CHECKED",
    "SQLITE_HEADER",
    "TRANSIENT_STATUSES",
    "BadRequestError",
    "FatalHTTPError",
    "FetchError",
    "NetworkSession",
    "RateLimiter",
    "StopRunError",
    "TransientError",
    "UnreachableError",
    "WaitTooLongError",
    "check_status",
    "header_of",
    "open_sqlite",
    "retry_after",
]
