"""Counts a comment states: pages, figures, tables (`13 figure`, `23 page manuscript` too)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["find_counts"]

_COUNT_PATTERNS = {
    "pages": re.compile(r"(\d+)\s*(?:-\s*)?(?:pages?|pp)\b", re.IGNORECASE),
    "figures": re.compile(r"(\d+)\s*(?:-\s*)?(?:figures?|figs?)\b", re.IGNORECASE),
    "tables": re.compile(r"(\d+)\s*(?:-\s*)?tables?\b", re.IGNORECASE),
}


def find_counts(comments: str | None) -> dict[str, int | None]:
    """Pages, figures and tables a comment states (`13 figure` and `23 page manuscript` too).

    Examples:
        >>> find_counts("12 pages, 7 figures, 10 tables")
        {'pages': 12, 'figures': 7, 'tables': 10}
    """
    return dict(zip(_COUNT_PATTERNS, _counts(comments), strict=True))


@lru_cache(maxsize=4096)  # pages, figures and tables each ask for the same comments
def _counts(comments: str | None) -> tuple[int | None, ...]:
    if not comments:
        return (None,) * len(_COUNT_PATTERNS)
    found = (pattern.search(comments) for pattern in _COUNT_PATTERNS.values())
    return tuple(int(match.group(1)) if match else None for match in found)
