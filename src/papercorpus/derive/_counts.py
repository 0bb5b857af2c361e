"""Counts a comment states: pages, figures, tables (`13 figure`, `23 page manuscript` too)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["count_values", "find_counts"]

# One scan for all three. A count starts where a number starts (`(?<![0-9][0-9])` after
# its first digit), so a run of digits is read once, not once from each of its digits
# (quadratic in the run's length); the pattern opens with a digit, so the scan skips to
# digits at C speed.
_COUNT = re.compile(
    r"(?P<number>[0-9](?<![0-9][0-9])[0-9]*)\s*(?:-\s*)?"
    r"(?i:(?P<pages>pages?|pp)|(?P<figures>figures?|figs?)|(?P<tables>tables?))\b"
)
_KINDS = ("pages", "figures", "tables")


def find_counts(comments: str | None) -> dict[str, int | None]:
    """Pages, figures and tables a comment states (`13 figure` and `23 page manuscript` too).

    Examples:
        >>> find_counts("12 pages, 7 figures, 10 tables")
        {'pages': 12, 'figures': 7, 'tables': 10}
    """
    return dict(zip(_KINDS, count_values(comments), strict=True))


@lru_cache(maxsize=4096)  # comments repeat ("10 pages, 5 figures") across papers
def count_values(comments: str | None) -> tuple[int | None, ...]:
    """`find_counts` as a tuple: pages, figures, tables."""
    if not comments:
        return _NONE
    found: dict[str | None, int] = {}
    for match in _COUNT.finditer(comments):
        number = match.group(1)
        # No count has ten digits (and int() refuses thousands of them).
        if len(number) < 10:
            found.setdefault(match.lastgroup, int(number))  # the first count of a kind
    return (found.get("pages"), found.get("figures"), found.get("tables"))


_NONE: tuple[int | None, ...] = (None, None, None)
