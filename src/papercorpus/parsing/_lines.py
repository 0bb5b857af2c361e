"""Turn bytes or text into numbered lines: UTF-8 with U+FFFD for bad bytes, no BOM, no CR."""

from __future__ import annotations

import io
import itertools
from typing import IO, TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOM = "\ufeff"


class Line(NamedTuple):
    """One input line without its line ending; `bad_utf8` marks bytes replaced by U+FFFD."""

    number: int  # 1-based
    text: str
    bad_utf8: bool = False


def _numbered(texts: Iterable[tuple[str, bool]]) -> Iterator[Line]:
    r"""Number lines; "\r\n", "\n" and a lone "\r" (old Mac files) all end one."""
    number = 0
    for raw, bad in texts:
        text = raw.removesuffix("\n").removesuffix("\r")
        if "\r" in text:
            for part in text.split("\r"):
                number += 1
                yield Line(number, part, bad)
        else:
            number += 1
            yield Line(number, text, bad)


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


def lines_from_bytes(chunks: Iterable[bytes]) -> Iterator[Line]:
    """Decode raw lines (as a binary file yields them) one at a time, memory flat."""
    return _numbered(_decoded(chunks))


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
