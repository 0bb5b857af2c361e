"""The rate limit: one request at a time, `delay` seconds apart, for every process on a cache."""

from __future__ import annotations

import logging
import math
import os
import random
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from papercorpus._files import process_alive
from papercorpus._warn import warn
from papercorpus.errors import EnrichmentError, EnrichmentWarning
from papercorpus.transport._faults import WaitTooLongError
from papercorpus.transport._sqlite import open_sqlite

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["MAX_WAIT_LIMIT", "RateLimiter"]

log = logging.getLogger("papercorpus.http")

MAX_WAIT_LIMIT = 24 * 3600.0  # no writer sets a schedule further ahead than this
_POLL = 0.1  # seconds between looks at a turn another process holds
_TABLE = "papercorpus_turn"


class RateLimiter:
    """One request at a time, `delay` seconds apart, across threads and processes.

    A request holds the *turn* from before it is sent until its answer has been read; the
    next turn begins `delay` seconds after that moment, as arXiv counts: however slow an
    answer, no two requests reach the server closer than `delay`, and never two at once.

    With a state file, the turn is a row in it, shared by every process that uses the file
    (notebook kernels sharing a cache): who holds it, until when at most (the *lease*), and
    when the next may begin. Each look at the row is one short transaction; nobody keeps
    the file locked while it waits or sends. A holder that stops (Ctrl-Z, a debugger, a
    crash) blocks the others for its lease at most: then they take the turn, with a warning.
    """

    def __init__(
        self,
        delay: float,
        state: Path | None = None,
        *,
        lease: float = 120.0,
        max_wait: float = MAX_WAIT_LIMIT,
    ) -> None:
        """Space requests by `delay` seconds; keep the schedule in the SQLite file `state`.

        `lease` bounds how long a turn may be held (longer than a request's deadline);
        `max_wait` how long this process waits for the schedule before it gives up.

        Raises:
            ValueError: `delay` is negative, infinite or not a number.
            EnrichmentError: the state file cannot be used.
        """
        if not math.isfinite(delay) or delay < 0:
            raise ValueError(f"delay must be a finite number of seconds >= 0, not {delay!r}")
        self.delay = delay
        self.state = state
        self.lease = lease
        self.max_wait = max_wait
        self._lock = threading.Lock()
        self._next = 0.0  # without a state file: when the next turn may begin
        self.turns = 0  # turns taken by this process: requests that reached the network
        if state is not None:
            open_sqlite(
                state,
                [
                    f"CREATE TABLE IF NOT EXISTS {_TABLE} "
                    "(id INTEGER PRIMARY KEY, next REAL, holder TEXT, until REAL)"
                ],
                {_TABLE: ("id", "next", "holder", "until")},
                kind="rate-limit state",
                follow=False,
            )

    def _sane(self, value: object, now: float, ahead: float) -> float:
        # Whatever the file holds (NULL, text, a time no writer could have set), it cannot
        # stop or stall a run.
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            return now
        if value > now + ahead:
            return now
        return float(value)

    @contextmanager
    def _row(self) -> Iterator[tuple[sqlite3.Connection, float, str | None, float]]:
        """The shared row, read and written in one short write transaction."""
        assert self.state is not None  # noqa: S101 (callers check)
        try:
            with closing(sqlite3.connect(self.state, timeout=30.0, isolation_level=None)) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    row = db.execute(
                        f"SELECT next, holder, until FROM {_TABLE} WHERE id = 1"  # noqa: S608
                    ).fetchone()
                    now = time.time()
                    next_, holder, until = row or (None, None, None)
                    yield (
                        db,
                        self._sane(next_, now, self.delay + MAX_WAIT_LIMIT + 1.0),
                        holder if isinstance(holder, str) else None,
                        self._sane(until, now, MAX_WAIT_LIMIT),
                    )
                    db.execute("COMMIT")
                finally:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise EnrichmentError(f"cannot use the rate-limit state {self.state}: {exc}") from exc

    def _take(self, token: str) -> float:
        """Wait for the shared turn and take it; return the seconds waited."""
        started = time.monotonic()
        while True:
            with self._row() as (db, next_, holder, until):
                now = time.time()
                if holder is not None and until > now and _holder_alive(holder):
                    pause = min(until - now, _POLL * (0.5 + random.random()))  # noqa: S311
                elif next_ > now:
                    pause = next_ - now
                else:
                    if holder is not None and _holder_alive(holder):
                        _taken_over()
                    db.execute(
                        f"INSERT OR REPLACE INTO {_TABLE} VALUES (1, ?, ?, ?)",  # noqa: S608
                        (next_, token, now + self.lease),
                    )
                    return time.monotonic() - started
            if holder is None and pause > self.max_wait:
                raise WaitTooLongError(
                    f"the shared rate limit asks to wait {pause:.0f} s "
                    f"(a Retry-After), more than max_wait ({self.max_wait:g} s)"
                )
            time.sleep(pause)

    def _give_back(self, token: str) -> None:
        with self._row() as (db, next_, holder, until):
            mine = holder == token
            db.execute(
                f"INSERT OR REPLACE INTO {_TABLE} VALUES (1, ?, ?, ?)",  # noqa: S608
                (
                    max(next_, time.time() + self.delay),
                    None if mine else holder,
                    None if mine else until,
                ),
            )

    @contextmanager
    def turn(self) -> Iterator[float]:
        """Hold the turn: wait for it, yield the seconds waited, then schedule the next."""
        with self._lock:
            self.turns += 1
            if self.state is None:
                waited = _sleep_until(self._next)
                try:
                    yield waited
                finally:
                    self._next = max(self._next, time.time() + self.delay)
                return
            token = f"{os.getpid()}:{id(self)}:{self.turns}"
            waited = self._take(token)
            try:
                yield waited
            finally:
                self._give_back(token)

    def defer(self, seconds: float) -> None:
        """Let nobody send before `seconds` from now (a Retry-After, a backoff)."""
        if not seconds > 0:
            return
        with self._lock:
            until = time.time() + min(seconds, MAX_WAIT_LIMIT)
            if self.state is None:
                self._next = max(self._next, until)
                return
            with self._row() as (db, next_, holder, lease):
                db.execute(
                    f"INSERT OR REPLACE INTO {_TABLE} VALUES (1, ?, ?, ?)",  # noqa: S608
                    (max(next_, until), holder, lease if holder is not None else None),
                )


def _holder_alive(holder: str) -> bool:
    """Whether the process that holds the turn still runs (a dead one gives it back now)."""
    pid, _, _ = holder.partition(":")
    return not (pid.isdigit() and len(pid) < 10) or process_alive(int(pid))


def _taken_over() -> None:
    message = (
        "another process held arXiv's turn past its lease (stopped or hung?); going on without it"
    )
    log.warning(message)
    warn(EnrichmentWarning(message))


def _sleep_until(when: float) -> float:
    pause = when - time.time()
    if pause > 0:
        time.sleep(pause)
    return max(pause, 0.0)
