"""Text in UTF-16 or UTF-32: which a file's start names, and its lines, bounded.

A byte order mark names UTF-16 or UTF-32 (what Windows PowerShell's `>` writes); a file
whose NUL bytes say UTF-16 without one is read as UTF-16 and reported.
"""

from __future__ import annotations

import codecs
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MAX_LINE", "START", "Text", "wide_codec", "wide_lines"]

#: The longest line read, in bytes (in UTF-16 and UTF-32, in characters of two or four
#: bytes). A longer one is left out, its start and length reported, and reading goes on:
#: `/dev/zero` reads in bounded memory. No listing line comes near it; a snapshot line has
#: the same limit.
MAX_LINE = 1 << 24
START = 80  # what a left-out line shows of itself
_BLOCK = 1 << 16
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: What line readers yield: a line's text with its ending, whether bytes were replaced,
#: and the length of a line left out (0 for a line read).
Text = tuple[str, bool, int]


def wide_codec(head: bytes) -> tuple[str | None, str | None]:
    """The codec a file's first bytes name (None: UTF-8), and its name if only guessed."""
    for mark, codec in _MARKS:
        if head.startswith(mark) and _plausible(head, codec):
            return codec, None
    guessed = _guess_utf16(head)
    return guessed, None if guessed is None else guessed.upper()


def wide_lines(head: bytes, handle: IO[bytes], codec: str) -> Iterator[Text]:
    r"""Decode UTF-16/32 block by block and cut it at "\n": linear, however long a line.

    A line longer than `MAX_LINE` bytes (characters at two or four bytes each) keeps its
    start; the rest is counted (in bytes, as the file holds it) and dropped, block by block.
    """
    limit = MAX_LINE // (4 if "32" in codec else 2)
    pending: list[str] = []
    size = 0  # characters of the line so far
    dropped = 0  # bytes of it no longer held
    for text in _decoded_blocks(head, handle, codec):
        *complete, rest = text.split("\n")
        for part in complete:
            if size + len(part) > limit:
                yield _left_out([*pending, part.removesuffix("\r")], dropped, codec)
            else:
                line = "".join([*pending, part, "\n"])
                yield line, "\ufffd" in line, 0
            pending, size, dropped = [], 0, 0
        if rest:
            pending.append(rest)
            size += len(rest)
            if size > limit:  # too long: keep its start, count the rest
                start = _start(pending)
                dropped += sum(_size(piece, codec) for piece in pending) - _size(start, codec)
                pending = [start]
    if size > limit:
        yield _left_out(pending, dropped, codec)
    elif pending:
        line = "".join(pending)
        yield line, "\ufffd" in line, 0


def _left_out(pieces: list[str], dropped: int, codec: str) -> Text:
    """A line too long to keep: its start, and its length in bytes."""
    start = _start(pieces)
    return start, "\ufffd" in start, dropped + sum(_size(piece, codec) for piece in pieces)


def _start(pieces: list[str]) -> str:
    start = ""
    for piece in pieces:
        start += piece[: START - len(start)]
        if len(start) == START:
            break
    return start


def _size(text: str, codec: str) -> int:
    """How many bytes `text` takes in `codec` (with no byte order mark)."""
    return len(text.encode(codec if codec.endswith(("-le", "-be")) else f"{codec}-le"))


def _decoded_blocks(head: bytes, handle: IO[bytes], codec: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    yield decoder.decode(head)
    for block in iter(lambda: handle.read(_BLOCK), b""):
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)  # a dangling odd byte becomes U+FFFD, not nothing


def _plausible(head: bytes, codec: str) -> bool:
    """Whether a file that starts with a UTF-16 or UTF-32 byte order mark is text in it.

    A UTF-8 file can start with the same bytes by accident (a stray `FF FE`): its ASCII
    read as UTF-16 comes out as CJK, whereas a real listing's characters are mostly Latin.
    Then it is read as UTF-8, and the stray bytes are a diagnostic like any bad bytes.
    """
    width = 4 if codec == "utf-32" else 2
    body = head[: len(head) // width * width]
    text = body.decode(codec, "replace")
    if not text:
        return True
    latin = sum(1 for char in text if char < "\u0250" or char.isspace())
    return latin * 2 >= len(text)


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
