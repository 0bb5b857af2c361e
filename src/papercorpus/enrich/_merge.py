"""Merge what the API says into a Paper: fill gaps, keep the listing's own fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from papercorpus.enrich._arxiv import Entry
    from papercorpus.models import Paper

__all__ = ["abstracts_disagree", "merge_entry"]

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
