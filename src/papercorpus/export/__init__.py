"""Exports: one registry of writers, which `Corpus.to_*` and the command line both use.

Each format in `WRITERS` writes any iterable of Papers to a stream; `write()` sends it to a
file (atomically) or to a stream. Tables (`to_arrow`, `to_pandas`) are functions of their own.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from papercorpus._files import atomic_writer
from papercorpus.errors import OutputError
from papercorpus.export._bibtex import bibtex_key, write_bibtex
from papercorpus.export._citations import write_csl_json, write_ris
from papercorpus.export._parquet import write_parquet
from papercorpus.export._parquet import write_tables as write_tables  # for conversion
from papercorpus.export._tables import COLUMNS, arrow_schema, to_arrow, to_pandas
from papercorpus.export._writers import (
    CSV_COLUMNS,
    write_csv,
    write_json,
    write_jsonl,
    write_table,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from papercorpus.models import Paper

__all__ = [
    "COLUMNS",
    "CSV_COLUMNS",
    "FORMATS",
    "WRITERS",
    "OutputError",
    "Writer",
    "arrow_schema",
    "bibtex_key",
    "to_arrow",
    "to_pandas",
    "write",
    "write_text",
]


@dataclass(frozen=True, slots=True)
class Writer:
    """One output format: how it writes papers to a stream, and what stream it needs."""

    name: str
    write: Callable[..., int]  # (papers, stream, **options) -> how many were written
    binary: bool = False


#: Every output format, by the name the command line's `--format` takes.
WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        Writer("jsonl", write_jsonl),
        Writer("json", write_json),
        Writer("csv", write_csv),
        Writer("table", write_table),
        Writer("bibtex", write_bibtex),
        Writer("csl-json", write_csl_json),
        Writer("ris", write_ris),
        Writer("parquet", write_parquet, binary=True),
    )
}
FORMATS = tuple(WRITERS)


def write(
    papers: Iterable[Paper],
    fmt: str,
    target: str | os.PathLike[str] | IO[Any],
    **options: Any,  # noqa: ANN401 (each format's own keywords: escape_formulas for csv)
) -> int:
    """Write `papers` in format `fmt` to a path (safely, see `atomic_writer`) or a stream.

    Raises:
        ValueError: `fmt` is not one of `FORMATS`.
        OutputError: the path cannot be written.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if isinstance(target, (str, os.PathLike)):
        with atomic_writer(target, binary=writer.binary) as stream:
            return writer.write(papers, stream, **options)
    return writer.write(papers, target, **options)


def write_text(papers: Iterable[Paper], fmt: str, **options: Any) -> str:  # noqa: ANN401
    """The papers in a text format, as a string."""
    buffer = io.StringIO()
    write(papers, fmt, buffer, **options)
    return buffer.getvalue()
