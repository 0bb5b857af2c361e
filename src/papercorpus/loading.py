"""Loading listings: `load()` and `load_sample()`, and merging copies of a paper across files."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from papercorpus._collect import Collector
from papercorpus._gc import gc_paused
from papercorpus._warn import warn
from papercorpus.corpus import Corpus
from papercorpus.errors import Diagnostic
from papercorpus.ids import ArxivId
from papercorpus.parsing import ListingColumns, Row, iter_rows, merge_copies

__all__ = [
    "build_corpus",
    "expand_paths",
    "load",
    "load_sample",
    "merge_copies",
    "sample_files",
    "sample_path",
]

#: The bundled listings, in the order `load_sample()` reads them.
SAMPLE_FILES = tuple(f"listing-{i}.txt" for i in range(1, 6))


def _dedupe(columns: ListingColumns) -> tuple[ListingColumns, list[Diagnostic]]:
    """One paper an identifier, at its first copy's place; only copies are built to merge."""
    first: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    for position, base in enumerate(columns.ids()):
        # `math.GT/0309136` and `math/0309136` are one paper.
        key = ArxivId(base).canonical if "/" in base else base
        kept = first.setdefault(key, position)
        if kept != position:
            copies.setdefault(kept, [kept]).append(position)
    if not copies:
        return columns, []
    diagnostics: list[Diagnostic] = []
    for kept in sorted(copies):
        built = [columns.build(position, position + 1)[0] for position in copies[kept]]
        columns.others[kept], problems = merge_copies(built)
        diagnostics.extend(problems)
    return columns.take(sorted(first.values())), diagnostics


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The listing files named: a file as it is, a folder as its `*.txt` files, sorted."""
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                warn(UserWarning(f"no *.txt listing in {path}: nothing read from it"))
            files.extend(found)
        else:
            files.append(path)
    return files


def read_corpus(
    inputs: Iterable[tuple[Any, str]], *, strict: bool = False, dedupe: bool = True
) -> Corpus:
    """`load()` from open files (binary or text), each with the name diagnostics give it."""
    return _build(inputs, Collector(strict=strict), dedupe=dedupe)


def _build(inputs: Iterable[tuple[Any, str]], problems: Collector, *, dedupe: bool) -> Corpus:
    rows: list[Row] = []
    with gc_paused():
        for handle, name in inputs:
            for item in iter_rows(handle, name):
                if isinstance(item, Row):
                    rows.append(item)
                else:
                    problems.add(item)
        columns = ListingColumns(rows)
        del rows
        if dedupe:
            columns, conflicts = _dedupe(columns)
            problems.extend(conflicts)
    return Corpus(columns, diagnostics=problems.diagnostics or ())


def build_corpus(
    paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
    dedupe: bool = True,
) -> Corpus:
    """`load()` without the summary warning: diagnostics only in `Corpus.diagnostics`."""
    return _load(paths, Collector(strict=strict), dedupe=dedupe)


def _load(paths: Iterable[str | os.PathLike[str]], problems: Collector, *, dedupe: bool) -> Corpus:
    files = expand_paths(paths)
    return _build(((f, os.fspath(f)) for f in files), problems, dedupe=dedupe)


def load(*paths: str | os.PathLike[str], strict: bool = False, dedupe: bool = True) -> Corpus:
    """Load one or more listing files (a directory means its `*.txt` files, sorted).

    Copies of a paper across (or within) files are merged into one: a field missing in one
    copy is taken from another, the highest version wins, and a real conflict becomes a
    diagnostic naming both places. `dedupe=False` keeps every record as it is.

    In lenient mode (the default) problems are collected in `Corpus.diagnostics` and one
    `ParseWarning` sums them up.

    Raises:
        ParseError: in strict mode, at the first problem.
        OSError: a file cannot be opened or read.

    Examples:
        >>> corpus = load(sample_path())
        >>> len(corpus), corpus["2104.12369"].created
        (48, datetime.date(2021, 4, 26))
    """
    if not paths:
        raise TypeError("load() needs at least one path")
    problems = Collector(strict=strict)
    corpus = _load(paths, problems, dedupe=dedupe)
    problems.warn()
    return corpus


def sample_path() -> Path:
    """The folder that holds the bundled listings, `listing-1.txt` ... `listing-5.txt`."""
    return Path(str(resources.files("papercorpus") / "data"))


def sample_files() -> list[Path]:
    """The five bundled listings, in order: real listings to try `load` and the rest on.

    Examples:
        >>> [path.name for path in sample_files()][:2]
        ['listing-1.txt', 'listing-2.txt']
        >>> len(load(*sample_files()))
        48
    """
    return sorted(sample_path().glob("listing-*.txt"))


def load_sample(*, enriched: bool = True, strict: bool = False, dedupe: bool = True) -> Corpus:
    """Load the five bundled listings: 48 distinct papers from 50 records.

    With `enriched=True` (the default) titles, authors, categories and first-version dates
    come from the bundled, verified metadata, offline; the listings' own fields are kept,
    and a disagreement between the two is a diagnostic. `enriched=False` is the bare parse.

    Examples:
        >>> corpus = load_sample()
        >>> len(corpus), corpus["2012.06272"].doi
        (48, '10.1109/TCAD.2020.3043328')
        >>> corpus["2104.12369"].authors[0].name
        'Wei Zeng'
    """
    data = resources.files("papercorpus") / "data"
    inputs = ((io.BytesIO(data.joinpath(name).read_bytes()), name) for name in SAMPLE_FILES)
    problems = Collector(strict=strict)
    corpus = _build(inputs, problems, dedupe=dedupe)
    if not enriched:
        return corpus
    from papercorpus._sample import apply_metadata  # noqa: PLC0415 (only the sample needs it)

    papers, conflicts = apply_metadata(list(corpus))
    problems.extend(conflicts)
    return Corpus(papers, diagnostics=problems.diagnostics or ())
