"""Index rows into `Entry` and `Paper` objects, as fast as Python makes them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from papercorpus._parts import trusted_version
from papercorpus.ids import ArxivId
from papercorpus.snapshot._spill import collected
from papercorpus.snapshot._sql import INDEX_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from papercorpus.models import Author, Entry, Paper, Version

__all__ = [
    "ENTRY_COLUMNS",
    "ENTRY_SQL",
    "FETCH_ROWS",
    "Rows",
    "arrow_versions",
    "batches",
    "python_rows",
]

FETCH_ROWS = 10_000  # rows turned into Python objects at a time

#: The columns a paper is made of, in `Rows.entry`'s order.
ENTRY_COLUMNS = (*INDEX_COLUMNS[:12], "versions", "withdrawn")
ENTRY_SQL = ", ".join(ENTRY_COLUMNS)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def arrow_versions(column: Any) -> list[tuple[Version, ...]]:  # noqa: ANN401 (a pyarrow ListArray)
    """Each row's versions from the index's Arrow column, a field at a time.

    Times come as microseconds since the epoch (the index keeps UTC without a zone) and
    become UTC datetimes by one addition, not through Arrow's conversion of each struct.
    """
    import pyarrow as pa  # noqa: PLC0415 (the caller has Arrow data already)
    import pyarrow.compute as pc  # noqa: PLC0415

    lengths = pc.fill_null(pc.list_value_length(column), 0).to_pylist()
    flat = column.flatten()
    numbers = flat.field("number").to_pylist()
    micros = flat.field("created").cast(pa.int64()).to_pylist()
    sizes = flat.field("size_kb").to_pylist()
    withdrawn = flat.field("withdrawn").to_pylist()
    epoch, step = _EPOCH, dt.timedelta
    made = [
        trusted_version(number, epoch + step(microseconds=at), size, bool(gone))
        for number, at, size, gone in zip(numbers, micros, sizes, withdrawn, strict=True)
    ]
    out: list[tuple[Version, ...]] = []
    start = 0
    for length in lengths:
        out.append(tuple(made[start : start + length]))
        start += length
    return out


class Rows:
    """Index rows into `Entry` and `Paper` objects, one `Author` object a name."""

    def __init__(self) -> None:
        # Imported here: pydantic loads only when papers are made, not for a build.
        from papercorpus._trusted import trusted  # noqa: PLC0415
        from papercorpus.models import Author, Entry, paper_of_entry  # noqa: PLC0415

        self.author_class, self.entry_class = Author, Entry
        self.trusted, self.paper_of_entry = trusted, paper_of_entry
        self.known: dict[str, Author] = {}

    def authors(self, names: list[str]) -> tuple[Author, ...]:
        # Authors are immutable: one object a name, however many papers share it.
        known, authors = self.known, []
        for name in names:
            author = known.get(name)
            if author is None:
                author = known[name] = self.trusted(self.author_class, {"name": name})
            authors.append(author)
        return tuple(authors)

    def entry(self, row: tuple[Any, ...]) -> Entry:
        (arxiv_id, title, names, abstract, comments, journal_ref, doi, categories, primary,
         published, updated, latest, versions, withdrawn) = row  # fmt: skip
        return self.entry_class(
            id=ArxivId(arxiv_id, latest),
            title=title or "",
            authors=self.authors(names),
            summary=abstract,
            comment=comments,
            journal_ref=journal_ref,
            doi=doi,
            primary_category=primary,
            categories=tuple(categories),
            published=published,
            updated=updated,
            versions=versions,  # made by `arrow_versions`
            withdrawn=bool(withdrawn),
        )

    def paper_of(self, identifier: ArxivId, row: tuple[Any, ...]) -> Paper:
        # The paper enriching `identifier` from this row gives: one rule.
        return self.paper_of_entry(identifier, self.entry(row), squashed=True)


def _reader(relation: Any) -> Any:  # noqa: ANN401 (DuckDB's relation, Arrow's reader)
    # DuckDB 2 names it to_arrow_reader; 1.x, fetch_record_batch.
    reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    return reader(FETCH_ROWS)


def batches(relation: Any) -> Iterator[Any]:  # noqa: ANN401 (DuckDB's relation, Arrow's batches)
    """A relation's rows as Arrow record batches of `FETCH_ROWS`."""
    yield from _reader(relation)


def arrow_table(relation: Any, expected_rows: int | None = None, kept: Sequence[str] = ()) -> Any:  # noqa: ANN401 (DuckDB's relation, a pyarrow Table)
    """A relation's rows as one Arrow table, read batch by batch (schema kept when empty).

    DuckDB hands over each batch as it is made: it never holds the whole answer beside
    Arrow's copy of it. With `expected_rows` (how many rows it may hold), a large answer
    is kept in a memory-mapped file (`_spill.collected`), bar the `kept` columns.
    """
    import pyarrow as pa  # noqa: PLC0415 (the caller reads Arrow already)

    reader = _reader(relation)
    if expected_rows is not None:
        return collected(reader, expected_rows, kept)
    return pa.Table.from_batches(list(reader), schema=reader.schema)


def python_rows(batch: Any) -> Iterator[tuple[Any, ...]]:  # noqa: ANN401 (an Arrow batch)
    """A batch's rows as tuples in `ENTRY_COLUMNS` order, converted a column at a time."""
    columns = [
        arrow_versions(batch.column(name)) if name == "versions" else batch.column(name).to_pylist()
        for name in ENTRY_COLUMNS
    ]
    return zip(*columns, strict=True)
