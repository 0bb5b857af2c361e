"""Reading a listing file as a stream: each record's Row or Diagnostic, or its Papers."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING

from papercorpus._collect import Collector
from papercorpus.errors import Diagnostic, NotAListingError
from papercorpus.models import Paper
from papercorpus.parsing._lines import runs_from_file
from papercorpus.parsing._records import RecordReader
from papercorpus.parsing._rows import Row, paper_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from papercorpus.parsing._lines import Line, Run

__all__ = ["iter_items", "iter_papers", "iter_rows", "papers_of"]

_READ_BUFFER = 1 << 20


def papers_of(
    items: Iterable[Row | Diagnostic],
    *,
    strict: bool,
    on_diagnostic: Callable[[Diagnostic], None] | None,
) -> Iterator[Paper]:
    """The papers of `items`; their problems to `on_diagnostic`, else one `ParseWarning`.

    As `load()` does: the first problem, and how many more (issued when the input is read
    to its end).
    """
    problems = Collector(strict=strict, on_diagnostic=on_diagnostic, keep=False)
    for item in items:
        if isinstance(item, Row):
            yield paper_of(item)
        else:
            problems.add(item)
    problems.warn("pass on_diagnostic= to see each")


def iter_items(lines: Iterable[Run | Line], source: str | None) -> Iterator[Row | Diagnostic]:
    """Yield every record's Row and every Diagnostic of a listing's lines, in input order."""
    return RecordReader(source).read_rows(lines)


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
    return papers_of(
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
        yield from iter_items(lines, name)
