"""A reading list or a listing: what a file of identifiers holds, told apart and read.

A stream is a reading list when more than half of the non-blank lines of its first
megabyte look like one identifier each; else it is a listing. Either is read as it
streams: a reading list keeps its identifiers only (a file of blank lines costs nothing), a
listing its papers. Binary data (`/dev/zero`) is refused at its first bytes.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import IO, TYPE_CHECKING

from papercorpus.errors import NotAListingError, ParseError
from papercorpus.parsing._lines import Line, lines_from_bytes
from papercorpus.parsing._records import line_problems
from papercorpus.parsing._stream import iter_papers
from papercorpus.parsing._wide import MAX_LINE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from papercorpus.errors import Diagnostic
    from papercorpus.models import Paper

__all__ = ["HEAD_BYTES", "is_reading_list", "read_items", "read_lines", "reading_list_entry"]

HEAD_BYTES = 1 << 20
"""How much of a stream is read to tell a reading list from a listing."""

_READ = 1 << 20
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_WIDE_MARKS = (*_UTF16_MARKS, b"\x00\x00\xfe\xff")  # UTF-32's little-endian mark is UTF-16's
_NON_BLANK = re.compile(rb"[^\n]+")

# A line of a reading list: one identifier in any pasted form (`2104.12369`, `arXiv:...`,
# an abs or pdf URL, `hep-th/9901001`, arXiv's `... [cs.CL]`), typos included.
_ID_LIKE = re.compile(
    r"(?:arxiv:\s*\S+|\S*arxiv\.org/\S+|\d{4}\.\d+\S*|[a-z-]+(?:\.[A-Za-z]+)?/\d+\S*)"
    r"(?:\s+\[[\w.-]+\])?",
    re.IGNORECASE,
)


def reading_list_entry(text: str) -> str:
    """A reading-list line without its comment (`#` starts one) and its blanks.

    >>> reading_list_entry("  arXiv:2104.12369   # the Scikit paper")
    'arXiv:2104.12369'
    """
    return text.split("#", 1)[0].strip()


def is_reading_list(lines: Iterable[Line]) -> bool:
    """Whether more than half of the non-blank lines look like one identifier each."""
    entries = [text for line in lines if (text := reading_list_entry(line.text))]
    looks = sum(1 for text in entries if _ID_LIKE.fullmatch(text))
    return bool(entries) and looks * 2 > len(entries)


def read_lines(data: bytes, source: str) -> list[Line]:
    """The numbered lines of `data`, decoded as a listing file is."""
    try:
        return list(lines_from_bytes(io.BytesIO(data)))
    except NotAListingError as exc:
        raise NotAListingError(exc.what, exc.hint, source) from None


def read_items(
    stream: IO[bytes],
    name: str,
    *,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None],
) -> tuple[list[Paper | str], dict[str, str]]:
    """A listing's papers, or a reading list's entries, and where each entry was (`NAME:LINE`).

    Read as `iter_papers` reads a listing: its encoding, any line end, bad bytes reported
    to `on_diagnostic` (or raised as `ParseError` when `strict`).

    Raises:
        NotAListingError: the stream starts with binary data.
    """
    head = stream.read(HEAD_BYTES)
    if head.count(0) * 2 > len(head) and not head.startswith(_UTF16_MARKS):
        # UTF-16 text has a NUL in every other byte at most; this has more.
        raise _BinaryError(name)
    cut = head.rfind(b"\n") + 1 if len(head) == HEAD_BYTES else len(head)
    lines = read_lines(head[: cut or len(head)], name)
    rejoined = io.BufferedReader(_Rejoined(head, stream))
    if not is_reading_list(lines):
        papers = iter_papers(rejoined, source=name, strict=strict, on_diagnostic=on_diagnostic)
        return list(papers), {}
    found: list[Paper | str] = []
    places: dict[str, str] = {}
    plain = not head.startswith(_WIDE_MARKS) and b"\r" not in head.replace(b"\r\n", b"")
    guessed_wide = bool(lines) and lines[0].guessed is not None
    listed = _listed(rejoined) if plain and not guessed_wide else None
    for line in listed or lines_from_bytes(rejoined, listing=False):
        for problem in line_problems(name, line):
            if strict:
                raise ParseError(problem)
            on_diagnostic(problem)
        if text := reading_list_entry(line.text):
            places.setdefault(text, f"{name}:{line.number}")
            found.append(text)
    return found, places


class _BinaryError(NotAListingError):
    """Binary data where a listing or a reading list was expected."""

    def __init__(self, name: str) -> None:
        super().__init__("binary data", "", name)

    def __reduce__(self) -> tuple[type[_BinaryError], tuple[str]]:
        return type(self), (self.path or "",)

    def __str__(self) -> str:
        return (
            f"cannot read {self.path}: binary data (NUL bytes), "
            "not a listing or a list of identifiers"
        )


class _Rejoined(io.RawIOBase):
    """The bytes already read from a stream (`head`), then the rest of it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _listed(stream: IO[bytes]) -> Iterator[Line]:
    """The non-blank lines of a UTF-8 reading list, numbered; blank runs cost C time only.

    As `lines_from_bytes` reads them (bad bytes as U+FFFD and flagged, a line longer than
    `MAX_LINE` left out with its length), without a Python step for each blank line: a
    file of a billion blank lines is read at the speed of the disk.
    """
    number = 1  # the number of the line `data` starts with
    carry = b""
    head = stream.read(len(codecs.BOM_UTF8))
    if head != codecs.BOM_UTF8:  # a UTF-8 byte order mark is no part of the first line
        carry = head
    while chunk := stream.read(_READ):
        data = carry + chunk
        end = data.rfind(b"\n") + 1
        if end == 0 and len(data) > MAX_LINE:  # no line end in sight: leave the line out
            line, carry = _left_out(number, data, stream)
            yield line
            number += 1
            continue
        yield from _in_block(data, end, number)
        number += data.count(b"\n", 0, end)
        carry = data[end:]
    if carry:
        yield from _in_block(carry, len(carry), number)


def _in_block(data: bytes, end: int, number: int) -> Iterator[Line]:
    """The non-blank lines of `data[:end]`, the first of which is line `number`."""
    last = 0
    for match in _NON_BLANK.finditer(data, 0, end):
        number += data.count(b"\n", last, match.start())
        last = match.start()
        raw = match.group().removesuffix(b"\r")
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE:
            yield Line(number, _start(raw), left_out=len(raw))
            continue
        try:
            yield Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield Line(number, raw.decode("utf-8", "replace"), bad_utf8=True)


def _left_out(number: int, start: bytes, stream: IO[bytes]) -> tuple[Line, bytes]:
    """A line too long to read, read past to its end: its start and length, and what follows."""
    length = len(start)
    while chunk := stream.read(_READ):
        cut = chunk.find(b"\n")
        if cut >= 0:
            return Line(number, _start(start), left_out=length + cut), chunk[cut + 1 :]
        length += len(chunk)
    return Line(number, _start(start), left_out=length), b""


def _start(raw: bytes) -> str:
    return raw[:200].decode("utf-8", "replace")
