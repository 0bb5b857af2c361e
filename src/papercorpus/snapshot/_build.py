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
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from papercorpus._extras import require
from papercorpus._files import OutputError, atomic_path, scratch_file
from papercorpus._progress import progress_bar_class
from papercorpus.errors import Diagnostic, DiagnosticCode, SnapshotError
from papercorpus.ids import ID_PATTERN, ArxivId
from papercorpus.snapshot._sql import MACROS, MAX_RECORD_BYTES, literal_path, select_rows

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterator

    import duckdb

__all__ = ["INDEX_FORMAT", "Built", "build_index", "connect"]

#: The index's Parquet key-value metadata: which layout of papercorpus wrote it.
INDEX_FORMAT = "papercorpus-snapshot-index 1"
DEFAULT_MEMORY_LIMIT = "1GB"
MAX_DIAGNOSTICS = 1000  # a file of garbage says so in a thousand lines, not in millions
_CHUNK = 1 << 22
# Rows a Parquet row group: smaller than DuckDB's default, so that its threads share the
# work more evenly (10% faster builds) and a lookup reads less of the file.
_ROW_GROUP = 30_720
# Snappy, as DuckDB and Spark write by default: a tenth of the build's time less than zstd,
# for an index about a third larger (about 1 GB for the full snapshot).
_COMPRESSION = "snappy"
_READ_LIMIT = 4 * MAX_RECORD_BYTES  # the longest line read whole when looking for problems
_BLANK_LINE = re.compile(rb"\n[ \t\r]*(?=\n)")  # a line of JSON whitespace, after a newline
_ID = re.compile(ID_PATTERN)
_GZIP_MAGIC = b"\x1f\x8b"
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Built:
    """What a build did: the records it indexed, and the lines it could not."""

    rows: int
    lines: int
    diagnostics: tuple[Diagnostic, ...]
    seconds: float


def connect(memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the index's macros."""
    require("duckdb", feature="the snapshot index")  # or one line on what to install
    import duckdb  # noqa: PLC0415 (an optional dependency: `papercorpus[snapshot]`)

    connection = duckdb.connect(config={"memory_limit": memory_limit})
    # DuckDB keeps count of a query's progress (our bar reads it), and prints none itself:
    # a build with progress=False is silent.
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    connection.execute(MACROS)
    return connection


def _opener(source: Path) -> tuple[str, Callable[[], IO[bytes]]]:
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


def _count_records(open_source: Callable[[], IO[bytes]], chunk_size: int = _CHUNK) -> int:
    """The lines holding anything but JSON whitespace, read `chunk_size` bytes at a time."""
    records = 0
    pending = False  # whether the line cut by the last chunk holds anything yet
    with open_source() as handle:
        while chunk := handle.read(chunk_size):
            first = chunk.find(b"\n")
            if first < 0:
                pending = pending or bool(chunk.strip(b" \t\r"))
                continue
            if pending or chunk[:first].strip(b" \t\r"):
                records += 1
            last = chunk.rfind(b"\n")
            whole = memoryview(chunk)[first : last + 1]  # "\n" line "\n" ... line "\n"
            blank = sum(1 for _ in _BLANK_LINE.finditer(whole))
            records += chunk.count(b"\n", first, last + 1) - 1 - blank
            pending = bool(chunk[last + 1 :].strip(b" \t\r"))
    return records + pending


def _lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | int]]:
    """Each line and its number, in bounded memory.

    A line longer than `limit` bytes is given as its length, read past a chunk at a time.
    """
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        length = len(line)
        while not line.endswith(b"\n") and (line := handle.readline(_CHUNK)):
            length += len(line)
        yield number, length


def _problem(path: str, number: int, line: bytes | int) -> Diagnostic | None:
    """Why DuckDB left this line out, or None if it is a record it kept (or blank)."""
    if isinstance(line, int):  # too long to be read at all: its length says it
        return Diagnostic(
            path, number, 1, DiagnosticCode.MALFORMED_RECORD,
            f"a record of at most {MAX_RECORD_BYTES:,} bytes", f"a line of {line:,} bytes",
        )  # fmt: skip
    if not line.strip(b" \t\r\n"):
        return None
    wrong = _what_is_wrong(number, line)
    if wrong is None:
        return None
    code, expected, found, column = wrong
    text = line.decode("utf-8", "replace").rstrip("\r\n")
    return Diagnostic(path, number, column, code, expected, found, text=text, line_text=text)


_Wrong = tuple[DiagnosticCode, str, str, int]  # code, expected, found, column


def _what_is_wrong(number: int, line: bytes) -> _Wrong | None:  # noqa: PLR0911 (one return a fault)
    malformed = DiagnosticCode.MALFORMED_RECORD
    if number == 1 and line.startswith(_BYTE_ORDER_MARK):  # DuckDB reads no such line
        return malformed, "a JSON object", "a byte order mark", 1
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return malformed, "a JSON object", f"{exc.msg.lower()} at column {exc.colno}", exc.colno
    except UnicodeDecodeError as exc:
        column = len(line[: exc.start].decode("utf-8", "replace")) + 1
        return (
            malformed,
            "UTF-8 text",
            f"bytes that are not ({line[exc.start : exc.end]!r})",
            column,
        )
    if not isinstance(record, dict):
        return malformed, "a JSON object", f"a JSON {type(record).__name__}", 1
    identifier = record.get("id")
    if not isinstance(identifier, str):
        found = "no id" if identifier is None else f"id {identifier!r}"
        return malformed, 'an "id" string', found, 1
    if _ID.fullmatch(identifier):
        return None
    try:
        parsed = ArxivId.parse(identifier)
    except ValueError as exc:
        found = str(exc)
    else:
        found = f"{identifier!r} (write it {parsed.canonical!r}, without a version)"
    return DiagnosticCode.INVALID_ID, "an arXiv identifier", found, 1


def _find_problems(
    path: str, open_source: Callable[[], IO[bytes]], missing: int, limit: int
) -> list[Diagnostic]:
    """The lines DuckDB left out, each with its number and what is wrong with it.

    `limit`: the longest line that can be a record (longer ones are not read whole).
    """
    found: list[Diagnostic] = []
    count = 0
    with open_source() as handle:
        for number, line in _lines(handle, limit):
            problem = _problem(path, number, line)
            if problem is None:
                continue
            count += 1
            if len(found) < MAX_DIAGNOSTICS:
                found.append(problem)
    if count < missing:  # lines DuckDB refused that Python reads: said once, in sum
        found.append(
            Diagnostic(
                path, 0, 0, DiagnosticCode.MALFORMED_RECORD,
                "every line to be a record DuckDB reads",
                f"{missing - count} more lines it could not read",
            )
        )  # fmt: skip
    elif count > MAX_DIAGNOSTICS:
        found.append(
            Diagnostic(
                path, 0, 0, DiagnosticCode.MALFORMED_RECORD, 'a JSON object with an arXiv "id"',
                f"{count - MAX_DIAGNOSTICS} more such lines (the first {MAX_DIAGNOSTICS}: above)",
            )
        )  # fmt: skip
    return found


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
) -> Built:
    """Turn the snapshot at `source` (JSON Lines, gzipped or not) into the Parquet `index`.

    Raises:
        SnapshotError: the source cannot be read or holds no record.
        OutputError: the index cannot be written.
    """
    started = time.monotonic()
    path = Path(source)
    compression, open_source = _opener(path)
    if Path(index).resolve() == path.resolve():
        raise SnapshotError(f"the index would replace its source {path}: give another -o")
    # DuckDB reads a record of up to twice its object size, depending on where it falls in
    # its buffer: a line it read is never called too long, one it could not read always is.
    limit, left_out = _READ_LIMIT, 0
    connection = connect(memory_limit)
    # DuckDB's overflow past its memory limit, if any: a fresh folder, removed at the end.
    spill = Path(index).with_name(f".{Path(index).name}.{secrets.token_hex(4)}.spill")
    try:
        with atomic_path(index) as temporary:
            connection.execute(f"SET temp_directory = '{_quoted(spill)}'")
            # Rows in the order the threads finish them: a third faster, and less memory.
            connection.execute("SET preserve_insertion_order = false")
            profiled = _profile(connection)
            query = (
                f"COPY ({select_rows(literal_path(str(path)), compression)}) TO "
                f"'{_quoted(temporary)}' "
                f"(FORMAT parquet, COMPRESSION {_COMPRESSION}, ROW_GROUP_SIZE {_ROW_GROUP}, "
                f"USE_TMP_FILE false, KV_METADATA {{papercorpus: '{INDEX_FORMAT}'}})"
            )
            try:
                rows = _run_with_progress(connection, query, progress=progress, label="snapshot")
            except Exception as exc:
                if isinstance(exc, (OutputError, SnapshotError)):
                    raise
                if "maximum_object_size" not in str(exc):
                    raise SnapshotError(f"cannot read {path}: {_first_line(exc)}") from exc
                # A line too long to be a record: DuckDB stops at it. Read the file without
                # such lines instead (they are diagnostics below), from a scratch copy.
                limit = MAX_RECORD_BYTES
                with scratch_file(temporary, ".json") as records:
                    left_out = _copy_records(open_source, records)
                    query = query.replace(
                        select_rows(literal_path(str(path)), compression),
                        select_rows(literal_path(str(records)), "none"),
                    )
                    rows = _run_with_progress(
                        connection, query, progress=progress, label="snapshot"
                    )
            read = _rows_read(connection) if profiled else None
            if rows == 0:
                raise SnapshotError(
                    f"{path} holds no arXiv metadata record "
                    '(expected JSON Lines, each an object with an arXiv "id")'
                )
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    # Every non-blank line is a row of the scan (one of nulls if it is not JSON): a line the
    # index lacks is one the scan read and left out. Without DuckDB's count, count again.
    lines = left_out + (read if read is not None else _count_records(open_source))
    missing = lines - rows
    diagnostics = _find_problems(str(path), open_source, missing, limit) if missing else []
    return Built(rows, lines, tuple(diagnostics), time.monotonic() - started)


def _profile(connection: duckdb.DuckDBPyConnection) -> bool:
    """Have DuckDB keep its query profile (rows an operator gave), printed nowhere."""
    try:
        connection.execute("SET enable_profiling = 'no_output'")
        connection.execute("SET profiling_mode = 'standard'")
    except Exception:  # noqa: BLE001 (a DuckDB without it: the lines are counted instead)
        return False
    return True


def _rows_read(connection: duckdb.DuckDBPyConnection) -> int | None:
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


def _copy_records(open_source: Callable[[], IO[bytes]], records: Path) -> int:
    """Copy the source to `records` without its lines too long to be a record; count those."""
    left_out = 0
    with open_source() as handle, records.open("wb") as out:
        for _, line in _lines(handle, MAX_RECORD_BYTES):
            if isinstance(line, int):
                left_out += 1
            else:
                out.write(line)
    return left_out


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
