"""The end of a run: each request's paper and outcome, in input order, as columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus._trusted import trusted
from papercorpus.enrichment._repairs import Difference, differences
from papercorpus.enrichment._report import Outcomes, OutcomeStatus
from papercorpus.models import Paper, merge_entry, paper_of_entry

if TYPE_CHECKING:
    import pyarrow as pa

    from papercorpus._columns import Columns
    from papercorpus.enrichment._fetcher import Result
    from papercorpus.enrichment._requests import Requests

__all__ = ["Assembled", "assemble"]

Assembled = tuple[Outcomes, "list[Paper] | Columns", list[Difference]]


def assemble(  # noqa: PLR0913 (what the run found, each a keyword)
    requests: Requests,
    results: dict[str, Result],
    *,
    fixed: dict[int, Paper],
    hits: pa.Table | None,
    row_of: list[int],
    overwrite: bool,
) -> Assembled:
    """Each valid request's paper, and every request's outcome.

    An identifier the snapshot holds keeps its row of `hits` (`row_of[position]`): its
    paper is built when asked for. Every other paper is made here: from its entry, merged
    into the paper given, or bare when nothing was found.
    """
    statuses: list[OutcomeStatus] = []
    arxiv_ids: list[str | None] = []
    latest: list[int | None] = []
    reasons: dict[int, str] = {}
    mismatched: list[int] = []
    slots: list[int] = []  # each paper's row of `hits`, or -1: one of `papers`
    papers: dict[int, Paper] = {}
    differs: list[Difference] = []
    hit_latest = [] if hits is None else hits.column("latest_version").to_pylist()
    keys, bases, given = requests.keys, requests.bases, requests.papers
    for position, (key, row) in enumerate(zip(keys, row_of or [-1] * len(keys), strict=True)):
        if row >= 0 and position not in given:  # the index's row is its paper, made later
            slots.append(row)
            statuses.append("snapshot")
            arxiv_ids.append(bases[position])
            latest.append(hit_latest[row])
            continue
        if key is None:
            statuses.append("invalid")
            arxiv_ids.append(None)
            latest.append(None)
            reasons[position] = requests.reasons[position]
            continue
        result = results[key]
        entry = result.entry
        paper, found = _made(
            requests,
            position,
            result,
            fixed.get(position, given.get(position)),
            overwrite=overwrite,
        )
        if any(difference.field == "abstract" for difference in found):
            mismatched.append(position)
        differs.extend(found)
        papers[len(slots)] = paper
        slots.append(-1)
        statuses.append(result.status)
        arxiv_ids.append(paper.arxiv_id)
        latest.append(entry.id.version if entry else None)
        if result.reason is not None:
            reasons[position] = result.reason
    outcomes = Outcomes(
        requests.requested,
        arxiv_ids,
        statuses,
        latest,
        reasons=reasons,
        mismatched=frozenset(mismatched),
    )
    if hits is None or len(papers) == len(slots):
        return outcomes, list(papers.values()), differs
    from papercorpus.snapshot import IndexColumns  # noqa: PLC0415 (DuckDB runs only)

    identity = not papers and slots == list(range(hits.num_rows))  # each row, in order
    return outcomes, IndexColumns(hits, None if identity else slots, papers), differs


def _made(
    requests: Requests, position: int, result: Result, paper: Paper | None, *, overwrite: bool
) -> tuple[Paper, list[Difference]]:
    """The paper of a request the snapshot did not answer, and how the listing differs."""
    entry = result.entry
    squashed = result.status == "snapshot"  # the index's text is squashed already
    if entry is None:
        identifier = requests.identifier(position)
        values: dict[str, Any] = {"arxiv_id": identifier.base, "version": identifier.version}
        return paper or trusted(Paper, values), []
    if paper is None:  # an identifier: its paper is what the entry says
        return paper_of_entry(requests.identifier(position), entry, squashed=squashed), []
    found = differences(paper, entry)  # the abstract's among them, once
    return merge_entry(paper, entry, overwrite=overwrite, squashed=squashed), found
