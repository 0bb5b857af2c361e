"""What arXiv's metadata settles in a listing: DOIs split in the wrong place, fields that differ.

A compact listing glues each DOI field to the next record's abstract, and where the DOI ends
is sometimes a guess (see `papercorpus.dois`). arXiv knows each paper's DOIs: when a
listing's last DOI is arXiv's with characters of the next abstract on it (`10.1214/12-AAP8502`
for `10.1214/12-AAP850`), or arXiv's cut short with the rest at the start of the next
abstract (`10.1039/C1` for `10.1039/C1CC10314H`), the split is corrected for the paper and
for the abstract of the record after it, and each correction is a `Repair`. Any other field
of a listing that disagrees with arXiv's is a `Difference`: reported, never overwritten
(unless the run overwrites).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papercorpus._text import squash
from papercorpus._trusted import updated
from papercorpus.dois import split_dois
from papercorpus.enrichment._report import abstracts_disagree

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercorpus.models import Entry, Paper

__all__ = ["Difference", "Repair", "differences", "repair_splits"]


@dataclass(frozen=True, slots=True)
class Repair:
    """A listing field corrected with arXiv's metadata: a DOI split in the wrong place."""

    arxiv_id: str
    field: str  # "dois" (of the paper) or "abstract" (of the record after it)
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Difference:
    """A listing field that disagrees with arXiv's value (kept unless the run overwrites)."""

    arxiv_id: str
    field: str
    listing: str
    arxiv: str


def _folded(dois: Sequence[str]) -> tuple[str, ...]:
    return tuple(doi.lower() for doi in dois)  # DOIs compare without case


def _next_records(papers: Sequence[Paper | None]) -> dict[int, int]:
    """For each listing paper, the position of the paper whose abstract is glued to it.

    In the compact layout that is the next record of the same file: its abstract on this
    paper's identifier line, then one comment a line, then its own identifier line.
    """
    lines: dict[str | None, list[tuple[int, int]]] = {}
    for position, paper in enumerate(papers):
        if paper is not None and paper.source is not None:
            lines.setdefault(paper.source.path, []).append((paper.source.line, position))
    following: dict[int, int] = {}
    for rows in lines.values():
        rows.sort()
        for (line, position), (next_line, next_position) in itertools.pairwise(rows):
            after = papers[next_position]
            assert after is not None  # noqa: S101 (only papers are in `lines`)
            comments = len(after.comments.split("\n")) if after.comments else 0
            if next_line - line == 1 + comments:
                following[position] = next_position
    return following


def _explain(listed: str, arxiv: str, after: str | None) -> str | None:
    """The next record's abstract once `listed` is split where arXiv's DOI ends.

    None when no other split explains the difference.
    """
    low, true = listed.lower(), arxiv.lower()
    if low.startswith(true) and len(listed) > len(arxiv):  # the DOI took text of the next
        return listed[len(arxiv) :] + (after or "")
    missing = arxiv[len(listed) :]
    if true.startswith(low) and after is not None and after.startswith(missing):
        return after[len(missing) :].lstrip()  # the next abstract took the DOI's end
    return None


def repair_splits(
    papers: Sequence[Paper | None], entries: Sequence[Entry | None]
) -> tuple[dict[int, Paper], list[Repair]]:
    """Correct the DOI splits arXiv's entries explain; return the papers changed, by position."""
    fixed: dict[int, Paper] = {}
    repairs: list[Repair] = []
    following = _next_records(papers)
    for position, (paper, entry) in enumerate(zip(papers, entries, strict=True)):
        if paper is None or entry is None or not paper.dois:
            continue
        arxiv = split_dois(entry.doi)
        listed = paper.dois
        if len(arxiv) != len(listed) or _folded(listed) == _folded(arxiv):
            continue
        if _folded(listed[:-1]) != _folded(arxiv[:-1]):
            continue
        after_position = following.get(position)
        after = (
            None if after_position is None else fixed.get(after_position, papers[after_position])
        )
        abstract = _explain(listed[-1], arxiv[-1], after.abstract if after else None)
        if abstract is None:
            continue
        fixed[position] = updated(fixed.get(position, paper), {"doi": arxiv[0], "dois": arxiv})
        repairs.append(Repair(paper.arxiv_id, "dois", "; ".join(listed), "; ".join(arxiv)))
        if after is not None and after_position is not None:
            fixed[after_position] = updated(after, {"abstract": squash(abstract) or None})
            repairs.append(Repair(after.arxiv_id, "abstract", after.abstract, abstract))
    return fixed, repairs


def differences(paper: Paper, entry: Entry) -> list[Difference]:
    """The fields of a listing paper that disagree with arXiv's entry."""
    found: list[Difference] = []
    arxiv_dois = split_dois(entry.doi)
    if paper.dois and arxiv_dois and _folded(paper.dois) != _folded(arxiv_dois):
        found.append(
            Difference(paper.arxiv_id, "dois", "; ".join(paper.dois), "; ".join(arxiv_dois))
        )
    if abstracts_disagree(paper.abstract, entry.summary):
        found.append(
            Difference(paper.arxiv_id, "abstract", paper.abstract or "", entry.summary or "")
        )
    if paper.comments and entry.comment and squash(paper.comments) != squash(entry.comment):
        found.append(Difference(paper.arxiv_id, "comments", paper.comments, entry.comment))
    if paper.created and entry.published and paper.created != entry.published:
        found.append(
            Difference(
                paper.arxiv_id, "created", paper.created.isoformat(), entry.published.isoformat()
            )
        )
    return found
