"""A spilled answer is written around the page cache (`UnbufferedFile`), byte for byte."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus.snapshot import _unbuffered as unbuffered
from papercorpus.snapshot._unbuffered import ALIGNMENT, UnbufferedFile

if TYPE_CHECKING:
    from pathlib import Path

_SMALL_CHUNK = 4 * ALIGNMENT  # a few writes cross chunks, as a real answer's do


def _written(folder: Path, pieces: list[bytes]) -> tuple[bytes, UnbufferedFile]:
    path = folder / "answer.arrow"
    path.unlink(missing_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with UnbufferedFile(handle) as sink:
            for piece in pieces:
                assert sink.write(piece) == len(piece)
            assert sink.tell() == sum(map(len, pieces))
    finally:
        os.close(handle)
    return path.read_bytes(), sink


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(
        st.binary(max_size=3 * _SMALL_CHUNK)
        | st.integers(0, 255).map(lambda b: bytes([b]) * ALIGNMENT),
        max_size=12,
    )
)
def test_the_file_holds_every_byte_written_and_no_more(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[bytes]
) -> None:
    """Any run of writes, small, aligned or across chunks: the same bytes, the same length."""
    folder = tmp_path_factory.mktemp("unbuffered")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(unbuffered, "CHUNK", _SMALL_CHUNK)
        content, _ = _written(folder, pieces)
    assert content == b"".join(pieces)


def test_a_file_system_that_refuses_o_direct_gets_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write refused with EINVAL (O_DIRECT not supported there) goes through the cache."""
    if not getattr(os, "O_DIRECT", 0):
        pytest.skip("no O_DIRECT here: every write goes through the page cache already")
    import fcntl  # noqa: PLC0415 (POSIX)

    refused: list[int] = []
    write = os.pwrite

    def pwrite(handle: int, data: memoryview, offset: int) -> int:
        if fcntl.fcntl(handle, fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(offset)
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return write(handle, data, offset)

    monkeypatch.setattr(os, "pwrite", pwrite)
    pieces = [b"x" * 5000, bytes(range(256)) * 100]
    content, sink = _written(tmp_path, pieces)
    assert content == b"".join(pieces)
    assert sink.direct is False
    assert refused in ([], [0])  # at most the first write, if O_DIRECT was on at all


def test_a_write_error_is_raised_and_the_buffer_let_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the error as the system gave it, no second error closing the buffer."""

    def full(*_: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    with pytest.raises(OSError, match="No space left") as caught:
        _written(tmp_path, [b"y" * 10])
    assert caught.value.errno == errno.ENOSPC


def test_a_disk_slower_than_the_cache_gets_the_rest_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk slower than `SLOW_DISK`: after the trial, O_DIRECT is left, the bytes the same."""
    monkeypatch.setattr(unbuffered, "CHUNK", _SMALL_CHUNK)
    monkeypatch.setattr(unbuffered, "TRIAL_BYTES", 2 * _SMALL_CHUNK)
    pieces = [bytes([n]) * (_SMALL_CHUNK // 2) for n in range(9)]
    began_direct = _written(tmp_path, [])[1].direct  # O_DIRECT, if the file system takes it
    monkeypatch.setattr(unbuffered, "SLOW_DISK", 1)  # every disk is faster than a byte a second
    fast, fast_sink = _written(tmp_path, pieces)
    monkeypatch.setattr(unbuffered, "SLOW_DISK", 1 << 60)  # no disk is this fast
    slow, slow_sink = _written(tmp_path, pieces)
    assert fast == slow == b"".join(pieces)
    assert fast_sink.direct is began_direct
    assert slow_sink.direct is False
