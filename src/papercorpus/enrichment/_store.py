"""The per-identifier store: what arXiv said about each paper, kept in the cache file.

Three tables beside requests-cache's own, in the same SQLite file: `papercorpus_entries`
(one parsed entry a paper, as JSON, with when it was fetched), `papercorpus_missing`
("arXiv has no such paper", and when it said so) and `papercorpus_pages` (a page of search
results: its URL, arXiv's count, where it starts and the identifiers it listed, in order).
Each run decides what is fresh with its own `expire_after` and the shorter
`not_found_expire_after`: a paper announced tomorrow must show up then; a search page
with the search's own, shorter `expire_after`.
A rerun reads them with a few `IN` queries and builds papers at once, without a request,
without re-parsing XML.

Every write is one transaction whose failure is reported, never swallowed: a full disk
must not leave a report that says a paper was stored when it was not.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus._dates import iso_date
from papercorpus._trusted import trusted
from papercorpus.errors import EnrichmentError
from papercorpus.ids import ArxivId
from papercorpus.models import Author, Entry
from papercorpus.transport import SQLITE_HEADER, header_of, open_sqlite

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["SearchPage", "Store", "page_json"]

log = logging.getLogger("papercorpus.cache")

_CHUNK = 500  # identifiers an IN query asks for (SQLite allows 32,766 parameters)
_TABLES = {
    "papercorpus_entries": ("id", "entry", "fetched"),
    "papercorpus_missing": ("id", "fetched"),
    "papercorpus_pages": ("url", "page", "fetched"),
}
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS papercorpus_entries "
    "(id TEXT PRIMARY KEY, entry TEXT NOT NULL, fetched REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS papercorpus_missing (id TEXT PRIMARY KEY, fetched REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS papercorpus_pages "
    "(url TEXT PRIMARY KEY, page TEXT NOT NULL, fetched REAL NOT NULL)",
)
# Tables requests-cache keeps in the same file, and the columns it needs.
_HTTP_TABLES = {"responses": ("key", "value", "expires"), "redirects": ("key", "value", "expires")}


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of search results from the store: arXiv's count, its start, its entries."""

    total: int | None
    start: int
    entries: tuple[Entry, ...]
    foreign: tuple[str, ...] = ()


def page_json(total: int | None, start: int, ids: Iterable[str], foreign: Iterable[str]) -> str:
    """How a page of search results is stored: its count, start and identifiers.

    `foreign` holds the ids of entries that were no arXiv paper: they count in the offsets.
    """
    return json.dumps({"total": total, "start": start, "ids": list(ids), "foreign": list(foreign)})


def _read_entry(key: str, text: str) -> Entry | None:
    try:
        entry = _from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        entry = None
    if entry is None or entry.id.canonical != key:
        log.warning("cache: unreadable entry for %s, asking arXiv again", key)
        return None
    return entry


def _since(seconds: float | None) -> float:
    """The oldest fetch time still fresh for an expiry of `seconds` (None: any)."""
    return -math.inf if seconds is None else time.time() - seconds


def _to_json(entry: Entry) -> str:
    return json.dumps(
        {
            "id": entry.id.base,
            "version": entry.id.version,
            "title": entry.title,
            "authors": [[a.name, list(a.affiliations)] for a in entry.authors],
            "summary": entry.summary,
            "comment": entry.comment,
            "journal_ref": entry.journal_ref,
            "doi": entry.doi,
            "primary_category": entry.primary_category,
            "categories": list(entry.categories),
            "published": entry.published.isoformat() if entry.published else None,
            "updated": entry.updated.isoformat() if entry.updated else None,
        },
        ensure_ascii=False,
    )


def _from_json(text: str) -> Entry:
    data: dict[str, Any] = json.loads(text)
    version = data["version"]
    if not (version is None or (isinstance(version, int) and version >= 1)):
        raise ValueError(version)
    return Entry(
        # Written by `_to_json` from a parsed identifier; `_read_entry` checks it against
        # the row's key, which costs far less than parsing it again.
        id=ArxivId(str(data["id"]), version),
        title=data["title"],
        authors=tuple(
            trusted(Author, {"name": name, "affiliations": tuple(affiliations)})
            for name, affiliations in data["authors"]
        ),
        summary=data["summary"],
        comment=data["comment"],
        journal_ref=data["journal_ref"],
        doi=data["doi"],
        primary_category=data["primary_category"],
        categories=tuple(data["categories"]),
        published=iso_date(data["published"]),
        updated=iso_date(data["updated"]),
    )


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads `path` and never writes it, with our tables (empty if new)."""
    header = header_of(path)
    if header and not header.startswith(SQLITE_HEADER):
        raise EnrichmentError(f"{path} is not a papercorpus cache (not an SQLite file)")
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0, check_same_thread=False
        )
        present = {name for (name,) in connection.execute("SELECT name FROM main.sqlite_master")}
        for table, statement in zip(_TABLES, _SCHEMA, strict=True):
            if table not in present:  # empty, in memory: a file from an older version reads
                connection.execute(statement.replace("EXISTS ", "EXISTS temp.", 1))
    except sqlite3.Error as exc:
        raise EnrichmentError(f"cannot read the cache at {path}: {exc}") from exc
    return connection


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class Store:
    """Entries and "not found" marks by canonical identifier, each with its expiry."""

    def __init__(
        self,
        path: Path,
        *,
        expire_after: float | None,
        not_found_expire_after: float | None,
        read_only: bool = False,
    ) -> None:
        """Open (or make) the store in the SQLite file at `path`.

        `read_only` opens an existing file for reading alone (an offline run): a cache on a
        read-only disk, or one the user may not write, still answers.

        Raises:
            EnrichmentError: the file cannot be used (see `open_sqlite`).
        """
        self.path = path
        self.expire_after = expire_after
        self.not_found_expire_after = not_found_expire_after
        if read_only:
            self._connection = _open_read_only(path)
            return
        open_sqlite(path, _SCHEMA, {**_TABLES, **_HTTP_TABLES})
        self._connection = sqlite3.connect(
            path, timeout=30.0, isolation_level=None, check_same_thread=False
        )

    def close(self) -> None:
        """Close the file."""
        self._connection.close()

    def lookup(self, ids: list[str]) -> tuple[dict[str, Entry], set[str]]:
        """The fresh entries of `ids`, and those of `ids` known to be absent.

        An entry that cannot be read back (a damaged row) is a miss, not a crash.
        """
        fresh, absent_fresh = _since(self.expire_after), _since(self.not_found_expire_after)
        entries: dict[str, Entry] = {}
        missing: set[str] = set()
        try:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT id, entry FROM papercorpus_entries WHERE id IN ({marks}) "  # noqa: S608
                    "AND fetched > ?",
                    (*chunk, fresh),
                )
                for key, text in rows:
                    if (entry := _read_entry(key, text)) is not None:
                        entries[key] = entry
                missing.update(
                    key
                    for (key,) in self._connection.execute(
                        f"SELECT id FROM papercorpus_missing WHERE id IN ({marks}) "  # noqa: S608
                        "AND fetched > ?",
                        (*chunk, absent_fresh),
                    )
                )
        except sqlite3.DatabaseError as exc:
            raise EnrichmentError(f"cannot read the cache at {self.path}: {exc}") from exc
        log.debug(
            "cache: %d of %d identifiers known, %d absent", len(entries), len(ids), len(missing)
        )
        return entries, missing - entries.keys()

    def any_known(self) -> str | None:
        """The identifier of one fresh entry: a probe arXiv is sure to answer."""
        try:
            row = self._connection.execute(
                "SELECT id FROM papercorpus_entries WHERE fetched > ? LIMIT 1",
                (_since(self.expire_after),),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        return None if row is None else str(row[0])

    def page(self, url: str, expire_after: float | None) -> SearchPage | None:
        """The search page stored for `url` if fresher than `expire_after`, with its entries.

        None when there is none, or when any of its entries is no longer fresh: the page is
        then asked for again.
        """
        try:
            row = self._connection.execute(
                "SELECT page FROM papercorpus_pages WHERE url = ? AND fetched > ?",
                (url, _since(expire_after)),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise EnrichmentError(f"cannot read the cache at {self.path}: {exc}") from exc
        if row is None:
            return None
        try:
            data = json.loads(row[0])
            total, start, ids = data["total"], int(data["start"]), [str(i) for i in data["ids"]]
            foreign = tuple(str(i) for i in data.get("foreign", ()))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged row: a miss
        entries, _ = self.lookup(ids)
        if len(entries) < len(set(ids)):
            return None
        return SearchPage(
            None if total is None else int(total), start, tuple(entries[i] for i in ids), foreign
        )

    def keep(
        self, entries: Iterable[Entry], absent: Iterable[str], page: tuple[str, str] | None = None
    ) -> str | None:
        """Store entries, "not found" marks and a search page, all or none; say why if not.

        `page` is a page of search results: its URL and `page_json`.
        """
        now = time.time()
        rows = [(e.id.canonical, _to_json(e), now) for e in entries]
        gone = [(key, now) for key in absent]
        pages = [] if page is None else [(*page, now)]
        if not rows and not gone:
            return None
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO papercorpus_entries VALUES (?, ?, ?)", rows
                )
                self._connection.executemany(
                    "DELETE FROM papercorpus_missing WHERE id = ?", [(r[0],) for r in rows]
                )
                self._connection.executemany(
                    "INSERT OR REPLACE INTO papercorpus_missing VALUES (?, ?)", gone
                )
                self._connection.executemany(
                    "INSERT OR REPLACE INTO papercorpus_pages VALUES (?, ?, ?)", pages
                )
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:  # SQLite ends it itself on SQLITE_FULL
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:  # disk full, read-only, locked past the timeout
            log.warning(
                "cache: could not store %d answers in %s: %s", len(rows) + len(gone), self.path, exc
            )
            return f"not stored in the cache ({exc})"
        log.debug("cache: stored %d entries, %d absent", len(rows), len(gone))
        return None
