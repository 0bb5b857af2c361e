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

import datetime as dt
import json
import logging
import math
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus._warn import warn
from papercorpus.errors import EnrichmentError
from papercorpus.ids import ArxivId
from papercorpus.models import Author, Entry, trusted

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["CacheWarning", "SearchPage", "Store", "open_sqlite", "page_json"]

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


class CacheWarning(UserWarning):
    """A cache file was damaged and has been moved aside; the run goes on with a fresh one."""


#: Written into the header of every SQLite file papercorpus makes (`PRAGMA application_id`):
#: only a file that carries it is ever moved aside when damaged.
APPLICATION_ID = 0x50617043  # "PapC"
_HEADER = b"SQLite format 3\x00"
# The tables of files papercorpus made before it wrote its application id: ours, the rate
# limit's and requests-cache's. A file holding any other table belongs to another program.
_KNOWN_TABLES = frozenset(
    {*_TABLES, *_HTTP_TABLES, "schedule", "papercorpus_turn", "papercorpus_probe"}
)


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "encrypted" in text


def _header(path: Path) -> bytes:
    """The first 100 bytes of the file (SQLite's header), or b"" for an empty or new file."""
    try:
        with path.open("rb") as file:
            return file.read(100)
    except FileNotFoundError:
        return b""


def _made_here(header: bytes) -> bool:
    return header.startswith(_HEADER) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def _move_aside(path: Path, exc: Exception) -> Path:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
    path.replace(aside)
    for suffix in ("-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    warn(CacheWarning(f"the cache at {path} was damaged ({exc}); moved aside to {aside}"))
    return aside


def _check_path(path: Path, kind: str, *, follow: bool) -> None:
    """Refuse a path papercorpus must not write through; make a new file without links."""
    if path.is_symlink() and (not follow or not path.exists()):
        raise EnrichmentError(
            f"the {kind} path {path} is a symbolic link: papercorpus does not follow links "
            "for files it makes; remove the link or give another path"
        )
    if path.is_dir():
        raise EnrichmentError(f"the {kind} path {path} is a folder: give a file path")
    if path.exists() and not path.is_file():
        raise EnrichmentError(f"the {kind} path {path} is not a regular file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnrichmentError(f"cannot create the {kind} folder {path.parent}: {exc}") from exc
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, 0o666))  # the umask applies
    except FileExistsError:
        pass
    except OSError as exc:
        raise EnrichmentError(f"cannot create the {kind} file {path}: {exc}") from exc
    header = _header(path)
    if header and not header.startswith(_HEADER):
        raise EnrichmentError(
            f"{path} is not a papercorpus {kind} (not an SQLite file; it starts with "
            f"{header[:16]!r}); it is left as it is: give another path"
        )


def open_sqlite(
    path: Path,
    schema: Iterable[str],
    expected: dict[str, tuple[str, ...]],
    *,
    kind: str = "cache",
    follow: bool = True,
) -> None:
    """Make sure `path` is an SQLite file of ours this process can write, with `schema`.

    A file papercorpus made (its application id says so) that is damaged is moved aside
    with a `CacheWarning` and made anew. A file of anything else (not SQLite, another
    program's tables) is an `EnrichmentError` that names it, and is never touched. With
    `follow=False` a symbolic link at `path` is refused.

    Raises:
        EnrichmentError: a folder, a link, someone else's file, a read-only file or disk.
    """
    _check_path(path, kind, follow=follow)
    for attempt in (1, 2):
        try:
            _create(path, schema, expected)
        except sqlite3.DatabaseError as exc:
            if attempt == 1 and _is_corrupt(exc) and _made_here(_header(path)):
                _move_aside(path, exc)
                _check_path(path, kind, follow=False)
                continue
            if _is_corrupt(exc):
                raise EnrichmentError(
                    f"the {kind} at {path} is damaged, and papercorpus did not make it "
                    f"({exc}): it is left as it is; give another path"
                ) from exc
            raise EnrichmentError(
                f"cannot use the {kind} at {path}: {exc}; "
                "give another cache path (--cache), or run without one (--no-cache)"
            ) from exc
        return


def _create(path: Path, schema: Iterable[str], expected: dict[str, tuple[str, ...]]) -> None:
    with closing(sqlite3.connect(path, timeout=30.0, isolation_level=None)) as connection:
        connection.execute("BEGIN IMMEDIATE")  # a write: a read-only file or disk fails here
        try:
            (ours,) = connection.execute("PRAGMA application_id").fetchone()
            if ours != APPLICATION_ID:
                _check_foreign(connection)
            for statement in schema:
                connection.execute(statement)
            _check_tables(connection, expected)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute("CREATE TABLE papercorpus_probe (x INTEGER)")  # takes writes?
            connection.execute("DROP TABLE papercorpus_probe")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def _check_foreign(connection: sqlite3.Connection) -> None:
    """Raise if the file holds tables that are not ours: it belongs to another program."""
    tables = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    }
    if tables - _KNOWN_TABLES:
        others = ", ".join(sorted(tables - _KNOWN_TABLES)[:5])
        msg = f"it is another program's database (tables {others})"
        raise sqlite3.DatabaseError(msg)


def _check_tables(connection: sqlite3.Connection, expected: dict[str, tuple[str, ...]]) -> None:
    """Raise if a table we use exists with other columns: the file belongs to someone else."""
    for table, columns in expected.items():
        found = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({table})"))
        if found and not set(columns) <= set(found):
            msg = f"its table {table} has columns {found}, not {columns}"
            raise sqlite3.DatabaseError(msg)


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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


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
        published=_date(data["published"]),
        updated=_date(data["updated"]),
    )


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads `path` and never writes it, with our tables (empty if new)."""
    header = _header(path)
    if header and not header.startswith(_HEADER):
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
