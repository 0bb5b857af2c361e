"""Venues: the conferences and journals comments name, and the year that goes with them.

The venue table `VENUES` is an immutable tuple, so that `Paper.venue` is a pure function
of the paper: two equal papers always have the same venue, whenever it is asked. To
recognise more venues in your own analysis, pass a table of your own to `find_venue`:
`find_venue(paper.comments, venues=(*VENUES, Venue.of("MICCAI")))`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["VENUES", "Venue", "find_venue"]


_BEFORE, _AFTER = "(?<![A-Za-z])(?:", ")(?![A-Za-z])"  # a whole word, around aliases


@dataclass(frozen=True, slots=True)
class Venue:
    """A conference or journal: its display name and the patterns that name it in comments."""

    name: str
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, name: str, *aliases: str) -> Venue:
        """A venue named `name`, found by its aliases (regular expressions; default: the name).

        Aliases match case-sensitively (so that "acl" in a word is not ACL) and as whole
        words.

        Examples:
            >>> find_venue("Accepted at MICCAI 2023", venues=(Venue.of("MICCAI"),))
            ('MICCAI', 2023)
        """
        alternatives = "|".join(aliases or (re.escape(name),))
        return cls(name, re.compile(f"{_BEFORE}{alternatives}{_AFTER}"))


_venue = Venue.of

#: Known venues, tried in order; the first whose pattern occurs earliest wins. A tuple:
#: derived values never change under a paper. Every alias starts with a plain character,
#: which lets the search skip at C speed (`_one_pattern`).
VENUES: tuple[Venue, ...] = (
    _venue("CVPR"),
    _venue("ICCV"),
    _venue("ECCV"),
    _venue(
        "NeurIPS",
        "NeurIPS",
        "NIPS",
        "Neural [Ii]nformation [Pp]rocessing [Ss]ystems",
        "neural [Ii]nformation [Pp]rocessing [Ss]ystems",
    ),
    _venue("ICML"),
    _venue("ICLR"),
    _venue("AAAI"),
    _venue("IJCAI"),
    _venue("NAACL", "NAACL(?:-HLT)?"),
    _venue("EMNLP"),
    _venue("ACL"),
    _venue("WACV"),
    _venue("ICASSP"),
    _venue("DCC", "DCC", "Data [Cc]ompression [Cc]onference", "data [Cc]ompression [Cc]onference"),
    _venue(
        "ACM Multimedia",
        r"ACM\s+(?:MM|Multimedia)",
        r"ACM\s+International\s+Conference\s+on\s+Multimedia",
        r"ACMMM",
    ),
    _venue(
        "TPAMI",
        "T-?PAMI",
        r"IEEE\s+Transactions\s+on\s+Pattern\s+Analysis\s+and\s+Machine\s+Intelligence",
        r"Transactions\s+on\s+Pattern\s+Analysis\s+and\s+Machine\s+Intelligence",
    ),
    _venue(
        "IEEE T-CSVT",
        r"IEEE\s+T-?CSVT",
        r"T-?CSVT",
        r"IEEE\s+Transactions\s+on\s+Circuits\s+and\s+Systems\s+for\s+Video\s+Technology",
        r"Transactions\s+on\s+Circuits\s+and\s+Systems\s+for\s+Video\s+Technology",
    ),
)


_YEAR_AFTER = re.compile(r"[\s\-'’]*((?:19|20)\d\d|\d\d)(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def find_venue(
    comments: str | None, venues: tuple[Venue, ...] | None = None
) -> tuple[str | None, int | None]:
    """The venue a comment names first, and its year if one goes with it.

    `venues` is the table to look in (default: `VENUES`).

    Examples:
        >>> find_venue("Accpeted by CVPR 2021. The code is available at https://x.org")
        ('CVPR', 2021)
        >>> find_venue("WACV-2021. A better portrait segmentation")
        ('WACV', 2021)
    """
    if not comments:
        return None, None
    return _known_venue(comments) if venues is None else _venue_in(comments, venues)


@lru_cache(maxsize=4096)  # comments repeat ("Accepted by CVPR 2021"); the table never changes
def _known_venue(comments: str) -> tuple[str | None, int | None]:
    return _venue_in(comments, VENUES)


@lru_cache(maxsize=64)
def _one_pattern(venues: tuple[Venue, ...]) -> tuple[re.Pattern[str], bool]:
    """All the venues' patterns as one, scanned once rather than once a venue.

    The flag says whether the pattern leaves the venue's guards to the caller (`_find`).
    Its leftmost match is the venue named first, and at one place the alternatives are
    tried in table order, as the table says.

    When every pattern is a `Venue.of` one, the pattern is their aliases alone, with no
    group and no guard before them: when every alias starts with a plain character, the
    engine skips at C speed to the characters a name can start with (`VENUES` is written
    so). Which venue it found is then asked of the venues in turn, at
    that place only.
    """
    patterns = [venue.pattern for venue in venues]
    if all(
        p.pattern.startswith(_BEFORE) and p.pattern.endswith(_AFTER) and not p.flags & re.IGNORECASE
        for p in patterns
    ):
        inner = "|".join(p.pattern[len(_BEFORE) : -len(_AFTER)] for p in patterns)
        return re.compile(f"(?:{inner}{_AFTER}"), True
    groups = (f"(?P<papercorpus_venue_{i}>{_scoped(p)})" for i, p in enumerate(patterns))
    return re.compile("|".join(groups)), False


_DEFAULT_PATTERN: list[tuple[re.Pattern[str], bool]] = []  # `VENUES`' own, made on first use


def _find(comments: str, venues: tuple[Venue, ...]) -> tuple[Venue, int] | None:
    """The venue the comment names first, and where its name ends."""
    if venues is VENUES:  # the usual table: no hashing of 17 venues to find its pattern
        if not _DEFAULT_PATTERN:
            _DEFAULT_PATTERN.append(_one_pattern(VENUES))
        pattern, unguarded = _DEFAULT_PATTERN[0]
    else:
        pattern, unguarded = _one_pattern(venues)
    if not unguarded:
        match = pattern.search(comments)
        if match is None:
            return None
        # The venue is the group that matched (an alias may hold groups of its own).
        name = next(key for key, value in match.groupdict().items() if value is not None)
        return venues[int(name.rpartition("_")[2])], match.end()
    position = 0
    while (match := pattern.search(comments, position)) is not None:
        start = match.start()
        # The first venue whose own pattern, guards and all, is there: the table's order.
        for venue in venues:
            found = venue.pattern.match(comments, start)
            if found is not None:
                return venue, found.end()
        position = start + 1  # a name inside a word: look on
    return None


def _scoped(pattern: re.Pattern[str]) -> str:
    # A pattern's own flags (a Venue made with re.IGNORECASE) apply to its part alone.
    letters = "".join(
        letter
        for flag, letter in ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
        if pattern.flags & flag
    )
    return f"(?{letters}:{pattern.pattern})" if letters else pattern.pattern


def _venue_in(comments: str, venues: tuple[Venue, ...]) -> tuple[str | None, int | None]:
    found = _find(comments, venues)
    if found is None:
        return None, None
    venue, end = found
    year = _YEAR_AFTER.match(comments, end)
    if year is not None:
        digits = year.group(1)
        return venue.name, int(digits) if len(digits) == 4 else 2000 + int(digits)
    sentence_end = comments.find(".", end)
    stop = len(comments) if sentence_end < 0 else sentence_end
    nearby = _ANY_YEAR.search(comments, end, stop)
    return venue.name, int(nearby.group(1)) if nearby else None
