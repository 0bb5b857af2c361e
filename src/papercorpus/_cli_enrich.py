"""`papercorpus enrich`: its arguments, and what it prints (outcomes worth a line, papers)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from papercorpus._cli_inputs import enrich_inputs
from papercorpus._cli_io import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    TroubleError,
    add_output_options,
    add_transport_options,
    in_flags,
    transport_options,
    write_papers,
)
from papercorpus._text import visible
from papercorpus.errors import EnrichmentError
from papercorpus.models import Paper

if TYPE_CHECKING:
    from collections.abc import Iterator

    from papercorpus.enrichment import EnrichedCorpus, EnrichmentReport

__all__ = ["add_enrich_command", "print_outcomes", "worth_writing"]


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


def add_enrich_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `papercorpus enrich` to the command line's commands."""
    enrich = commands.add_parser(
        "enrich",
        help="fill titles, authors, categories and dates from the arXiv API",
        description=(
            "Enrich listing files and/or arXiv identifiers from the arXiv API: batched, "
            "cached and rate-limited. A file is a reading list when more than half of its "
            "non-blank lines hold one identifier each (any form; # starts a comment); its bad "
            "lines are reported as PATH:LINE. Any other file is a listing."
        ),
        epilog=(
            "exit status: 0 when every identifier was enriched, cached or in the snapshot; 1 "
            "when any was "
            "invalid, not found or failed (the summary line on stderr says which); 2 for a "
            "usage error, a file that cannot be read, or a cache that cannot be used."
        ),
    )
    enrich.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH_OR_ID",
        help="listings, files of identifiers (one a line), identifiers, or - for stdin",
    )
    add_output_options(enrich, "jsonl")
    add_transport_options(enrich)
    enrich.add_argument("--batch-size", type=int, metavar="N", help="identifiers a request (100)")
    enrich.add_argument(
        "--overwrite", action="store_true", help="let arXiv's values replace the listing's own"
    )
    enrich.add_argument(
        "--snapshot",
        metavar="INDEX",
        help="fill what this snapshot index holds first (see `papercorpus snapshot build`)",
    )
    enrich.set_defaults(handler=_cmd_enrich)


def _cmd_enrich(args: argparse.Namespace) -> int:
    from papercorpus.enrichment import ArxivEnricher  # noqa: PLC0415 (the other commands need no HTTP)

    items, places = enrich_inputs(args)
    options = transport_options(args)
    for name, value in (("batch_size", args.batch_size), ("snapshot", args.snapshot)):
        if value is not None:
            options[name] = value
    try:
        enricher = ArxivEnricher(**options, overwrite=args.overwrite)
    except EnrichmentError as exc:  # an option out of range: named as the flag that set it
        raise TroubleError(in_flags(str(exc))) from None
    with enricher:
        corpus = enricher.enrich(items)
    report = corpus.report
    print_outcomes(report, places)
    for repair in report.repairs:  # a DOI split corrected with arXiv's metadata
        print(
            visible(
                f"{repair.arxiv_id}: repaired {repair.field}: {repair.old!r} -> {repair.new!r}"
            ),
            file=sys.stderr,
        )
    write_papers(worth_writing(items, corpus), args.format, args.output, excel=args.excel)
    print(f"papercorpus: {report.summary()}", file=sys.stderr)
    # 0 only when every identifier was enriched or taken from the cache.
    return EXIT_OK if report.ok else EXIT_DIAGNOSTICS
