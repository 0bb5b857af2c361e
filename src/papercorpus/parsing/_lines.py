"""Turn bytes or text into numbered lines: no BOM, no CR, bad bytes as U+FFFD.

UTF-8 is the rule. A byte order mark names UTF-16 or UTF-32 (what Windows PowerShell's `>`
writes); a file whose NUL bytes say UTF-16 without one is read as UTF-16 and reported.
"""

from __future__ import annotations

import codecs
import io
import itertools
from functools import partial
from typing import IO, TYPE_CHECKING, NamedTuple

from papercorpus.errors import NotAListingError
from papercorpus.parsing._sniff import looks_like
from papercorpus.parsing._wide import MAX_LINE, START, wide_codec, wide_lines
from papercorpus.parsing._wide import Text as _Text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOM = "\ufeff"
_SNIFF_BYTES = 512
_BLOCK = 1 << 16
#: Bytes read and decoded at a time.
READ_SIZE = 1 << 18


class Line(NamedTuple):
    """One input line without its line ending.

    `bad_utf8` marks bytes replaced by U+FFFD; `guessed` (on the first line only) names an
    encoding read without a byte order mark to say so; `left_out`, the length of a line
    longer than `MAX_LINE`, whose `text` is then only its start.
    """

    number: int  # 1-based
    text: str
    bad_utf8: bool = False
    guessed: str | None = None
    left_out: int = 0


#: Lines read cleanly, in order: UTF-8 without a bad byte, no "\r", none left out. A
#: reader numbers them by counting, and meets each other line as a `Line`.
Run = list[str]


def _numbered_runs(
    texts: Iterable[_Text | Run], guessed: str | None = None
) -> Iterator[Run | Line]:
    r"""Runs of clean lines as they are, the other lines numbered one by one.

    "\r\n", "\n" and a lone "\r" (old Mac files) all end a line.
    """
    number = 0
    for item in texts:
        if isinstance(item, list):
            number += len(item)
            yield item
            continue
        raw, bad, left_out = item
        text = raw.removesuffix("\n").removesuffix("\r")
        for part in text.split("\r") if "\r" in text and not left_out else (text,):
            number += 1
            yield Line(number, part, bad, guessed if number == 1 else None, left_out)


def lines_of(runs: Iterable[Run | Line]) -> Iterator[Line]:
    """Every line of `runs` as a numbered `Line`."""
    number = 0
    for item in runs:
        if isinstance(item, list):
            for text in item:
                number += 1
                yield Line(number, text)
        else:
            number = item.number
            yield item


def _utf8_lines(head: bytes, handle: IO[bytes]) -> Iterator[_Text | Run]:
    r"""UTF-8 lines, read and decoded a block at a time (cut at its last "\n").

    A line that goes on past its block waits for the next; past `MAX_LINE` bytes only its
    start is kept, the rest counted and dropped.
    """
    pending: list[bytes] = []  # a line begun in an earlier block
    size = 0  # its bytes so far
    head = head.removeprefix(codecs.BOM_UTF8)
    for block in itertools.chain((head,), iter(partial(handle.read, READ_SIZE), b"")):
        # Cut after the last line end: "\n", or a lone "\r" (old Mac files) that is not the
        # block's last byte (that one may be the first half of "\r\n").
        end = max(block.rfind(b"\n"), block.rfind(b"\r", 0, len(block) - 1))
        if end < 0:  # the pending line goes on (or the file is empty)
            if not block:
                continue
            size += len(block)
            pending.append(block)
            if size > MAX_LINE:  # too long: keep its start only
                pending = [b"".join(pending)[:START]]
            continue
        first = 0  # where the block's own lines start
        if pending:  # the pending line ends in this block
            first = _first_end(block) + 1
            yield from _pending_ended(pending, size, block[:first])
            pending, size = [], 0
        if end + 1 < len(block):
            pending, size = [block[end + 1 :]], len(block) - end - 1
        if first <= end:  # decoded where it lies (a view): the block is not copied first
            yield from _decoded_block(memoryview(block)[first : end + 1])
    if size > MAX_LINE:
        start = pending[0].decode("utf-8", errors="replace")
        yield start, "\ufffd" in start, size
    elif pending:
        yield from _decoded_block(b"".join([*pending, b"\n"]))


def _pending_ended(pending: list[bytes], size: int, end: bytes) -> Iterable[_Text] | tuple[Run]:
    """The line begun in earlier blocks (`size` bytes), ended by `end`: decoded alone.

    Past `MAX_LINE` bytes, only its start is kept, with its length.
    """
    if size + len(end) - 1 <= MAX_LINE:
        return _decoded_block(b"".join([*pending, end]))
    start = b"".join(pending)[:START].decode("utf-8", errors="replace")
    length = size + len(end[:-1].removesuffix(b"\r"))
    return ((start, "\ufffd" in start, length),)


def _first_end(block: bytes) -> int:
    r"""Where the first line of `block` ends: its "\n", or a lone "\r" before it."""
    newline = block.find(b"\n")
    stop = newline - 1 if newline >= 0 else len(block) - 1  # a "\r" there is half "\r\n"
    ret = block.find(b"\r", 0, max(stop, 0))
    return newline if ret < 0 else ret


def _decoded_block(data: bytes | memoryview) -> Iterable[_Text] | tuple[Run]:
    r"""Whole lines of UTF-8 (ending in "\n" or "\r"): one run when clean, else one by one.

    Split at "\n" only; `_numbered_runs` splits at a lone "\r". A line that is not UTF-8
    is marked.
    """
    try:
        text = str(data, "utf-8")
    except UnicodeDecodeError:  # rare: find the lines at fault, one by one
        raws = bytes(data).split(b"\n")
        if not raws[-1]:
            raws.pop()
        lines_ = (part for raw in raws for part in raw.removesuffix(b"\r").split(b"\r"))
        return [_decoded_line(part) for part in lines_]
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()  # what follows the last "\n": nothing
    if "\r" not in text:
        return (lines,)
    return zip(lines, itertools.repeat(False), itertools.repeat(0))  # noqa: FBT003 (tuples made in C)


def _decoded_line(raw: bytes) -> _Text:
    try:
        return raw.decode("utf-8"), False, 0
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), True, 0


def _texts(handle: IO[bytes], *, listing: bool) -> tuple[Iterator[_Text | Run], str | None]:
    """The decoded line texts of a binary stream, in the encoding its start names.

    And the encoding guessed (UTF-16 without a byte order mark), if one was.

    Raises:
        NotAListingError: `listing`, and its first bytes show it is no listing.
    """
    head = handle.read(_SNIFF_BYTES)
    wrong = looks_like(head) if listing else None
    if wrong is not None:  # a snapshot, an export, a PDF: one line, not a record of it
        raise NotAListingError(*wrong)
    codec, guessed = wide_codec(head)
    if codec is not None:
        return wide_lines(head, handle, codec), guessed
    return _utf8_lines(head, handle), None


def lines_from_bytes(handle: IO[bytes], *, listing: bool = True) -> Iterator[Line]:
    """Decode a binary stream line by line, memory flat, in the encoding its start names.

    `listing`: the stream should be a listing, so one that surely is not is refused.

    Raises:
        NotAListingError: its first bytes show it is no listing (see `_sniff`).
    """
    return lines_of(runs_from_bytes(handle, listing=listing))


def runs_from_bytes(handle: IO[bytes], *, listing: bool = True) -> Iterator[Run | Line]:
    """`lines_from_bytes`, its clean lines in runs (`Run`): the record reader's fast way.

    Raises:
        NotAListingError: `listing`, and its first bytes show it is no listing.
    """
    texts, guessed = _texts(handle, listing=listing)
    return _numbered_runs(texts, guessed)


def numbered_texts(handle: IO[bytes]) -> Iterator[tuple[int, str, int]]:
    """Each line's number, text and `left_out`, as `lines_from_bytes` numbers them.

    The quick way through a file, for a reader that looks at few of its lines.
    """
    texts, _ = _texts(handle, listing=False)
    number = 0
    for item in texts:
        if isinstance(item, list):
            for text in item:
                number += 1
                yield number, text, 0
            continue
        raw, _bad, left_out = item
        text = raw.removesuffix("\n").removesuffix("\r")
        if "\r" in text and not left_out:
            for part in text.split("\r"):
                number += 1
                yield number, part, 0
        else:
            number += 1
            yield number, text, left_out


def runs_from_text(chunks: Iterable[str]) -> Iterator[Run | Line]:
    """Number already-decoded lines (as a text file or `str.splitlines(True)` yields them)."""
    texts = iter(chunks)
    first = next(texts, None)
    if first is None:
        return iter(())
    head = [(first.removeprefix(_BOM), False, 0)]
    return _numbered_runs(itertools.chain(head, ((text, False, 0) for text in texts)))


def runs_of_string(text: str) -> Iterator[Run | Line]:
    r"""The lines of a listing held in a string, split on `\n` only.

    `str.splitlines()` also splits on \x0b, \x1c, \u2028 ...: characters that can sit
    inside an abstract and must not end a record.
    """
    text = text.removeprefix(_BOM)
    if "\r" in text:
        return _numbered_runs((line, False, 0) for line in text.split("\n"))
    return iter((text.split("\n"),))


def runs_from_file(handle: IO[bytes] | IO[str]) -> Iterator[Run | Line]:
    """The lines of an open file, binary or text, clean ones in runs."""
    if isinstance(handle, io.TextIOBase):
        return runs_from_text(handle)
    return runs_from_bytes(handle)  # type: ignore[arg-type]
