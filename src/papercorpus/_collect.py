"""The one strict/lenient policy every reader follows for the problems it meets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercorpus._warn import warn
from papercorpus.errors import Diagnostic, ParseError, ParseWarning

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["Collector"]


class Collector:
    """Problems met while reading: strict raises at the first, lenient goes past them.

    Lenient problems are kept (`diagnostics`, for a Corpus) or handed to `on_diagnostic`
    as they come (a stream); `warn()` then sums up what was not handed on in one
    `ParseWarning`: the first problem and how many more.
    """

    __slots__ = ("_first", "_more", "diagnostics", "on_diagnostic", "strict")

    def __init__(
        self,
        *,
        strict: bool,
        on_diagnostic: Callable[[Diagnostic], None] | None = None,
        keep: bool = True,
    ) -> None:
        """Follow `strict`; keep lenient problems in `diagnostics` unless `keep` is false."""
        self.strict = strict
        self.on_diagnostic = on_diagnostic
        self.diagnostics: list[Diagnostic] | None = [] if keep else None
        self._first: Diagnostic | None = None
        self._more = 0

    def add(self, diagnostic: Diagnostic) -> None:
        """Meet one problem.

        Raises:
            ParseError: in strict mode.
        """
        if self.strict:
            raise ParseError(diagnostic)
        if self.diagnostics is not None:
            self.diagnostics.append(diagnostic)
        if self.on_diagnostic is not None:
            self.on_diagnostic(diagnostic)
        elif self._first is None:
            self._first = diagnostic
        else:
            self._more += 1

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Meet each of `diagnostics` in turn."""
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def warn(self, where: str = "Corpus") -> None:
        """One `ParseWarning` for the problems not handed to `on_diagnostic`, if any.

        `where` says where the rest are (`Corpus`: its `.diagnostics`), or what to do to
        see them.
        """
        if self._first is not None:
            warn(ParseWarning(self._first, self._more, where))
