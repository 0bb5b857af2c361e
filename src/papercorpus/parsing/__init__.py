"""Parse arXiv listings: `parse()` for a string, `iter_papers()` for a file, streamed."""

from __future__ import annotations

import io
import os
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING

from papercorpus._gc import gc_paused
from papercorpus._warn import warn
from papercorpus.errors import Diagnostic, NotAListingError, ParseError, ParseWarning
from papercorpus.models import Paper
from papercorpus.parsing._lines import lines_from_bytes, runs_from_file, runs_of_string
from papercorpus.parsing._records import RecordReader, line_problems
from papercorpus.parsing._rows import ListingColumns as ListingColumns  # for load()
from papercorpus.parsing._rows import Row as Row  # for load()
from papercorpus.parsing._rows import paper_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from papercorpus.parsing._lines import Line, Run

__all__ = ["iter_papers", "parse"]


_READ_BUFFER = 1 << 20
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


def _papers(
    items: Iterable[Row | Diagnostic],
    *,
    strict: bool,
    on_diagnostic: Callable[[Diagnostic], None] | None,
) -> Iterator[Paper]:
    """The papers of `items`; their problems to `on_diagnostic`, else one `ParseWarning`.

    As `load()` does: the first problem, and how many more (issued when the input is read
    to its end).
    """
    first: Diagnostic | None = None
    more = 0
    for item in items:
        if isinstance(item, Row):
            yield paper_of(item)
        elif strict:
            raise ParseError(item)
        elif on_diagnostic is not None:
            on_diagnostic(item)
        elif first is None:
            first = item
        else:
            more += 1
    if first is not None:
        warn(ParseWarning(first, more, "pass on_diagnostic= to see each"))


def _iter_items(lines: Iterable[Run | Line], source: str | None) -> Iterator[Row | Diagnostic]:
    """Yield every record's Row and every Diagnostic of a listing's lines, in input order."""
    return RecordReader(source).read_rows(lines)


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
        return list(_papers(_iter_items(lines, source), strict=strict, on_diagnostic=on_diagnostic))


def iter_papers(
    file_or_path: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    source: str | None = None,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
) -> Iterator[Paper]:
    r"""Stream the Papers of a listing file, one record at a time: memory stays flat.

    `file_or_path` is a path or an open file (binary, or text). Bytes that are not UTF-8
    become U+FFFD and a diagnostic; a BOM and CRLF line endings are accepted silently.

    Raises:
        ParseError: in strict mode, at the first problem; it names the file and line.
        NotAListingError: the file is surely no listing (arXiv's metadata snapshot, a CSV
            or JSON export, a PDF, compressed data): it says what to run instead.
        OSError: the file cannot be opened or read.

    Examples:
        >>> import io
        >>> stream = io.BytesIO(b"An abstract.\r\narXiv:hep-th/9901001\r\n")
        >>> [paper.arxiv_id for paper in iter_papers(stream)]
        ['hep-th/9901001']
    """
    return _papers(
        iter_rows(file_or_path, source),
        strict=strict,
        on_diagnostic=on_diagnostic,
    )


def iter_rows(
    file_or_path: str | os.PathLike[str] | IO[bytes] | IO[str], source: str | None
) -> Iterator[Row | Diagnostic]:
    """Each record's `Row` and each `Diagnostic` of a listing file, in input order."""
    with ExitStack() as stack:
        if isinstance(file_or_path, (str, os.PathLike)):
            path = Path(file_or_path)
            handle: IO[bytes] | IO[str] = stack.enter_context(
                path.open("rb", buffering=_READ_BUFFER)
            )
            name: str | None = source if source is not None else os.fspath(file_or_path)
        else:
            name = source if source is not None else getattr(file_or_path, "name", None)
            if not isinstance(name, str):
                name = None
            handle = file_or_path
        try:
            lines = runs_from_file(handle)
        except NotAListingError as exc:
            raise NotAListingError(exc.what, exc.hint, name or "the input") from None
        yield from _iter_items(lines, name)


def read_lines(data: bytes, source: str | None) -> tuple[list[Line], list[Diagnostic]]:
    """The numbered lines of `data`, decoded as a listing file is, and their bytes' problems.

    For files that may be listings or lists of identifiers (the command line's).
    """
    try:
        lines = list(lines_from_bytes(io.BytesIO(data)))
    except NotAListingError as exc:
        raise NotAListingError(exc.what, exc.hint, source or "the input") from None
    return lines, [problem for line in lines for problem in line_problems(source, line)]
