"""The end of a run: each request's paper and outcome, in input order, as columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus._extras import require
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
    row_of: pa.Array | None,
    overwrite: bool,
) -> Assembled:
    """Each valid request's paper, and every request's outcome.

    An identifier the snapshot holds keeps its row of `hits` (`row_of[position]`, null
    where none): its paper is built when asked for. Every other paper is made here: from
    its entry, merged into the paper given, or bare when nothing was found.
    """
    count = len(requests)
    keys, given = requests.keys, requests.papers
    # Each position starts as the index's row (most of a long run), a column at a time;
    # the others (not in the index, or a paper given to be filled) are made one by one.
    slots, latest, others = _from_rows(hits, row_of, count)
    others = sorted({*others, *given})
    statuses: list[OutcomeStatus] = ["snapshot"] * count
    arxiv_ids: list[str | None] = list(requests.bases)
    reasons: dict[int, str] = {}
    mismatched: list[int] = []
    papers: dict[int, Paper] = {}  # by position until the invalid ones are left out
    differs: list[Difference] = []
    invalid: list[int] = []
    for position in others:
        key = keys[position]
        if key is None:
            invalid.append(position)
            statuses[position] = "invalid"
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
        papers[position] = paper
        slots[position] = -1
        statuses[position] = result.status
        arxiv_ids[position] = paper.arxiv_id
        latest[position] = entry.id.version if entry else None
        if result.reason is not None:
            reasons[position] = result.reason
    if invalid:  # no paper: the corpus leaves them out, and each later paper moves up
        slots, papers = _without(invalid, slots, papers)
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


def _from_rows(
    hits: pa.Table | None, row_of: pa.Array | None, count: int
) -> tuple[list[int], list[int | None], list[int]]:
    """Each position's row of `hits` (-1: none), the index's latest version, the others."""
    if hits is None or row_of is None:
        return [-1] * count, [None] * count, list(range(count))
    pc = require("pyarrow.compute", feature="Snapshot")
    # One chunk first: a take from DuckDB's many batches finds each row's batch in turn.
    latest_column = hits.column("latest_version").combine_chunks()
    latest: list[int | None] = latest_column.take(row_of).to_pylist()
    others = [] if row_of.null_count == 0 else pc.indices_nonzero(row_of.is_null()).to_pylist()
    return pc.fill_null(row_of, -1).to_pylist(), latest, others


def _without(
    invalid: list[int], slots: list[int], papers: dict[int, Paper]
) -> tuple[list[int], dict[int, Paper]]:
    """`slots` and `papers` (by position) without the `invalid` positions, renumbered."""
    dropped = set(invalid)
    kept = [position for position in range(len(slots)) if position not in dropped]
    renumbered = {
        place: papers[position] for place, position in enumerate(kept) if position in papers
    }
    return [slots[position] for position in kept], renumbered


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
