"""A search as arXiv's API takes it: query text, identifiers, how many, in what order.

The vocabulary is the `arxiv` package's: an `arxiv.Search`, `arxiv.SortCriterion` and
`arxiv.SortOrder` (or their values as text) are read as they are; arXiv's documented
limits (2,000 results a request, 30,000 a query) live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import urlencode

from papercorpus._options import MAX_URL_LENGTH
from papercorpus.errors import EnrichmentError
from papercorpus.ids import ArxivId

if TYPE_CHECKING:
    from collections.abc import Iterable

    import arxiv

__all__ = [
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_SEARCH_EXPIRE_AFTER",
    "MAX_PAGE_SIZE",
    "MAX_RESULTS",
    "UNSET",
    "Query",
    "SortBy",
    "SortOrder",
    "Unset",
    "make_query",
]

SortBy = Literal["relevance", "lastUpdatedDate", "submittedDate"]
SortOrder = Literal["ascending", "descending"]

#: arXiv's API serves at most this many results of one query, however it is paged.
MAX_RESULTS: Final = 30_000
#: arXiv's API answers at most this many results a request.
MAX_PAGE_SIZE: Final = 2_000
#: Results a request by default: few requests, answers well within the 30 s deadline.
DEFAULT_PAGE_SIZE: Final = 1_000
#: Results of a search by default, as in the `arxiv` package (the report says how many exist).
DEFAULT_MAX_RESULTS: Final = 100
#: How long a page of search results is reused from the cache: arXiv announces new papers
#: once a day, and a search rerun within the hour is most often the same question again.
DEFAULT_SEARCH_EXPIRE_AFTER: Final = dt.timedelta(hours=1)
_MAX_QUERY_LENGTH = 4_000  # characters: arXiv answers 414 well before a URL this long


class Unset:
    """The marker of an option not given (so an `arxiv.Search`'s own value holds)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


@dataclass(frozen=True, slots=True)
class Query:
    """One search, checked: arXiv's query text, identifiers, how many, in what order."""

    text: str
    id_list: tuple[str, ...]
    max_results: int | None
    sort_by: SortBy
    sort_order: SortOrder

    @property
    def limit(self) -> int:
        """The most results this search can give: `max_results`, within arXiv's cap."""
        return MAX_RESULTS if self.max_results is None else min(self.max_results, MAX_RESULTS)

    def url(self, api_url: str, start: int, size: int) -> str:
        """The URL of one page, with the parameters arXiv's API documents."""
        params = {
            "search_query": self.text,
            "id_list": ",".join(self.id_list),
            "sortBy": self.sort_by,
            "sortOrder": self.sort_order,
            "start": start,
            "max_results": size,
        }
        return f"{api_url}?{urlencode(params)}"


def _vocabulary(kind: type[arxiv.SortCriterion | arxiv.SortOrder]) -> dict[str, str]:
    return {member.value.lower(): member.value for member in kind}


def _sort_value(value: object, kind: type[arxiv.SortCriterion | arxiv.SortOrder], name: str) -> str:
    """The API's word for a sort option given as an `arxiv` enum member or its value."""
    words = _vocabulary(kind)
    if isinstance(value, kind):
        return str(value.value)
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    choices = ", ".join(repr(word) for word in words.values())
    raise EnrichmentError(
        f"{name} must be one of {choices} or arxiv.{kind.__name__}, not {value!r}"
    )


def _max_results(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise EnrichmentError(f"max_results must be a whole number >= 0 or None, not {value!r}")
    return value


def _id_list(ids: Iterable[object]) -> tuple[str, ...]:
    try:
        return tuple(str(ArxivId.parse(str(item))) for item in ids)
    except ValueError as exc:
        raise EnrichmentError(f"id_list: {exc}") from None


def make_query(
    query: str | arxiv.Search,
    *,
    max_results: int | Unset | None = UNSET,
    sort_by: str | arxiv.SortCriterion | Unset = UNSET,
    sort_order: str | arxiv.SortOrder | Unset = UNSET,
    id_list: Iterable[str] | None = None,
) -> Query:
    """Check a search: text in arXiv's syntax or an `arxiv.Search`; keywords given win.

    Raises:
        EnrichmentError: a value arXiv's API has no word for, or nothing to search.
    """
    import arxiv  # noqa: PLC0415 (its vocabulary is needed only when a search runs)

    if isinstance(query, arxiv.Search):
        text, ids = query.query, list(query.id_list or ())
        given_max, given_by, given_order = query.max_results, query.sort_by, query.sort_order
    elif isinstance(query, str):
        text, ids = query, []
        given_max, given_by, given_order = (
            DEFAULT_MAX_RESULTS,
            arxiv.SortCriterion.Relevance,
            arxiv.SortOrder.Descending,
        )
    else:
        raise EnrichmentError(
            f"a query is text in arXiv's syntax or an arxiv.Search, not {type(query).__name__}"
        )
    text = " ".join(text.split())
    ids.extend(id_list or ())
    if not text and not ids:
        raise EnrichmentError(
            "nothing to search for: give a query in arXiv's syntax "
            "(ti:, au:, abs:, cat:, all:, AND, OR, ANDNOT) or identifiers"
        )
    if len(text) > _MAX_QUERY_LENGTH:
        raise EnrichmentError(
            f"a query of {len(text):,} characters is too long for arXiv's API "
            f"(at most {_MAX_QUERY_LENGTH:,})"
        )
    checked = Query(
        text=text,
        id_list=_id_list(ids),
        max_results=_max_results(given_max if isinstance(max_results, Unset) else max_results),
        sort_by=_sort_value(  # type: ignore[arg-type]
            given_by if isinstance(sort_by, Unset) else sort_by, arxiv.SortCriterion, "sort_by"
        ),
        sort_order=_sort_value(  # type: ignore[arg-type]
            given_order if isinstance(sort_order, Unset) else sort_order,
            arxiv.SortOrder,
            "sort_order",
        ),
    )
    if len(checked.url("", 0, 0)) > MAX_URL_LENGTH:
        raise EnrichmentError(
            f"the query and its identifiers make a URL longer than {MAX_URL_LENGTH:,} "
            "characters, which arXiv refuses: search for fewer identifiers at a time"
        )
    return checked
