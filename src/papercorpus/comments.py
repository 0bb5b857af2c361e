"""Typed facts from free-form arXiv comments: counts, venue, status, related identifiers.

The venue table is data: add a venue with `register_venue("MICCAI", r"MICCAI")`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from papercorpus.ids import match_id

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "VENUES",
    "Status",
    "Venue",
    "find_counts",
    "find_related_ids",
    "find_status",
    "find_venue",
    "register_venue",
]

Status = Literal["accepted", "published", "camera-ready", "submitted", "work in progress"]


@dataclass(frozen=True, slots=True)
class Venue:
    """A conference or journal: its display name and the patterns that name it in comments."""

    name: str
    pattern: re.Pattern[str]


def _venue(name: str, *aliases: str) -> Venue:
    # Aliases are regular expressions, matched case-sensitively for acronyms (so that
    # "acl" in a word is not ACL) and as whole words.
    alternatives = "|".join(aliases or (re.escape(name),))
    return Venue(name, re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])"))


#: Known venues, tried in order; the first whose pattern occurs earliest wins.
VENUES: list[Venue] = [
    _venue("CVPR"),
    _venue("ICCV"),
    _venue("ECCV"),
    _venue("NeurIPS", "NeurIPS", "NIPS", "[Nn]eural [Ii]nformation [Pp]rocessing [Ss]ystems"),
    _venue("ICML"),
    _venue("ICLR"),
    _venue("AAAI"),
    _venue("IJCAI"),
    _venue("NAACL", "NAACL(?:-HLT)?"),
    _venue("EMNLP"),
    _venue("ACL"),
    _venue("WACV"),
    _venue("ICASSP"),
    _venue("DCC", "DCC", "[Dd]ata [Cc]ompression [Cc]onference"),
    _venue(
        "ACM Multimedia",
        r"ACM\s+(?:MM|Multimedia)",
        r"ACM\s+International\s+Conference\s+on\s+Multimedia",
        r"ACMMM",
    ),
    _venue(
        "TPAMI",
        "T-?PAMI",
        r"(?:IEEE\s+)?Transactions\s+on\s+Pattern\s+Analysis\s+and\s+Machine\s+Intelligence",
    ),
    _venue(
        "IEEE T-CSVT",
        r"(?:IEEE\s+)?T-?CSVT",
        r"(?:IEEE\s+)?Transactions\s+on\s+Circuits\s+and\s+Systems\s+for\s+Video\s+Technology",
    ),
]


def register_venue(name: str, *aliases: str) -> None:
    """Add a venue to the table (aliases are regular expressions; default: the name).

    Examples:
        >>> register_venue("MICCAI")
        >>> find_venue("Accepted at MICCAI 2023")
        ('MICCAI', 2023)
        >>> _ = VENUES.pop()
    """
    VENUES.append(_venue(name, *aliases))
    find_venue.cache_clear()


_YEAR_AFTER = re.compile(r"[\s\-'’]*((?:19|20)\d\d|\d\d)(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@lru_cache(maxsize=4096)  # venue and venue_year both ask; the table clears it on change
def find_venue(comments: str | None) -> tuple[str | None, int | None]:
    """The venue a comment names first, and its year if one goes with it.

    Examples:
        >>> find_venue("Accpeted by CVPR 2021. The code is available at https://x.org")
        ('CVPR', 2021)
        >>> find_venue("WACV-2021. A better portrait segmentation")
        ('WACV', 2021)
    """
    if not comments:
        return None, None
    best: tuple[int, Venue, re.Match[str]] | None = None
    for venue in VENUES:
        match = venue.pattern.search(comments)
        if match is not None and (best is None or match.start() < best[0]):
            best = (match.start(), venue, match)
    if best is None:
        return None, None
    _, venue, match = best
    year = _YEAR_AFTER.match(comments, match.end())
    if year is not None:
        digits = year.group(1)
        return venue.name, int(digits) if len(digits) == 4 else 2000 + int(digits)
    sentence_end = comments.find(".", match.end())
    end = len(comments) if sentence_end < 0 else sentence_end
    nearby = _ANY_YEAR.search(comments, match.end(), end)
    return venue.name, int(nearby.group(1)) if nearby else None


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


_CAMERA_READY = re.compile(r"camera[\s-]*ready", re.IGNORECASE)
_PUBLISHED = re.compile(r"\bpublished\b|\bto appear\b|\bin press\b", re.IGNORECASE)
_SUBMITTED = re.compile(r"\bsubmitted\b|\bunder (?:review|submission)\b", re.IGNORECASE)
_IN_PROGRESS = re.compile(r"\bwork[\s-]+in[\s-]+progress\b|\bWIP\b|\bongoing work\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")


def _says_accepted(comments: str) -> bool:
    # Typos are common: "Accpeted", "Acceted", "accpted" all mean accepted.
    for word in _WORD.findall(comments.lower()):
        if word.startswith("ac") and 5 <= len(word) <= 10:
            ratio = difflib.SequenceMatcher(None, word, "accepted").ratio()
            if ratio >= 0.8 and not word.startswith(("access", "accura", "accumu", "accord")):
                return True
    return False


def find_status(comments: str | None) -> Status | None:
    """Where the paper stands, as its comment says: camera-ready, published, accepted...

    Examples:
        >>> find_status("Accpeted by CVPR 2021"), find_status("CVPR2021 camera ready version")
        ('accepted', 'camera-ready')
    """
    if not comments:
        return None
    checks: tuple[tuple[Status, Callable[[str], object]], ...] = (
        ("camera-ready", _CAMERA_READY.search),
        ("published", _PUBLISHED.search),
        ("accepted", _says_accepted),
        ("submitted", _SUBMITTED.search),
        ("work in progress", _IN_PROGRESS.search),
    )
    return next((status for status, check in checks if check(comments)), None)


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
