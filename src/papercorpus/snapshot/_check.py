"""Opening an index: refuse what papercorpus did not build, and count its rows cheaply."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from papercorpus._text import first_line
from papercorpus.errors import SnapshotError
from papercorpus.snapshot._build import INDEX_FORMAT, is_out_of_memory
from papercorpus.snapshot._layout import counted_rows
from papercorpus.snapshot._sql import INDEX_COLUMNS, INDEX_TYPES, literal_path

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import duckdb

    from papercorpus.snapshot._pinned import Pinned

__all__ = ["checked_rows", "reading"]


def checked_rows(index: Path, connection: duckdb.DuckDBPyConnection, files: Pinned) -> int | None:
    """The row count of the index at `index`, once checked; None when only a count tells.

    `files`: the index's files as held open (`_pinned`), read instead of its names. The
    base file's footer gives its count; with updates beside it, the count the last
    update kept, else None (the caller counts the current rows).

    Raises:
        SnapshotError: no such file, not a regular file, not Parquet, not an index this
            papercorpus built, or one another tool wrote again with other column types.
    """
    if not index.is_file():
        if index.is_dir():
            reason = "it is a folder"
        elif index.exists():  # a FIFO, a device: an index is a file to read twice
            reason = "not a regular file (an index is a Parquet file)"
        else:
            reason = "no such file"
        raise SnapshotError(f"cannot read {index}: {reason}")
    path = literal_path(str(files.base))
    try:
        metadata = connection.execute(
            "SELECT value FROM parquet_kv_metadata(?) WHERE key = 'papercorpus'", [path]
        ).fetchall()
        columns = connection.execute(
            "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
            [path],
        ).fetchall()
        ((rows,),) = connection.execute(
            "SELECT num_rows FROM parquet_file_metadata(?)", [path]
        ).fetchall()
    except Exception as exc:  # duckdb.Error: not Parquet, unreadable
        raise SnapshotError(f"cannot read {index}: not a Parquet file ({first_line(exc)})") from exc
    written = metadata[0][0].decode("utf-8", "replace") if metadata else ""
    if written != INDEX_FORMAT or tuple(c for c, _ in columns) != INDEX_COLUMNS:
        raise SnapshotError(
            f"{index} is not a snapshot index built by this papercorpus "
            f"({written or 'no papercorpus metadata'}); build it with "
            "`papercorpus snapshot build SOURCE -o INDEX`"
        )
    for name, kind in columns:
        if INDEX_TYPES[name] != kind:  # another tool wrote it again, with its own types
            raise SnapshotError(
                f"{index} was changed by another tool: its column {name} holds "
                f"{kind}, not {INDEX_TYPES[name]}; build the index again"
            )
    if files.deltas:
        return counted_rows(index)
    return int(rows)


@contextmanager
def reading(
    index: Path, connection: duckdb.DuckDBPyConnection
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of `connection` for one query of `index`; a failure to read is one SnapshotError.

    Raises:
        SnapshotError: a damaged page, a file changed under us, DuckDB out of memory.
    """
    try:
        with connection.cursor() as cursor:
            yield cursor
    except (SnapshotError, ValueError, KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # duckdb.Error, pyarrow's ArrowInvalid: a damaged file
        # DuckDB's own "Out of Memory Error" (past its limit, or no memory left): the file
        # is whole, and building it again would not help.
        if is_out_of_memory(exc):
            raise SnapshotError(
                f"DuckDB ran out of memory reading {index} ({first_line(exc)}): "
                "ask for fewer papers at once, or free memory"
            ) from exc
        raise SnapshotError(
            f"cannot read {index}: the index is damaged ({first_line(exc)}); build it again"
        ) from exc
