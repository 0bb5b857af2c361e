"""Searching arXiv: a `Query` paged through with the enricher's transport, and its report.

`Pager.run` walks arXiv's result pages through the same session as `enrich` (HTTP cache,
machine-wide rate limit, deadlines, size caps) and copes with what arXiv's search is known to do:

- an empty page in the middle of a result set is asked again (with backoff), never taken
  as the end;
- `totalResults` may change from one page to the next: the newest count is believed;
- a paper on two pages is kept once, where it came first, and one more page is asked for
  to make up the count;
- a page shorter than asked is followed from where it stopped.

Fewer results than asked for (and than exist) is never silent: the report says why.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papercorpus.enrichment._feed import Page
from papercorpus.enrichment._fetcher import attempts
from papercorpus.enrichment._http import page_of
from papercorpus.enrichment._query import MAX_RESULTS, Query, SortBy, SortOrder
from papercorpus.enrichment._store import page_json
from papercorpus.errors import EnrichmentError
from papercorpus.transport import BadRequestError, FatalHTTPError, TransientError

if TYPE_CHECKING:
    from tqdm import tqdm
    from typing_extensions import Never

    from papercorpus.enrichment._fetcher import Transport
    from papercorpus.models import Entry

__all__ = ["Pager", "SearchReport"]

log = logging.getLogger("papercorpus.search")


@dataclass(frozen=True, repr=False)
class SearchReport:
    """What a search asked for, what arXiv said exists, what came, and why any is missing.

    `expected` is how many results should have come: `max_results`, or fewer when arXiv
    has fewer, and never more than arXiv's cap of 30,000 a query. `reason` says why fewer
    came than that (a failure: `ok` is False); `note` says what a limit left out
    (`max_results` past arXiv's cap).
    """

    query: str
    id_list: tuple[str, ...]
    sort_by: SortBy
    sort_order: SortOrder
    max_results: int | None
    available: int | None
    received: int
    requests: int = 0
    pages: int = 0
    duplicates: int = 0
    reason: str | None = None
    note: str | None = None
    seconds: float = 0.0

    @property
    def expected(self) -> int:
        """How many results should have come: asked for, existing, and within the cap."""
        limit = MAX_RESULTS if self.max_results is None else min(self.max_results, MAX_RESULTS)
        return limit if self.available is None else min(limit, self.available)

    @property
    def missing(self) -> int:
        """How many of the expected results did not come."""
        return max(self.expected - self.received, 0)

    @property
    def ok(self) -> bool:
        """Whether every expected result came."""
        return self.reason is None and not self.missing

    def summary(self) -> str:
        """One line: what was asked, what exists, what came, why not all, what it cost."""
        asked = "all" if self.max_results is None else f"{self.max_results:,}"
        exists = "?" if self.available is None else f"{self.available:,}"
        line = (
            f"{self.received:,} of {self.expected:,} results came "
            f"({asked} asked for, {exists} match)"
        )
        if self.reason:
            line += f"; {self.missing:,} missing: {self.reason}"
        elif self.missing:
            line += f"; {self.missing:,} missing"
        if self.note:
            line += f"; {self.note}"
        requests = f"{self.requests} request{'' if self.requests == 1 else 's'}"
        return f"{line} ({requests}, {self.seconds:.1f} s)"

    def __str__(self) -> str:
        """Return the summary line."""
        return self.summary()

    def __repr__(self) -> str:
        """Return `<SearchReport: ...summary...>`."""
        return f"<SearchReport: {self.summary()}>"


class _StopError(Exception):
    """The search cannot go on; the reason goes in the report."""


@dataclass
class _Walk:
    """A search under way: results by identifier (in order), the count arXiv gives, costs."""

    found: dict[str, Entry]
    start: int = 0
    available: int | None = None
    pages: int = 0
    duplicates: int = 0
    unreadable: int = 0
    reason: str | None = None


class Pager:
    """Pages through one search with `session`; keeps each result in `store` for `enrich`."""

    def __init__(self, transport: Transport, *, offline: bool) -> None:
        """Hold the run's transport; `offline`: answer from the store alone."""
        self.transport = transport
        self.offline = offline

    def run(
        self,
        query: Query,
        *,
        page_size: int,
        expire_after: float | None,
        bar: tqdm[Never],
    ) -> tuple[list[Entry], SearchReport]:
        """Every page of `query` up to its limit: the results in arXiv's order, the report.

        Raises:
            EnrichmentError: arXiv refused the query (HTTP 400): its message says why.
        """
        started = time.monotonic()
        sent_before = self.transport.session.requests_sent
        walk = _Walk(found={})
        limit = query.limit
        bar.reset(total=limit)
        try:
            while len(walk.found) < limit and walk.start < MAX_RESULTS:
                if walk.available is not None and walk.start >= walk.available:
                    if walk.duplicates and len(walk.found) < walk.available:
                        walk.reason = (
                            f"arXiv's pages repeated {walk.duplicates:,} results and it has no more"
                        )
                    break
                size = min(page_size, limit - len(walk.found), MAX_RESULTS - walk.start)
                if not self._step(query, walk, size, expire_after, bar):
                    break
            if limit == 0:  # only the count was asked for
                self._step(query, walk, 0, expire_after, bar)
        except _StopError as exc:
            walk.reason = str(exc)
        except FatalHTTPError as exc:  # a wait longer than max_wait
            walk.reason = exc.reason
        entries = list(walk.found.values())[:limit]
        report = SearchReport(
            query=query.text,
            id_list=query.id_list,
            sort_by=query.sort_by,
            sort_order=query.sort_order,
            max_results=query.max_results,
            available=walk.available,
            received=len(entries),
            requests=self.transport.session.requests_sent - sent_before,
            pages=walk.pages,
            duplicates=walk.duplicates,
            reason=walk.reason,
            note=_note(query, walk.available),
            seconds=time.monotonic() - started,
        )
        log.info("search %r: %s", query.text, report.summary())
        return entries, report

    def _step(
        self, query: Query, walk: _Walk, size: int, expire_after: float | None, bar: tqdm[Never]
    ) -> bool:
        """Read the page at `walk.start` and keep its new results.

        Returns whether more may follow (an empty page where arXiv promises no more ends it).
        """
        page = self._filled_page(query, walk, size, expire_after)
        if page is None:
            return False
        new = 0
        for entry in page.entries:
            key = entry.id.canonical
            if key in walk.found:
                walk.duplicates += 1
                continue
            walk.found[key] = entry
            new += 1
        if page.foreign:  # counted in arXiv's offsets, though no paper can be made of them
            log.warning(
                "search: %d results that are no arXiv paper: %s",
                len(page.foreign),
                page.foreign[:3],
            )
            walk.unreadable += len(page.foreign)
        walk.start += len(page.entries) + len(page.foreign)
        if walk.available is not None:
            bar.total = min(query.limit, walk.available)
        bar.update(new)
        return True

    def _filled_page(
        self, query: Query, walk: _Walk, size: int, expire_after: float | None
    ) -> Page | None:
        """The page of `size` results at `walk.start`, asked again while empty amid results.

        None when it is empty because the results end there, as arXiv counts them.
        """
        url = query.url(self.transport.api_url, walk.start, size)
        empty = 0
        while True:
            page = self._page(url, expire_after)
            walk.pages += 1
            if page.total is not None:
                if walk.available is not None and page.total != walk.available:
                    log.info("arXiv's count changed: %d, then %d", walk.available, page.total)
                walk.available = page.total
            if page.entries and page.start != walk.start:
                raise _StopError(
                    f"arXiv answered from result {page.start:,} when asked from {walk.start:,}"
                )
            if page.entries or size == 0:
                return page
            if walk.available is None or walk.start >= walk.available:
                return None  # the end, as arXiv counts
            # arXiv's known fault: an empty page amid a result set. The same page again.
            empty += 1
            if empty > self.transport.max_retries:
                raise _StopError(
                    f"arXiv sent an empty page at result {walk.start:,} of "
                    f"{walk.available:,}, {attempts(empty)}"
                )
            self.transport.back_off(empty, None, f"an empty page at result {walk.start}")

    def _page(self, url: str, expire_after: float | None) -> Page:
        """One page: from the store while fresh, else from arXiv (retried, then stored).

        Raises:
            EnrichmentError: arXiv refused the query (HTTP 400).
            _StopError: no page after the retries, or offline and not in the cache.
        """
        if self.transport.store is not None:
            kept = self.transport.store.page(url, expire_after)
            if kept is not None:
                return Page(kept.total, kept.start, kept.entries, kept.foreign)
        if self.offline:
            raise _StopError("offline, and this page of results is not in the cache")
        attempt = 0
        while True:
            try:
                page = self._get(url)
            except BadRequestError as exc:
                detail = exc.message or exc.reason
                raise EnrichmentError(f"arXiv refused the query: {detail}") from None
            except FatalHTTPError as exc:
                raise _StopError(exc.reason) from None
            except TransientError as exc:
                attempt += 1
                if attempt > self.transport.max_retries:
                    raise _StopError(f"{exc.reason} after {attempts(attempt)}") from None
                self.transport.back_off(attempt, exc.retry_after, exc.reason)
                continue
            if self.transport.store is not None and page.entries:
                ids = [entry.id.canonical for entry in page.entries]
                self.transport.store.keep(
                    page.entries, [], (url, page_json(page.total, page.start, ids, page.foreign))
                )
            return page

    def _get(self, url: str) -> Page:
        """A page from the network: the store, not the HTTP cache, keeps search pages."""
        disabled = getattr(self.transport.session, "cache_disabled", None)
        with disabled() if disabled is not None else contextlib.nullcontext():
            page = page_of(self.transport.session.get(url))
        if page.error is not None and not page.entries:  # a refusal sent as HTTP 200
            raise EnrichmentError(f"arXiv refused the query: {page.error}")
        return page


def _shortfall(walk: _Walk, limit: int) -> str | None:
    """Why arXiv's results ended before `limit` distinct papers, or None if they did not."""
    if walk.available is None or len(walk.found) >= min(limit, walk.available):
        return None
    causes = []
    if walk.duplicates:
        causes.append(f"repeated {walk.duplicates:,} results")
    if walk.unreadable:
        causes.append(f"held {walk.unreadable:,} entries that are no arXiv paper")
    return f"arXiv's pages {' and '.join(causes) or 'ended early'}, and it has no more"


def _note(query: Query, available: int | None) -> str | None:
    """What arXiv's cap of 30,000 results a query left out, if anything."""
    wanted = math.inf if query.max_results is None else query.max_results
    exists = math.inf if available is None else available
    if min(wanted, exists) <= MAX_RESULTS:
        return None
    return (
        f"arXiv serves at most {MAX_RESULTS:,} results of one query: "
        "narrow it (e.g. submittedDate:[... TO ...]) and search each part"
    )
