"""What `papercorpus enrich` prints: the outcomes worth a line, and the papers worth writing."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from papercorpus._text import visible
from papercorpus.models import Paper

if TYPE_CHECKING:
    from collections.abc import Iterator

    from papercorpus.enrichment import EnrichedCorpus, EnrichmentReport

__all__ = ["print_outcomes", "worth_writing"]


def worth_writing(items: list[Paper | str], corpus: EnrichedCorpus) -> Iterator[Paper]:
    """The papers to write: every listing's paper, and each identifier that was filled.

    An identifier that failed or that arXiv does not have would be a record of nulls on
    stdout: its reason is on stderr instead.
    """
    papers = iter(corpus)
    for item, outcome in zip(items, corpus.report.outcomes, strict=True):
        if outcome.status == "invalid":  # no paper was made of it
            continue
        paper = next(papers)
        if isinstance(item, Paper) or outcome.filled:
            yield paper


_GROUP = 3  # more outcomes than this with one status and one reason: one line for them all


def print_outcomes(report: EnrichmentReport, places: dict[str, str]) -> None:
    """On stderr: every outcome that is not a plain success, and every noted success.

    A note: an abstract that differs, an answer the cache could not store. Many outcomes
    with the same status and reason (a server that cannot be reached) are one line.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for outcome in report.outcomes:
        if outcome.filled and not (outcome.reason or outcome.abstract_mismatch):
            continue
        note = outcome.reason or ""
        if outcome.abstract_mismatch:
            note = "the listing's abstract differs from arXiv's"
        where = places.get(outcome.requested, outcome.requested)
        groups.setdefault((outcome.status.replace("_", " "), note), []).append(where)
    for (status, note), places_of in groups.items():
        if len(places_of) > _GROUP:
            line = f"papercorpus: {len(places_of)} identifiers {status}: {note}"
            print(visible(line), file=sys.stderr)
            continue
        for where in places_of:
            print(visible(f"{where}: {status}: {note}"), file=sys.stderr)
