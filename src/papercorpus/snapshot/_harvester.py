"""The HTTP side of a harvest: `ListRecords` pages through papercorpus's transport.

The machine-wide turn shared with the API (`<cache>.ratelimit`), a deadline and a size cap
on each request, transient faults retried, and `Retry-After` honoured with arXiv's floor.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from papercorpus._options import DEFAULT_CACHE, Default, default_cache_path
from papercorpus.snapshot._oai import (
    DEFAULT_OAI_URL,
    OAI_URL_ENV,
    OaiError,
    OaiPage,
    Window,
    list_url,
    parse_page,
)
from papercorpus.transport import (
    FatalHTTPError,
    NetworkSession,
    RateLimiter,
    TransientError,
    check_status,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["RETRY_AFTER_FLOOR", "Harvester", "opened_harvester"]

log = logging.getLogger("papercorpus.snapshot")

RETRY_AFTER_FLOOR = 3.0  # seconds: arXiv's OAI-PMH asks for no less between retries


class Harvester:
    """Pages of `ListRecords` from arXiv's OAI-PMH, through papercorpus's transport."""

    def __init__(  # noqa: PLR0913 (the transport's options, each a keyword)
        self,
        *,
        oai_url: str | None = None,
        cache: str | os.PathLike[str] | Default | None = DEFAULT_CACHE,
        delay_seconds: float = 3.0,
        max_retries: int = 5,
        timeout: float = 120.0,
        max_answer_bytes: int = 256 * 1024 * 1024,
        max_wait: float = 600.0,
    ) -> None:
        """Set up the session; the rate limit is the one the API's runs share (`cache`)."""
        self.url = oai_url or os.environ.get(OAI_URL_ENV) or DEFAULT_OAI_URL
        path = default_cache_path() if cache is DEFAULT_CACHE else cache
        state = None
        if path is not None:
            cache_path = Path(path)
            state = cache_path.with_name(cache_path.name + ".ratelimit")
        self.limiter = RateLimiter(delay_seconds, state, lease=timeout + 30.0, max_wait=max_wait)
        self.session = NetworkSession(self.limiter, timeout, max_answer_bytes, check_status)
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.delay_seconds = delay_seconds

    @property
    def requests(self) -> int:
        """Requests sent so far."""
        return self.session.requests_sent

    def page(self, prefix: str, window: Window, token: str | None) -> OaiPage:
        """One page, retried after transient faults (503 with Retry-After, a cut-off body).

        Raises:
            OaiError: a refusal, an answer that is no OAI-PMH, or no answer after the retries.
        """
        url = list_url(self.url, prefix, window, token)
        for attempt in range(1, self.max_retries + 2):
            try:
                response = self.session.get(url)
                return parse_page(response.content or b"", url, prefix)
            except TransientError as exc:  # noqa: PERF203 (a retry loop: the wait is the cost)
                if attempt > self.max_retries:
                    raise OaiError(f"no answer from {url}: {exc.reason}, {attempt} times") from None
                wait = max(
                    exc.retry_after or self.delay_seconds * 2 ** (attempt - 1), RETRY_AFTER_FLOOR
                )
                if wait > self.max_wait:
                    raise OaiError(
                        f"{url} asked to wait {wait:.0f} s, more than max_wait "
                        f"({self.max_wait:g} s)"
                    ) from None
                log.info("OAI-PMH: %s; waiting %.1f s", exc.reason, wait)
                self.limiter.defer(wait)
            except FatalHTTPError as exc:
                raise OaiError(f"cannot harvest {url}: {exc.reason}") from None
        raise AssertionError  # pragma: no cover (the loop returns or raises)

    def close(self) -> None:
        """Close the session."""
        self.session.close()


@contextmanager
def opened_harvester(
    oai_url: str | None, cache: str | os.PathLike[str] | Default | None, delay: float
) -> Iterator[Harvester]:
    harvester = Harvester(oai_url=oai_url, cache=cache, delay_seconds=delay)
    try:
        yield harvester
    finally:
        harvester.close()
