"""`papercorpus search QUERY`: arXiv's search at the command line."""

from __future__ import annotations

import argparse
import sys
import warnings

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
from papercorpus.errors import EnrichmentError

__all__ = ["add_search_command"]

_SORT_BY = ("relevance", "lastUpdatedDate", "submittedDate")  # arxiv.SortCriterion's values
_SORT_ORDER = ("descending", "ascending")  # arxiv.SortOrder's values


def _max_results(text: str) -> int | None:
    if text.strip().lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number or 'all', found {text!r}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0 or 'all', found {text!r}")
    return value


def add_search_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    search = commands.add_parser(
        "search",
        help="search arXiv (ti:, au:, abs:, cat:, all:, AND, OR, ANDNOT)",
        description="Search arXiv with a query in its syntax, e.g. 'au:del_maestro AND "
        "ti:checkerboard' or 'cat:cs.CV AND abs:diffusion AND submittedDate:[202405010000 "
        "TO 202412312359]'; the papers go to stdout (or -o), in arXiv's order, through the "
        "cache and the rate limit that enrich uses. A summary goes to stderr.",
        epilog="exit status: 0 when every result asked for (or every one that exists) came; "
        "1 when fewer came because of a failure (the summary says why); 2 for a usage error, "
        "a query arXiv refuses (its message is shown), or a cache that cannot be used.",
    )
    search.add_argument("query", metavar="QUERY", help="a query in arXiv's syntax")
    search.add_argument(
        "--max-results",
        type=_max_results,
        default=100,
        metavar="N",
        help="the most results, or 'all' (100; arXiv serves at most 30,000 a query)",
    )
    search.add_argument("--sort-by", choices=_SORT_BY, default="relevance", help="(relevance)")
    search.add_argument(
        "--sort-order", choices=_SORT_ORDER, default="descending", help="(descending)"
    )
    search.add_argument(
        "--page-size",
        type=int,
        default=1000,
        metavar="N",
        help="results a request (1000, max 2000)",
    )
    search.add_argument(
        "--expire-after",
        type=float,
        default=3600.0,
        metavar="S",
        help="seconds a page of results is reused from the cache (3600)",
    )
    add_output_options(search, "jsonl")
    add_transport_options(search)
    search.set_defaults(handler=_cmd_search)


def _cmd_search(args: argparse.Namespace) -> int:
    from papercorpus.enrichment import ArxivEnricher  # noqa: PLC0415 (HTTP for this command only)

    try:
        with ArxivEnricher(**transport_options(args)) as enricher, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the summary below says what the warning would
            found = enricher.search(
                args.query,
                max_results=args.max_results,
                sort_by=args.sort_by,
                sort_order=args.sort_order,
                page_size=args.page_size,
                expire_after=args.expire_after,
            )
    except EnrichmentError as exc:  # a bad option is named as its flag; arXiv's refusal
        raise TroubleError(in_flags(str(exc))) from None
    write_papers(found, args.format, args.output, excel=args.excel)
    print(f"papercorpus: {found.report.summary()}", file=sys.stderr)
    return EXIT_OK if found.report.ok else EXIT_DIAGNOSTICS
