"""A large answer from the index, kept in a memory-mapped file rather than in the process.

The answer to a long reading list is mostly abstracts, and grows with the list. Held in
the process's own memory, it comes on top of the interpreter, DuckDB's working memory and
the rest of the run. Past `SPILL_BYTES`, the rows that follow go, batch by batch as DuckDB
makes them, to an Arrow file in the temporary folder, written by a thread past the page
cache (`_unbuffered`), which is then memory-mapped and unlinked at once. The Corpus reads
its rows from the mapping as it builds papers: the kernel reads them from disk at first
use, keeps them in its cache and may drop them again when memory is short. The file is
gone as soon as the last table referring to it is (nothing is left behind, even after a
crash).
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import queue
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus.errors import SnapshotError
from papercorpus.snapshot._unbuffered import UnbufferedFile

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import pyarrow as pa

__all__ = ["SPILL_BYTES", "collected"]

log = logging.getLogger("papercorpus.snapshot")

#: An answer that grows past this many bytes of Arrow goes to a memory-mapped file.
SPILL_BYTES = 256 << 20


def collected(reader: Any, expected_rows: int, kept: Sequence[str] = ()) -> pa.Table:  # noqa: ANN401 (Arrow's batch reader)
    """The batches of `reader` as one table: in memory, or mapped from a file once large.

    `expected_rows` is how many rows the answer may hold (the identifiers asked for): with
    the size of the rows so far, it tells whether the temporary folder has room for the
    rest. Where it has not, or mappings cannot be unlinked (Windows), the answer stays in
    memory as before. The `kept` columns (small ones, read at once) stay in memory either
    way: read from the mapping, each of their pages would be a read of the disk.
    """
    import pyarrow as pa  # noqa: PLC0415 (the caller reads Arrow already)

    held: list[pa.RecordBatch] = []
    size = rows = 0
    may_map = os.name == "posix"  # elsewhere an open file cannot be unlinked
    try:
        for batch in reader:
            held.append(batch)
            size += batch.nbytes
            rows += batch.num_rows
            if may_map and size > SPILL_BYTES:
                if _room_for(size / rows * expected_rows):
                    return _mapped(pa, reader, held, kept)
                may_map = False  # asked once: no room
        return pa.Table.from_batches(held, schema=reader.schema)
    finally:
        reader.close()  # on an error too: DuckDB's connection takes no query while it is open


def _room_for(size: float) -> bool:
    """Whether the temporary folder has room for `size` bytes, and as much again to spare."""
    try:
        return shutil.disk_usage(tempfile.gettempdir()).free > 2 * size
    except OSError:
        return False


def _mapped(pa: Any, reader: Any, held: list[pa.RecordBatch], kept: Sequence[str]) -> pa.Table:  # noqa: ANN401 (pyarrow)
    """`held`, then the rest of `reader` written to a temporary file and mapped from it.

    A folder where no file can be made (not a folder, not ours to write) leaves the
    answer in memory, as where there is no room; a write that fails half-way cannot go
    back (the rows written are gone from memory): a `SnapshotError`.
    """
    try:
        # mkstemp: a new file of our own (O_EXCL), readable by this user only.
        handle, name = tempfile.mkstemp(prefix="papercorpus-answer-", suffix=".arrow")
    except OSError as exc:
        log.info("the index's answer stays in memory: no file in %s (%s)", _folder(), exc)
        held.extend(reader)
        return pa.Table.from_batches(held, schema=reader.schema)
    path = Path(name)
    copies: dict[str, list[pa.Array]] = {column: [] for column in kept}
    try:
        with _written(handle) as sink:
            _write_all(pa, reader, sink, copies)
        # The rows held so far stay in memory (the peak was theirs already); the rest's
        # buffers point into the mapping, which lives as long as they do.
        mapped = _read_mapped(pa, name)
        for column, chunks in copies.items():
            where = mapped.schema.get_field_index(column)
            field = mapped.schema.field(where)
            mapped = mapped.set_column(where, field, pa.chunked_array(chunks, field.type))
        table: pa.Table = pa.concat_tables([pa.Table.from_batches(held, reader.schema), mapped])
    except OSError as exc:
        raise SnapshotError(
            f"cannot write the index's answer to {path.parent} ({exc}): "
            "set TMPDIR to a folder with room, or look up fewer identifiers at once"
        ) from exc
    finally:
        path.unlink(missing_ok=True)
    return table


def _write_all(
    pa: Any,  # noqa: ANN401 (pyarrow, imported by the caller)
    reader: Any,  # noqa: ANN401 (Arrow's batch reader)
    sink: UnbufferedFile,
    copies: dict[str, list[pa.Array]],
) -> None:
    """`reader`'s batches written to `sink` as an Arrow file by a thread, as DuckDB makes them.

    This thread goes back to fetching (DuckDB runs its query in the thread that fetches
    too) while the writer copies the batch before. `copies` gets a copy of the named
    columns of each batch.
    """
    batches: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def drain() -> None:
        try:
            with pa.ipc.new_file(pa.PythonFile(sink, mode="w"), reader.schema) as writer:
                while (batch := batches.get()) is not None:
                    writer.write_batch(batch)
        except BaseException as exc:  # noqa: BLE001 (raised again in the caller's thread)
            failed.append(exc)
            while batches.get() is not None:  # the caller stops at the next batch
                pass

    writer = threading.Thread(target=drain, name="papercorpus-spill", daemon=True)
    writer.start()
    try:
        for batch in reader:
            if failed:
                break
            batches.put(batch)
            for column, chunks in copies.items():
                # A copy: a column of the batch itself would keep all of it alive.
                chunks.append(pa.concat_arrays([batch.column(column)]))
    finally:
        batches.put(None)
        writer.join()
    if failed:
        raise failed[0]


def _read_mapped(pa: Any, name: str) -> pa.Table:  # noqa: ANN401 (pyarrow)
    """The Arrow file at `name` as a table whose buffers point into a read-only mapping.

    Only each batch's description is read now. Written around the page cache, the file
    is on disk alone: the kernel's usual read-ahead around each description (megabytes)
    would read it all back. Read-ahead is off while they are read, and on again for the
    rows' first use.
    """
    with Path(name).open("rb") as file:
        mapping = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    random, normal = getattr(mmap, "MADV_RANDOM", None), getattr(mmap, "MADV_NORMAL", None)
    if random is not None:
        mapping.madvise(random)
    # The table's buffers hold the mapping (through the buffer): it lives as long as they.
    table: pa.Table = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mapping))).read_all()
    if normal is not None:
        mapping.madvise(normal)
    return table


@contextlib.contextmanager
def _written(handle: int) -> Iterator[UnbufferedFile]:
    """`handle` written through an `UnbufferedFile`, then closed (on an error too)."""
    try:
        with UnbufferedFile(handle) as sink:
            yield sink
    finally:
        os.close(handle)


def _folder() -> str:
    try:
        return tempfile.gettempdir()
    except OSError as exc:  # no usable temporary folder at all
        return f"any temporary folder ({exc})"
