"""Errors, warnings and the `Diagnostic` record that every problem with an input becomes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum

from papercorpus._text import ELLIPSIS, shorten, visible

__all__ = [
    "CacheWarning",
    "CitationWarning",
    "Diagnostic",
    "DiagnosticCode",
    "EnrichmentError",
    "EnrichmentWarning",
    "ExportWarning",
    "InvalidArxivIdError",
    "MissingExtraError",
    "NotAListingError",
    "OutputError",
    "PapercorpusError",
    "ParseError",
    "ParseWarning",
    "SearchWarning",
    "SnapshotError",
]

_FOUND_WIDTH = 80
_EXCERPT_WIDTH = 100
_INDENT = "    "


class DiagnosticCode(str, Enum):
    """What kind of problem a `Diagnostic` reports: a closed set, each with an example.

    A member equals its string value (`DiagnosticCode.INVALID_ID == "invalid-id"`).
    """

    INVALID_UTF8 = "invalid-utf8"
    """Bytes that are not UTF-8, kept as U+FFFD: `Caf\\xe9 au lait`."""
    INVALID_ENCODING = "invalid-encoding"
    """A file in another encoding that announces none: UTF-16 without a byte order mark."""
    INVALID_ID = "invalid-id"
    """`arXiv:` followed by no valid identifier: `arXiv:2104.1236`, month 13, `v0`."""
    MISSING_ABSTRACT = "missing-abstract"
    """An identifier line with no text before it: `arXiv:2104.12369` right after another."""
    AMBIGUOUS_DOI = "ambiguous-doi"
    """A DOI glued to text that may be part of it: `- doi: 10.1/x.3328we propose`."""
    BAD_DATE = "bad-date"
    """A `Created:` date that is impossible or not ISO: `Created: 2021-02-30`."""
    STRAY_CREATED = "stray-created"
    """A `Created:` line away from an identifier line, or a second one for a paper."""
    TRAILING_TEXT = "trailing-text"
    """Text after the last identifier line: a record cut off by a truncated file."""
    STRAY_TEXT = "stray-text"
    """More text before an identifier line than a record holds (over 2,000 lines or 4 MiB):
    the part before the record's last lines, in no paper, shown as a preview."""
    CONFLICT = "conflict"
    """Two copies of a paper, in one or several files, with different values for a field."""
    METADATA_CONFLICT = "metadata-conflict"
    """A listing's DOI or date that differs from the sample's verified metadata."""
    LONG_LINE = "long-line"
    """A line too long to read, over 16 MiB: `/dev/zero`, or a dump with no line breaks."""
    DUPLICATE_ID = "duplicate-id"
    """A second snapshot record for one paper (`0704.0001` twice, or `math.GT/0309136` beside
    `math/0309136`): the index keeps one, the newest version."""
    MALFORMED_RECORD = "malformed-record"
    """A JSON line that is no record: a snapshot line with no `id`, `{"id": "0704.0001", "ti`;
    a JSON Lines line that is no paper, `{"arxiv_id": 5}`."""

    def __str__(self) -> str:
        """Return the code's value, `invalid-id`."""
        return self.value


def _excerpt(line_text: str, column: int) -> tuple[str, int]:
    """A window of at most `_EXCERPT_WIDTH` characters of a line around `column` (1-based).

    Returns the window and the caret's 0-based offset in it.
    """
    text = line_text.expandtabs(1)  # one column per character, so the caret lines up
    start = max(0, min(column - 1 - _EXCERPT_WIDTH // 2, len(text) - _EXCERPT_WIDTH))
    window = text[start : start + _EXCERPT_WIDTH]
    caret = column - 1 - start
    if start > 0:
        window = ELLIPSIS + window[1:]
    if start + _EXCERPT_WIDTH < len(text):
        window = window[:-1] + ELLIPSIS
    return window, max(caret, 0)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input: where it is, what was expected there, what was found.

    `line` and `column` are 1-based. `text` carries the input text the problem concerns
    (a record that could not become a `Paper`, text after the last identifier line), so
    that nothing in the input is lost; `line_text` is the line itself, for the caret.

    Examples:
        >>> d = Diagnostic("a.txt", 3, 7, DiagnosticCode.INVALID_ID, "an arXiv identifier",
        ...                "'2104.1236'", line_text="arXiv:2104.1236 An abstract")
        >>> print(d)
        a.txt:3:7: expected an arXiv identifier, found '2104.1236'
            arXiv:2104.1236 An abstract
                  ^
    """

    path: str | None
    line: int
    column: int
    code: DiagnosticCode
    expected: str
    found: str
    text: str | None = None
    arxiv_id: str | None = None
    line_text: str | None = None

    @property
    def message(self) -> str:
        """The problem in one sentence, without its position."""
        return f"expected {self.expected}, found {shorten(self.found, _FOUND_WIDTH)}"

    @property
    def location(self) -> str:
        """`PATH:LINE:COLUMN`, as compilers and editors write it."""
        return f"{self.path or '<string>'}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, str | int | None]:
        """Every field, the code as its string, and the `message`: ready for `json.dumps`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": str(self.code),
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "text": self.text,
            "arxiv_id": self.arxiv_id,
            "line_text": self.line_text,
        }

    def __str__(self) -> str:
        """Return `PATH:LINE:COLUMN: message`, then the line with a caret under the column."""
        # Input text and file names are shown, never acted on by a terminal (`visible`).
        head = visible(f"{self.location}: {self.message}")
        if self.line_text is None:
            return head
        window, caret = _excerpt(self.line_text, self.column)
        return f"{head}\n{_INDENT}{visible(window)}\n{_INDENT}{' ' * caret}^"


class PapercorpusError(Exception):
    """Base of every error papercorpus raises on purpose."""


class ParseError(PapercorpusError):
    """A listing could not be parsed (raised in strict mode at the first problem)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        """Wrap `diagnostic`; its position is available as `.source` and `.line`."""
        super().__init__(diagnostic)  # all state in args, so the error pickles
        self.diagnostic = diagnostic
        self.source = diagnostic.path
        self.line = diagnostic.line

    def __str__(self) -> str:
        """Return the one-line `PATH:LINE: message` form."""
        return str(self.diagnostic)


class ParseWarning(UserWarning):
    """A problem in a listing that lenient parsing reported and went past.

    Every reader issues one warning for all the problems of a call: the first, and how many
    `more` there are in `Corpus.diagnostics` (`Snapshot.build()`: `Snapshot.diagnostics`;
    `parse()` and `iter_papers()`, which return papers only, give each to `on_diagnostic`).
    """

    def __init__(self, diagnostic: Diagnostic, more: int = 0, where: str = "Corpus") -> None:
        """Wrap `diagnostic`; its position is available as `.source` and `.line`."""
        super().__init__(diagnostic, more, where)
        self.diagnostic = diagnostic
        self.more = more
        self.where = where
        self.source = diagnostic.path
        self.line = diagnostic.line

    def __str__(self) -> str:
        """Return the one-line `PATH:LINE: message` form."""
        if self.more:
            hint = f"see {self.where}.diagnostics" if self.where.isidentifier() else self.where
            return f"{self.diagnostic}\n(and {self.more} more: {hint})"
        return str(self.diagnostic)


class InvalidArxivIdError(PapercorpusError, ValueError):
    """A string holds no valid arXiv identifier; the message says why.

    It subclasses `ValueError`, so pydantic reports it as a `ValidationError`.
    """

    def __init__(self, text: str, reason: str) -> None:
        """Record the rejected `text` and the `reason` it was rejected."""
        super().__init__(text, reason)
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        """Return a one-line message naming the input and the rule it breaks."""
        return f"invalid arXiv identifier {shorten(self.text, 60)!r}: {self.reason}"


class NotAListingError(PapercorpusError, ValueError):
    """A file is surely not an arXiv listing (a snapshot, a CSV or JSON export, a PDF...).

    The message says what it looks like and what to run instead; `path` names the file.
    """

    def __init__(self, what: str, hint: str, path: str | None = None) -> None:
        """Record what the input looks like, what to do instead, and its name."""
        self.what, self.hint, self.path = what, hint, path
        super().__init__(what, hint, path)

    def __str__(self) -> str:
        """Return `PATH looks like WHAT, not an arXiv listing: HINT`."""
        name = self.path or "the input"
        return f"{name} looks like {self.what}, not an arXiv listing: " + self.hint.replace(
            "FILE", self.path or "FILE"
        )


class MissingExtraError(PapercorpusError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the extra that brings it: `pip install 'papercorpus[snapshot]'`.
    """


class EnrichmentError(PapercorpusError):
    """Enrichment could not run at all (a bad option, an unusable cache)."""


class SnapshotError(PapercorpusError):
    """A metadata snapshot or its index cannot be read or built; the message names the file."""


class EnrichmentWarning(UserWarning):
    """An enrichment run filled nothing: every identifier failed (the message says why)."""


class ExportWarning(UserWarning):
    """An export met values its reader cannot hold whole (an Excel cell past 32,767 characters)."""


class CitationWarning(UserWarning):
    """A citation export met papers without a title or authors: their entries lack them."""


class SearchWarning(UserWarning):
    """A search gave fewer results than asked for (and than exist); the message says why."""


class OutputError(PapercorpusError, OSError):
    """An output file could not be written; the message names it and says why."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        """Record the path and why it could not be written."""
        super().__init__(path, reason)
        self.path = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        """Return `cannot write PATH: reason`."""
        return f"cannot write {self.path}: {self.reason}"


class CacheWarning(UserWarning):
    """A cache file was damaged and has been moved aside; the run goes on with a fresh one."""
