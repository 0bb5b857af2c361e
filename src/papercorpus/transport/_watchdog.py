"""The deadline of a request: a watchdog that shuts its socket when time is up.

Per-read timeouts cannot bound a server that sends one byte every half second; a timer
that shuts the socket down can. Each request opens its connection through `connect()`,
where the watchdog of the thread's current request arms.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from requests.adapters import HTTPAdapter
from typing_extensions import Self
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

if TYPE_CHECKING:
    import requests

__all__ = ["Watchdog", "WatchedAdapter"]

_WATCH = threading.local()


class Watchdog:
    """Shut the request's socket down at `deadline`: a blocked read then returns at once.

    Per-read timeouts cannot bound a server that sends one byte every half second, in the
    headers or the body; closing the socket from a timer can.
    """

    def __init__(self, seconds: float | None) -> None:
        """Watch the requests made in this block for `seconds` in all (None: no deadline)."""
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.fired = False
        self._timers: list[threading.Timer] = []

    def arm(self, sock: socket.socket | None) -> None:
        """Shut `sock` down when the deadline passes (unless the block ends first)."""
        if self.deadline is None or sock is None:
            return
        timer = threading.Timer(max(self.deadline - time.monotonic(), 0.0), self._fire, [sock])
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def _fire(self, sock: socket.socket) -> None:
        self.fired = True
        with contextlib.suppress(OSError):  # already closed: the request is over anyway
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Self:
        _WATCH.current = self
        return self

    def __exit__(self, *_: object) -> None:
        _WATCH.current = None
        for timer in self._timers:
            timer.cancel()


def _arm(sock: socket.socket | None) -> None:
    watchdog = getattr(_WATCH, "current", None)
    if watchdog is not None:
        watchdog.arm(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _arm(self.sock)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _arm(self.sock)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchedAdapter(HTTPAdapter):
    """An adapter whose every request opens a new connection, watched by the watchdog."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]  # noqa: ANN401
        # A reused connection would not pass through connect(), where the watchdog arms:
        # requests are seconds apart, so a new connection each costs nothing that matters.
        self.poolmanager.clear()
        return super().send(request, **kwargs)
