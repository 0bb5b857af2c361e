"""`Corpus`, a sequence of Papers with lookup by identifier, and `load()` / `load_sample()`."""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from papercorpus import export
from papercorpus.errors import Diagnostic, ParseError, ParseWarning
from papercorpus.ids import ArxivId
from papercorpus.models import Paper
from papercorpus.parsing import gc_paused, iter_papers

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd
    import pyarrow as pa

__all__ = [
    "SAMPLE_FILES",
    "Corpus",
    "build_corpus",
    "expand_paths",
    "load",
    "load_sample",
    "merge_copies",
    "sample_path",
]

#: The bundled listings, in the order `load_sample()` reads them.
SAMPLE_FILES = tuple(f"listing-{i}.txt" for i in range(1, 6))

# Fields a second copy of a paper can fill or contradict; `source` stays the first copy's.
_MERGED_FIELDS = tuple(
    name for name in Paper.model_fields if name not in {"arxiv_id", "version", "source"}
)


class Corpus(Sequence[Paper]):
    """An ordered collection of Papers, looked up by position or by arXiv identifier.

    `corpus["2104.12369"]` accepts any identifier form (`arXiv:`, URL, versioned);
    `.diagnostics` lists every problem found while building it.

    Examples:
        >>> corpus = Corpus([Paper(arxiv_id="2104.12369"), Paper(arxiv_id="hep-th/9901001")])
        >>> len(corpus), corpus["arXiv:2104.12369v3"].arxiv_id, "hep-th/9901001" in corpus
        (2, '2104.12369', True)
    """

    __slots__ = ("_diagnostics", "_index", "_papers")

    def __init__(
        self,
        papers: Iterable[Paper] = (),
        *,
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        """Hold `papers` in the given order, with the `diagnostics` found making them."""
        self._papers: tuple[Paper, ...] = tuple(papers)
        self._diagnostics = tuple(diagnostics)
        self._index: dict[str, int] | None = None

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every problem found in the input, in input order."""
        return self._diagnostics

    @property
    def ids(self) -> list[str]:
        """The papers' base identifiers, in order."""
        return [paper.arxiv_id for paper in self._papers]

    def _position(self, key: str) -> int | None:
        if self._index is None:
            index: dict[str, int] = {}
            for position, paper in enumerate(self._papers):
                index.setdefault(paper.arxiv_id, position)
            self._index = index
        try:
            base = ArxivId.parse(key).base
        except ValueError:
            return None
        return self._index.get(base)

    @overload
    def __getitem__(self, key: int) -> Paper: ...
    @overload
    def __getitem__(self, key: str) -> Paper: ...
    @overload
    def __getitem__(self, key: slice) -> Corpus: ...
    def __getitem__(self, key: int | str | slice) -> Paper | Corpus:
        """Return the paper at a position or with an identifier, or a sub-corpus for a slice.

        Raises:
            KeyError: no paper has that identifier.
            IndexError: the position is out of range.
        """
        if isinstance(key, str):
            position = self._position(key)
            if position is None:
                raise KeyError(f"no paper {key!r} in this corpus")
            return self._papers[position]
        if isinstance(key, slice):
            return Corpus(self._papers[key], diagnostics=self._diagnostics)
        return self._papers[key]

    def get(self, key: str, default: Paper | None = None) -> Paper | None:
        """Return the paper with identifier `key`, or `default`."""
        position = self._position(key)
        return default if position is None else self._papers[position]

    def __contains__(self, key: object) -> bool:
        """Whether a paper (or a paper with this identifier) is in the corpus."""
        if isinstance(key, Paper):
            return key in self._papers
        return isinstance(key, str) and self._position(key) is not None

    def __iter__(self) -> Iterator[Paper]:
        """Iterate over the papers in order."""
        return iter(self._papers)

    def __len__(self) -> int:
        """Return the number of papers."""
        return len(self._papers)

    def __eq__(self, other: object) -> bool:
        """Corpora are equal when they hold equal papers in the same order."""
        if isinstance(other, Corpus):
            return self._papers == other._papers
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by value, like a list

    def __repr__(self) -> str:
        """Return a short summary: size and number of diagnostics."""
        return f"<Corpus: {len(self)} papers, {len(self._diagnostics)} diagnostics>"

    def filter(self, predicate: Callable[[Paper], bool]) -> Corpus:
        """Return the papers for which `predicate` is true, as a new Corpus."""
        return Corpus(
            (paper for paper in self._papers if predicate(paper)), diagnostics=self._diagnostics
        )

    # -- exports -------------------------------------------------------------------------

    def to_jsonl(self, path: str | os.PathLike[str]) -> None:
        """Write one `model_dump(mode="json")` object a line (atomically); see `from_jsonl`."""
        with export.atomic_writer(path) as stream:
            export.write_jsonl(self, stream)

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> Corpus:
        """Read papers written by `to_jsonl` (derived fields are recomputed, not read)."""
        with Path(path).open(encoding="utf-8") as stream:
            return cls(Paper.model_validate_json(line) for line in stream if line.strip())

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The papers as one JSON array: returned as a string, or written to `path`."""
        if path is not None:
            with export.atomic_writer(path) as stream:
                export.write_json(self, stream)
            return None
        buffer = io.StringIO()
        export.write_json(self, buffer)
        return buffer.getvalue()

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write a CSV file: one row a paper, lists flattened (see `export.CSV_COLUMNS`)."""
        with export.atomic_writer(path) as stream:
            export.write_csv(self, stream)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame, one row a paper (needs pandas: `pip install papercorpus[pandas]`)."""
        return export.to_pandas(self)

    def to_arrow(self) -> pa.Table:
        """An Arrow table with an explicit schema (needs `papercorpus[parquet]`)."""
        return export.to_arrow(self)

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write Parquet with an explicit schema, authors as list<struct> (needs pyarrow)."""
        import pyarrow.parquet as pq  # noqa: PLC0415 (an optional dependency)

        with export.atomic_writer(path, binary=True) as stream:
            pq.write_table(self.to_arrow(), stream)

    @classmethod
    def from_parquet(cls, path: str | os.PathLike[str]) -> Corpus:
        """Read papers written by `to_parquet`."""
        import pyarrow.parquet as pq  # noqa: PLC0415 (an optional dependency)

        fields = set(Paper.model_fields)
        rows = pq.read_table(path).to_pylist()
        return cls(
            Paper.model_validate({k: v for k, v in row.items() if k in fields}) for row in rows
        )

    def to_bibtex(self, path: str | os.PathLike[str] | None = None) -> str:
        """BibTeX in arXiv's style, keys unique in the corpus; also written to `path` if given."""
        text = export.to_bibtex(self)
        if path is not None:
            with export.atomic_writer(path) as stream:
                stream.write(text)
        return text

    def _repr_html_(self) -> str:
        """A compact table for Jupyter."""
        return export.corpus_html(self._papers, len(self._diagnostics))


def _place(paper: Paper) -> str:
    return str(paper.source) if paper.source is not None else "<unknown>"


def merge_copies(copies: Sequence[Paper]) -> tuple[Paper, list[Diagnostic]]:
    """Merge copies of one paper: fill gaps from any copy; the highest version wins.

    Where two copies hold different values for a field, the value of the copy with the
    highest version (the first such copy on a tie) is kept and a diagnostic names both
    places.
    """
    first = copies[0]
    if len(copies) == 1:
        return first, []
    ranked = sorted(copies, key=lambda paper: -(paper.version or 0))  # stable: ties keep order
    update: dict[str, Any] = {"version": ranked[0].version}
    diagnostics: list[Diagnostic] = []
    for name in _MERGED_FIELDS:
        chosen: Any = None
        chosen_from: Paper | None = None
        for paper in ranked:
            value = getattr(paper, name)
            if value in (None, ()):
                continue
            if chosen_from is None:
                chosen, chosen_from = value, paper
            elif value != chosen:
                diagnostics.append(_conflict(name, chosen_from, paper, value))
        if chosen_from is not None:
            update[name] = chosen
    return first.model_copy(update=update), diagnostics


def _conflict(name: str, kept: Paper, other: Paper, value: object) -> Diagnostic:
    line = other.source.line if other.source is not None else 1
    path = other.source.path if other.source is not None else None
    return Diagnostic(
        path,
        line,
        "conflict",
        f"the same {name} as {_place(kept)} for {kept.arxiv_id} (kept from there)",
        f"{value!r}",
        arxiv_id=kept.arxiv_id,
    )


def _dedupe(papers: Iterable[Paper]) -> tuple[list[Paper], list[Diagnostic]]:
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(paper.arxiv_id, []).append(paper)
    merged: list[Paper] = []
    diagnostics: list[Diagnostic] = []
    for copies in groups.values():
        paper, problems = merge_copies(copies)
        merged.append(paper)
        diagnostics.extend(problems)
    return merged, diagnostics


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The listing files named: a file as it is, a folder as its `*.txt` files, sorted."""
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.txt") if p.is_file()))
        else:
            files.append(path)
    return files


def _build(inputs: Iterable[tuple[Any, str]], *, strict: bool, dedupe: bool) -> Corpus:
    diagnostics: list[Diagnostic] = []
    papers: list[Paper] = []
    with gc_paused():
        for handle, name in inputs:
            papers.extend(
                iter_papers(handle, source=name, strict=strict, on_diagnostic=diagnostics.append)
            )
        if dedupe:
            papers, conflicts = _dedupe(papers)
            if strict and conflicts:
                raise ParseError(conflicts[0])
            diagnostics.extend(conflicts)
    return Corpus(papers, diagnostics=diagnostics)


def build_corpus(
    paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
    dedupe: bool = True,
) -> Corpus:
    """`load()` without the summary warning: diagnostics only in `Corpus.diagnostics`."""
    files = expand_paths(paths)
    return _build(((f, os.fspath(f)) for f in files), strict=strict, dedupe=dedupe)


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
    corpus = build_corpus(paths, strict=strict, dedupe=dedupe)
    if corpus.diagnostics:
        first, *rest = corpus.diagnostics
        warnings.warn(ParseWarning(first, more=len(rest)), stacklevel=2)
    return corpus


def sample_path() -> Path:
    """The folder that holds the bundled listings, `listing-1.txt` ... `listing-5.txt`."""
    return Path(str(resources.files("papercorpus") / "data"))


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
    corpus = _build(inputs, strict=strict, dedupe=dedupe)
    if not enriched:
        return corpus
    from papercorpus._sample import apply_metadata  # noqa: PLC0415 (only the sample needs it)

    papers, conflicts = apply_metadata(list(corpus))
    if strict and conflicts:
        raise ParseError(conflicts[0])
    return Corpus(papers, diagnostics=[*corpus.diagnostics, *conflicts])
