"""What every command shares: exit statuses, one-line errors, diagnostics, output options."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TextIO

from papercorpus import export
from papercorpus._files import reason
from papercorpus._text import json_safe, visible

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from papercorpus.errors import Diagnostic
    from papercorpus.models import Paper

__all__ = [
    "EXIT_DIAGNOSTICS",
    "EXIT_OK",
    "EXIT_TROUBLE",
    "REPORTERS",
    "TroubleError",
    "add_diagnostics_option",
    "add_output_options",
    "add_transport_options",
    "in_flags",
    "standard_input",
    "standard_output",
    "transport_options",
    "write_papers",
]

EXIT_OK = 0
EXIT_DIAGNOSTICS = 1  # --strict and a problem in the input
EXIT_TROUBLE = 2  # the command could not run: a missing file, a bad option


class TroubleError(Exception):
    """A one-line error for stderr: the command cannot go on."""


def _print_diagnostic(diagnostic: Diagnostic) -> None:
    """Print a diagnostic, then the input text it carries, each line behind `  | `.

    The carried text (a record whose identifier was malformed, text after the last
    identifier line) is in no paper: printed here, nothing of the input is lost.
    """
    lines = [str(diagnostic)]
    if diagnostic.text is not None:
        lines.extend(f"  | {visible(line)}".rstrip() for line in diagnostic.text.split("\n"))
    print("\n".join(lines), file=sys.stderr)


def _print_diagnostic_json(diagnostic: Diagnostic) -> None:
    """Print a diagnostic as one JSON object, every field included."""
    print(json_safe(json.dumps(diagnostic.to_dict(), ensure_ascii=False)), file=sys.stderr)


REPORTERS = {"text": _print_diagnostic, "json": _print_diagnostic_json}


def write_papers(
    papers: Iterable[Paper], fmt: str, output: str | None, *, excel: bool = False
) -> None:
    writer = export.WRITERS[fmt]
    options = {"excel": True} if excel and fmt == "csv" else {}
    if output == "-":  # `-o -`: standard output, not a file named "-"
        output = None
    if output is None and writer.binary:
        raise TroubleError(f"--format {fmt} writes a file: give -o OUT")
    if output is not None:
        export.write(papers, fmt, output, **options)
        return
    with standard_output() as stream:
        export.write(papers, fmt, stream, **options)


@contextmanager
def standard_output() -> Iterator[TextIO]:
    """Standard output, flushed at the end; a write it refuses (a full disk) is one line.

    A reader that left (a closed pipe) is not an error: `main` ends quietly.
    """
    if sys.stdout is None:  # started with it closed (`>&-`)
        raise TroubleError("cannot write standard output: it is closed")
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise TroubleError(f"cannot write standard output: {reason(exc)}") from exc


def add_output_options(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--format", "-f", choices=export.FORMATS, default=default, help=f"output format ({default})"
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of stdout"
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at the first problem in the input, exit 1"
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help="with --format csv: a UTF-8 byte order mark for Excel; warn of cells it cuts",
    )
    add_diagnostics_option(parser)


def add_diagnostics_option(parser: argparse.ArgumentParser) -> None:
    """`--diagnostics text|json`: how problems print on stderr."""
    parser.add_argument(
        "--diagnostics",
        choices=tuple(REPORTERS),
        default="text",
        help="how problems print on stderr: text (PATH:LINE:COLUMN, a caret, the text they "
        "carry) or json (one object a line)",
    )


def add_transport_options(parser: argparse.ArgumentParser) -> None:
    """How a command talks to arXiv: endpoint, cache, rate limit, retries, deadline."""
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="query endpoint (default: $PAPERCORPUS_ARXIV_API_URL, else arXiv's)",
    )
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument(
        "--cache",
        metavar="PATH",
        help="requests-cache SQLite file (default: $PAPERCORPUS_CACHE, else the user cache)",
    )
    cache.add_argument("--no-cache", action="store_true", help="do not cache answers")
    parser.add_argument(
        "--delay", type=float, metavar="S", help="least seconds between requests (3, arXiv's terms)"
    )
    parser.add_argument(
        "--max-retries", type=int, metavar="N", help="retries of a failed request (3)"
    )
    parser.add_argument("--timeout", type=float, metavar="S", help="seconds to wait for arXiv (30)")
    parser.add_argument(
        "--max-wait",
        type=float,
        metavar="S",
        help="the longest pause for a Retry-After or the rate limit; past it the run stops (600)",
    )
    parser.add_argument("--offline", action="store_true", help="answer from the cache only")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def transport_options(args: argparse.Namespace) -> dict[str, Any]:
    """The `ArxivEnricher` options `add_transport_options` gave; left out: its defaults."""
    given = {
        "api_url": args.api_url,
        "cache": args.cache,
        "delay_seconds": args.delay,
        "max_retries": args.max_retries,
        "timeout": args.timeout,
        "max_wait": args.max_wait,
    }
    options: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
    if args.no_cache:
        options["cache"] = None
    options["offline"] = args.offline
    options["progress"] = False if args.no_progress else None
    return options


#: The library's option names, and the flags that set them.
_FLAGS = {
    "delay_seconds": "--delay",
    "batch_size": "--batch-size",
    "max_retries": "--max-retries",
    "timeout": "--timeout",
    "max_wait": "--max-wait",
    "max_answer_bytes": "--max-answer-bytes",
    "page_size": "--page-size",
    "max_results": "--max-results",
    "expire_after": "--expire-after",
    "sort_by": "--sort-by",
    "sort_order": "--sort-order",
}
_OPTION = re.compile(r"\b(" + "|".join(_FLAGS) + r")\b")


def in_flags(message: str) -> str:
    """A library message in the command line's words: `delay_seconds` is `--delay`."""
    return _OPTION.sub(lambda match: _FLAGS[match.group(1)], message)


def standard_input() -> IO[bytes]:
    """Standard input, as bytes; one line if it was closed (`<&-`).

    Raises:
        TroubleError: standard input is closed.
    """
    if sys.stdin is None:
        raise TroubleError("cannot read standard input: it is closed")
    binary = getattr(sys.stdin, "buffer", None)  # not there when stdin is replaced by text
    return binary if binary is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))
