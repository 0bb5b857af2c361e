"""`enrich()` and `search()`: one run of an `ArxivEnricher`, opened and closed around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercorpus._options import (
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
)
from papercorpus.enrichment._enricher import ArxivEnricher
from papercorpus.enrichment._query import DEFAULT_PAGE_SIZE, DEFAULT_SEARCH_EXPIRE_AFTER, UNSET

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Iterable

    import arxiv

    from papercorpus.enrichment._enricher import Items
    from papercorpus.enrichment._query import SortBy, SortOrder, Unset
    from papercorpus.enrichment._results import EnrichedCorpus, SearchCorpus
    from papercorpus.snapshot import Snapshot

__all__ = ["enrich", "search"]


def enrich(  # noqa: PLR0913 (every option of the run, each a keyword with its default)
    items: Items,
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
) -> EnrichedCorpus:
    """Enrich papers or identifiers from the arXiv API (or a snapshot index).

    Returns a new Corpus in input order, with `.report` telling what happened to each item.
    A single string is one identifier. The options are `ArxivEnricher`'s, where each is
    described; `PAPERCORPUS_ARXIV_API_URL` and `PAPERCORPUS_CACHE` set the endpoint and the
    cache for every run.

    Raises:
        EnrichmentError: an option is out of range, or the cache cannot be used.
    """
    with ArxivEnricher(
        api_url=api_url,
        cache=cache,
        expire_after=expire_after,
        not_found_expire_after=not_found_expire_after,
        batch_size=batch_size,
        delay_seconds=delay_seconds,
        max_retries=max_retries,
        timeout=timeout,
        max_answer_bytes=max_answer_bytes,
        max_wait=max_wait,
        offline=offline,
        overwrite=overwrite,
        progress=progress,
        snapshot=snapshot,
    ) as enricher:
        return enricher.enrich(items)


def search(  # noqa: PLR0913 (arXiv's search parameters, each a keyword)
    query: str | arxiv.Search,
    *,
    max_results: int | Unset | None = UNSET,
    sort_by: SortBy | arxiv.SortCriterion | Unset = UNSET,
    sort_order: SortOrder | arxiv.SortOrder | Unset = UNSET,
    id_list: Iterable[str] | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    expire_after: float | dt.timedelta | None = DEFAULT_SEARCH_EXPIRE_AFTER,
    api_url: str | None = None,
    cache: str | os.PathLike[str] | Default | None = DEFAULT_CACHE,
    delay_seconds: float = DEFAULT_DELAY_SECONDS,
    max_retries: int = DEFAULT_MAX_RETRIES,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    max_wait: float = DEFAULT_MAX_WAIT,
    offline: bool = False,
    progress: bool | None = None,
) -> SearchCorpus:
    """Search arXiv; return the papers found, in arXiv's order, with a `.report`.

    Args:
        query: text in arXiv's query syntax (`ti:`, `au:`, `abs:`, `cat:`, `all:`, `AND`,
            `OR`, `ANDNOT`, parentheses, quoted phrases, `submittedDate:[A TO B]`), or an
            `arxiv.Search` (its query, id_list, max_results, sort_by and sort_order are
            used; a keyword given here wins).
        max_results: how many results at most (100; None: every result, up to arXiv's
            cap of 30,000 a query).
        sort_by: `"relevance"` (default), `"lastUpdatedDate"`, `"submittedDate"`, or an
            `arxiv.SortCriterion`.
        sort_order: `"descending"` (default), `"ascending"`, or an `arxiv.SortOrder`.
        id_list: search among these papers only.
        page_size: results a request (1000; at most 2000, arXiv's limit).
        expire_after: how long a page of results is reused from the cache (an hour; new
            papers arrive daily); seconds, a timedelta, or None for ever.
        api_url: the query endpoint (`PAPERCORPUS_ARXIV_API_URL`, else arXiv's).
        cache: the SQLite cache file, shared with `enrich` (`PAPERCORPUS_CACHE`, else the
            user cache directory); None for none.
        delay_seconds: the least time between requests, across processes on the cache (3).
        max_retries: retries of a page after a transient fault (3).
        timeout: seconds for a whole request (30).
        max_answer_bytes: the most an answer may hold, decoded (64 MiB).
        max_wait: the longest pause for a Retry-After or the shared rate limit (600 s);
            past it the search stops, and its report says why.
        offline: answer from the cache only.
        progress: show a progress bar (default: in notebooks and terminals).

    Fewer results than expected is never silent: `report.reason` says why and a
    `SearchWarning` is issued.

    Raises:
        EnrichmentError: a bad argument, an unusable cache, or a query arXiv refuses.
    """
    with ArxivEnricher(
        api_url=api_url,
        cache=cache,
        delay_seconds=delay_seconds,
        max_retries=max_retries,
        timeout=timeout,
        max_answer_bytes=max_answer_bytes,
        max_wait=max_wait,
        offline=offline,
        progress=progress,
    ) as enricher:
        return enricher.search(
            query,
            max_results=max_results,
            sort_by=sort_by,
            sort_order=sort_order,
            id_list=id_list,
            page_size=page_size,
            expire_after=expire_after,
        )
