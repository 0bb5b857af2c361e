"""Where a paper stands, as its comment says: camera-ready, published, accepted..."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["STATUS_RULES", "Status", "StatusRule", "find_status"]

Status = Literal["accepted", "published", "camera-ready", "submitted", "work in progress"]

_CAMERA_READY = re.compile(r"camera[\s-]*ready", re.IGNORECASE)
_PUBLISHED = re.compile(r"\bpublished\b|\bto appear\b|\bin press\b", re.IGNORECASE)
_SUBMITTED = re.compile(r"\bsubmitted\b|\bunder (?:review|submission)\b", re.IGNORECASE)
_IN_PROGRESS = re.compile(r"\bwork[\s-]+in[\s-]+progress\b|\bWIP\b|\bongoing work\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")


def _says_accepted(comments: str) -> bool:
    # Typos are common: "Accpeted", "Acceted", "accpted" all mean accepted.
    return any(
        word.startswith("ac") and _means_accepted(word) for word in _WORD.findall(comments.lower())
    )


@lru_cache(maxsize=4096)  # the same few words come back in comment after comment
def _means_accepted(word: str) -> bool:
    import difflib  # noqa: PLC0415 (only comments that need it pay for its import)

    if not 5 <= len(word) <= 10 or word.startswith(("access", "accura", "accumu", "accord")):
        return False
    return difflib.SequenceMatcher(None, word, "accepted").ratio() >= 0.8


def find_status(comments: str | None) -> Status | None:
    """Where the paper stands, as its comment says: camera-ready, published, accepted...

    Examples:
        >>> find_status("Accpeted by CVPR 2021"), find_status("CVPR2021 camera ready version")
        ('accepted', 'camera-ready')
    """
    if not comments:
        return None
    # A check is skipped, at C speed, when no word it needs is there: most comments
    # ("12 pages, 5 figures") name no status. In ASCII text only: there, and only there,
    # matching case-insensitively is matching `lower()` (Unicode has the Kelvin sign).
    lower = comments.lower() if comments.isascii() else None
    for status, words, check in STATUS_RULES:
        if lower is not None:
            for word in words:  # a loop, not any(): a generator costs more than the check
                if word in lower:
                    break
            else:
                continue
        if check(comments):
            return status
    return None


class StatusRule(NamedTuple):
    """A status, the words one of which its check needs (lower case), and the check."""

    status: Status
    words: tuple[str, ...]
    check: Callable[[str], object]


STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule("camera-ready", ("ready",), _CAMERA_READY.search),
    StatusRule("published", ("published", "appear", "press"), _PUBLISHED.search),
    StatusRule("accepted", ("ac",), _says_accepted),
    StatusRule("submitted", ("submitted", "under"), _SUBMITTED.search),
    StatusRule("work in progress", ("progress", "wip", "ongoing"), _IN_PROGRESS.search),
)
"""The rules in order of precedence: `find_status` gives the first whose check passes.

It skips a rule when the comment is ASCII and holds none of the rule's words: no check
could pass then, so no answer changes.
"""
