"""ArXiv identifiers a comment names: admin notes, companion papers."""

from __future__ import annotations

import re

from papercorpus.ids import match_id

__all__ = ["find_related_ids"]

_ARXIV_REFERENCE = re.compile(r"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
# A bare new-style identifier: `YYMM.` at a word start, not inside a DOI (`10.1234/2104.1`),
# a dotted number (`1.2104.12369`) or a longer number (`12104.12369`).
_BARE = re.compile(r"(?<![\w./:-])[0-9]{4}\.[0-9]")


def find_related_ids(comments: str | None, own: str | None = None) -> list[str]:
    """ArXiv identifiers a comment names (admin notes, companion papers), in order, once.

    `arXiv:`-prefixed and URL forms count, and so do bare new-style identifiers that follow
    arXiv's scheme exactly and stand alone ("companion paper 1905.01234"), as arXiv itself
    links them.

    Examples:
        >>> find_related_ids("arXiv admin note: text overlap with arXiv:1907.08769")
        ['1907.08769']
        >>> find_related_ids("companion paper 1905.01234; see DOI 10.1109/TCAD.2020.3043328")
        ['1905.01234']
    """
    text = comments or ""
    found: dict[int, str] = {}
    for marker in _ARXIV_REFERENCE.finditer(text):
        match = match_id(text, marker.end())
        if match is not None and match.id is not None:
            found[marker.start()] = match.id.base
    for candidate in _BARE.finditer(text):
        match = match_id(text, candidate.start())
        after = text[match.end : match.end + 1] if match is not None else ""
        if match is not None and match.id is not None and not (after.isalnum() or after == "/"):
            found[candidate.start()] = match.id.base
    if not found:
        return []
    ordered = (base for _, base in sorted(found.items()))
    return [base for base in dict.fromkeys(ordered) if base != own]
