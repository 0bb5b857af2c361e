"""One GET, bounded in time and size, under a machine-wide rate limit: `NetworkSession`.

`NetworkSession.send` takes the rate limiter's turn, sends, and reads the body itself under
a deadline (a watchdog shuts the socket when it passes, headers included) and a size cap
(gzip is inflated here, in bounded steps), then hands the whole answer to its `check`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import socket
import time
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NameResolutionError, NewConnectionError

from papercorpus._options import API_URL_ENV
from papercorpus._version import __version__
from papercorpus.transport._faults import (
    FatalHTTPError,
    TransientError,
    UnreachableError,
)
from papercorpus.transport._ratelimit import MAX_WAIT_LIMIT, RateLimiter
from papercorpus.transport._watchdog import Watchdog, WatchedAdapter

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "CHECKED",
    "TRANSIENT_STATUSES",
    "USER_AGENT",
    "NetworkSession",
    "check_status",
    "retry_after",
]

log = logging.getLogger("papercorpus.http")

USER_AGENT = f"papercorpus/{__version__} (+https://pypi.org/project/papercorpus/)"
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_READ = 1 << 16
_MAX_REDIRECTS = 5


def _unreachable(exc: BaseException) -> str | None:
    """Why a connection could not even be made (refused, no such host), or None."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (NameResolutionError, socket.gaierror)):
            return "its name does not resolve"
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, NewConnectionError):
            text = str(current).lower()
            if "refused" in text:
                return "connection refused"
            if "unreachable" in text:
                return "network unreachable"
        stack.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return None


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value[:6]), MAX_WAIT_LIMIT)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_WAIT_LIMIT)


# -- reading the body: bounded in size -----------------------------------------------------


class _Inflater:
    """Decode a Content-Encoding in bounded steps: never more than `cap` bytes out."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        encoding = encoding.strip().lower()
        if encoding in {"", "identity"}:
            self._z = None
        elif encoding in {"gzip", "x-gzip", "deflate"}:
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)  # a gzip or zlib header
        else:
            raise FatalHTTPError(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            out = chunk
        else:
            try:
                out = self._z.decompress(chunk, self.cap - self.size + 1)
            except zlib.error as exc:
                raise TransientError(f"corrupt compressed answer ({exc})") from exc
        self.size += len(out)
        if self.size > self.cap:
            raise FatalHTTPError(f"answer larger than {self.cap:,} bytes once decoded")
        return out

    def finish(self) -> bytes:
        return self.feed(b"") + (self._z.flush() if self._z is not None else b"")


def _read_body(response: requests.Response, cap: int) -> bytes:
    inflater = _Inflater(response.headers.get("Content-Encoding", ""), cap)
    body = bytearray()
    for chunk in response.raw.stream(_READ, decode_content=False):
        body += inflater.feed(chunk)
    body += inflater.finish()
    return bytes(body)


def check_status(status: int, body: bytes, headers: Any) -> bytes:  # noqa: ANN401
    """Raise the FetchError a status stands for; return the body of a 200 (OAI-PMH's check)."""
    if status in TRANSIENT_STATUSES:
        raise TransientError(f"HTTP {status}", retry_after(headers.get("Retry-After")))
    if status != 200:
        raise FatalHTTPError(f"HTTP {status}")
    return body


#: The attribute a checked response carries what its session's `check` made of it in.
CHECKED = "papercorpus_checked"


class NetworkSession(requests.Session):
    """A session whose every request takes its turn, meets its deadline, and is checked."""

    def __init__(
        self,
        limiter: RateLimiter,
        timeout: float | None,
        max_bytes: int,
        check: Callable[[int, bytes, Any], object] = check_status,
    ) -> None:
        """Send through `limiter`; `timeout` bounds a whole request; `max_bytes` its answer.

        `check` reads a whole answer (status, body, headers) or raises the `FetchError` it
        stands for; what it returns is kept on the response (`CHECKED`).
        """
        super().__init__()
        self.check = check
        self.limiter = limiter
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.requests_sent = 0
        self.headers["User-Agent"] = USER_AGENT
        self.headers["Accept-Encoding"] = "gzip"  # what _Inflater decodes, in bounded steps
        adapter = WatchedAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # noqa: ANN401
        """Take the turn, send, read the whole answer in time and size, check it."""
        kwargs["stream"] = True
        kwargs["timeout"] = self.timeout
        kwargs["allow_redirects"] = False  # followed by `_follow`, in this turn
        with self.limiter.turn() as waited, Watchdog(self.timeout) as watchdog:
            self.requests_sent += 1
            started = time.monotonic()
            try:
                response, body = self._follow(request, kwargs)
            except FatalHTTPError:
                raise
            except (requests.RequestException, Urllib3Error, OSError) as exc:
                if watchdog.fired or isinstance(exc, requests.Timeout):
                    raise TransientError(f"no complete answer within {self.timeout} s") from exc
                if isinstance(
                    exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema)
                ):
                    raise FatalHTTPError(f"unusable API URL {request.url!r}: {exc}") from exc
                why = _unreachable(exc) if isinstance(exc, requests.ConnectionError) else None
                if why is not None:
                    raise UnreachableError(f"cannot reach {_bare(request.url)}: {why}") from exc
                what = (
                    "connection failed"
                    if isinstance(exc, requests.ConnectionError)
                    else "answer cut short"
                )
                raise TransientError(f"{what} ({type(exc).__name__})") from exc
            finally:
                seconds = time.monotonic() - started
            if watchdog.fired:  # the socket was shut mid-body and the read ended "cleanly"
                raise TransientError(f"no complete answer within {self.timeout} s")
        log.info(
            "GET %s (URL of %d characters): HTTP %d, %d bytes in %.2f s after %.2f s "
            "waiting for the rate limit",
            self.describe(str(request.url)),
            len(str(request.url)),
            response.status_code,
            len(body),
            seconds,
            waited,
        )
        setattr(response, CHECKED, self.check(response.status_code, body, response.headers))
        response._content = body  # noqa: SLF001 (how requests holds a body it has read)
        response._content_consumed = True  # type: ignore[attr-defined]  # noqa: SLF001
        response.headers.pop("Content-Encoding", None)  # the body is decoded now
        return response

    def describe(self, url: str) -> str:
        """What a request asks for, as the log shows it: its URL without the query."""
        return _bare(url)

    def _follow(
        self, request: requests.PreparedRequest, kwargs: dict[str, Any]
    ) -> tuple[requests.Response, bytes]:
        """Send, and follow redirects on the same host within the same turn and deadline."""
        for _ in range(_MAX_REDIRECTS + 1):
            response = super().send(request, **kwargs)
            body = _read_body(response, self.max_bytes)
            if not response.is_redirect:
                return response, body
            request = _redirected(request, response)
        raise FatalHTTPError(f"more than {_MAX_REDIRECTS} redirects from {_bare(request.url)}")


def _bare(url: str | None) -> str:
    """A URL without its query: what a message shows of it."""
    return urlsplit(str(url))._replace(query="").geturl()


def _redirected(
    request: requests.PreparedRequest, response: requests.Response
) -> requests.PreparedRequest:
    """The request a redirect asks for, if it stays on the API's host (https may replace http).

    Raises:
        FatalHTTPError: no Location, or one on another host or scheme.
    """
    location = response.headers.get("Location", "")
    if not location:
        raise FatalHTTPError(f"HTTP {response.status_code} redirect without a Location")
    target = urljoin(str(request.url), location.strip())
    old, new = urlsplit(str(request.url)), urlsplit(target)
    if new.hostname != old.hostname or new.scheme not in {old.scheme, "https"}:
        raise FatalHTTPError(
            f"the API URL {_bare(request.url)} redirects to {_bare(target)}, on another host: "
            f"if that is right, set {API_URL_ENV} (or api_url) to it"
        )
    follow = request.copy()
    follow.prepare_url(target, None)
    log.info("redirected to %s", _bare(target))
    return follow
