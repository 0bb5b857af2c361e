"""The `papercorpus` command: argument parsing and printing only."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from papercorpus._cli_enrich import add_enrich_command
from papercorpus._cli_inputs import check_readable
from papercorpus._cli_io import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_TROUBLE,
    REPORTERS,
    TroubleError,
    add_output_options,
    standard_input,
    standard_output,
    write_papers,
)
from papercorpus._cli_search import add_search_command
from papercorpus._cli_snapshot import add_snapshot_commands
from papercorpus._files import remove_temporary_files
from papercorpus._text import visible
from papercorpus._version import __version__
from papercorpus.errors import PapercorpusError, ParseError
from papercorpus.loading import (
    expand_paths,
    load_sample,
    read_corpus,
    sample_files,
)
from papercorpus.models import Paper
from papercorpus.parsing import iter_merged, iter_papers

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence


__all__ = ["main"]


# Input up to this size is merged in memory, the fastest way; larger input is merged as it
# streams, holding its copies only (see docs/performance.md).
_HELD_BYTES = 32 << 20


def _cmd_parse(args: argparse.Namespace) -> int:
    check_readable(args.paths)
    # `-` is standard input; a folder is its *.txt listings.
    inputs = [
        (standard_input(), "<stdin>") if path == "-" else (file, os.fspath(file))
        for path in args.paths
        for file in ([Path(path)] if path == "-" else expand_paths([path]))
    ]
    rereadable = all(name != "<stdin>" and Path(name).is_file() for _, name in inputs)
    if args.jobs is not None:
        return _parse_in_parallel(args, [name for _, name in inputs], rereadable=rereadable)
    large = rereadable and sum(Path(name).stat().st_size for _, name in inputs) > _HELD_BYTES
    papers: Iterable[Paper]
    if args.no_dedupe:  # streamed: memory stays flat however large the listings are
        papers = (
            paper
            for file, name in inputs
            for paper in iter_papers(
                file, source=name, strict=args.strict, on_diagnostic=args.report
            )
        )
    elif large:
        # Copies merged in flat memory: the files are read again instead of held (a pipe
        # or standard input cannot be, and is merged in memory, as small input is).
        names = [name for _, name in inputs]
        papers = iter_merged(
            [Path(name) for name in names], names, strict=args.strict, on_diagnostic=args.report
        )
    else:
        papers = read_corpus(inputs, strict=args.strict)
        for diagnostic in papers.diagnostics:
            args.report(diagnostic)
    count = 0

    def counted() -> Iterator[Paper]:
        nonlocal count
        for paper in papers:
            count += 1
            yield paper

    write_papers(counted(), args.format, args.output, excel=args.excel)
    return _exit_for(count, [name for _, name in inputs])


def _exit_for(count: int, names: list[str]) -> int:
    """EXIT_OK, or: no paper at all (a wrong file, an empty one) is said, not a success."""
    if count:
        return EXIT_OK
    read = ", ".join(names) or "the input"
    print(
        visible(f"papercorpus: no paper in {read}: no identifier line ('arXiv:...') found"),
        file=sys.stderr,
    )
    return EXIT_DIAGNOSTICS


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found {text!r}")
    return jobs


def _parse_in_parallel(args: argparse.Namespace, names: list[str], *, rereadable: bool) -> int:
    """`parse --jobs N`: a file a process (`papercorpus.convert`), the output that of one."""
    from papercorpus.conversion import CONVERT_FORMATS, convert  # noqa: PLC0415

    if not args.no_dedupe:
        raise TroubleError("--jobs needs --no-dedupe: copies across files merge in one process")
    if args.format not in CONVERT_FORMATS:
        raise TroubleError(f"--jobs writes {', '.join(CONVERT_FORMATS)}, not {args.format}")
    if not rereadable:
        raise TroubleError("--jobs reads files: standard input goes to one process")
    if args.excel:
        raise TroubleError("--jobs writes no --excel CSV: leave --jobs out for Excel")
    options = {"fmt": args.format, "jobs": args.jobs, "strict": args.strict}
    if args.output not in (None, "-"):
        count = convert(names, args.output, **options, on_diagnostic=args.report)
    elif args.format == "parquet":
        raise TroubleError("--format parquet writes a file: give -o OUT")
    else:
        with standard_output() as stream:
            count = convert(names, stream, **options, on_diagnostic=args.report)
    return _exit_for(count, names)


def _cmd_schema(_args: argparse.Namespace) -> int:
    schema = Paper.model_json_schema(mode="serialization")
    with standard_output() as stream:
        print(json.dumps(schema, indent=2, ensure_ascii=False), file=stream)
    return EXIT_OK


def _cmd_sample(args: argparse.Namespace) -> int:
    if args.write is not None:
        return _write_sample(Path(args.write))
    corpus = load_sample(enriched=not args.bare, strict=args.strict)
    write_papers(corpus, args.format, args.output, excel=args.excel)
    if args.format == "table" and args.output is None:
        print(f"\n{len(corpus)} papers from the bundled listings", file=sys.stderr)
    return EXIT_OK


def _write_sample(folder: Path) -> int:
    """Copy the bundled listings into `folder`, to try the commands on; never replace a file."""
    if not folder.is_dir():
        raise TroubleError(f"cannot write to {str(folder)!r}: no such folder")
    sources = sample_files()
    for source in sources:
        target = folder / source.name
        if target.exists() or target.is_symlink():
            raise TroubleError(f"{target} exists: not replaced (give another folder)")
    for source in sources:
        with (folder / source.name).open("xb") as out:
            out.write(source.read_bytes())
    names = ", ".join(source.name for source in sources)
    print(f"papercorpus: wrote {names} to {folder}", file=sys.stderr)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papercorpus",
        description="Turn plain-text arXiv listings into a clean, typed paper dataset.",
    )
    parser.add_argument("--version", action="version", version=f"papercorpus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="parse listing files",
        description="Parse listings; papers go to stdout, problems to stderr as PATH:LINE.",
    )
    parse.add_argument("paths", nargs="+", metavar="PATH", help="listing files or folders")
    add_output_options(parse, "jsonl")
    parse.add_argument(
        "--no-dedupe", action="store_true", help="keep every record; stream, do not merge copies"
    )
    parse.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="parse N files at a time, in N processes (needs --no-dedupe; jsonl, csv, parquet)",
    )
    parse.set_defaults(handler=_cmd_parse)

    sample = commands.add_parser(
        "sample", help="show the bundled sample", description="Show the bundled sample listings."
    )
    add_output_options(sample, "table")
    sample.add_argument(
        "--bare", action="store_true", help="the listings alone, without the bundled metadata"
    )
    sample.add_argument(
        "--write",
        metavar="DIR",
        help="copy the five bundled listings (listing-1.txt ... listing-5.txt) into DIR, "
        "to try the other commands on",
    )
    sample.set_defaults(handler=_cmd_sample)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a paper",
        description="Print the JSON Schema of the objects `parse --format jsonl` writes.",
    )
    schema.set_defaults(handler=_cmd_schema)

    add_enrich_command(commands)
    add_search_command(commands)
    add_snapshot_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    args.report = REPORTERS[getattr(args, "diagnostics", "text")]
    previous = {}
    if threading.current_thread() is threading.main_thread():
        # Stopped by SIGTERM or Ctrl-C: no half-written output's temporary file stays behind.
        previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGINT)}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return _run(args)
        finally:
            for sig, handler in previous.items():  # main() may run inside another program
                signal.signal(sig, handler)
            for warning in caught:  # a folder with no listing, a cache moved aside...
                print(visible(f"papercorpus: warning: {warning.message}"), file=sys.stderr)


def _terminate(signum: int, _frame: object) -> None:
    # Not an exception: raised inside a C extension it may come back as another error.
    remove_temporary_files()
    os._exit(128 + signum)


def _run(args: argparse.Namespace) -> int:
    try:
        status: int = args.handler(args)
    except ParseError as exc:
        args.report(exc.diagnostic)
        return EXIT_DIAGNOSTICS
    except (TroubleError, PapercorpusError) as exc:
        print(visible(f"papercorpus: error: {exc}"), file=sys.stderr)
        return EXIT_TROUBLE
    except BrokenPipeError:  # `papercorpus sample | head`: the reader left; so do we
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (OSError, MemoryError) as exc:
        print(visible(f"papercorpus: error: {_trouble(exc)}"), file=sys.stderr)
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        return 130
    return status


def _trouble(exc: OSError | MemoryError) -> str:
    """What went wrong, in a line: a file that could not be read, or memory run out."""
    if isinstance(exc, MemoryError):  # more than this machine holds
        return "out of memory"
    name = f" {exc.filename!r}" if exc.filename else ""
    return f"cannot read{name}: {exc.strerror or exc}"


if __name__ == "__main__":
    sys.exit(main())
