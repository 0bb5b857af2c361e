"""`ArxivEnricher`: batched, cached, rate-limited, fault-tolerant lookups of arXiv metadata."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import Never, Self, Unpack

from papercorpus.corpus import Corpus
from papercorpus.enrichment import _arxiv, _http
from papercorpus.enrichment._options import (
    API_URL_ENV,
    DEFAULT_API_URL,
    DEFAULT_BATCH_SIZE,
    DEFAULT_CACHE,
    DEFAULT_DELAY_SECONDS,
    DEFAULT_EXPIRE_AFTER,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_BATCH_SIZE,
    MAX_URL_LENGTH,
    Default,
    EnrichOptions,
    default_cache_path,
)
from papercorpus.enrichment._report import EnrichmentReport, Outcome, Status, abstracts_disagree
from papercorpus.errors import Diagnostic, EnrichmentError
from papercorpus.ids import ArxivId
from papercorpus.models import Entry, Paper, merge_entry

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["ArxivEnricher", "EnrichedCorpus", "enrich"]

_CACHE_CHUNK = 1000  # identifiers read from the cache (and parsed) at a time


class EnrichedCorpus(Corpus):
    """The Corpus `enrich()` returns: its papers, and the `report` of what happened."""

    __slots__ = ("report",)

    def __init__(
        self,
        papers: Iterable[Paper],
        *,
        report: EnrichmentReport,
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        """Hold the enriched `papers` and the `report` of the run that made them."""
        super().__init__(papers, diagnostics=diagnostics)
        self.report = report
        """One outcome per requested identifier, in input order, and what the run cost."""


# What became of each identifier asked for: its status, arXiv's entry, and why.
_Results = dict[str, tuple[Status, Entry | None, str | None]]


@dataclass(slots=True)
class _Request:
    """One input item: its paper (None when invalid) and what was asked for."""

    requested: str
    paper: Paper | None
    reason: str | None = None


def _as_request(item: Paper | ArxivId | str) -> _Request:
    if isinstance(item, Paper):
        return _Request(str(item.identifier), item)
    text = str(item)
    try:
        identifier = ArxivId.parse(item)
    except ValueError as exc:
        return _Request(text, None, str(exc))
    return _Request(text, Paper(arxiv_id=identifier.base, version=identifier.version))


def _query_id(paper: Paper) -> str:
    # Old style with a subject class (math.GT/0309136): arXiv answers as math/0309136.
    return paper.identifier.canonical


def _progress_wanted(*, progress: bool | None) -> bool:
    if progress is not None:
        return progress
    return "ipykernel" in sys.modules or sys.stderr.isatty()


class ArxivEnricher:
    """Fills papers' titles, authors, categories and dates from the arXiv API.

    One request per `batch_size` identifiers; a per-identifier cache (requests-cache, SQLite)
    so that later runs over overlapping lists only ask for what is new; at least
    `delay_seconds` between requests that reach the server (across processes sharing the
    cache), and none for answers from the cache; retries with backoff for transient faults.

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
        batch_size: int = DEFAULT_BATCH_SIZE,
        delay_seconds: float = DEFAULT_DELAY_SECONDS,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | None = DEFAULT_TIMEOUT,
        offline: bool = False,
        overwrite: bool = False,
        progress: bool | None = None,
    ) -> None:
        """Set up the session, the cache and the rate limiter.

        Args:
            api_url: the query endpoint; default `PAPERCORPUS_ARXIV_API_URL`, else arXiv's.
            cache: path of the requests-cache SQLite file; `None` disables caching.
            expire_after: how long a cached answer stays fresh (seconds, or None: forever).
            batch_size: identifiers per request (at most 2000; long URLs are split further).
            delay_seconds: the least time between two requests that reach the server.
            max_retries: retries of a request after a transient fault (429, 5xx, timeout...).
            timeout: seconds to wait for the server (None: forever, as `arxiv` would).
            offline: answer from the cache only; uncached identifiers are reported failed.
            overwrite: let arXiv's values replace the listing's own (abstract, DOI...).
            progress: show a tqdm progress bar (default: in notebooks and terminals).

        Raises:
            EnrichmentError: an option is out of range, or the cache cannot be opened.
        """
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise EnrichmentError(f"batch_size must be 1 to {MAX_BATCH_SIZE}, not {batch_size}")
        if delay_seconds < 0 or max_retries < 0:
            raise EnrichmentError("delay_seconds and max_retries cannot be negative")
        self.api_url = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
        self.batch_size = batch_size
        self.delay_seconds = delay_seconds
        self.max_retries = max_retries
        self.expire_after = expire_after
        self.offline = offline
        self.overwrite = overwrite
        self.progress = progress
        self.cache_path = default_cache_path() if cache is DEFAULT_CACHE else cache
        try:
            self._session = self._make_session(timeout)
        except OSError as exc:
            raise EnrichmentError(f"cannot open the cache at {self.cache_path}: {exc}") from exc
        self._client = _arxiv.make_client(self._session, self.api_url)

    def _make_session(self, timeout: float | None) -> _http.NetworkSession:
        if self.cache_path is None or isinstance(self.cache_path, Default):
            return _http.NetworkSession(_http.RateLimiter(self.delay_seconds), timeout)
        path = Path(self.cache_path)
        # The limiter's schedule sits beside the cache: every process using this cache
        # directory (several notebook kernels, say) shares one rate limit.
        limiter = _http.RateLimiter(self.delay_seconds, path.with_name(path.name + ".ratelimit"))
        return _http.cached_session(path, self.expire_after, limiter, timeout)

    @property
    def _cached_session(self) -> _http.CachedNetworkSession | None:
        session = self._session
        return session if isinstance(session, _http.CachedNetworkSession) else None

    def close(self) -> None:
        """Close the HTTP session and the cache file."""
        self._session.close()

    def __enter__(self) -> Self:
        """Use as a context manager that closes the session on exit."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the session."""
        self.close()

    # -- the run ---------------------------------------------------------------------------

    def enrich(
        self, items: Corpus | Iterable[Paper | ArxivId | str] | Paper | ArxivId | str
    ) -> EnrichedCorpus:
        """Return a new Corpus of the given papers, filled from arXiv, in input order.

        `items` may be a Corpus, Papers, or identifiers in any form `ArxivId` accepts.
        The input is never modified. `Corpus.report` tells what happened to each item;
        invalid identifiers are reported and left out of the corpus. Ctrl-C stops the run;
        every batch finished before it is in the cache, so the next run resumes.
        """
        started = time.monotonic()
        sent_before = self._session.requests_sent
        if isinstance(items, (str, ArxivId, Paper)):  # one identifier, not its characters
            items = [items]
        requests = [_as_request(item) for item in items]
        wanted: dict[str, Paper] = {}
        for request in requests:
            if request.paper is not None:
                wanted.setdefault(_query_id(request.paper), request.paper)
        results: _Results = {}
        with self._progress_bar(len(wanted)) as bar:
            missing = self._from_cache(list(wanted), results, bar)
            if missing and self.offline:
                for query_id in missing:
                    results[query_id] = ("failed", None, "offline and not in the cache")
            elif missing:
                bar.reset(total=len(missing))
                for batch in self._batches(missing):
                    self._run_batch(batch, results)
                    bar.update(len(batch))
        outcomes, papers = self._assemble(requests, results)
        report = EnrichmentReport(
            tuple(outcomes),
            requests=self._session.requests_sent - sent_before,
            seconds=time.monotonic() - started,
        )
        diagnostics = items.diagnostics if isinstance(items, Corpus) else ()
        return EnrichedCorpus(papers, diagnostics=diagnostics, report=report)

    @contextmanager
    def _progress_bar(self, total: int) -> Iterator[tqdm[Never]]:
        from tqdm.auto import tqdm  # noqa: PLC0415 (only runs that show a bar need it)

        bar = tqdm(
            total=total,
            desc="arXiv",
            unit="paper",
            disable=not _progress_wanted(progress=self.progress),
            file=sys.stderr,
            leave=False,
        )
        try:
            yield bar
        finally:
            bar.close()

    def _from_cache(
        self,
        query_ids: list[str],
        results: _Results,
        bar: tqdm[Never],
    ) -> list[str]:
        """Answer what the cache can, without a request; return the identifiers it could not."""
        session = self._cached_session
        if session is None:
            return query_ids
        session.cache_only = True
        try:
            for start in range(0, len(query_ids), _CACHE_CHUNK):
                chunk = query_ids[start : start + _CACHE_CHUNK]
                for entry in _arxiv.fetch(self._client, chunk):
                    results[entry.id.canonical] = ("cached", entry, None)
                bar.update(len(chunk))
        finally:
            session.cache_only = False
        return [query_id for query_id in query_ids if query_id not in results]

    def _batches(self, query_ids: list[str]) -> Iterator[list[str]]:
        """Cut identifiers into batches of `batch_size`, shorter where the URL would be long."""
        for start in range(0, len(query_ids), self.batch_size):
            batch = query_ids[start : start + self.batch_size]
            while batch:
                size = len(batch)
                while (
                    size > 1 and len(_arxiv.query_url(self._client, batch[:size])) > MAX_URL_LENGTH
                ):
                    size //= 2
                yield batch[:size]
                batch = batch[size:]

    def _run_batch(self, batch: list[str], results: _Results) -> None:
        """Fetch one batch with retries; record an outcome for each of its identifiers."""
        pending = list(batch)
        attempt = 0
        while pending:
            try:
                entries = _arxiv.fetch(self._client, pending)
            except _http.BadRequestError as exc:
                pending = self._after_bad_request(pending, exc, results)
                continue
            except _http.TransientError as exc:
                attempt += 1
                if attempt > self.max_retries:
                    if exc.reason == "empty feed":
                        # Retried and still empty: arXiv has none of these papers.
                        reason = f"no entry in {attempt} answers"
                        for query_id in pending:
                            results[query_id] = ("not_found", None, reason)
                    else:
                        reason = f"{exc.reason} after {attempt} attempts"
                        for query_id in pending:
                            results[query_id] = ("failed", None, reason)
                    return
                self._session.limiter.defer(self._backoff(attempt, exc.retry_after))
                continue
            except (_http.FatalHTTPError, _arxiv.HTTPError) as exc:
                reason = exc.reason if isinstance(exc, _http.FatalHTTPError) else str(exc)
                for query_id in pending:
                    results[query_id] = ("failed", None, reason)
                return
            self._keep(pending, entries, results)
            return

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        backoff = self.delay_seconds * 2.0 ** (attempt - 1)
        return max(backoff, retry_after or 0.0)

    def _after_bad_request(
        self,
        pending: list[str],
        exc: _http.BadRequestError,
        results: _Results,
    ) -> list[str]:
        """Drop the identifier arXiv blamed, or split the batch; return what is left to ask."""
        culprit = exc.culprit
        if culprit is not None:
            for query_id in pending:
                if query_id == culprit:
                    results[query_id] = (
                        "invalid",
                        None,
                        f"arXiv: incorrect id format for {culprit}",
                    )
                    return [q for q in pending if q != query_id]
        if len(pending) == 1:
            results[pending[0]] = ("invalid", None, f"arXiv rejected it ({exc.reason})")
            return []
        # Nobody named (or a 414): ask for each half on its own.
        half = len(pending) // 2
        self._run_batch(pending[:half], results)
        return pending[half:]

    def _keep(
        self,
        pending: list[str],
        entries: list[Entry],
        results: _Results,
    ) -> None:
        """Record the entries of a good answer; cache each one under its identifier."""
        by_id = {entry.id.canonical: entry for entry in entries}
        for query_id in pending:
            entry = by_id.get(query_id)
            if entry is None:
                results[query_id] = ("not_found", None, "no entry in arXiv's answer")
            else:
                results[query_id] = ("enriched", entry, None)
        session = self._cached_session
        response = self._session.last_response
        # A one-identifier answer is cached by requests-cache itself, under that identifier.
        if session is not None and response is not None and len(pending) > 1:
            pieces = _arxiv.split_feed(response.content)
            _http.store(session, pieces, response, self.expire_after)

    def _assemble(
        self,
        requests: list[_Request],
        results: _Results,
    ) -> tuple[list[Outcome], list[Paper]]:
        outcomes: list[Outcome] = []
        papers: list[Paper] = []
        for request in requests:
            paper = request.paper
            if paper is None:
                outcomes.append(Outcome(request.requested, None, "invalid", request.reason))
                continue
            status, entry, reason = results[_query_id(paper)]
            mismatch = False
            if entry is not None:
                mismatch = abstracts_disagree(paper.abstract, entry.summary)
                paper = merge_entry(paper, entry, overwrite=self.overwrite)
            papers.append(paper)
            outcomes.append(
                Outcome(
                    request.requested,
                    paper.arxiv_id,
                    status,
                    reason,
                    abstract_mismatch=mismatch,
                    latest_version=entry.id.version if entry else None,
                )
            )
        return outcomes, papers


def enrich(
    items: Corpus | Iterable[Paper | ArxivId | str] | Paper | ArxivId | str,
    **options: Unpack[EnrichOptions],
) -> EnrichedCorpus:
    """Enrich papers or identifiers from the arXiv API; see `ArxivEnricher` for the options.

    Returns a new Corpus in input order, with `.report` telling what happened to each item.

    Raises:
        EnrichmentError: an option is out of range, or the cache cannot be opened.
    """
    with ArxivEnricher(**options) as enricher:
        return enricher.enrich(items)
