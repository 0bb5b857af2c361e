"""One writer at a time for an index: an OAI-PMH harvest or update holds its lock.

Two updates of one index at once (two cron jobs overlapping, a user's beside cron's) would
share the folder where pages are kept, number their delta files alike, and fold deltas the
other is still writing. The second writer is refused at once, in one line that names the
first's process; readers never wait (`_pinned`). A build from the Kaggle file takes no
lock: it writes a file of its own and replaces the index at once, so two builds leave a
whole index. The lock is `flock` on a hidden file beside the index, released by the
system when its process ends, however it ends, and removed when released (a file left by
a killed process is taken over by the next writer). Where there is no `flock` (Windows),
writers are not kept apart.
"""

from __future__ import annotations

import contextlib
import errno
import os
from typing import TYPE_CHECKING

from papercorpus._files import removed_on_signal
from papercorpus.errors import SnapshotError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["exclusive"]


@contextlib.contextmanager
def exclusive(index: Path) -> Iterator[None]:
    """Hold the index's writer lock while the block runs.

    Raises:
        SnapshotError: another process holds it.
    """
    if fcntl is None:
        yield
        return
    path = index.with_name(f".{index.name}.lock")
    for _ in range(8):  # a lock file removed by its last holder between open and lock
        try:  # never through a link: the file is written
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno != errno.ELOOP:  # no such folder, not ours to write: the write says
                yield
                return
            raise SnapshotError(f"cannot lock {index}: {path} is a link") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(handle)
            raise SnapshotError(
                f"{index} is being written by another process (pid {holder}): "
                "run again when it is done"
            ) from None
        if _same_file(handle, path):
            break
        os.close(handle)
    else:
        raise SnapshotError(f"cannot lock {index}: {path} keeps changing")
    try:
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        with removed_on_signal(path):  # stopped by SIGTERM or Ctrl-C: no lock file stays
            yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # before the lock goes: a newcomer then makes a file of its own
        os.close(handle)


def _same_file(handle: int, path: Path) -> bool:
    """Whether `handle` is still the file at `path` (its last holder may have removed it)."""
    try:
        return os.fstat(handle).st_ino == path.stat().st_ino
    except OSError:
        return False
