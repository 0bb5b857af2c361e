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

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_BOM = "\ufeff"
_SNIFF_BYTES = 512
_BLOCK = 1 << 16
_READ = 1 << 18  # UTF-8 is read and decoded in blocks of this many bytes
#: The longest line read, in bytes (in UTF-16 and UTF-32, in characters of two or four
#: bytes). A longer one is left out, its start and length reported, and reading goes on:
#: `/dev/zero` reads in bounded memory. No listing line comes near it; a snapshot line has
#: the same limit.
MAX_LINE = 1 << 24
_START = 80  # what a left-out line shows of itself
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
    encoding read without a byte order mark to say so; `left_out`, the length of a line
    longer than `MAX_LINE`, whose `text` is then only its start.
    """

    number: int  # 1-based
    text: str
    bad_utf8: bool = False
    guessed: str | None = None
    left_out: int = 0


# What line readers yield: a line's text with its ending, whether bytes were replaced, and
# the length of a line left out (0 for a line read).
_Text = tuple[str, bool, int]


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
    for block in itertools.chain((head,), iter(partial(handle.read, _READ), b"")):
        # Cut after the last line end: "\n", or a lone "\r" (old Mac files) that is not the
        # block's last byte (that one may be the first half of "\r\n").
        end = max(block.rfind(b"\n"), block.rfind(b"\r", 0, len(block) - 1))
        if end < 0:  # the pending line goes on (or the file is empty)
            if not block:
                continue
            size += len(block)
            pending.append(block)
            if size > MAX_LINE:  # too long: keep its start only
                pending = [b"".join(pending)[:_START]]
            continue
        done = block[: end + 1]
        if pending:
            cut = _first_end(block)
            if size + cut > MAX_LINE:  # the line too long ends here: its start, its length
                start = b"".join(pending)[:_START].decode("utf-8", errors="replace")
                length = size + len(block[:cut].removesuffix(b"\r"))
                yield start, "\ufffd" in start, length
                done = done[cut + 1 :]
            else:
                done = b"".join([*pending, done])
            pending, size = [], 0
        if end + 1 < len(block):
            pending, size = [block[end + 1 :]], len(block) - end - 1
        yield from _decoded_block(done)
    if size > MAX_LINE:
        start = pending[0].decode("utf-8", errors="replace")
        yield start, "\ufffd" in start, size
    elif pending:
        yield from _decoded_block(b"".join([*pending, b"\n"]))


def _first_end(block: bytes) -> int:
    r"""Where the first line of `block` ends: its "\n", or a lone "\r" before it."""
    newline = block.find(b"\n")
    stop = newline - 1 if newline >= 0 else len(block) - 1  # a "\r" there is half "\r\n"
    ret = block.find(b"\r", 0, max(stop, 0))
    return newline if ret < 0 else ret


def _decoded_block(data: bytes) -> Iterable[_Text] | tuple[Run]:
    r"""Whole lines of UTF-8 (ending in "\n" or "\r"): one run when clean, else one by one.

    Split at "\n" only; `_numbered_runs` splits at a lone "\r". A line that is not UTF-8
    is marked.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # rare: find the lines at fault, one by one
        raws = data.split(b"\n")
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


def _wide_lines(head: bytes, handle: IO[bytes], codec: str) -> Iterator[_Text]:
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


def _left_out(pieces: list[str], dropped: int, codec: str) -> _Text:
    """A line too long to keep: its start, and its length in bytes."""
    start = _start(pieces)
    return start, "\ufffd" in start, dropped + sum(_size(piece, codec) for piece in pieces)


def _start(pieces: list[str]) -> str:
    start = ""
    for piece in pieces:
        start += piece[: _START - len(start)]
        if len(start) == _START:
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
    for mark, codec in _MARKS:
        if head.startswith(mark) and _plausible(head, codec):
            return _wide_lines(head, handle, codec), None
    guessed = _guess_utf16(head)
    if guessed is not None:
        return _wide_lines(head, handle, guessed), guessed.upper()
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
