"""`ArxivEnricher`: batched, cached, rate-limited, fault-tolerant lookups of arXiv metadata.

One path, from the top of `enrich()`:

1. **what is asked**: each item's canonical identifier, once;
2. **the per-identifier store** (`_store.py`) answers what it knows, entries and "not
   found" marks, fresh: no request, no wait;
3. the rest goes out in **batches**, one page as large as the batch; each request passes
   the **HTTP cache** (requests-cache), then the **network** under the shared rate limit
   (`_http.py`), and its answer is read by one parser (`_feed.py`);
4. **what is kept**: each entry under the identifier it carries, "not found" only for
   identifiers a whole answer covered, both in the store.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import Self

from papercorpus._gc import gc_paused
from papercorpus._options import (
    API_URL_ENV,
    DEFAULT_API_URL,
    DEFAULT_BATCH_SIZE,
    DEFAULT_CACHE,
    DEFAULT_DELAY_SECONDS,
    DEFAULT_EXPIRE_AFTER,
    DEFAULT_MAX_ANSWER_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_WAIT,
    DEFAULT_NOT_FOUND_EXPIRE_AFTER,
    DEFAULT_TIMEOUT,
    Default,
    check_options,
    default_cache_path,
    seconds,
)
from papercorpus._progress import progress_bar, progress_wanted
from papercorpus._warn import warn
from papercorpus.corpus import Corpus
from papercorpus.enrichment._assemble import assemble
from papercorpus.enrichment._fetcher import Fetcher, Result, Transport
from papercorpus.enrichment._http import make_session
from papercorpus.enrichment._query import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_SEARCH_EXPIRE_AFTER,
    MAX_PAGE_SIZE,
    UNSET,
    make_query,
)
from papercorpus.enrichment._repairs import Repair, repair_splits
from papercorpus.enrichment._report import EnrichmentReport, warn_if_all_failed
from papercorpus.enrichment._requests import Requests, requests_of
from papercorpus.enrichment._results import EnrichedCorpus, SearchCorpus
from papercorpus.enrichment._search import Pager
from papercorpus.enrichment._snapshot import from_snapshot, open_snapshot
from papercorpus.enrichment._store import Store
from papercorpus.errors import EnrichmentError, SearchWarning
from papercorpus.ids import ArxivId
from papercorpus.models import Paper, paper_of_entry
from papercorpus.transport import RateLimiter, StopRunError

if TYPE_CHECKING:
    import datetime as dt

    import arxiv

    from papercorpus.enrichment._query import SortBy, SortOrder, Unset
    from papercorpus.snapshot import Snapshot

__all__ = ["ArxivEnricher", "EnrichedCorpus", "Items", "SearchCorpus"]

log = logging.getLogger("papercorpus.enrich")

Items = Corpus | Iterable[Paper | ArxivId | str] | Paper | ArxivId | str


class ArxivEnricher:
    """Fills papers' titles, authors, categories and dates from the arXiv API.

    One request per `batch_size` identifiers; a per-identifier store in the cache file, so
    that later runs over overlapping lists only ask for what is new (unknown identifiers
    included, for `not_found_expire_after`); at least `delay_seconds` between the end of one
    request and the start of the next, across every process sharing the cache, and no wait
    for what the cache answers; retries with backoff for transient faults; a deadline and a
    size cap on every request.

    Examples:
        >>> enricher = ArxivEnricher(cache=None, offline=True, progress=False)
        >>> report = enricher.enrich(["2104.12369", "not-an-id"]).report
        >>> report.invalid, report.failed, report.requests
        (['not-an-id'], ['2104.12369'], 0)
    """

    def __init__(  # noqa: PLR0913 (every knob is a keyword with a named default)
        self,
        *,
        api_url: str | None = None,
        cache: str | os.PathLike[str] | Default | None = DEFAULT_CACHE,
        expire_after: float | dt.timedelta | None = DEFAULT_EXPIRE_AFTER,
        not_found_expire_after: float | dt.timedelta | None = DEFAULT_NOT_FOUND_EXPIRE_AFTER,
        batch_size: int = DEFAULT_BATCH_SIZE,
        delay_seconds: float = DEFAULT_DELAY_SECONDS,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
        max_wait: float = DEFAULT_MAX_WAIT,
        offline: bool = False,
        overwrite: bool = False,
        progress: bool | None = None,
        snapshot: Snapshot | str | os.PathLike[str] | None = None,
    ) -> None:
        """Check the options, open the cache, set up the session and the rate limiter.

        Args:
            api_url: the query endpoint; default `PAPERCORPUS_ARXIV_API_URL`, else arXiv's.
            cache: the SQLite cache file (default `PAPERCORPUS_CACHE`, else the user cache
                directory); `None` disables caching.
            expire_after: how long an entry stays fresh (seconds, a timedelta, None: forever).
            not_found_expire_after: how long "arXiv has no such paper" is believed (12 hours).
            batch_size: identifiers per request (at most 2000; long URLs are split further).
            delay_seconds: the least time from the end of one request to the next one.
            max_retries: retries of a request after a transient fault (429, 5xx, deadline...).
            timeout: seconds for a whole request, connect to last byte (None: no deadline).
            max_answer_bytes: the most an answer may hold, decoded (64 MiB).
            max_wait: the longest pause of the run, in seconds (600): a Retry-After longer
                than this, or a shared schedule that far ahead, stops the run, reported.
            offline: answer from the cache only; uncached identifiers are reported failed.
            overwrite: let arXiv's values replace the listing's own (abstract, DOI...).
            progress: show a tqdm progress bar (default: in notebooks and terminals).
            snapshot: a `papercorpus.Snapshot` or the path of its index: identifiers it
                holds are filled from it (status `snapshot`), only the rest are asked for.

        Raises:
            EnrichmentError: an option is out of range, or the cache cannot be used.
            SnapshotError: `snapshot` is not an index `Snapshot.build` wrote.
        """
        check_options(
            batch_size=batch_size,
            delay_seconds=delay_seconds,
            max_retries=max_retries,
            timeout=timeout,
            max_answer_bytes=max_answer_bytes,
            max_wait=max_wait,
        )
        self.api_url = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
        self.batch_size = batch_size
        self.delay_seconds = float(delay_seconds)
        self.max_retries = max_retries
        self.expire_after = seconds(expire_after, "expire_after")
        self.not_found_expire_after = seconds(not_found_expire_after, "not_found_expire_after")
        self.offline = offline
        self.overwrite = overwrite
        self.progress = progress
        self.snapshot = open_snapshot(snapshot)
        path = default_cache_path() if cache is DEFAULT_CACHE else cache
        self.cache_path = None if path is None else Path(path)
        self._store: Store | None = None
        if self.cache_path is not None and not (offline and not self.cache_path.exists()):
            self._store = Store(
                self.cache_path,
                expire_after=self.expire_after,
                not_found_expire_after=self.not_found_expire_after,
                read_only=offline,
            )
        # The schedule sits beside the cache: every process using this cache (several
        # notebook kernels, say) shares one rate limit.
        state = None
        if self.cache_path is not None and not offline:  # offline sends nothing
            state = self.cache_path.with_name(self.cache_path.name + ".ratelimit")
        # A turn is held for one request, which its deadline ends: a holder that has not
        # given it back well after that is stopped or hung, and the others go on.
        lease = 600.0 if timeout is None else timeout + 30.0
        self._limiter = RateLimiter(
            self.delay_seconds, state, lease=lease, max_wait=float(max_wait)
        )
        self._session = make_session(
            None if offline else self.cache_path,  # offline, the store answers, read-only
            expire_after=self.expire_after,
            limiter=self._limiter,
            timeout=timeout,
            max_bytes=max_answer_bytes,
        )
        transport = Transport(
            api_url=self.api_url,
            session=self._session,
            limiter=self._limiter,
            store=self._store,
            delay_seconds=self.delay_seconds,
            max_retries=max_retries,
            max_wait=float(max_wait),
        )
        self._fetcher = Fetcher(transport, batch_size=batch_size)
        self._pager = Pager(transport, offline=offline)

    def close(self) -> None:
        """Close the HTTP session and the cache file."""
        self._session.close()
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Self:
        """Use as a context manager that closes the session on exit."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the session."""
        self.close()

    # -- the run ---------------------------------------------------------------------------

    def enrich(self, items: Items) -> EnrichedCorpus:
        """Return a new Corpus of the given papers, filled from arXiv, in input order.

        `items` may be a Corpus, Papers, or identifiers in any form `ArxivId` accepts; a
        single string is one identifier. The input is never modified. `.report` tells what
        happened to each item; invalid identifiers are reported and left out of the corpus.
        Ctrl-C stops the run; every batch finished before it is stored, so the next run
        resumes.
        """
        started = time.monotonic()
        sent_before = self._session.requests_sent
        if isinstance(items, (str, ArxivId, Paper)):  # one identifier, not its characters
            items = [items]
        with gc_paused():  # many small objects, no cycles: the collector would only walk them
            requests = requests_of(items)
        # Counted only for a bar shown: counting hashes every key asked for.
        total = requests.unique_count() if progress_wanted(progress=self.progress) else None
        results: dict[str, Result] = {}
        with progress_bar("arXiv", "paper", progress=self.progress, total=total) as bar:
            with gc_paused():
                hits, row_of, missing = from_snapshot(self.snapshot, requests, results)
            missing = self._from_store(missing, results)
            if total is not None:
                bar.update(total - len(missing))
            if missing and self.offline:
                held = "in the snapshot or the cache" if self.snapshot else "in the cache"
                for key in missing:
                    results[key] = Result("failed", reason=f"offline and not {held}")
            elif missing:
                try:
                    for batch in self._fetcher.batches(missing):
                        self._fetcher.run_batch(batch, results)
                        bar.update(len(batch))
                except StopRunError as exc:  # no request can succeed now: say so, stop
                    for key in missing:
                        results.setdefault(key, Result("failed", reason=exc.reason))
        with gc_paused():
            fixed, repairs = self._repairs(requests, results)
            outcomes, papers, differs = assemble(
                requests, results, fixed=fixed, hits=hits, row_of=row_of, overwrite=self.overwrite
            )
        report = EnrichmentReport(
            outcomes,
            requests=self._session.requests_sent - sent_before,
            seconds=time.monotonic() - started,
            repairs=tuple(repairs),
            differences=tuple(differs),
        )
        log.info("enrich: %s", report.summary())
        warn_if_all_failed(report)
        diagnostics = items.diagnostics if isinstance(items, Corpus) else ()
        return EnrichedCorpus(papers, diagnostics=diagnostics, report=report)

    def search(  # noqa: PLR0913 (arXiv's search parameters, each a keyword)
        self,
        query: str | arxiv.Search,
        *,
        max_results: int | Unset | None = UNSET,
        sort_by: SortBy | arxiv.SortCriterion | Unset = UNSET,
        sort_order: SortOrder | arxiv.SortOrder | Unset = UNSET,
        id_list: Iterable[str] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        expire_after: float | dt.timedelta | None = DEFAULT_SEARCH_EXPIRE_AFTER,
    ) -> SearchCorpus:
        """Search arXiv; return the results in arXiv's order, with `.report`.

        See `papercorpus.search` for the arguments. Each page goes through this
        enricher's cache and rate limit; each result is also kept for `enrich`.

        Raises:
            EnrichmentError: a bad argument, or a query arXiv refuses (its message says why).
        """
        checked = make_query(
            query, max_results=max_results, sort_by=sort_by, sort_order=sort_order, id_list=id_list
        )
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise EnrichmentError(f"page_size must be a whole number, not {page_size!r}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise EnrichmentError(f"page_size must be from 1 to {MAX_PAGE_SIZE}, not {page_size}")
        fresh = seconds(expire_after, "expire_after")
        with progress_bar(
            "arXiv search", "paper", progress=self.progress, total=checked.limit
        ) as bar:
            entries, report = self._pager.run(
                checked, page_size=page_size, expire_after=fresh, bar=bar
            )
        with gc_paused():
            papers = [paper_of_entry(entry.id, entry) for entry in entries]
        if not report.ok or report.note:
            warn(SearchWarning(report.summary()))
        return SearchCorpus(papers, report=report)

    @staticmethod
    def _repairs(
        requests: Requests, results: dict[str, Result]
    ) -> tuple[dict[int, Paper], list[Repair]]:
        """The DOI splits of the papers given that arXiv's entries explain (see `_repairs`)."""
        if not requests.papers:  # identifiers only: nothing listed to repair
            return {}, []
        listed = [requests.papers.get(position) for position in range(len(requests))]
        entries = [
            results[key].entry if key is not None and key in results else None
            for key in requests.keys
        ]
        return repair_splits(listed, entries)

    def _from_store(self, wanted: list[str], results: dict[str, Result]) -> list[str]:
        """Answer what the store knows; return the identifiers it could not."""
        if self._store is None:
            return wanted
        entries, absent = self._store.lookup(wanted)
        for key, entry in entries.items():
            results[key] = Result("cached", entry)
        for key in absent:
            results[key] = Result("not_found", reason="arXiv has no such paper (cached answer)")
        missing = [key for key in wanted if key not in results]
        log.info(
            "cache: %d entries, %d known absent, %d to ask arXiv for",
            len(entries),
            len(absent),
            len(missing),
        )
        return missing
