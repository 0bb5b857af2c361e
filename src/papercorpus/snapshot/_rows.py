"""Index rows into `Entry` and `Paper` objects, as fast as Python makes them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from papercorpus.ids import ArxivId
from papercorpus.snapshot._sql import INDEX_COLUMNS

if TYPE_CHECKING:
    from papercorpus.models import Author, Entry, Paper, Version

__all__ = ["ENTRY_COLUMNS", "ENTRY_SQL", "Rows"]

#: The columns a paper is made of, in `Rows.entry`'s order.
ENTRY_COLUMNS = (*INDEX_COLUMNS[:12], "versions", "withdrawn")
ENTRY_SQL = ", ".join(ENTRY_COLUMNS)


def _utc(value: dt.datetime) -> dt.datetime:
    """The index keeps times in UTC without a zone (DuckDB's TIMESTAMP): say so."""
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


class Rows:
    """Index rows into `Entry` and `Paper` objects, one `Author` object a name."""

    def __init__(self) -> None:
        # Imported here: pydantic loads only when papers are made, not for a build.
        from papercorpus.models import (  # noqa: PLC0415
            Author,
            Entry,
            Version,
            paper_of_entry,
            trusted,
        )

        self.author_class, self.entry_class, self.version_class = Author, Entry, Version
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

    def versions(self, rows: list[dict[str, Any]] | None) -> tuple[Version, ...]:
        return tuple(
            self.version_class(
                number=row["number"],
                created=_utc(row["created"]),
                size_kb=row["size_kb"],
                withdrawn=bool(row["withdrawn"]),
            )
            for row in rows or ()
        )

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
            versions=self.versions(versions),
            withdrawn=bool(withdrawn),
        )

    def paper(self, row: tuple[Any, ...]) -> Paper:
        # The paper enriching its bare identifier from this row would give: one rule.
        return self.paper_of_entry(ArxivId(row[0]), self.entry(row), squashed=True)
