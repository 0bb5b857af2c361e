"""A large answer from the index, kept in a memory-mapped file rather than in the process.

The answer to a long reading list is mostly abstracts, and grows with the list. Held in
the process's own memory, it comes on top of the interpreter, DuckDB's working memory and
the rest of the run. Past `SPILL_BYTES`, the rows that follow go, batch by batch as DuckDB
makes them, to an Arrow file in the temporary folder, which is then memory-mapped and
unlinked at once. The Corpus reads its rows from the mapping as it builds papers: the
kernel keeps the pages read in its cache and may drop them and read them again when
memory is short, and the file is gone as soon as the last table referring to it is
(nothing is left behind, even after a crash).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus.errors import SnapshotError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SPILL_BYTES", "collected"]

log = logging.getLogger("papercorpus.snapshot")

#: An answer that grows past this many bytes of Arrow goes to a memory-mapped file.
SPILL_BYTES = 256 << 20


def collected(reader: Any, expected_rows: int) -> pa.Table:  # noqa: ANN401 (Arrow's batch reader)
    """The batches of `reader` as one table: in memory, or mapped from a file once large.

    `expected_rows` is how many rows the answer may hold (the identifiers asked for): with
    the size of the rows so far, it tells whether the temporary folder has room for the
    rest. Where it has not, or mappings cannot be unlinked (Windows), the answer stays in
    memory as before.
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
                    return _mapped(pa, reader, held)
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


def _mapped(pa: Any, reader: Any, held: list[pa.RecordBatch]) -> pa.Table:  # noqa: ANN401 (pyarrow)
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
    try:
        os.close(handle)
        with pa.OSFile(name, "wb") as sink, pa.ipc.new_file(sink, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
        # The rows held so far stay in memory (the peak was theirs already); the rest's
        # buffers point into the mapping, which lives as long as they do.
        mapped = pa.ipc.open_file(pa.memory_map(name)).read_all()
        table: pa.Table = pa.concat_tables([pa.Table.from_batches(held, reader.schema), mapped])
    except OSError as exc:
        raise SnapshotError(
            f"cannot write the index's answer to {path.parent} ({exc}): "
            "set TMPDIR to a folder with room, or look up fewer identifiers at once"
        ) from exc
    finally:
        path.unlink(missing_ok=True)
    return table


def _folder() -> str:
    try:
        return tempfile.gettempdir()
    except OSError as exc:  # no usable temporary folder at all
        return f"any temporary folder ({exc})"
