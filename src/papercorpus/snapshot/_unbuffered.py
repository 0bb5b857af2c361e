"""A file written around the kernel's page cache.

A spilled answer (`_spill`) is written to leave memory. Written the usual way, each of its
pages is first copied into the page cache, then written back to disk by the kernel; on a
virtual machine, where every new page of memory costs a trip to the host, that copying can
cost more CPU than the query that made the rows. With `O_DIRECT` the disk reads the bytes
from our own buffer: little CPU, mostly waiting for the disk (the caller writes from a
thread, so the query goes on meanwhile). Where the file system refuses `O_DIRECT` (tmpfs
on older kernels, some network file systems; macOS and Windows have no such flag), or the
disk is slower than the cache would be (`SLOW_DISK`), the writes go through the page cache.

`O_DIRECT` wants each write's memory, offset and length aligned to the disk's block: the
bytes go through one page-aligned buffer of `CHUNK` bytes, the last chunk padded with
zeros, then the file is cut back to the length written.
"""

from __future__ import annotations

import errno
import mmap
import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer, Self

__all__ = ["ALIGNMENT", "CHUNK", "SLOW_DISK", "TRIAL_BYTES", "UnbufferedFile"]

#: Every write's offset and length are a multiple of this (a page: no disk's block is larger).
ALIGNMENT = 4096
#: Bytes a write hands to the disk at once.
CHUNK = 8 << 20
#: Past this many bytes written with `O_DIRECT`, a disk slower than `SLOW_DISK` bytes a
#: second gets the rest through the page cache.
TRIAL_BYTES = 4 * CHUNK
SLOW_DISK = 400 << 20
_DIRECT = getattr(os, "O_DIRECT", 0)  # Linux and some BSDs


class UnbufferedFile:
    """Appends to an open file descriptor, a `CHUNK` at a time, around the page cache.

    A file-like object for `pyarrow.PythonFile` (`write`, `tell`, `flush`, `close`). The
    descriptor stays the caller's to close; `close` writes the last chunk and cuts the
    file to the bytes given.
    """

    closed = False

    def __init__(self, handle: int) -> None:
        """Write to `handle` (a new, empty regular file opened for writing)."""
        self.handle = handle
        self.written = 0  # bytes given to `write`
        self.direct = _set_direct(handle, on=True)
        self._buffer = mmap.mmap(-1, CHUNK)  # anonymous: page-aligned
        self._filled = 0
        self._at = 0  # the file offset of the next chunk
        self._direct_seconds = 0.0  # spent writing with O_DIRECT

    def __enter__(self) -> Self:
        """Use as a context manager that closes on exit (after an error, writes no more)."""
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Close: write what is left, unless the block ended with an error."""
        try:
            if kind is None:
                self.close()
        finally:
            self.closed = True
            self._buffer.close()

    def writable(self) -> bool:
        """Yes: for `pyarrow.PythonFile`."""
        return True

    def tell(self) -> int:
        """Bytes written so far (the position Arrow's writer records)."""
        return self.written

    def flush(self) -> None:
        """Nothing: a chunk is written when it is full, the last at `close`."""

    def write(self, data: Buffer) -> int:
        """Copy `data` into the buffer, writing it out each time it is full.

        Raises:
            OSError: the disk is full, the file too large, or another write error.
        """
        view = memoryview(data).cast("B")
        size, taken = len(view), 0
        while taken < size:
            step = min(CHUNK - self._filled, size - taken)
            self._buffer[self._filled : self._filled + step] = view[taken : taken + step]
            self._filled += step
            taken += step
            if self._filled == CHUNK:
                self._write_out(CHUNK)
        self.written += size
        return size

    def close(self) -> None:
        """Write the last chunk (padded), and cut the file to the bytes given.

        Raises:
            OSError: as `write`.
        """
        if self.closed:
            return
        self.closed = True
        if self._filled:
            padded = -(-self._filled // ALIGNMENT) * ALIGNMENT
            self._buffer[self._filled : padded] = bytes(padded - self._filled)
            self._write_out(padded)
        os.ftruncate(self.handle, self.written)

    def _write_out(self, length: int) -> None:
        """The buffer's first `length` bytes to the file, at the next chunk's offset."""
        # Each view released as its block ends, an error's too (its traceback keeps the
        # frames): the mapping cannot close while a view of it lives.
        started = time.perf_counter()
        with memoryview(self._buffer) as whole:
            done = 0
            while done < length:
                with whole[done:length] as rest:
                    done += self._pwrite(rest, self._at + done)
        self._at += length
        self._filled = 0
        if self.direct:
            self._direct_seconds += time.perf_counter() - started
            self._go_through_cache_if_slow()

    def _go_through_cache_if_slow(self) -> None:
        """Past `TRIAL_BYTES`, leave O_DIRECT if the disk took it slower than `SLOW_DISK`.

        With O_DIRECT each write waits for the disk. A fast disk (a local SSD) takes the
        bytes faster than the cache would; a slow one (a cloud volume, a spinning disk)
        would make the query wait for it, where the cache takes them at once and writes
        them back later.
        """
        if self._at >= TRIAL_BYTES and self._at < SLOW_DISK * self._direct_seconds:
            self.direct = _set_direct(self.handle, on=False)

    def _pwrite(self, view: memoryview, offset: int) -> int:
        """Write at `offset`; how many bytes were written (0: try again, without O_DIRECT)."""
        try:
            return os.pwrite(self.handle, view, offset)
        except OSError as exc:
            # EINVAL: this file system (or a short write's remainder) wants no O_DIRECT.
            if not (self.direct and exc.errno == errno.EINVAL):
                raise
            self.direct = _set_direct(self.handle, on=False)
            if self.direct:  # cannot be turned off: the error stands
                raise
        return 0


def _set_direct(handle: int, *, on: bool) -> bool:
    """Turn `O_DIRECT` on or off for `handle`; whether it is on now."""
    if not _DIRECT:
        return False
    import fcntl  # noqa: PLC0415 (POSIX only)

    flags = fcntl.fcntl(handle, fcntl.F_GETFL)
    try:
        fcntl.fcntl(handle, fcntl.F_SETFL, flags | _DIRECT if on else flags & ~_DIRECT)
    except OSError:  # refused (the file system has no O_DIRECT): as it was
        return bool(flags & _DIRECT)
    return on
