"""Venues: the conferences and journals comments name, and the year that goes with them.

The venue table is data: add a venue with `register_venue("MICCAI", r"MICCAI")`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["VENUES", "Venue", "find_venue", "register_venue"]


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
