"""`Corpus`: an ordered collection of Papers, looked up by identifier, exported in any format."""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from papercorpus import _html, export
from papercorpus._collect import Collector
from papercorpus._columns import Columns, Held
from papercorpus._extras import require
from papercorpus.errors import Diagnostic
from papercorpus.ids import ArxivId
from papercorpus.models import Paper
from papercorpus.parsing import read_arrow, read_jsonl, read_pandas

if TYPE_CHECKING:
    from collections.abc import Callable

    import arxiv
    import pandas as pd
    import polars as pl
    import pyarrow as pa

__all__ = ["Corpus"]


class Corpus(Sequence[Paper]):
    """An ordered collection of Papers, looked up by position or by arXiv identifier.

    `corpus["2104.12369"]` accepts any identifier form (`arXiv:`, URL, versioned);
    `.diagnostics` lists every problem found while building it.

    Examples:
        >>> corpus = Corpus([Paper(arxiv_id="2104.12369"), Paper(arxiv_id="hep-th/9901001")])
        >>> len(corpus), corpus["arXiv:2104.12369v3"].arxiv_id, "hep-th/9901001" in corpus
        (2, '2104.12369', True)
    """

    __slots__ = ("_diagnostics", "_held")

    def __init__(
        self,
        papers: Iterable[Paper] | Columns = (),
        *,
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        """Hold `papers` in the given order, with the `diagnostics` found making them.

        A bulk result holds its rows as columns instead (`Columns`): its Papers are built
        a chunk at a time as they are asked for, and not kept.
        """
        self._held = Held(papers)
        self._diagnostics = tuple(diagnostics)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every problem found in the input, in input order."""
        return self._diagnostics

    @property
    def ids(self) -> list[str]:
        """The papers' base identifiers, in order."""
        return self._held.ids()

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
            position = self._held.position(key)
            if position is None:
                try:
                    ArxivId.parse(key)
                except ValueError as exc:  # a typo: say what is wrong with it
                    raise KeyError(f"{key!r} is no arXiv identifier: {exc}") from None
                raise KeyError(f"no paper {key!r} in this corpus of {len(self):,}") from None
            return self._held.at(position)
        if isinstance(key, slice):
            return self._with(self._held.sliced(key))
        position, size = operator.index(key), len(self)
        if -size <= position < size:
            return self._held.at(position % size)
        bounds = f"0 to {size - 1} (or -{size} to -1)" if size else "none: it is empty"
        raise IndexError(f"corpus index {key} out of range: {size:,} papers, positions {bounds}")

    def get(self, key: str, default: Paper | None = None) -> Paper | None:
        """Return the paper with identifier `key`, or `default`."""
        position = self._held.position(key)
        return default if position is None else self._held.at(position)

    def __contains__(self, key: object) -> bool:
        """Whether a paper (or a paper with this identifier) is in the corpus."""
        if isinstance(key, Paper):
            return any(paper == key for paper in self)
        return isinstance(key, str) and self._held.position(key) is not None

    def __iter__(self) -> Iterator[Paper]:
        """Iterate over the papers in order (built a chunk at a time when held as columns)."""
        return iter(self._held)

    def __len__(self) -> int:
        """Return the number of papers."""
        return len(self._held)

    def __eq__(self, other: object) -> bool:
        """Corpora are equal when they hold equal papers in the same order."""
        if isinstance(other, Corpus):
            return len(self) == len(other) and all(
                mine == theirs for mine, theirs in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by value, like a list

    def __repr__(self) -> str:
        """Return a short summary: size and number of diagnostics."""
        return f"<Corpus: {len(self)} papers, {len(self._diagnostics)} diagnostics>"

    def filter(self, predicate: Callable[[Paper], bool]) -> Corpus:
        """Return the papers for which `predicate` is true, as a new Corpus."""
        return self._with(paper for paper in self if predicate(paper))

    def _with(self, papers: Iterable[Paper] | Columns) -> Corpus:
        """A Corpus of some of these papers, with what this one carries (a report too)."""
        return Corpus(papers, diagnostics=self._diagnostics)

    # -- exports: every file format goes through the one registry in `papercorpus.export` --

    @overload
    def to_jsonl(self, path: None = None) -> str: ...
    @overload
    def to_jsonl(self, path: str | os.PathLike[str]) -> None: ...
    def to_jsonl(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """One `model_dump(mode="json")` object a line: the text, or written to `path`.

        Every text writer (`to_jsonl`, `to_json`, `to_csv`, `to_bibtex`, `to_csl_json`,
        `to_ris`) returns the text when given no path, and `None` when it writes the file
        (atomically). `from_jsonl` reads it back.
        """
        return self._text_or_file("jsonl", path)

    def _text_or_file(
        self,
        fmt: str,
        path: str | os.PathLike[str] | None,
        **options: Any,  # noqa: ANN401
    ) -> str | None:
        if path is None:
            return export.write_text(self, fmt, **options)
        export.write(self, fmt, path, **options)
        return None

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str], *, strict: bool = False) -> Corpus:
        """Read papers written by `to_jsonl` (derived fields are recomputed, not read).

        A line that is no paper (not JSON, a field of the wrong type, bad bytes) is a
        diagnostic with its line and column, as in `load()`: collected in `diagnostics`,
        summed up in one `ParseWarning`; `strict=True` raises at the first.

        Raises:
            ParseError: in strict mode, at the first line that is no paper.
            OSError: the file cannot be opened or read.
        """
        return cls._collected(read_jsonl(path), strict=strict)

    @classmethod
    def from_csv(
        cls, path: str | os.PathLike[str], *, escape_formulas: bool = True, strict: bool = False
    ) -> Corpus:
        """Read papers written by `to_csv`: identifiers stay text, lists are split back.

        Every cell is read as text and becomes its field by the field's own rule (no type
        guessing: `2104.08700` stays `2104.08700`). `escape_formulas` is `to_csv`'s: the `'`
        it put before `=`, `+`, `-`, `@`... is taken off. A row that is no paper is a
        diagnostic with its line, as in `from_jsonl`; `strict=True` raises at the first.

        Raises:
            ParseError: in strict mode, at the first row that is no paper.
            OSError: the file cannot be opened or read.
        """
        from papercorpus.parsing import read_csv  # noqa: PLC0415 (csv readers only)

        return cls._collected(read_csv(path, escape_formulas=escape_formulas), strict=strict)

    @classmethod
    def _collected(cls, items: Iterable[Paper | Diagnostic], *, strict: bool) -> Corpus:
        papers: list[Paper] = []
        problems = Collector(strict=strict)
        for item in items:
            if isinstance(item, Paper):
                papers.append(item)
            else:
                problems.add(item)
        problems.warn()
        return cls(papers, diagnostics=problems.diagnostics or ())

    @overload
    def to_json(self, path: None = None) -> str: ...
    @overload
    def to_json(self, path: str | os.PathLike[str]) -> None: ...
    def to_json(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The papers as one JSON array: returned as a string, or written to `path`."""
        return self._text_or_file("json", path)

    @overload
    def to_csv(
        self, path: None = None, *, escape_formulas: bool = True, excel: bool = False
    ) -> str: ...
    @overload
    def to_csv(
        self, path: str | os.PathLike[str], *, escape_formulas: bool = True, excel: bool = False
    ) -> None: ...
    def to_csv(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        escape_formulas: bool = True,
        excel: bool = False,
    ) -> str | None:
        """CSV, one row a paper, lists flattened (see `export.CSV_COLUMNS`): text, or to `path`.

        Cells a spreadsheet would run as formulas (`=`, `+`, `-`, `@`...) get a leading
        `'`; `escape_formulas=False` keeps them as they are, for programs. `excel=True`
        starts the file with a UTF-8 byte order mark, as Excel needs to read UTF-8, and
        warns (`ExportWarning`, naming the papers) of cells longer than Excel holds.
        """
        return self._text_or_file("csv", path, escape_formulas=escape_formulas, excel=excel)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame, one row a paper (needs pandas: `pip install papercorpus[pandas]`)."""
        return export.to_pandas(self)

    def to_arrow(self) -> pa.Table:
        """An Arrow table with an explicit schema (needs `papercorpus[parquet]`)."""
        return export.to_arrow(self)

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write Parquet with an explicit schema, authors as list<struct> (needs pyarrow)."""
        export.write(self, "parquet", path)

    def to_polars(self) -> pl.DataFrame:
        """A polars DataFrame with the Arrow schema (needs `papercorpus[polars]`)."""
        require("polars", feature="to_polars()")
        import polars as pl  # noqa: PLC0415 (an optional dependency)

        frame = pl.from_arrow(self.to_arrow())
        assert isinstance(frame, pl.DataFrame)  # noqa: S101 (a table gives a frame)
        return frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream: DuckDB, pyarrow and polars read a Corpus directly.

        `duckdb.sql("select count(*) from corpus")`, `pyarrow.table(corpus)`,
        `polars.DataFrame(corpus)`.
        """
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    @classmethod
    def from_arxiv(cls, results: Iterable[arxiv.Result]) -> Corpus:
        """Papers of the `arxiv` package's results (`arxiv.Client().results(search)`).

        The bridge for code that already uses arxiv.py: each `arxiv.Result` becomes the
        `Paper` that `papercorpus.search` would give for it (see `Paper.from_arxiv_result`),
        in order; a paper that comes twice (arXiv's pages can repeat one) is kept once.

        Raises:
            InvalidArxivIdError: a result's id is not an arXiv identifier.
        """
        papers: dict[str, Paper] = {}
        for result in results:
            paper = Paper.from_arxiv_result(result)
            papers.setdefault(paper.identifier.canonical, paper)
        return cls(papers.values())

    @classmethod
    def from_arrow(cls, data: object, *, strict: bool = False, source: str = "<arrow>") -> Corpus:
        """Papers from what `to_arrow()` gives (or anything that speaks the Arrow stream).

        A row that is no paper is a diagnostic naming its row (from 1) of `source`, as in
        `from_jsonl`: collected, summed up in one `ParseWarning`; `strict=True` raises.

        Raises:
            ParseError: in strict mode, at the first row that is no paper.
        """
        return cls._collected(read_arrow(data, source), strict=strict)

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame, *, strict: bool = False) -> Corpus:
        """Papers from what `to_pandas()` gives (authors as names, the source as two columns).

        A row that is no paper is a diagnostic naming its row (from 1), as in `from_arrow`.

        Raises:
            ParseError: in strict mode, at the first row that is no paper.
        """
        return cls._collected(read_pandas(frame), strict=strict)

    @classmethod
    def from_parquet(cls, path: str | os.PathLike[str], *, strict: bool = False) -> Corpus:
        """Read papers written by `to_parquet`; a row that is no paper is a diagnostic.

        Raises:
            ParseError: in strict mode, at the first row that is no paper.
            OSError: the file cannot be read.
        """
        pq = require("pyarrow.parquet", feature="from_parquet()")

        return cls.from_arrow(pq.read_table(path), strict=strict, source=os.fspath(path))

    @overload
    def to_bibtex(self, path: None = None) -> str: ...
    @overload
    def to_bibtex(self, path: str | os.PathLike[str]) -> None: ...
    def to_bibtex(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """BibTeX, keys unique in the corpus: returned as a string, or written to `path`."""
        return self._text_or_file("bibtex", path)

    @overload
    def to_csl_json(self, path: None = None) -> str: ...
    @overload
    def to_csl_json(self, path: str | os.PathLike[str]) -> None: ...
    def to_csl_json(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """CSL-JSON (Zotero, Mendeley, pandoc): returned as a string, or written to `path`."""
        return self._text_or_file("csl-json", path)

    @overload
    def to_ris(self, path: None = None) -> str: ...
    @overload
    def to_ris(self, path: str | os.PathLike[str]) -> None: ...
    def to_ris(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """RIS records (EndNote, Zotero): returned as a string, or written to `path`."""
        return self._text_or_file("ris", path)

    def _repr_html_(self) -> str:
        """A compact table for Jupyter."""
        return _html.corpus_html(self, len(self._diagnostics))
