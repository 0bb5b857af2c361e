"""Pause the cyclic garbage collector while many small objects are built."""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list of Papers is built.

    Papers hold no reference cycles, but each one allocated counts towards the collector's
    thresholds: building many of them in a list makes it walk the growing list again and
    again, for nothing. Reference counting still frees everything.

    The collector is the process's: pauses in several threads, or nested, are counted, and
    the last to end turns it back on, if it was on when the first began.
    """
    with _PAUSES.lock:
        if _PAUSES.depth == 0:
            _PAUSES.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSES.depth += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.depth -= 1
            if _PAUSES.depth == 0 and _PAUSES.was_enabled:
                gc.enable()


class _Pauses:
    """How many pauses are on, and the collector's state before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.was_enabled = False


_PAUSES = _Pauses()
