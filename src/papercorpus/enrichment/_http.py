"""HTTP for the enricher: arXiv's answers checked, and only whole ones kept in the HTTP cache.

From the top: requests-cache (an answer it holds is returned at once: no wait, no
request), then the transport's `NetworkSession` (its turn, its deadline, its size cap),
whose `check` here reads arXiv's Atom feed. Only whole, well-formed answers that hold every
identifier asked for reach the HTTP cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from requests_cache import CacheMixin

from papercorpus.enrichment._feed import FeedError, Page, parse_page
from papercorpus.ids import ArxivId
from papercorpus.transport import (
    CHECKED,
    TRANSIENT_STATUSES,
    BadRequestError,
    FatalHTTPError,
    NetworkSession,
    RateLimiter,
    TransientError,
    retry_after,
)

if TYPE_CHECKING:
    from pathlib import Path

    import requests

__all__ = ["check_answer", "make_session", "page_of"]


def _requested_ids(url: str | None) -> list[str]:
    ids = parse_qs(urlsplit(str(url)).query).get("id_list", [""])[0]
    return [i for i in ids.split(",") if i]


def check_answer(status: int, body: bytes, headers: Any) -> Page:  # noqa: ANN401
    """Raise the FetchError an answer stands for; return its page if it is a whole feed."""
    if status in TRANSIENT_STATUSES:
        raise TransientError(f"HTTP {status}", retry_after(headers.get("Retry-After")))
    if status in {400, 414}:
        culprit = message = None
        if status == 400:
            try:
                page = parse_page(body)
            except FeedError:
                pass
            else:
                culprit, message = page.culprit, page.error
        raise BadRequestError(f"HTTP {status}", culprit, status, message)
    if status != 200:
        raise FatalHTTPError(f"HTTP {status}")
    try:
        return parse_page(body)
    except FeedError as exc:
        raise TransientError(str(exc)) from exc


def page_of(response: requests.Response) -> Page:
    """The page of an answer: read once by the network session, or now (an HTTP-cache hit).

    Raises:
        FeedError: the body is not a whole Atom feed.
    """
    page = getattr(response, CHECKED, None)
    return page if isinstance(page, Page) else parse_page(response.content or b"")


class ApiSession(NetworkSession):
    """The network session, its requests logged by how many identifiers they ask for."""

    def describe(self, url: str) -> str:
        """`N ids`: what a request of arXiv's API asks for."""
        return f"{len(_requested_ids(url))} ids"


class CachedNetworkSession(CacheMixin, ApiSession):
    """requests-cache above the network session: an answer it holds never waits."""


def _keep_whole_answers(response: requests.Response) -> bool:
    """Keep an answer in the HTTP cache only if it holds every identifier asked for.

    A partial answer says "not found" for the rest, which must expire sooner (the
    store's `not_found_expire_after`), not stay for the HTTP cache's 30 days.
    """
    if response.status_code != 200:  # requests-cache's own 504 for a miss, offline
        return False
    try:
        page = page_of(response)
    except FeedError:
        return False
    setattr(response, CHECKED, page)  # read once: a cache hit is parsed here, then used as is
    try:
        asked = {ArxivId.parse(i).canonical for i in _requested_ids(response.url)}
    except ValueError:
        return False
    return bool(page.entries) and asked <= {e.id.canonical for e in page.entries}


def make_session(
    cache: Path | None,
    *,
    expire_after: float | None,
    limiter: RateLimiter,
    timeout: float | None,
    max_bytes: int,
) -> NetworkSession:
    """The session: with an HTTP cache in the SQLite file `cache`, or none."""
    if cache is None:
        return ApiSession(limiter, timeout, max_bytes, check_answer)
    return CachedNetworkSession(
        cache_name=str(cache),
        backend="sqlite",
        expire_after=-1 if expire_after is None else expire_after,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        filter_fn=_keep_whole_answers,
        limiter=limiter,
        timeout=timeout,
        max_bytes=max_bytes,
        check=check_answer,
    )
