"""SQLite files papercorpus makes (the cache, the rate limit's state), and only those.

Every file papercorpus makes carries its mark in SQLite's header (`application_id`). A
damaged file with the mark is moved aside and made anew; any other file is refused by
name and never touched: a reading list or a snapshot index given as the cache by mistake,
another program's database. Files papercorpus makes are never reached through a link.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from typing import TYPE_CHECKING

from papercorpus._warn import warn
from papercorpus.errors import CacheWarning, EnrichmentError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["APPLICATION_ID", "SQLITE_HEADER", "CacheWarning", "header_of", "open_sqlite"]


#: Written into the header of every SQLite file papercorpus makes (`PRAGMA application_id`):
#: only a file that carries it is ever moved aside when damaged.
APPLICATION_ID = 0x50617043  # "PapC"
SQLITE_HEADER = b"SQLite format 3\x00"
# The tables of files papercorpus made before it wrote its application id: ours, the rate
# limit's and requests-cache's. A file holding any other table belongs to another program.
_KNOWN_TABLES = frozenset(
    {
        *("papercorpus_entries", "papercorpus_missing", "papercorpus_pages"),  # the store's
        *("responses", "redirects"),  # requests-cache's
        *("schedule", "papercorpus_turn", "papercorpus_probe"),  # the rate limit's, a probe
    }
)


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "encrypted" in text


def header_of(path: Path) -> bytes:
    """The first 100 bytes of the file (SQLite's header), or b"" for an empty or new file."""
    try:
        with path.open("rb") as file:
            return file.read(100)
    except FileNotFoundError:
        return b""


def _made_here(header: bytes) -> bool:
    return header.startswith(SQLITE_HEADER) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


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
    header = header_of(path)
    if header and not header.startswith(SQLITE_HEADER):
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
            if attempt == 1 and _is_corrupt(exc) and _made_here(header_of(path)):
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
