"""Listings with copies merged, streamed: memory for the copies, not for the whole input.

`load()` merges copies of a paper by holding every paper; a listing of a gigabyte does not
fit that way. `iter_merged` reads the files three times, each in order and in flat memory:

1. **index**: the identifier lines only, each paper's key and where its record lies (from
   two identifier lines before it, so that the record reads as in a whole parse);
2. **copies**: only the records of papers that have copies are parsed, each copy as the
   whole parse would give it; the copies of a paper are merged as `load()` merges them, and
   kept pickled until their turn;
3. **papers**: the whole parse, streamed: a paper with no copy as it comes, a merged paper
   at its first copy's place, later copies left out. The order is `load()`'s.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papercorpus._gc import gc_paused
from papercorpus._trusted import stored
from papercorpus.ids import match_id
from papercorpus.models import Paper
from papercorpus.parsing._copies import merge_copies
from papercorpus.parsing._fields import ID_PREFIX
from papercorpus.parsing._lines import Line, numbered_texts
from papercorpus.parsing._records import RecordReader
from papercorpus.parsing._stream import iter_papers

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from papercorpus.errors import Diagnostic

__all__ = ["iter_merged"]

_READ_BUFFER = 1 << 20

Span = tuple[int, int, int]  # file, first line to read, the identifier line
_COMPARED = tuple(name for name in Paper.model_fields if name != "source")


def _lines(path: Path) -> Iterator[tuple[int, str, int]]:
    with path.open("rb", buffering=_READ_BUFFER) as handle:
        yield from numbered_texts(handle)


def _index(files: Sequence[Path]) -> dict[str, list[Span]]:
    """Where each paper's records are, for the papers that have more than one."""
    first: dict[str, Span] = {}
    copies: dict[str, list[Span]] = {}
    for index, path in enumerate(files):
        before = [1, 1]  # the identifier lines two and one records back: a record's context
        for number, text, left_out in _lines(path):
            if left_out or not text.startswith(ID_PREFIX):
                continue
            start = len(ID_PREFIX)
            while start < len(text) and text[start] in " \t":
                start += 1
            found = match_id(text, start)
            if found is not None and found.id is not None:
                key, span = found.id.canonical, (index, before[0], number)
                if key in copies:
                    copies[key].append(span)
                elif key in first:
                    copies[key] = [first.pop(key), span]
                else:
                    first[key] = span
            before = [before[1], number]
    return copies


@dataclass
class _Wanted:
    """A record to read in the copies pass: the lines from its context to its end."""

    span: Span
    key: str
    lines: list[Line] = field(default_factory=list)
    done_at: int | None = None  # the identifier line once read: then one non-blank more


def _copies(
    files: Sequence[Path], names: Sequence[str], copies: dict[str, list[Span]]
) -> Iterator[tuple[str, Paper | None]]:
    """Each copy of the papers in `copies`, parsed as the whole parse parses it."""
    spans = sorted((span, key) for key, spans in copies.items() for span in spans)
    position = 0
    for index, path in enumerate(files):
        active: list[_Wanted] = []
        # The line where the next wanted record's reading starts, in this file (or none).
        starts = (
            spans[position][0][1] if position < len(spans) and spans[position][0][0] == index else 0
        )
        for number, text, left_out in _lines(path):
            while number == starts:
                active.append(_Wanted(*spans[position]))
                position += 1
                here = position < len(spans) and spans[position][0][0] == index
                starts = spans[position][0][1] if here else 0
            if not active:
                continue
            line = Line(number, text, left_out=left_out)
            finished = []
            for wanted in active:
                wanted.lines.append(line)
                if number == wanted.span[2]:
                    wanted.done_at = number
                elif wanted.done_at is not None and text.strip():
                    finished.append(wanted)
            for wanted in finished:
                active.remove(wanted)
                yield wanted.key, _paper(wanted, names[index])
        for wanted in active:  # the file ends right after the record
            yield wanted.key, _paper(wanted, names[index])


def _paper(wanted: _Wanted, name: str) -> Paper | None:
    line = wanted.span[2]
    for item in RecordReader(name).read(wanted.lines):
        if isinstance(item, Paper) and item.source is not None and item.source.line == line:
            return item
    return None  # not a paper after all: the whole parse decides


@dataclass
class _Waiting:
    """The copies of a paper read so far, pickled.

    A copy the same as one kept is counted, not kept: it fills no gap and contradicts
    nothing, so the merge is the same without it.
    """

    seen: int = 0
    kept: list[bytes] = field(default_factory=list)
    digests: set[bytes] = field(default_factory=set)

    def add(self, copy: Paper | None) -> None:
        self.seen += 1
        if copy is None:
            return
        values = pickle.dumps(
            tuple(stored(copy)[name] for name in _COMPARED),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        digest = hashlib.blake2b(values, digest_size=16).digest()
        if digest not in self.digests:
            self.digests.add(digest)
            self.kept.append(pickle.dumps(copy, protocol=pickle.HIGHEST_PROTOCOL))

    def papers(self) -> list[Paper]:
        return [pickle.loads(blob) for blob in self.kept]  # noqa: S301 (our own, this run)


def iter_merged(
    files: Sequence[Path],
    names: Sequence[str],
    *,
    strict: bool,
    on_diagnostic: Callable[[Diagnostic], None],
) -> Iterator[Paper]:
    """The papers of `files` with copies merged as `load()` merges them, in its order.

    Conflicts between copies are reported first (they are known after the copies pass),
    then each file's own diagnostics as the whole parse finds them.

    Raises:
        ParseError: in strict mode, at the first problem.
    """
    with gc_paused():  # many small objects, no cycles: the collector would only walk them
        copies = _index(files)
    # Copies waiting for the rest of theirs, and merged papers waiting for their turn, are
    # kept pickled: a fraction of a Paper's memory.
    waiting: dict[str, _Waiting] = {}
    merged: dict[str, bytes] = {}
    for key, copy in _copies(files, names, copies):
        held = waiting.setdefault(key, _Waiting())
        held.add(copy)
        if held.seen == len(copies[key]):
            _merge(key, waiting.pop(key), merged, strict=strict, on_diagnostic=on_diagnostic)
    for key, held in waiting.items():  # copies the index counted that were none after all
        _merge(key, held, merged, strict=strict, on_diagnostic=on_diagnostic)
    done: set[str] = set()  # papers whose merge is out: their later copies are left out
    for path, name in zip(files, names, strict=True):
        for paper in iter_papers(path, source=name, strict=strict, on_diagnostic=on_diagnostic):
            key = paper.identifier.canonical
            if key not in copies:
                yield paper
            elif key not in done:
                done.add(key)
                kept = merged.pop(key, None)
                yield paper if kept is None else pickle.loads(kept)  # noqa: S301 (ours)


def _merge(
    key: str,
    held: _Waiting,
    merged: dict[str, bytes],
    *,
    strict: bool,
    on_diagnostic: Callable[[Diagnostic], None],
) -> None:
    from papercorpus.errors import ParseError  # noqa: PLC0415

    papers = held.papers()
    if not papers:
        return
    paper, conflicts = merge_copies(papers)
    for conflict in conflicts:
        if strict:
            raise ParseError(conflict)
        on_diagnostic(conflict)
    merged[key] = pickle.dumps(paper, protocol=pickle.HIGHEST_PROTOCOL)
