"""Parse arXiv listings: `parse()` for a string, `iter_papers()` for a file, streamed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from papercorpus._gc import gc_paused
from papercorpus.errors import Diagnostic
from papercorpus.models import Paper
from papercorpus.parsing._copies import merge_copies as merge_copies
from papercorpus.parsing._fields import parse_created as parse_created  # for the index
from papercorpus.parsing._frames import read_arrow as read_arrow
from papercorpus.parsing._frames import read_pandas as read_pandas
from papercorpus.parsing._jsonl import read_jsonl as read_jsonl  # for Corpus.from_jsonl
from papercorpus.parsing._jsonl import read_rows as read_rows
from papercorpus.parsing._lines import runs_of_string
from papercorpus.parsing._merged import iter_merged as iter_merged
from papercorpus.parsing._reading_list import read_items as read_items  # for the command line
from papercorpus.parsing._rows import ListingColumns as ListingColumns  # for load()
from papercorpus.parsing._rows import Row as Row  # for load()
from papercorpus.parsing._stream import iter_items, papers_of
from papercorpus.parsing._stream import iter_papers as iter_papers
from papercorpus.parsing._stream import iter_rows as iter_rows
from papercorpus.parsing._wide import MAX_LINE as MAX_LINE  # the longest line read

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["iter_papers", "parse"]


_FILE_SUFFIXES = frozenset({".txt", ".text", ".lst", ".list", ".json", ".jsonl", ".gz", ".csv"})


def _looks_like_a_file(text: str) -> bool:
    """A file's name, not a listing: one word with a listing's suffix, or a file that exists.

    A listing needs text, then an identifier line: one word cannot be one.
    """
    if len(text) > 4096 or not text or any(c.isspace() for c in text):
        return False
    if text.startswith("arXiv:"):
        return False
    return Path(text).suffix.lower() in _FILE_SUFFIXES or Path(text).is_file()


def parse(
    text: str,
    *,
    source: str | None = None,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
) -> list[Paper]:
    r"""Parse a listing held in a string into Papers, in input order, duplicates kept.

    Args:
        text: the listing; either layout, or both mixed.
        source: the name diagnostics and `Paper.source` give for the input (a file name).
        strict: raise `ParseError` at the first problem instead of reporting it.
        on_diagnostic: called with each problem instead of issuing a `ParseWarning`.

    Raises:
        ParseError: in strict mode, at the first problem; it names the line.
        TypeError: `text` is not a `str` (bytes: decode them, or use `iter_papers`).
        ValueError: `text` is a file's name (`listing.txt`): `load` reads files.

    Examples:
        >>> papers = parse("An abstract.\n4 pages\narXiv:2104.12369v2")
        >>> papers[0].arxiv_id, papers[0].version, papers[0].comments
        ('2104.12369', 2, '4 pages')
    """
    if not isinstance(text, str):  # a caller without type checking: say what we take
        raise TypeError(f"parse() takes the listing as a str, not {type(text).__name__}")
    if _looks_like_a_file(text):
        raise ValueError(
            f"parse() reads a listing's text, and {text!r} looks like a file's name: "
            f"papercorpus.load({text!r}) reads the file"
        )
    lines = runs_of_string(text)
    with gc_paused():
        return list(
            papers_of(iter_items(lines, source), strict=strict, on_diagnostic=on_diagnostic)
        )


def read_csv(
    path: str | os.PathLike[str], *, escape_formulas: bool = True
) -> Iterator[Paper | Diagnostic]:
    """`Corpus.from_csv`'s reader: each row's Paper or Diagnostic (`csv` loaded on demand)."""
    from papercorpus.parsing._csv import read_csv as read  # noqa: PLC0415 (csv on demand)

    return read(path, escape_formulas=escape_formulas)
