"""Errors, warnings and the `Diagnostic` record that every problem with an input becomes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Diagnostic",
    "EnrichmentError",
    "InvalidArxivIdError",
    "PapercorpusError",
    "ParseError",
    "ParseWarning",
]

_FOUND_WIDTH = 80


def _shorten(text: str, width: int = _FOUND_WIDTH) -> str:
    """Cut `text` to `width` characters for a one-line message, marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input: where it is, what was expected there, what was found.

    `text` carries the input text the problem concerns (a record that could not become a
    `Paper`, text after the last identifier line), so that nothing in the input is lost.

    Examples:
        >>> d = Diagnostic("a.txt", 3, "invalid-id", "an arXiv identifier", "'2104.1236'")
        >>> str(d)
        "a.txt:3: expected an arXiv identifier, found '2104.1236'"
    """

    path: str | None
    line: int
    code: str
    expected: str
    found: str
    text: str | None = None
    arxiv_id: str | None = None

    @property
    def message(self) -> str:
        """The problem in one sentence, without its position."""
        return f"expected {self.expected}, found {_shorten(self.found)}"

    def __str__(self) -> str:
        """Return the one-line `PATH:LINE: message` form the CLI prints."""
        return f"{self.path or '<string>'}:{self.line}: {self.message}"


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

    `load()` issues one warning for all the problems of a call: the first, and how many
    `more` there are in `Corpus.diagnostics`.
    """

    def __init__(self, diagnostic: Diagnostic, more: int = 0) -> None:
        """Wrap `diagnostic`; its position is available as `.source` and `.line`."""
        super().__init__(diagnostic, more)
        self.diagnostic = diagnostic
        self.more = more
        self.source = diagnostic.path
        self.line = diagnostic.line

    def __str__(self) -> str:
        """Return the one-line `PATH:LINE: message` form."""
        if self.more:
            return f"{self.diagnostic} (and {self.more} more: see Corpus.diagnostics)"
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
        return f"invalid arXiv identifier {_shorten(self.text, 60)!r}: {self.reason}"


class EnrichmentError(PapercorpusError):
    """Enrichment could not run at all (a bad option, an unusable cache)."""
