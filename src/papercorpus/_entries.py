"""An `Entry` (what a metadata source says about a paper) and how it merges into a Paper.

The enricher builds entries from the arXiv API, `load_sample()` from the bundled metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papercorpus.ids import ArxivId
from papercorpus.models import Author

if TYPE_CHECKING:
    from papercorpus.models import Paper

__all__ = ["Entry", "abstracts_disagree", "merge_entry"]


@dataclass(frozen=True, slots=True)
class Entry:
    """What the arXiv API says about one paper, in papercorpus's own types."""

    id: ArxivId  # with the latest version
    title: str
    authors: tuple[Author, ...]
    summary: str | None
    comment: str | None
    journal_ref: str | None
    doi: str | None
    primary_category: str | None
    categories: tuple[str, ...]
    published: dt.date | None
    updated: dt.date | None


_WORD = re.compile(r"[a-z]{4,}")
# Word-set overlap below which two abstracts are about different papers. The same abstract
# from a listing and from arXiv (LaTeX, hyphenation, versions aside) overlaps by 0.8 to 1;
# two unrelated abstracts of one field overlap by about 0.1.
_MIN_OVERLAP = 0.4


def abstracts_disagree(listing: str | None, api: str | None) -> bool:
    """Whether two abstracts are clearly of different papers (Jaccard overlap of words)."""
    if not listing or not api:
        return False
    ours = set(_WORD.findall(listing.lower()))
    theirs = set(_WORD.findall(api.lower()))
    if len(ours) < 5 or len(theirs) < 5:  # too short to judge
        return False
    return len(ours & theirs) / len(ours | theirs) < _MIN_OVERLAP


def merge_entry(paper: Paper, entry: Entry, *, overwrite: bool) -> Paper:
    """Fill `paper` from `entry`; fields the paper has are kept unless `overwrite`.

    The listing's `version` stays; `latest_version` records arXiv's newest.
    """
    api: dict[str, Any] = {
        "title": entry.title,
        "authors": entry.authors,
        "categories": entry.categories,
        "primary_category": entry.primary_category,
        "published": entry.published,
        "updated": entry.updated,
        "journal_ref": entry.journal_ref,
        "abstract": entry.summary,
        "comments": entry.comment,
        "doi": entry.doi,
        "created": entry.published,  # the date of the first version
    }
    update: dict[str, Any] = {"latest_version": entry.id.version}
    for name, value in api.items():
        if value in (None, (), ""):
            continue
        if overwrite or getattr(paper, name) in (None, ()):
            update[name] = value
    return type(paper).model_validate({**paper.model_dump(), **update})
