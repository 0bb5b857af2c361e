"""HTTP for the enricher: a requests-cache session that waits (rate limit) on misses only.

Order matters, as in pyinaturalist's client: the cache layer sits above the network layer,
so a response served from the cache never reaches the rate limiter and never waits.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from requests_cache import CacheMixin
from requests_cache.cache_keys import create_key
from requests_cache.models import AnyResponse
from requests_cache.models.request import CachedRequest
from requests_cache.models.response import CachedResponse
from requests_cache.policy import ExpirationTime, get_expiration_datetime

from papercorpus._version import __version__
from papercorpus.enrichment._arxiv import error_culprit, feed_shape, join_feeds

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "BadRequestError",
    "FatalHTTPError",
    "FeedError",
    "NetworkSession",
    "RateLimiter",
    "TransientError",
    "cached_session",
    "id_key",
]

USER_AGENT = f"papercorpus/{__version__} (+https://pypi.org/project/papercorpus/)"
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 600.0  # seconds: a longer Retry-After is capped, not obeyed blindly


class FeedError(Exception):
    """A request did not give a usable feed; subclasses say whether to retry."""

    def __init__(self, reason: str) -> None:
        """Record why, in words fit for the report."""
        super().__init__(reason)
        self.reason = reason


class TransientError(FeedError):
    """Worth retrying: 429/5xx, a dropped connection, a timeout, a truncated or empty feed."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        """Record why, and how long the server asked us to wait, if it did."""
        super().__init__(reason)
        self.retry_after = retry_after


class BadRequestError(FeedError):
    """HTTP 400 (or 414): the request itself is wrong; `culprit` is the id arXiv named."""

    def __init__(self, reason: str, culprit: str | None, status: int) -> None:
        """Record the identifier arXiv blamed, if any."""
        super().__init__(reason)
        self.culprit = culprit
        self.status = status


class FatalHTTPError(FeedError):
    """Any other error status: retrying will not help."""


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def check_response(response: requests.Response) -> None:
    """Raise the FeedError a response stands for; return if it is a feed with entries."""
    status = response.status_code
    if status in TRANSIENT_STATUSES:
        raise TransientError(f"HTTP {status}", _retry_after(response.headers.get("Retry-After")))
    if status in {400, 414}:
        culprit = error_culprit(response.content) if status == 400 else None
        raise BadRequestError(f"HTTP {status}", culprit, status)
    if status != 200:
        raise FatalHTTPError(f"HTTP {status}")
    shape = feed_shape(response.content)
    if shape.problem is not None:
        raise TransientError(shape.problem)
    if shape.entries == 0:
        # arXiv answers well-formed identifiers with an empty feed when under load.
        raise TransientError("empty feed")


class RateLimiter:
    """One request at a time, `delay` seconds apart, across threads and processes.

    A request holds the *turn* from before it is sent until its answer has been read; the
    next turn begins `delay` seconds after that moment, as arXiv counts: however slow an
    answer, no two requests reach the server closer than `delay`, and never two at once.

    With a state file, the turn is an SQLite write lock on it and the schedule a row in it,
    shared by every process that uses the file (notebook kernels sharing a cache). The
    operating system drops the lock of a process that dies, so a crash blocks nobody.
    """

    def __init__(self, delay: float, state: Path | None = None, *, patience: float = 600.0) -> None:
        """Space requests by `delay` seconds; keep the schedule in the SQLite file `state`.

        `patience` bounds the wait for another process's turn to end.
        """
        if not math.isfinite(delay) or delay < 0:
            raise ValueError(f"delay must be a finite number of seconds >= 0, not {delay!r}")
        self.delay = delay
        self.state = state
        self.patience = patience
        self._lock = threading.Lock()
        self._next = 0.0  # without a state file: when the next turn may begin
        self.turns = 0  # turns taken by this process: requests that reached the network
        if state is not None:
            state.parent.mkdir(parents=True, exist_ok=True)
            with closing(self._connect()) as connection:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS schedule (id INTEGER PRIMARY KEY, next REAL)"
                )

    def _connect(self) -> sqlite3.Connection:
        assert self.state is not None  # noqa: S101 (callers check)
        return sqlite3.connect(self.state, timeout=self.patience, isolation_level=None)

    def _sane(self, value: object, now: float) -> float:
        # Whatever the file holds (NULL, text, a clock that jumped), wait no longer than
        # one delay plus the longest Retry-After we obey.
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            return now
        return min(float(value), now + self.delay + MAX_RETRY_AFTER)

    @contextmanager
    def turn(self) -> Iterator[float]:
        """Hold the turn: wait for it, yield the seconds waited, then schedule the next."""
        with self._lock:
            self.turns += 1
            if self.state is None:
                waited = _sleep_until(self._next)
                try:
                    yield waited
                finally:
                    self._next = max(self._next, time.time() + self.delay)
                return
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")  # blocks while another process holds it
                try:
                    row = connection.execute("SELECT next FROM schedule WHERE id = 1").fetchone()
                    waited = _sleep_until(self._sane(row[0] if row else None, time.time()))
                    yield waited
                finally:
                    later = self._sane(row[0] if row else None, time.time())
                    connection.execute(
                        "INSERT OR REPLACE INTO schedule (id, next) VALUES (1, ?)",
                        (max(later, time.time() + self.delay),),
                    )
                    connection.execute("COMMIT")

    def defer(self, seconds: float) -> None:
        """Let nobody send before `seconds` from now (a Retry-After, a backoff)."""
        if not seconds > 0:
            return
        with self._lock:
            until = time.time() + min(seconds, MAX_RETRY_AFTER)
            if self.state is None:
                self._next = max(self._next, until)
                return
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")
                row = connection.execute("SELECT next FROM schedule WHERE id = 1").fetchone()
                current = self._sane(row[0] if row else None, time.time())
                connection.execute(
                    "INSERT OR REPLACE INTO schedule (id, next) VALUES (1, ?)",
                    (max(current, until),),
                )
                connection.execute("COMMIT")


def _sleep_until(when: float) -> float:
    pause = when - time.time()
    if pause > 0:
        time.sleep(pause)
    return max(pause, 0.0)


class NetworkSession(requests.Session):
    """A session whose every request waits its turn, has a timeout, and is checked."""

    def __init__(self, limiter: RateLimiter, timeout: float | None) -> None:
        """Send through `limiter` with `timeout` seconds (None: wait forever)."""
        super().__init__()
        self.limiter = limiter
        self.timeout = timeout
        self.requests_sent = 0
        self.last_response: requests.Response | None = None
        self.headers["User-Agent"] = USER_AGENT

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # noqa: ANN401
        """Wait for the rate limiter, send, and raise a FeedError unless a good feed came."""
        if is_next_page(request.url):
            return _empty_page(request)
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        with self.limiter.turn():
            self.requests_sent += 1
            try:
                response = super().send(request, **kwargs)
            except requests.Timeout as exc:
                raise TransientError(f"timed out after {self.timeout} s") from exc
            except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema) as exc:
                raise FatalHTTPError(f"unusable API URL {request.url!r}: {exc}") from exc
            except requests.RequestException as exc:
                # Refused or reset connections, bodies cut short (ChunkedEncodingError)...
                raise TransientError(f"connection failed ({type(exc).__name__})") from exc
        check_response(response)
        self.last_response = response
        return response


def is_next_page(url: str | None) -> bool:
    """Whether a query asks for a page after the first (`start` > 0).

    A batch is asked for in one page as large as the batch, so there is never a second
    page to fetch. The `arxiv` package asks for one anyway when a feed's totalResults
    exceeds the entries sent (some servers count identifiers they did not find): that
    request is answered here, empty, without going to the network.
    """
    start = parse_qs(urlsplit(str(url)).query).get("start", ["0"])[0]
    return start.strip() not in {"", "0"}


def _empty_page(request: requests.PreparedRequest) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = join_feeds([])  # noqa: SLF001 (how requests holds a body)
    response.url = str(request.url)
    response.request = request
    return response


def id_key(arxiv_id: str) -> str:
    """The cache key under which one identifier's answer is kept."""
    return f"arxiv-id:{arxiv_id}"


def _id_list(url: str | None) -> list[str] | None:
    """The identifiers of a pure `id_list` query (no search terms), else None."""
    query = parse_qs(urlsplit(str(url)).query)
    if query.get("search_query", [""])[0]:
        return None
    ids = query.get("id_list")
    return [i for i in ids[0].split(",") if i] if ids else None


def _key(request: requests.PreparedRequest | requests.Request, **kwargs: Any) -> str:  # noqa: ANN401
    """Key one-identifier queries by the identifier alone; anything else as requests-cache does.

    The per-identifier key ignores the endpoint and the paging parameters: an identifier's
    metadata is the same whichever mirror or page size answered.
    """
    ids = _id_list(request.url)
    if ids is not None and len(ids) == 1:
        return id_key(ids[0])
    return str(create_key(request, **kwargs))


class CachedNetworkSession(CacheMixin, NetworkSession):
    """requests-cache above the rate-limited network session: hits never wait.

    With `cache_only` set, an `id_list` query is answered from the per-identifier cache
    alone, in one feed of the entries it holds: nothing is sent, nothing waits.
    """

    cache_only = False

    def send(
        self,
        request: requests.PreparedRequest,
        expire_after: ExpirationTime = None,
        only_if_cached: bool = False,  # noqa: FBT001, FBT002
        refresh: bool = False,  # noqa: FBT001, FBT002
        force_refresh: bool = False,  # noqa: FBT001, FBT002
        **kwargs: Any,  # noqa: ANN401
    ) -> AnyResponse:
        """Serve from the cache if possible; else (unless `cache_only`) from the network."""
        if self.cache_only or is_next_page(request.url):
            return self._from_cache(request)
        response = super().send(
            request,
            expire_after=expire_after,
            only_if_cached=only_if_cached,
            refresh=refresh,
            force_refresh=force_refresh,
            **kwargs,
        )
        self.last_response = response
        return response

    def _from_cache(self, request: requests.PreparedRequest) -> CachedResponse:
        bodies = []
        for arxiv_id in [] if is_next_page(request.url) else _id_list(request.url) or []:
            cached = self.cache.get_response(id_key(arxiv_id))
            if cached is not None and not cached.is_expired:
                bodies.append(cached.content)
        return CachedResponse(
            content=join_feeds(bodies),
            encoding="utf-8",
            reason="OK",
            request=CachedRequest.from_request(request),
            status_code=200,
            url=str(request.url),
        )


def cached_session(
    path: Path,
    expire_after: float | dt.timedelta | None,
    limiter: RateLimiter,
    timeout: float | None,
) -> CachedNetworkSession:
    """A session that keeps good answers in the SQLite file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return CachedNetworkSession(
        cache_name=str(path),
        backend="sqlite",
        expire_after=-1 if expire_after is None else expire_after,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        key_fn=_key,
        limiter=limiter,
        timeout=timeout,
    )


def store(
    session: CachedNetworkSession,
    pieces: dict[str, bytes],
    template: requests.Response,
    expire_after: float | dt.timedelta | None,
) -> None:
    """Keep each identifier's piece of a batch answer as its own cached response.

    The batch's own entry goes: its pieces say the same, under keys a later run can find.
    """
    expires = get_expiration_datetime(-1 if expire_after is None else expire_after)
    cache = session.cache
    with cache.responses.bulk_commit():  # type: ignore[attr-defined]
        for arxiv_id, body in pieces.items():
            # The batch's answer (status, headers, request) with this identifier's body.
            headers = CaseInsensitiveDict(template.headers)
            headers["Content-Length"] = str(len(body))
            response = CachedResponse(
                content=body,
                encoding="utf-8",
                headers=headers,
                reason="OK",
                request=CachedRequest.from_request(template.request),
                status_code=200,
                url=template.url,
            )
            cache.save_response(response, cache_key=id_key(arxiv_id), expires=expires)
    cache.delete(_key(template.request))
