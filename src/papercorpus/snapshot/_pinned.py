"""An index's files held open while a `Snapshot` reads them: one version, whatever else writes.

An update that folds its deltas replaces the base and deletes the deltas; a build replaces
the base. DuckDB opens a file more than once in one query (its footer, then its row groups,
from each thread), so a query that ran across a replacement would read the footer of one
file and the pages of another, and report the index damaged. Where the system names open
files (`/proc/self/fd`, Linux), a Snapshot holds each of its files open from the moment it
opens the index, and DuckDB reads them through those names: every query reads the index as
it was when opened, and the space of files replaced since is freed when the Snapshot is.
Elsewhere the files are read by their names, as before.
"""

from __future__ import annotations

import contextlib
import functools
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from papercorpus._extras import require
from papercorpus.snapshot._layout import deltas

__all__ = ["Pinned", "pinned"]

_OPEN_FILES = Path("/proc/self/fd")


@dataclass(frozen=True)
class Pinned:
    """The files to read: the base, then the deltas oldest first (names of open files)."""

    base: Path
    deltas: list[Path]
    handles: list[int] = field(default_factory=list, repr=False, compare=False)

    @functools.cached_property
    def row_groups(self) -> int:
        """How many row groups the base has (its footer, read once)."""
        pq = require("pyarrow.parquet", feature="Snapshot")
        return int(pq.read_metadata(self.base).num_row_groups)


def pinned(index: Path) -> Pinned:
    """The index's files, held open where the system lets DuckDB read them by handle.

    The base and its deltas are listed and opened until two looks agree: an update that
    folds the deltas between the two is seen, and its files are opened again.
    """
    if not _OPEN_FILES.is_dir() or not index.is_file():
        return Pinned(index, deltas(index))  # read by name (a missing file: said on checking)
    for _ in range(8):
        found = deltas(index)
        handles: list[int] = []
        try:
            for path in (index, *found):  # one at a time: those opened are closed on failure
                handles.append(os.open(path, os.O_RDONLY | os.O_NONBLOCK))  # noqa: PERF401
            same = os.fstat(handles[0]).st_ino == index.stat().st_ino and found == deltas(index)
        except OSError:
            same = False
        if same:
            files = Pinned(*_names(handles), handles)
            weakref.finalize(files, _close, handles)
            return files
        _close(handles)
    return Pinned(index, deltas(index))  # still changing: by name


def _names(handles: list[int]) -> tuple[Path, list[Path]]:
    names = [_OPEN_FILES / str(handle) for handle in handles]
    return names[0], names[1:]


def _close(handles: list[int]) -> None:
    for handle in handles:
        with contextlib.suppress(OSError):
            os.close(handle)
