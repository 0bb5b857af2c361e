"""Papers held as columns (Arrow record batches), built as `Paper`s only when asked for."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, NamedTuple

from papercorpus.ids import ArxivId

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from papercorpus.models import Paper

__all__ = ["CHUNK", "Built", "Columns", "Held", "SourceColumns"]

#: Papers built at a time from columns: iteration, exports and `corpus[i]` work a chunk at a
#: time, so that a Corpus of a million rows never holds a million Papers.
CHUNK = 8192


class SourceColumns(NamedTuple):
    """A column of `Source`s given as its two parts: every paper's path and line."""

    paths: Sequence[str | None]
    lines: Sequence[int]


class Columns(ABC):
    """Rows a Corpus holds without holding their Papers: each is built when asked for.

    A bulk result (an enrichment from a snapshot index, a search of one) is kept as the
    Arrow rows the engine gave; `corpus[i]`, iteration and every export build the Papers of
    a chunk at a time, which the caller keeps or lets go.
    """

    @abstractmethod
    def __len__(self) -> int:
        """How many papers."""

    @abstractmethod
    def build(self, start: int, stop: int) -> list[Paper]:
        """The papers at positions `start` to `stop` (excluded), made now."""

    @abstractmethod
    def ids(self) -> list[str]:
        """Every paper's base identifier, in order, without building a paper."""

    @abstractmethod
    def take(self, positions: Sequence[int]) -> Columns:
        """The rows at `positions` (in range, in that order), still as columns."""

    def stored(self, start: int, stop: int) -> dict[str, Sequence[Any]] | None:
        """The stored fields of positions `start` to `stop` as columns, or None.

        Each column holds the values the Papers would hold (a field not given is the
        Paper's default; `source` may be a `SourceColumns`), so that an export reads them
        without building a Paper. None means the Papers must be built (the default).
        """
        del start, stop
        return None


class Held:
    """A Corpus's papers: a tuple of Papers, or `Columns` built a chunk at a time.

    Looked up by position or by identifier (an index of canonical identifiers, made on
    first use from the ids alone: no paper is built for it).
    """

    __slots__ = ("_chunk", "_columns", "_index", "_papers")

    def __init__(self, papers: Iterable[Paper] | Columns) -> None:
        """Hold `papers`: Columns as they are, anything else as a tuple."""
        self._columns = papers if isinstance(papers, Columns) else None
        self._papers = None if isinstance(papers, Columns) else tuple(papers)
        self._chunk: tuple[int, list[Paper]] = (0, [])
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        """How many papers."""
        return len(self._columns) if self._columns is not None else len(self._papers or ())

    def at(self, position: int) -> Paper:
        """The paper at a position in range (0 to len - 1)."""
        if self._columns is None:
            return (self._papers or ())[position]
        start, papers = self._chunk
        if not start <= position < start + len(papers):
            start = position - position % CHUNK
            papers = self._columns.build(start, min(start + CHUNK, len(self._columns)))
            self._chunk = (start, papers)
        return papers[position - start]

    def __iter__(self) -> Iterator[Paper]:
        """The papers in order; columns' built a chunk at a time, none kept."""
        if self._columns is None:
            return iter(self._papers or ())
        return Built(self._columns)

    def ids(self) -> list[str]:
        """The papers' base identifiers, in order."""
        if self._columns is not None:
            return self._columns.ids()
        return [paper.arxiv_id for paper in self._papers or ()]

    def position(self, key: str) -> int | None:
        """The position of the first paper with identifier `key` (any form), if any."""
        if self._index is None:
            index: dict[str, int] = {}
            # `math.GT/0309136` and `math/0309136` are one paper.
            for position, base in enumerate(self.ids()):
                index.setdefault(ArxivId(base).canonical if "/" in base else base, position)
            self._index = index
        try:
            base = ArxivId.parse(key).canonical
        except ValueError:
            return None
        return self._index.get(base)

    def sliced(self, key: slice) -> Iterable[Paper] | Columns:
        """The papers of a slice, held as these are."""
        if self._columns is not None:
            return self._columns.take(range(len(self._columns))[key])
        return (self._papers or ())[key]


class Built:
    """The papers of `Columns` in order, built a chunk at a time (a Corpus's iterator).

    An export asks it for `chunks()` instead: the stored fields as columns where the
    Columns give them, so that no Paper is built only to be read field by field.
    """

    __slots__ = ("_columns", "_papers", "_start")

    def __init__(self, columns: Columns) -> None:
        """Iterate over `columns` from its first row."""
        self._columns = columns
        self._start = 0  # the first row not yet built
        self._papers: Iterator[Paper] = iter(())

    def __iter__(self) -> Built:
        """Return itself: an iterator."""
        return self

    def __next__(self) -> Paper:
        """The next paper (a chunk of them built when the last is used up)."""
        paper = next(self._papers, None)
        if paper is None:
            size = len(self._columns)
            if self._start >= size:
                raise StopIteration
            stop = min(self._start + CHUNK, size)
            self._papers = iter(self._columns.build(self._start, stop))
            self._start = stop
            paper = next(self._papers)
        return paper

    def chunks(self, size: int) -> Iterator[list[Paper] | dict[str, Sequence[Any]]]:
        """The papers not yet given, `size` at a time: stored columns where they can be."""
        rest = list(self._papers)
        if rest:
            yield rest
        total = len(self._columns)
        while self._start < total:
            start, stop = self._start, min(self._start + size, total)
            self._start = stop
            stored = self._columns.stored(start, stop)
            yield stored if stored is not None else self._columns.build(start, stop)
