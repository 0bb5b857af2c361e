"""Turn bytes or text into numbered lines: UTF-8 with U+FFFD for bad bytes, no BOM, no CR."""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOM = "\ufeff"


class Line(NamedTuple):
    """One input line without its line ending; `bad_utf8` marks bytes replaced by U+FFFD."""

    number: int  # 1-based
    text: str
    bad_utf8: bool = False


def _strip_ending(text: str) -> str:
    # "\r\n" and "\n" both end a line; a file iterator leaves them on.
    return text.removesuffix("\n").removesuffix("\r")


def lines_from_bytes(chunks: Iterable[bytes]) -> Iterator[Line]:
    """Decode raw lines (as a binary file yields them) one at a time, memory flat."""
    for number, raw in enumerate(chunks, start=1):
        try:
            text = raw.decode("utf-8")
            bad = False
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            bad = True
        if number == 1 and text.startswith(_BOM):
            text = text[1:]
        yield Line(number, _strip_ending(text), bad)


def lines_from_text(chunks: Iterable[str]) -> Iterator[Line]:
    """Number already-decoded lines (as a text file or `str.splitlines(True)` yields them)."""
    for number, raw in enumerate(chunks, start=1):
        text = raw[1:] if number == 1 and raw.startswith(_BOM) else raw
        yield Line(number, _strip_ending(text))


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
