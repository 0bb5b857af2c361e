"""`enrich()` and `search()`: one run of an `ArxivEnricher`, opened and closed around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from papercorpus.enrichment._enricher import ArxivEnricher
from papercorpus.enrichment._options import EnrichOptions, SearchOptions
from papercorpus.enrichment._query import DEFAULT_PAGE_SIZE, DEFAULT_SEARCH_EXPIRE_AFTER, UNSET

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    import arxiv

    from papercorpus.enrichment._enricher import Items
    from papercorpus.enrichment._query import SortBy, SortOrder, Unset
    from papercorpus.enrichment._results import EnrichedCorpus, SearchCorpus

__all__ = ["enrich", "search"]


def enrich(items: Items, **options: Unpack[EnrichOptions]) -> EnrichedCorpus:
    """Enrich papers or identifiers from the arXiv API; see `ArxivEnricher` for the options.

    Returns a new Corpus in input order, with `.report` telling what happened to each item.
    A single string is one identifier.

    Raises:
        EnrichmentError: an option is out of range, or the cache cannot be used.
    """
    with ArxivEnricher(**options) as enricher:
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
    **options: Unpack[SearchOptions],
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
        **options: the transport options of `ArxivEnricher` (`cache`, `delay_seconds`,
            `max_retries`, `timeout`, `offline`, `progress`, ...).

    Fewer results than expected is never silent: `report.reason` says why and a
    `SearchWarning` is issued.

    Raises:
        EnrichmentError: a bad argument, an unusable cache, or a query arXiv refuses.
    """
    with ArxivEnricher(**options) as enricher:
        return enricher.search(
            query,
            max_results=max_results,
            sort_by=sort_by,
            sort_order=sort_order,
            id_list=id_list,
            page_size=page_size,
            expire_after=expire_after,
        )
