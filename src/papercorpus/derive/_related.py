"""ArXiv identifiers a comment names: admin notes, companion papers."""

from __future__ import annotations

import re

from papercorpus.ids import match_id

__all__ = ["find_related_ids"]

_ARXIV_REFERENCE = re.compile(r"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)


def find_related_ids(comments: str | None, own: str | None = None) -> list[str]:
    """ArXiv identifiers a comment names (admin notes, companion papers), in order, once.

    Examples:
        >>> find_related_ids("arXiv admin note: text overlap with arXiv:1907.08769")
        ['1907.08769']
    """
    found: dict[str, None] = {}
    for marker in _ARXIV_REFERENCE.finditer(comments or ""):
        match = match_id(comments or "", marker.end())
        if match is not None and match.id is not None and match.id.base != own:
            found.setdefault(match.id.base, None)
    return list(found)
