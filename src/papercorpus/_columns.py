"""Papers held as columns (Arrow record batches), built as `Paper`s only when asked for."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercorpus.models import Paper

__all__ = ["CHUNK", "Columns"]

#: Papers built at a time from columns: iteration, exports and `corpus[i]` work a chunk at a
#: time, so that a Corpus of a million rows never holds a million Papers.
CHUNK = 8192


class Columns(ABC):
    """Rows a Corpus holds without holding their Papers: each is built when asked for.

    A bulk result (an enrichment from a snapshot index, a search of one) is kept as the
    Arrow rows the engine gave; `corpus[i]`, iteration and every export build the Papers of
    a chunk at a time, which the caller keeps or lets go.
    """

    @abstractmethod
    def __len__(self) -> int:
        """How many papers."""

    @abstractmethod
    def build(self, start: int, stop: int) -> list[Paper]:
        """The papers at positions `start` to `stop` (excluded), made now."""

    @abstractmethod
    def ids(self) -> list[str]:
        """Every paper's base identifier, in order, without building a paper."""

    @abstractmethod
    def take(self, positions: Sequence[int]) -> Columns:
        """The rows at `positions` (in range, in that order), still as columns."""
