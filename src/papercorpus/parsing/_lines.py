"""Turn bytes or text into numbered lines: no BOM, no CR, bad bytes as U+FFFD.

UTF-8 is the rule. A byte order mark names UTF-16 or UTF-32 (what Windows PowerShell's `>`
writes); a file whose NUL bytes say UTF-16 without one is read as UTF-16 and reported.
"""

from __future__ import annotations

import codecs
import io
import itertools
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOM = "\ufeff"
_SNIFF_BYTES = 512
_BLOCK = 1 << 16
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Line(NamedTuple):
    """One input line without its line ending.

    `bad_utf8` marks bytes replaced by U+FFFD; `guessed` (on the first line only) names an
    encoding read without a byte order mark to say so.
    """

    number: int  # 1-based
    text: str
    bad_utf8: bool = False
    guessed: str | None = None


def _numbered(texts: Iterable[tuple[str, bool]], guessed: str | None = None) -> Iterator[Line]:
    r"""Number lines; "\r\n", "\n" and a lone "\r" (old Mac files) all end one."""
    number = 0
    for raw, bad in texts:
        text = raw.removesuffix("\n").removesuffix("\r")
        for part in text.split("\r") if "\r" in text else (text,):
            number += 1
            yield Line(number, part, bad, guessed if number == 1 else None)


def _decoded(chunks: Iterable[bytes]) -> Iterator[tuple[str, bool]]:
    first = True
    for raw in chunks:
        try:
            text, bad = raw.decode("utf-8"), False
        except UnicodeDecodeError:
            text, bad = raw.decode("utf-8", errors="replace"), True
        if first:
            text, first = text.removeprefix(_BOM), False
        yield text, bad


def _wide_lines(head: bytes, handle: IO[bytes], codec: str) -> Iterator[tuple[str, bool]]:
    r"""Decode UTF-16/32 block by block and cut it at "\n": linear, however long a line."""
    pending: list[str] = []
    for text in _decoded_blocks(head, handle, codec):
        *complete, rest = text.split("\n")
        for part in complete:
            line = "".join([*pending, part, "\n"])
            pending = []
            yield line, "\ufffd" in line
        if rest:
            pending.append(rest)
    if pending:
        line = "".join(pending)
        yield line, "\ufffd" in line


def _decoded_blocks(head: bytes, handle: IO[bytes], codec: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    yield decoder.decode(head)
    for block in iter(lambda: handle.read(_BLOCK), b""):
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)  # a dangling odd byte becomes U+FFFD, not nothing


def _guess_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text leaves a NUL in every other byte."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0 : pairs * 2 : 2].count(0)
    odd = head[1 : pairs * 2 : 2].count(0)
    if odd >= pairs * 0.4 and even <= pairs * 0.05:
        return "utf-16-le"
    if even >= pairs * 0.4 and odd <= pairs * 0.05:
        return "utf-16-be"
    return None


def lines_from_bytes(handle: IO[bytes]) -> Iterator[Line]:
    """Decode a binary stream line by line, memory flat, in the encoding its start names."""
    head = handle.read(_SNIFF_BYTES)
    for mark, codec in _MARKS:
        if head.startswith(mark):
            return _numbered(_wide_lines(head, handle, codec))
    guessed = _guess_utf16(head)
    if guessed is not None:
        return _numbered(_wide_lines(head, handle, guessed), guessed.upper())
    # UTF-8: finish the first line, then let the file split the rest into lines (fast).
    first = io.BytesIO(head + (handle.readline() if head and not head.endswith(b"\n") else b""))
    return _numbered(_decoded(itertools.chain(first, handle)))


def lines_from_text(chunks: Iterable[str]) -> Iterator[Line]:
    """Number already-decoded lines (as a text file or `str.splitlines(True)` yields them)."""
    texts = iter(chunks)
    first = next(texts, None)
    if first is None:
        return iter(())
    head = [(first.removeprefix(_BOM), False)]
    return _numbered(itertools.chain(head, ((text, False) for text in texts)))


def split_text(text: str) -> list[str]:
    r"""Split a string into lines on `\n` only, keeping form feeds and friends inside lines."""
    # str.splitlines() also splits on \x0b, \x1c, \u2028 ...: characters that can sit inside
    # an abstract and must not end a record. (A StringIO with newline="\n" would split
    # lazily, but measured twice as slow.)
    return text.split("\n")


def lines_from_file(handle: IO[bytes] | IO[str]) -> Iterator[Line]:
    """Number the lines of an open file, binary or text."""
    if isinstance(handle, io.TextIOBase):
        return lines_from_text(handle)
    return lines_from_bytes(handle)  # type: ignore[arg-type]
