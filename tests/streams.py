"""Byte streams that behave as devices do: endless zeros (`/dev/zero`), a disk that fills."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer


class Zeros(io.RawIOBase):
    """`/dev/zero` cut at `size` bytes: NULs and never a newline."""

    def __init__(self, size: int) -> None:
        """Give `size` bytes, then nothing."""
        self.left = size

    def readable(self) -> bool:
        """Return True: a stream to read."""
        return True

    def readinto(self, buffer: Buffer) -> int:
        """Fill `buffer` with NULs, as many as are left."""
        view = memoryview(buffer).cast("B")
        size = min(len(view), self.left)
        view[:size] = bytes(size)
        self.left -= size
        return size


class FullDisk(io.RawIOBase):
    """A stream that takes `room` bytes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        """Take `room` bytes, then fail."""
        self.room = room

    def writable(self) -> bool:
        """Return True: a stream to write."""
        return True

    def write(self, data: Buffer) -> int:
        """Take `data`, or fail with ENOSPC when it does not fit."""
        size = memoryview(data).nbytes
        if size > self.room:
            raise OSError(28, "No space left on device")
        self.room -= size
        return size
