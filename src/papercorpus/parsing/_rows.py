"""A record's values as the reader finds them (`Row`), and listings held as columns of them."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from papercorpus._columns import Columns, SourceColumns
from papercorpus._parts import Source
from papercorpus._text import squash
from papercorpus._trusted import trusted
from papercorpus.models import Paper

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

__all__ = ["ListingColumns", "Row", "paper_of"]


class Row(NamedTuple):
    """One record's values: a `Paper`'s stored fields, before there is a Paper.

    `abstract` is as read, its whitespace not yet squashed: a Paper or a column made of the
    row squashes it (`paper_of`, `ListingColumns.stored`), so that a Corpus of a listing
    pays for it only for the abstracts that are used.
    """

    arxiv_id: str
    version: int | None
    abstract: str | None  # not squashed
    comments: str | None
    dois: tuple[str, ...]
    created: dt.date | None
    withdrawn: bool  # the comments say so
    path: str | None
    line: int  # of the identifier line


def paper_of(row: Row) -> Paper:
    """The Paper of a row, as `parse()` gives it (fields checked by the reader)."""
    arxiv_id, version, abstract, comments, dois, created, withdrawn, path, line = row
    values: dict[str, object] = {
        "arxiv_id": arxiv_id,
        "version": version,
        "abstract": None if abstract is None else squash(abstract),
        "comments": comments,
        "doi": dois[0] if dois else None,
        "dois": dois,
        "created": created,
        "source": Source(path=path, line=line),
    }
    if withdrawn:  # set only then: a Paper's fields set are the ones the listing gave
        values["withdrawn"] = True
    return trusted(Paper, values)


class ListingColumns(Columns):
    """The records of listings held as one column a field, each Paper built when asked for.

    `others` holds, by position, papers made otherwise (copies of one paper merged).
    """

    def __init__(self, rows: Iterable[Row], others: dict[int, Paper] | None = None) -> None:
        """Hold `rows` as columns (`zip` turns rows into columns in C)."""
        columns: list[Sequence[object]] = list(zip(*rows, strict=True))
        self.columns = columns or [() for _ in Row._fields]
        self.others = others or {}
        self._merged: list[int] | None = None  # the positions of `others`, in order

    def __len__(self) -> int:
        """How many papers."""
        return len(self.columns[0])

    def build(self, start: int, stop: int) -> list[Paper]:
        """The papers at positions `start` to `stop`: made from their rows now."""
        rows = zip(*(column[start:stop] for column in self.columns), strict=True)
        others = self.others
        return [
            others[position] if position in others else paper_of(Row._make(row))
            for position, row in enumerate(rows, start)
        ]

    def stored(self, start: int, stop: int) -> dict[str, Sequence[Any]] | None:
        """The stored fields of positions `start` to `stop`, as `paper_of` would set them.

        None when a paper among them was made otherwise (copies merged): it is built.
        """
        if self.others:
            if self._merged is None:
                self._merged = sorted(self.others)
            if bisect.bisect_left(self._merged, start) != bisect.bisect_left(self._merged, stop):
                return None
        ids, versions, abstracts, comments, dois, created, withdrawn, paths, lines = (
            column[start:stop] for column in self.columns
        )
        return {
            "arxiv_id": ids,
            "version": versions,
            "abstract": [
                None if text is None else squash(text)
                for text in cast("Sequence[str | None]", abstracts)
            ],
            "comments": comments,
            "doi": [found[0] if found else None for found in cast("Sequence[tuple[str]]", dois)],
            "dois": dois,
            "created": created,
            "withdrawn": withdrawn,
            "source": SourceColumns(
                cast("Sequence[str | None]", paths), cast("Sequence[int]", lines)
            ),
        }

    def ids(self) -> list[str]:
        """Every paper's base identifier, in order, read from its column."""
        return list(self.columns[0])  # type: ignore[arg-type]

    def take(self, positions: Sequence[int]) -> ListingColumns:
        """The papers at `positions`, still as columns."""
        taken = ListingColumns(())
        taken.columns = [[column[p] for p in positions] for column in self.columns]
        taken.others = {
            new: self.others[old] for new, old in enumerate(positions) if old in self.others
        }
        return taken
