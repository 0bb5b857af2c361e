"""Build the index: one DuckDB query from the snapshot's JSON Lines to a Parquet file.

DuckDB reads the JSON in parallel and writes Parquet as it goes (spilling to disk past its
memory limit), so a 4.5 GB snapshot streams through bounded memory. Lines it cannot read
come out as rows of nulls and are left out; DuckDB's profile of its scan says how many
rows (non-blank lines) it read. When the index holds fewer, one more pass over the file
finds each line that was left out and says why, with its number: a malformed line is a
diagnostic, never the end of the build.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from papercorpus._extras import require
from papercorpus._files import atomic_path, hidden_name, remove_stale, scratch_file
from papercorpus._progress import progress_bar_class
from papercorpus._text import first_line
from papercorpus.errors import Diagnostic, OutputError, SnapshotError
from papercorpus.snapshot._layout import updates_folder
from papercorpus.snapshot._problems import (
    READ_LIMIT,
    copy_records,
    count_records,
    find_problems,
    find_repeats,
)
from papercorpus.snapshot._sql import MACROS, MAX_RECORD_BYTES, literal_path, select_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    import duckdb

__all__ = [
    "INDEX_FORMAT",
    "build_index",
    "check_index_path",
    "connect",
    "is_out_of_memory",
    "keep_profile",
    "rows_scanned",
    "source_opener",
]

log = logging.getLogger("papercorpus.snapshot")

#: The index's Parquet key-value metadata: which layout of papercorpus wrote it.
INDEX_FORMAT = "papercorpus-snapshot-index 2"
DEFAULT_MEMORY_LIMIT = "1GB"
# Rows a Parquet row group: a small request reads only the groups holding its papers
# (`_lookup.lookup`), and the index is in no order, so each group it touches costs it a
# group's worth of abstracts. Smaller groups cost a longer footer, read at every query.
_ROW_GROUP = 4_096
# Snappy, as DuckDB and Spark write by default: a tenth of the build's time less than zstd,
# for an index about a third larger (about 1 GB for the full snapshot).
_COMPRESSION = "snappy"
_COPY_OPTIONS = (
    f"(FORMAT parquet, COMPRESSION {_COMPRESSION}, ROW_GROUP_SIZE {_ROW_GROUP}, "
    f"USE_TMP_FILE false, KV_METADATA {{papercorpus: '{INDEX_FORMAT}'}})"
)
_GZIP_MAGIC = b"\x1f\x8b"


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether `exc` is DuckDB's "Out of Memory Error" (past its limit, or none left).

    Read from the message: through Arrow's batch reader it comes as another type.
    """
    return "out of memory" in str(exc).lower()


def connect(memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the index's macros."""
    require("duckdb", feature="the snapshot index")  # or one line on what to install
    import duckdb  # noqa: PLC0415 (an optional dependency: `papercorpus[snapshot]`)

    try:
        connection = duckdb.connect(config={"memory_limit": memory_limit})
    except duckdb.Error as exc:
        raise SnapshotError(
            f"memory limit {memory_limit!r} is not a size DuckDB reads "
            f"(for example 1GB or 512MB): {first_line(exc)}"
        ) from None
    _fit_threads(connection)
    # DuckDB keeps count of a query's progress (our bar reads it), and prints none itself:
    # a build with progress=False is silent.
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    connection.execute(MACROS)
    return connection


_UNITS = {"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
_UNITS.update({"KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4})
#: The memory a DuckDB thread needs to read the snapshot's JSON and write Parquet without
#: running out: each thread holds its own buffers (about 16 MB an object) and row groups.
_MEMORY_A_THREAD = 192 << 20


def _fit_threads(connection: duckdb.DuckDBPyConnection) -> None:
    """Use no more threads than the memory limit feeds: then DuckDB spills instead of failing.

    With its default of a thread a core, 16 cores under 1 GB run out of memory reading the
    snapshot; a thread for every 192 MiB of the limit finishes (and spills past it).
    """
    ((limit, threads),) = connection.execute(
        "SELECT current_setting('memory_limit'), current_setting('threads')"
    ).fetchall()
    number, _, unit = str(limit).partition(" ")
    try:
        size = float(number) * _UNITS[unit]
    except (ValueError, KeyError):
        return  # a form this DuckDB writes differently: leave its own choice
    fitting = max(1, int(size // _MEMORY_A_THREAD))
    if fitting < int(threads):
        connection.execute(f"SET threads = {fitting}")


def source_opener(source: Path) -> tuple[str, Callable[[], IO[bytes]]]:
    """The source's compression (by its first bytes, not its name), and how to read it."""
    if source.exists() and not source.is_dir() and not source.is_file():
        # A FIFO or a device: read twice (the lines DuckDB left out are looked for again).
        raise SnapshotError(f"cannot read {source}: not a regular file")
    try:
        with source.open("rb") as handle:
            magic = handle.read(2)
    except IsADirectoryError:
        raise SnapshotError(f"cannot read {source}: it is a folder") from None
    except OSError as exc:
        raise SnapshotError(f"cannot read {source}: {(exc.strerror or str(exc)).lower()}") from exc
    if magic == _GZIP_MAGIC:
        return "gzip", lambda: gzip.GzipFile(source, "rb")  # type: ignore[return-value]
    return "none", lambda: source.open("rb")


def _run_with_progress(
    connection: duckdb.DuckDBPyConnection, query: str, *, progress: bool, label: str
) -> int:
    """Run `query` in a worker thread; show DuckDB's progress; Ctrl-C interrupts it."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["rows"] = connection.execute(query).fetchall()[0][0]
        except BaseException as exc:  # noqa: BLE001 (handed to the main thread)
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="papercorpus-snapshot-build", daemon=True)
    bar = None
    if progress:
        tqdm = progress_bar_class()

        bar = tqdm(total=100, desc=label, unit="%", leave=False)
    try:
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            done = connection.query_progress() if bar is not None else -1
            if bar is not None and done >= 0:
                bar.update(max(0.0, min(done, 100.0) - bar.n))
    except BaseException:  # Ctrl-C: stop DuckDB, then let the temporary file go
        connection.interrupt()
        worker.join()
        raise
    finally:
        if bar is not None:
            bar.close()
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome["rows"])


def build_index(
    source: str | os.PathLike[str],
    index: str | os.PathLike[str],
    *,
    progress: bool = False,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> tuple[Diagnostic, ...]:
    """Turn the snapshot at `source` (JSON Lines, gzipped or not) into the Parquet `index`.

    Raises:
        SnapshotError: the source cannot be read or holds no record.
        OutputError: the index cannot be written.
    """
    path = Path(source)
    check_index_path(index)
    compression, open_source = source_opener(path)
    if Path(index).resolve() == path.resolve():
        raise SnapshotError(f"the index would replace its source {path}: give another -o")
    # DuckDB reads a record of up to twice its object size, depending on where it falls in
    # its buffer: a line it read is never called too long, one it could not read always is.
    limit, left_out = READ_LIMIT, 0
    connection = connect(memory_limit)
    # DuckDB's overflow past its memory limit, if any: a fresh folder, removed at the end.
    for stale in remove_stale(Path(os.path.realpath(index))):
        log.info("removed %s, left by a build that was killed", stale)
    spill = hidden_name(Path(os.path.realpath(index)), ".spill")
    try:
        with atomic_path(index) as temporary:
            connection.execute(f"SET temp_directory = '{_quoted(spill)}'")
            # Rows in the order the threads finish them: none is held back waiting for another.
            connection.execute("SET preserve_insertion_order = false")
            profiled = keep_profile(connection)
            query = (
                f"COPY ({select_rows(literal_path(str(path)), compression)}) TO "
                f"'{_quoted(temporary)}' {_COPY_OPTIONS}"
            )
            try:
                rows = _run_with_progress(connection, query, progress=progress, label="snapshot")
            except Exception as exc:
                if isinstance(exc, (OutputError, SnapshotError)):
                    raise
                if is_out_of_memory(exc):
                    raise SnapshotError(
                        f"DuckDB ran out of memory building the index under its limit of "
                        f"{memory_limit}: give it more (--memory-limit 4GB), or free memory "
                        f"({first_line(exc)})"
                    ) from exc
                if "maximum_object_size" not in str(exc):
                    raise SnapshotError(f"cannot read {path}: {first_line(exc)}") from exc
                # A line too long to be a record: DuckDB stops at it. Read the file without
                # such lines instead (they are diagnostics below), from a scratch copy.
                limit = MAX_RECORD_BYTES
                with scratch_file(temporary, ".json") as records:
                    left_out = copy_records(open_source, records)
                    query = query.replace(
                        select_rows(literal_path(str(path)), compression),
                        select_rows(literal_path(str(records)), "none"),
                    )
                    rows = _run_with_progress(
                        connection, query, progress=progress, label="snapshot"
                    )
            read = rows_scanned(connection) if profiled else None
            repeated = _keep_newest(connection, temporary)
            if rows == 0:
                raise SnapshotError(
                    f"{path} holds no arXiv metadata record "
                    '(expected JSON Lines, each an object with an arXiv "id")'
                )
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    # A new base: the updates harvested into the old one are no part of it.
    shutil.rmtree(updates_folder(Path(index)), ignore_errors=True)
    # Every non-blank line is a row of the scan (one of nulls if it is not JSON): a line the
    # index lacks is one the scan read and left out. Without DuckDB's count, count again.
    lines = left_out + (read if read is not None else count_records(open_source))
    missing = lines - rows
    diagnostics = find_problems(str(path), open_source, missing, limit) if missing else []
    if repeated:
        diagnostics += find_repeats(str(path), open_source, repeated)
    return tuple(diagnostics)


_NEWEST_FIRST = (
    "latest_version DESC NULLS LAST, updated DESC NULLS LAST, update_date DESC NULLS LAST"
)


def _keep_newest(
    connection: duckdb.DuckDBPyConnection, index: Path
) -> dict[str, tuple[int, int | None]]:
    """Leave one row a paper in `index`, its newest version; return the repeated ids.

    Each repeated identifier maps to its count and the version kept. A snapshot holds no
    repeats (the check is one aggregate); when one does, the index is written again.
    """
    source = f"read_parquet('{_quoted(index)}')"
    found = connection.execute(
        f"SELECT arxiv_id, count(*), max(latest_version) FROM {source} "  # noqa: S608
        "GROUP BY arxiv_id HAVING count(*) > 1 ORDER BY arxiv_id"
    ).fetchall()
    if not found:
        return {}
    with scratch_file(index, ".parquet") as once:
        connection.execute(
            f"COPY (SELECT * FROM {source} QUALIFY row_number() OVER "  # noqa: S608
            f"(PARTITION BY arxiv_id ORDER BY {_NEWEST_FIRST}) = 1) "
            f"TO '{_quoted(once)}' {_COPY_OPTIONS}"
        )
        once.replace(index)
    return {key: (int(count), version) for key, count, version in found}


def check_index_path(index: str | os.PathLike[str]) -> None:
    """Refuse an index path that names no file: `''`, `.`, a folder.

    Raises:
        OutputError: the path cannot be the index's file.
    """
    text = os.fspath(index)
    if not text.strip():
        raise OutputError("''", "an empty path: give the index's file name")
    if Path(text).is_dir() or Path(text).name in {"", ".", ".."}:
        raise OutputError(text, "it is a folder: give the index's file name")


def keep_profile(connection: duckdb.DuckDBPyConnection) -> bool:
    """Have DuckDB keep its query profile (rows an operator gave), printed nowhere."""
    try:
        connection.execute("SET enable_profiling = 'no_output'")
        connection.execute("SET profiling_mode = 'standard'")
    except Exception:  # noqa: BLE001 (a DuckDB without it: the lines are counted instead)
        return False
    return True


def rows_scanned(connection: duckdb.DuckDBPyConnection) -> int | None:
    """The rows DuckDB's JSON scan gave in the last query, from its profile, if it says.

    None when the profile cannot tell: no such method, no single JSON scan, or a filter
    pushed into the scan (its rows would then not be every line).
    """
    try:
        profile = json.loads(connection.get_profiling_information(format="json"))
    except Exception:  # noqa: BLE001 (an older DuckDB: the lines are counted instead)
        return None
    scans = []
    stack = list(profile.get("operator") or profile.get("children") or [])
    while stack:
        node = stack.pop()
        stack.extend(node.get("children") or [])
        extra = node.get("extra_info") or {}
        if node.get("type") == "TABLE_SCAN" and "JSON" in str(extra.get("Function", "")):
            scans.append((node, extra))
    if len(scans) != 1 or any("Filter" in key for key in scans[0][1]):
        return None
    rows = scans[0][0].get("intermediate_rows")
    return rows if isinstance(rows, int) else None


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
