"""`papercorpus snapshot build | update | select`: arXiv's metadata snapshot at the command line."""

from __future__ import annotations

import argparse
import sys
import warnings

from papercorpus._cli_io import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    TroubleError,
    add_diagnostics_option,
    add_output_options,
    write_papers,
)

__all__ = ["add_snapshot_commands"]


def add_snapshot_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    snapshot = commands.add_parser(
        "snapshot",
        help="index arXiv's metadata snapshot, load papers from it",
        description="arXiv's metadata snapshot (arxiv-metadata-oai-snapshot.json) as a local "
        "index: build it once, then `enrich --snapshot INDEX` or `snapshot select`.",
    )
    actions = snapshot.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build",
        help="build an index from the snapshot file",
        description="Index SOURCE (.json or .json.gz) into the Parquet file INDEX, streaming "
        "and atomically. Lines that are not records are reported as PATH:LINE; exit 1 then.",
    )
    build.add_argument(
        "source", nargs="?", metavar="SOURCE", help="the snapshot, JSON Lines (gzipped or not)"
    )
    build.add_argument(
        "--oai", action="store_true", help="harvest arXiv's OAI-PMH instead of reading SOURCE"
    )
    build.add_argument(
        "--set", metavar="SPEC", help="with --oai: one set (cs, math, physics:hep-th)"
    )
    build.add_argument("--from", dest="start", metavar="DATE", help="with --oai: from DATE on")
    build.add_argument(
        "--delay",
        type=float,
        default=3.0,
        metavar="S",
        help="with --oai: seconds between requests (3)",
    )
    build.add_argument("-o", "--output", metavar="INDEX", required=True, help="the index to write")
    build.add_argument(
        "--memory-limit", default="1GB", metavar="SIZE", help="DuckDB's memory (1GB); it spills"
    )
    build.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_diagnostics_option(build)
    build.set_defaults(handler=_cmd_snapshot_build)
    update = actions.add_parser(
        "update",
        help="bring an index up to date from arXiv's OAI-PMH",
        description="Harvest what arXiv's OAI-PMH lists since INDEX's last harvest (less a "
        "day) and add the new and changed papers. Run it daily (cron): a page or two.",
    )
    update.add_argument("index", metavar="INDEX", help="an index `snapshot build` wrote")
    update.add_argument(
        "--delay", type=float, default=3.0, metavar="S", help="seconds between requests (3)"
    )
    update.add_argument("--no-progress", action="store_true", help="no progress bar")
    update.set_defaults(handler=_cmd_snapshot_update)
    load = actions.add_parser(
        "select",
        aliases=["load"],  # its name before 0.2
        help="papers from an index, by category and date",
        description="Write the papers of INDEX that list any CATEGORY, published between "
        "--since and --until (inclusive, YYYY-MM-DD).",
    )
    load.add_argument("index", metavar="INDEX", help="an index `snapshot build` wrote")
    load.add_argument("--category", action="append", metavar="CATEGORY", help="e.g. cs.LG")
    load.add_argument("--since", metavar="DATE", help="first published on or after DATE")
    load.add_argument("--until", metavar="DATE", help="first published on or before DATE")
    add_output_options(load, "jsonl")
    load.set_defaults(handler=_cmd_snapshot_select)


def _cmd_snapshot_build(args: argparse.Namespace) -> int:
    from papercorpus.snapshot import Snapshot  # noqa: PLC0415 (DuckDB for this command only)

    if args.output == "-":
        raise TroubleError("an index is a file: give -o INDEX")
    if args.oai:
        if args.source is not None:
            raise TroubleError("give SOURCE or --oai, not both")
        try:
            snapshot = Snapshot.harvest(
                args.output,
                set_spec=args.set,
                start=args.start,
                delay_seconds=args.delay,
                progress=False if args.no_progress else None,
            )
        except ValueError as exc:  # --from that is not YYYY-MM-DD
            raise TroubleError(f"--from: {exc}") from None
        assert snapshot.report is not None  # noqa: S101 (harvest sets it)
        print(f"papercorpus: {snapshot.report.summary()}", file=sys.stderr)
        print(f"papercorpus: {len(snapshot):,} papers in {args.output}", file=sys.stderr)
        return EXIT_OK
    if args.source is None:
        raise TroubleError("give the snapshot SOURCE, or --oai to harvest arXiv's OAI-PMH")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # each diagnostic is printed below
        snapshot = Snapshot.build(
            args.source,
            args.output,
            progress=False if args.no_progress else None,
            memory_limit=args.memory_limit,
        )
    for diagnostic in snapshot.diagnostics:
        args.report(diagnostic)
    print(f"papercorpus: {len(snapshot):,} papers in {args.output}", file=sys.stderr)
    return EXIT_DIAGNOSTICS if snapshot.diagnostics else EXIT_OK


def _cmd_snapshot_update(args: argparse.Namespace) -> int:
    from papercorpus.snapshot import Snapshot  # noqa: PLC0415 (DuckDB for this command only)

    snapshot = Snapshot(args.index)
    report = snapshot.update(delay_seconds=args.delay, progress=False if args.no_progress else None)
    print(f"papercorpus: {report.summary()}", file=sys.stderr)
    print(f"papercorpus: {len(snapshot):,} papers in {args.index}", file=sys.stderr)
    return EXIT_OK


def _cmd_snapshot_select(args: argparse.Namespace) -> int:
    from papercorpus.snapshot import Snapshot  # noqa: PLC0415 (DuckDB for this command only)

    try:
        # Streamed: each batch of rows is written before the next is read.
        papers = Snapshot(args.index).iter_papers(
            categories=args.category, since=args.since, until=args.until
        )
    except ValueError as exc:  # a date that is not YYYY-MM-DD
        raise TroubleError(str(exc)) from None
    write_papers(papers, args.format, args.output, excel=args.excel)
    return EXIT_OK
