"""A record while it is read: its text bounded, previewed, and cut into blocks.

Past a limit its oldest lines are spilled (counted, previewed, let go); FORMAT.md's two
layouts decide its blocks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from papercorpus.parsing._fields import IdLine

__all__ = [
    "MAX_RECORD_CHARS",
    "MAX_RECORD_LINES",
    "Record",
    "Spill",
    "blocks_of",
    "is_spaced",
    "let_go",
    "preview",
]

#: The most text a record holds before its identifier line; past it, its oldest lines
#: are no record's (a wrong file, a dump with no identifier line): counted and previewed,
#: never kept, so that memory stays flat on any input.
MAX_RECORD_LINES = 2_000
MAX_RECORD_CHARS = 4 << 20
_PREVIEW_LINES = 5  # first and last lines a preview shows
_PREVIEW_WIDTH = 300  # characters of each previewed line
_PREVIEW_CHARS = 8_000  # text shorter than this is shown whole


@dataclass(slots=True)
class Spill:
    """Lines too many for a record, let go: where they were, how many, their ends."""

    first: int
    last: int = 0
    lines: int = 0
    chars: int = 0
    head: list[str] = field(default_factory=list)
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=_PREVIEW_LINES))

    def add(self, number: int, text: str) -> None:
        self.last, self.lines, self.chars = number, self.lines + 1, self.chars + len(text) + 1
        if len(self.head) < _PREVIEW_LINES:
            self.head.append(text[:_PREVIEW_WIDTH])
        else:
            self.tail.append(text[:_PREVIEW_WIDTH])


def preview(lines: list[tuple[int, str]], spill: Spill | None = None) -> str:
    """Text for a diagnostic: whole when short, else its first and last lines and its size."""
    if spill is None and sum(len(t) + 1 for _, t in lines) <= _PREVIEW_CHARS:
        return "\n".join(t for _, t in lines).strip("\n")
    every = spill if spill is not None else Spill(lines[0][0])
    for number, text in lines:
        every.add(number, text)
    cut = (
        f"[... {every.lines:,} lines of {every.chars:,} characters in all, lines "
        f"{every.first:,}-{every.last:,}: the first and last {_PREVIEW_LINES} are shown ...]"
    )
    shown = [t if len(t) < _PREVIEW_WIDTH else t + " [...]" for t in every.head]
    ends = [t if len(t) < _PREVIEW_WIDTH else t + " [...]" for t in every.tail]
    return "\n".join([*shown, cut, *ends]).strip("\n")


@dataclass(slots=True)
class Record:
    """A record being read: its text lines (blank ones as ''), then its identifier line."""

    text: list[tuple[int, str]] = field(default_factory=list)
    size: int = 0  # characters in `text`
    spill: Spill | None = None  # lines let go from its start: too many for a record
    id_line: IdLine | None = None
    id_number: int = 0
    id_text: str = ""
    first_column: int = 1  # where the record's text starts on its first line
    created: dt.date | None = None
    created_line: str | None = None


def blocks_of(text: list[tuple[int, str]]) -> list[str]:
    """The record's blocks: one a line (compact) or runs between blank lines (spaced).

    A block is a line stripped (compact), or a spaced block's lines joined by a space; its
    whitespace is not squashed: the caller squashes what it keeps (`squash`), when it
    needs it.

    FORMAT.md: a record is spaced when a blank line stands anywhere after its first text
    line, up to the line before its identifier line; blank lines before its first text
    line do not count. So an abstract wrapped over two lines, a blank line and the
    identifier line are one spaced block, not an abstract and a comment.
    """
    if len(text) == 1:  # an abstract alone (or a blank line)
        only = text[0][1].strip()
        return [only] if only else []
    lines = [t for _, t in text]
    full = [t.strip() for t in lines]  # "" for a blank line
    if all(full):  # compact (the common case): a block a line
        return full
    first = next((i for i, t in enumerate(full) if t), None)
    if first is None:
        return []
    if all(full[first:]):  # blank lines before its first text line do not count
        return full[first:]
    blocks: list[str] = []
    current: list[str] = []
    for line, stripped in zip(lines[first:], full[first:], strict=True):
        if stripped:
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def is_spaced(text: list[tuple[int, str]]) -> bool:
    """Whether a record is spaced: a blank line after its first text line (FORMAT.md)."""
    started = False
    for _, line in text:
        if line.strip():
            started = True
        elif started:
            return True
    return False


def let_go(record: Record) -> None:
    """Move the oldest lines of a record too long to be one into its spill (half at once)."""
    keep, size = 0, 0
    for _, text in reversed(record.text):
        if keep >= MAX_RECORD_LINES // 2 or size + len(text) > MAX_RECORD_CHARS // 2:
            break
        keep, size = keep + 1, size + len(text)
    keep = max(keep, 1)
    if keep >= len(record.text):  # one line alone (at most a line's limit): it stays
        return
    gone, record.text = record.text[:-keep], record.text[-keep:]
    record.size = sum(len(t) for _, t in record.text)
    if record.spill is None:
        record.spill = Spill(gone[0][0])
    for number, text in gone:
        record.spill.add(number, text)
