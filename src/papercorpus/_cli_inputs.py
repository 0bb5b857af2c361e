"""What `papercorpus enrich` reads: identifiers, reading lists and listings, in bounded memory.

Telling a reading list from a listing, and reading either as it streams, is the library's
(`papercorpus.parsing.read_items`); here are the command line's parts: which arguments are
files, which identifiers, and one-line errors for paths that cannot be read.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING

from papercorpus._cli_io import TroubleError, standard_input
from papercorpus.ids import ArxivId
from papercorpus.loading import build_corpus
from papercorpus.parsing import read_items

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from papercorpus.models import Paper

__all__ = ["check_readable", "enrich_inputs"]

_PATH_LIKE = re.compile(r"[/\\]|\.[A-Za-z][A-Za-z0-9]{0,4}$")


def check_readable(paths: Sequence[str]) -> None:
    """Refuse a path that does not exist or cannot be read, in one line.

    Raises:
        TroubleError: the first such path.
    """
    for path in paths:
        if path == "-":
            continue
        if not Path(path).exists():
            raise TroubleError(f"cannot read {path!r}: no such file or directory")
        if not os.access(path, os.R_OK):
            raise TroubleError(f"cannot read {path!r}: permission denied")


def enrich_inputs(args: argparse.Namespace) -> tuple[list[Paper | str], dict[str, str]]:
    """Listings give their papers, reading lists their lines; `-` reads stdin.

    Returns the items and, for each line of a reading list, where it was (`PATH:LINE`).
    Any other argument is an identifier, unless it looks like a path: then it must exist.
    """
    items: list[Paper | str] = []
    places: dict[str, str] = {}
    for value in args.inputs:
        if value == "-" or Path(value).is_file():
            items.extend(_file_items(value, args, places))
        elif Path(value).exists():
            check_readable([value])
            corpus = build_corpus([value], strict=args.strict)
            for diagnostic in corpus.diagnostics:
                args.report(diagnostic)
            items.extend(corpus)
        elif _looks_like_id_or_not_path(value):
            items.append(value)
        else:
            raise TroubleError(f"cannot read {value!r}: no such file or directory")
    return items, places


def _file_items(value: str, args: argparse.Namespace, places: dict[str, str]) -> list[Paper | str]:
    """A listing's papers, or a reading list's lines (their places noted in `places`)."""
    name = "<stdin>" if value == "-" else value
    if value != "-":
        check_readable([value])
    with _opened(value) as handle:
        items, where = read_items(handle, name, strict=args.strict, on_diagnostic=args.report)
    for text, place in where.items():
        places.setdefault(text, place)
    return items


def _opened(value: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The file, opened (and closed after); standard input for `-`, left open."""
    if value == "-":
        return contextlib.nullcontext(standard_input())
    try:
        return Path(value).open("rb")
    except OSError as exc:
        raise TroubleError(f"cannot read {value!r}: {exc.strerror or exc}") from None


def _looks_like_id_or_not_path(value: str) -> bool:
    try:
        ArxivId.parse(value)
    except ValueError:
        return not _PATH_LIKE.search(value)
    return True
