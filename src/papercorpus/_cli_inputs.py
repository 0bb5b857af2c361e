"""What `papercorpus enrich` reads: identifiers, reading lists and listings, in bounded memory.

A file (or standard input, `-`) is a reading list when more than half of the non-blank
lines of its first megabyte look like one identifier each; else it is a listing. Either is
read as it streams: a reading list keeps its identifiers only (a file of blank lines costs
nothing), a listing its papers. Binary data (`/dev/zero`) is refused at its first bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING

from papercorpus._cli_io import TroubleError, standard_input
from papercorpus.errors import ParseError
from papercorpus.ids import ArxivId
from papercorpus.loading import build_corpus
from papercorpus.parsing import (
    MAX_LINE,
    Line,
    iter_papers,
    line_problems,
    lines_from_bytes,
    read_lines,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator, Sequence

    from papercorpus.models import Paper

__all__ = ["check_readable", "enrich_inputs"]

_HEAD_BYTES = 1 << 20  # what is read to tell a reading list from a listing
_READ = 1 << 20
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
_WIDE_MARKS = (*_UTF16_MARKS, b"\x00\x00\xfe\xff")  # UTF-32's little-endian mark is UTF-16's
_NON_BLANK = re.compile(rb"[^\n]+")

# A line of a reading list: one identifier in any pasted form (`2104.12369`, `arXiv:...`,
# an abs or pdf URL, `hep-th/9901001`, arXiv's `... [cs.CL]`), typos included.
_ID_LIKE = re.compile(
    r"(?:arxiv:\s*|\S*arxiv\.org/\S+|\d{4}\.\d+\S*|[a-z-]+(?:\.[A-Za-z]+)?/\d+\S*)"
    r"(?:\s+\[[\w.-]+\])?",
    re.IGNORECASE,
)
_PATH_LIKE = re.compile(r"[/\\]|\.[A-Za-z][A-Za-z0-9]{0,4}$")


def check_readable(paths: Sequence[str]) -> None:
    """Refuse a path that does not exist or cannot be read, in one line.

    Raises:
        TroubleError: the first such path.
    """
    for path in paths:
        if path == "-":
            continue
        if not Path(path).exists():
            raise TroubleError(f"cannot read {path!r}: no such file or directory")
        if not os.access(path, os.R_OK):
            raise TroubleError(f"cannot read {path!r}: permission denied")


def _entry(text: str) -> str:
    """A reading-list line without its comment (`#` starts one) and its blanks."""
    return text.split("#", 1)[0].strip()


def _is_id_list(lines: Iterable[Line]) -> bool:
    """Whether more than half of the non-blank lines look like one identifier each."""
    entries = [text for line in lines if (text := _entry(line.text))]
    looks = sum(1 for text in entries if _ID_LIKE.fullmatch(text))
    return bool(entries) and looks * 2 > len(entries)


def enrich_inputs(args: argparse.Namespace) -> tuple[list[Paper | str], dict[str, str]]:
    """Listings give their papers, reading lists their lines; `-` reads stdin.

    Returns the items and, for each line of a reading list, where it was (`PATH:LINE`).
    Any other argument is an identifier, unless it looks like a path: then it must exist.
    """
    items: list[Paper | str] = []
    places: dict[str, str] = {}
    for value in args.inputs:
        if value == "-" or Path(value).is_file():
            items.extend(_file_items(value, args, places))
        elif Path(value).exists():
            check_readable([value])
            corpus = build_corpus([value], strict=args.strict)
            for diagnostic in corpus.diagnostics:
                args.report(diagnostic)
            items.extend(corpus)
        elif _looks_like_id_or_not_path(value):
            items.append(value)
        else:
            raise TroubleError(f"cannot read {value!r}: no such file or directory")
    return items, places


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


def _file_items(value: str, args: argparse.Namespace, places: dict[str, str]) -> list[Paper | str]:
    """A listing's papers, or a reading list's lines (their places noted in `places`).

    Read as `parse` reads a listing: its encoding, any line end, bad bytes reported.
    """
    name = "<stdin>" if value == "-" else value
    if value != "-":
        check_readable([value])
    with _opened(value) as handle:
        head = handle.read(_HEAD_BYTES)
        if head.count(0) * 2 > len(head) and not head.startswith(_UTF16_MARKS):
            # UTF-16 text has a NUL in every other byte at most; this has more.
            raise TroubleError(
                f"cannot read {name}: binary data (NUL bytes), "
                "not a listing or a list of identifiers"
            )
        cut = head.rfind(b"\n") + 1 if len(head) == _HEAD_BYTES else len(head)
        lines, _ = read_lines(head[: cut or len(head)], name)
        stream = io.BufferedReader(_Rejoined(head, handle))
        if not _is_id_list(lines):
            return list(
                iter_papers(stream, source=name, strict=args.strict, on_diagnostic=args.report)
            )
        found: list[Paper | str] = []
        plain = not head.startswith(_WIDE_MARKS) and b"\r" not in head.replace(b"\r\n", b"")
        listed = _listed(stream) if plain and not _guessed_wide(lines) else None
        for line in listed or lines_from_bytes(stream, listing=False):
            for problem in line_problems(name, line):
                if args.strict:
                    raise ParseError(problem)
                args.report(problem)
            if text := _entry(line.text):
                places.setdefault(text, f"{name}:{line.number}")
                found.append(text)
        return found


def _guessed_wide(lines: list[Line]) -> bool:
    return bool(lines) and lines[0].guessed is not None


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


def _opened(value: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The file, opened (and closed after); standard input for `-`, left open."""
    if value == "-":
        return contextlib.nullcontext(standard_input())
    try:
        return Path(value).open("rb")
    except OSError as exc:
        raise TroubleError(f"cannot read {value!r}: {exc.strerror or exc}") from None


def _looks_like_id_or_not_path(value: str) -> bool:
    try:
        ArxivId.parse(value)
    except ValueError:
        return not _PATH_LIKE.search(value)
    return True
