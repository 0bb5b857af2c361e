"""The rate limit: one request at a time, `delay` seconds apart, for every process on a cache."""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from papercorpus.enrichment._store import open_sqlite

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["MAX_RETRY_AFTER", "RateLimiter"]

MAX_RETRY_AFTER = 600.0  # seconds: a longer Retry-After is capped, not obeyed blindly


class RateLimiter:
    """One request at a time, `delay` seconds apart, across threads and processes.

    A request holds the *turn* from before it is sent until its answer has been read; the
    next turn begins `delay` seconds after that moment, as arXiv counts: however slow an
    answer, no two requests reach the server closer than `delay`, and never two at once.

    With a state file, the turn is an SQLite write lock on it and the schedule a row in it,
    shared by every process that uses the file (notebook kernels sharing a cache). The
    operating system drops the lock of a process that dies, so a crash blocks nobody.
    """

    def __init__(self, delay: float, state: Path | None = None, *, patience: float = 600.0) -> None:
        """Space requests by `delay` seconds; keep the schedule in the SQLite file `state`.

        `patience` bounds the wait for another process's turn to end.

        Raises:
            ValueError: `delay` is negative, infinite or not a number.
            EnrichmentError: the state file cannot be used.
        """
        if not math.isfinite(delay) or delay < 0:
            raise ValueError(f"delay must be a finite number of seconds >= 0, not {delay!r}")
        self.delay = delay
        self.state = state
        self.patience = patience
        self._lock = threading.Lock()
        self._next = 0.0  # without a state file: when the next turn may begin
        self.turns = 0  # turns taken by this process: requests that reached the network
        self.waited = 0.0  # seconds this process slept for its turns
        if state is not None:
            open_sqlite(
                state,
                ["CREATE TABLE IF NOT EXISTS schedule (id INTEGER PRIMARY KEY, next REAL)"],
                {"schedule": ("id", "next")},
            )

    def _connect(self) -> sqlite3.Connection:
        assert self.state is not None  # noqa: S101 (callers check)
        return sqlite3.connect(self.state, timeout=self.patience, isolation_level=None)

    def _sane(self, value: object, now: float) -> float:
        # Whatever the file holds (NULL, text, a time no writer could have set: one delay
        # plus the longest Retry-After we obey), it cannot stop or stall a run.
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            return now
        if value > now + self.delay + MAX_RETRY_AFTER + 1.0:
            return now
        return float(value)

    @contextmanager
    def turn(self) -> Iterator[float]:
        """Hold the turn: wait for it, yield the seconds waited, then schedule the next."""
        with self._lock:
            self.turns += 1
            if self.state is None:
                waited = _sleep_until(self._next)
                self.waited += waited
                try:
                    yield waited
                finally:
                    self._next = max(self._next, time.time() + self.delay)
                return
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")  # blocks while another process holds it
                try:
                    row = connection.execute("SELECT next FROM schedule WHERE id = 1").fetchone()
                    waited = _sleep_until(self._sane(row[0] if row else None, time.time()))
                    self.waited += waited
                    yield waited
                finally:
                    later = self._sane(row[0] if row else None, time.time())
                    _schedule(connection, max(later, time.time() + self.delay))

    def defer(self, seconds: float) -> None:
        """Let nobody send before `seconds` from now (a Retry-After, a backoff)."""
        if not seconds > 0:
            return
        with self._lock:
            until = time.time() + min(seconds, MAX_RETRY_AFTER)
            if self.state is None:
                self._next = max(self._next, until)
                return
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")
                row = connection.execute("SELECT next FROM schedule WHERE id = 1").fetchone()
                current = self._sane(row[0] if row else None, time.time())
                _schedule(connection, max(current, until))


def _schedule(connection: sqlite3.Connection, when: float) -> None:
    """Record when the next turn may begin, and end the transaction that holds the turn."""
    connection.execute("INSERT OR REPLACE INTO schedule (id, next) VALUES (1, ?)", (when,))
    connection.execute("COMMIT")


def _sleep_until(when: float) -> float:
    pause = when - time.time()
    if pause > 0:
        time.sleep(pause)
    return max(pause, 0.0)
