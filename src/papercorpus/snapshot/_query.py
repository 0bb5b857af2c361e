"""A search of the index as SQL: its conditions, its words and phrases, its dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from papercorpus.categories import check_categories
from papercorpus.parsing import parse_created

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["as_date", "filters", "phrases"]


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
