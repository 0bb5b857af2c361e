"""A search of the index as SQL: its conditions, its words and phrases, its dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from papercorpus.categories import check_categories
from papercorpus.parsing import parse_created
from papercorpus.snapshot._lookup import selected

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["as_date", "filters", "phrases", "search_query"]


def filters(
    categories: Iterable[str] | str | None,
    since: dt.date | str | None,
    until: dt.date | str | None,
) -> tuple[list[str], list[object]]:
    """SQL conditions and their parameters for categories and a date range."""
    conditions: list[str] = []
    parameters: list[object] = []
    if categories is not None:
        wanted = check_categories([categories] if isinstance(categories, str) else categories)
        conditions.append("list_has_any(categories, ?::VARCHAR[])")
        parameters.append(wanted)
    for bound, operator in ((since, ">="), (until, "<=")):
        if bound is not None:
            conditions.append(f"published {operator} ?")
            parameters.append(as_date(bound))
    return conditions, parameters


_PHRASE = re.compile(r'"([^"]*)"|(\S+)')


def phrases(text: str) -> list[str]:
    """The words and `"quoted phrases"` of a search text, each squashed; none empty."""
    found = (
        " ".join((quoted if quoted is not None else word).split())
        for quoted, word in ((m.group(1), m.group(2)) for m in _PHRASE.finditer(text))
    )
    return [phrase for phrase in found if phrase]


def as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    date, problem = parse_created(str(value).strip())
    if date is None or len(str(value).strip()) != 10:
        raise ValueError(f"expected a date as YYYY-MM-DD, found {value!r} ({problem or 'a time'})")
    return date


def search_query(  # noqa: PLR0913 (a search's terms, as `Snapshot.search` takes them)
    relation: str,
    text: str | None,
    *,
    categories: Iterable[str] | str | None,
    since: dt.date | str | None,
    until: dt.date | str | None,
    limit: int | None,
) -> tuple[str, list[object]]:
    """The SQL of a search of `relation` (the index's current rows), and its parameters.

    Raises:
        ValueError: a date that is not YYYY-MM-DD, an unknown category, a negative limit.
    """
    conditions, parameters = filters(categories, since, until)
    for phrase in phrases(text or ""):
        conditions.append("regexp_matches(coalesce(title, '') || ' ' || coalesce(abstract, ''), ?)")
        parameters.append(rf"(?i)(^|\W){re.escape(phrase)}($|\W)")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a whole number >= 0 or None, not {limit!r}")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    tail = " ORDER BY arxiv_id" + ("" if limit is None else f" LIMIT {int(limit)}")
    return selected(relation, where, tail), parameters
