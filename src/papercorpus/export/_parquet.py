"""Parquet written a row group at a time, by a thread of its own, to any binary stream."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, TYPE_CHECKING

from papercorpus._columns import Built
from papercorpus._extras import require
from papercorpus._gc import gc_paused
from papercorpus.export import _tables
from papercorpus.export._tables import arrow_schema

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import ModuleType

    import pyarrow as pa

    from papercorpus.models import Paper

__all__ = ["BUFFER", "write_parquet", "write_tables"]


def write_parquet(papers: Iterable[Paper], stream: IO[bytes]) -> int:
    """Write Parquet with `arrow_schema()`, authors as list<struct>; return the row count.

    Written a row group at a time (`ROW_GROUP` papers), by one thread of its own: Arrow
    encodes and compresses a group without the interpreter's lock while the next group's
    derived fields are computed. `papers` is consumed a group at a time: a stream of
    papers (`iter_papers`) is written in bounded memory.
    """
    pyarrow = require("pyarrow", feature="Parquet")
    # Papers become Arrow a few at a time (Arrow holds them far more compactly);
    # `write_tables` joins them into row groups. A Corpus's columns are compact already:
    # they are taken a row group at a time, with no pieces to join.
    iterator = iter(papers)
    size = _tables.ROW_GROUP if isinstance(iterator, Built) else _tables.BATCH
    tables = (_tables.table_of(pyarrow, group) for group in _tables.groups(iterator, size))
    return write_tables(tables, stream)


def write_tables(tables: Iterable[pa.Table], stream: IO[bytes]) -> int:
    """Write tables of `arrow_schema()` as Parquet, in row groups of `ROW_GROUP` rows.

    The groups are cut the same whatever the tables' sizes: the papers of several files
    converted apart (`papercorpus.convert`) make the file one table of them all makes.
    """
    require("pyarrow.parquet", feature="Parquet")
    pyarrow = require("pyarrow", feature="Parquet")
    written = 0
    schema = arrow_schema()
    # Arrow buffers what it writes: the stream, Python's, is called (with the lock) once
    # every few megabytes, not once a page.
    target = _Target(stream)
    sink = pyarrow.BufferedOutputStream(pyarrow.PythonFile(target, mode="w"), BUFFER)
    try:
        with (
            gc_paused(),
            pyarrow.parquet.ParquetWriter(sink, schema) as writer,
            ThreadPoolExecutor(1, thread_name_prefix="papercorpus-parquet") as pool,
        ):
            pending: Future[None] | None = None
            for group in _row_groups(pyarrow, tables):
                written += group.num_rows
                if pending is not None:
                    pending.result()  # one group in writing at a time: memory stays bounded
                pending = pool.submit(writer.write_table, group)
            if pending is not None:
                pending.result()
        sink.close()  # the last of the buffer written; the stream stays the caller's
    except BaseException:
        # What the buffer holds goes nowhere: no second error, and nothing left for Arrow
        # to try to write (and complain about on stderr) when the buffer is freed.
        target.failed = True
        sink.close()
        raise
    return written


def _row_groups(pyarrow: ModuleType, tables: Iterable[pa.Table]) -> Iterator[pa.Table]:
    """The rows of `tables`, `ROW_GROUP` at a time (the last group, what is left)."""
    held: list[pa.Table] = []
    rows = 0
    for table in tables:
        held.append(table)
        rows += table.num_rows
        while rows >= _tables.ROW_GROUP:
            joined = pyarrow.concat_tables(held) if len(held) > 1 else held[0]
            group = joined.slice(0, _tables.ROW_GROUP).combine_chunks()
            rest = joined.slice(_tables.ROW_GROUP)
            # Let go of the group's pieces before it is handed on: while it waits for
            # the group before it to be written, only its one copy is held.
            held, rows = ([rest] if rest.num_rows else []), rest.num_rows
            del joined, rest
            yield group
    if rows:
        joined = pyarrow.concat_tables(held) if len(held) > 1 else held[0]
        yield joined.combine_chunks()


class _Target:
    """The caller's stream as Arrow writes to it: never closed here, and deaf after an error."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.failed = False
        self.closed = False

    def write(self, data: bytes) -> int:
        return len(data) if self.failed else self.stream.write(data)

    def flush(self) -> None:
        if not self.failed:
            self.stream.flush()

    def close(self) -> None:
        """Leave the stream open: it is the caller's."""


#: Bytes of Parquet gathered before a write to the caller's stream.
BUFFER = 1 << 22
