"""The snapshot read again, line by line in Python: to count, and to say what was left out.

DuckDB reads the file fast and says little: how many rows its scan gave. When the index
holds fewer, or holds a paper twice, one pass here finds each line concerned and says why,
with its number.
"""

from __future__ import annotations

import json
import re
from typing import IO, TYPE_CHECKING

from papercorpus._text import shorten
from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.ids import ID_PATTERN, ArxivId
from papercorpus.snapshot._sql import MAX_RECORD_BYTES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = [
    "MAX_DIAGNOSTICS",
    "READ_LIMIT",
    "copy_records",
    "count_records",
    "find_problems",
    "find_repeats",
]

MAX_DIAGNOSTICS = 1000  # a file of garbage says so in a thousand lines, not in millions
READ_LIMIT = 4 * MAX_RECORD_BYTES  # the longest line read whole when looking for problems
_CHUNK = 1 << 22
_BLANK_LINE = re.compile(rb"\n[ \t\r]*(?=\n)")  # a line of JSON whitespace, after a newline
_ID = re.compile(ID_PATTERN)
_BYTE_ORDER_MARK = b"\xef\xbb\xbf"


def count_records(open_source: Callable[[], IO[bytes]], chunk_size: int = _CHUNK) -> int:
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
    # The line is shown around the column; the record's text, as far as a person reads it.
    return Diagnostic(
        path, number, column, code, expected, found, text=shorten(text, 300), line_text=text
    )


_Wrong = tuple[DiagnosticCode, str, str, int]  # code, expected, found, column


def _what_is_wrong(number: int, line: bytes) -> _Wrong | None:  # noqa: PLR0911 (one return a fault)
    malformed = DiagnosticCode.MALFORMED_RECORD
    if number == 1 and line.startswith(_BYTE_ORDER_MARK):  # DuckDB reads no such line
        return malformed, "a JSON object", "a byte order mark", 1
    try:
        record = json.loads(line)
    except RecursionError:
        return malformed, "a JSON object", "JSON nested too deeply to read", 1
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


def find_problems(
    path: str, open_source: Callable[[], IO[bytes]], missing: int, limit: int
) -> list[Diagnostic]:
    """The lines DuckDB left out, each with its number and what is wrong with it.

    `limit`: the longest line that can be a record (longer ones are not read whole).
    """
    found: list[Diagnostic] = []
    count = 0
    first_unshown = 0  # the line of the first problem past MAX_DIAGNOSTICS
    with open_source() as handle:
        for number, line in _lines(handle, limit):
            problem = _problem(path, number, line)
            if problem is None:
                continue
            count += 1
            if len(found) < MAX_DIAGNOSTICS:
                found.append(problem)
            elif not first_unshown:
                first_unshown = number
    if count < missing:  # lines DuckDB refused that Python reads: said once, in sum
        found.append(
            Diagnostic(  # which lines, DuckDB does not say: the file, from its first line
                path, 1, 1, DiagnosticCode.MALFORMED_RECORD,
                "every line to be a record DuckDB reads",
                f"{missing - count} more lines it could not read",
            )
        )  # fmt: skip
    elif count > MAX_DIAGNOSTICS:
        found.append(
            Diagnostic(
                path, first_unshown, 1, DiagnosticCode.MALFORMED_RECORD,
                'a JSON object with an arXiv "id"',
                f"{count - MAX_DIAGNOSTICS} more such lines from here "
                f"(the first {MAX_DIAGNOSTICS}: above)",
            )
        )  # fmt: skip
    return found


_RAW_ID = re.compile(rb'"id"\s*:\s*"([^"\\]{1,64})"')
_SUBJECT_CLASS = re.compile(r"^([a-z-]+)\.[A-Z]{2}/")


def find_repeats(
    path: str, open_source: Callable[[], IO[bytes]], repeated: dict[str, tuple[int, int | None]]
) -> list[Diagnostic]:
    """A diagnostic for each record after the first of a paper, with its line number."""
    first: dict[str, int] = {}
    found: list[Diagnostic] = []
    with open_source() as handle:
        for number, line in _lines(handle, READ_LIMIT):
            match = _RAW_ID.search(line) if isinstance(line, bytes) else None
            if match is None:
                continue
            raw = match.group(1).decode("utf-8", "replace")
            key = _SUBJECT_CLASS.sub(r"\1/", raw)
            if key not in repeated:
                continue
            if key not in first:
                first[key] = number
                continue
            if len(found) < MAX_DIAGNOSTICS:
                version = repeated[key][1]
                kept = f"v{version}" if version else "the newest version"
                found.append(
                    Diagnostic(
                        path, number, match.start(1) + 1, DiagnosticCode.DUPLICATE_ID,
                        "one record a paper",
                        f"another record for {key} (the first at line {first[key]}); "
                        f"the index keeps one, {kept}",
                        text=raw,
                    )
                )  # fmt: skip
    return found


def copy_records(open_source: Callable[[], IO[bytes]], records: Path) -> int:
    """Copy the source to `records` without its lines too long to be a record; count those."""
    left_out = 0
    with open_source() as handle, records.open("wb") as out:
        for _, line in _lines(handle, MAX_RECORD_BYTES):
            if isinstance(line, int):
                left_out += 1
            else:
                out.write(line)
    return left_out
