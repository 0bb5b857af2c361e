"""One writer at a time for an index: a second harvest or update is refused in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from papercorpus import Snapshot, SnapshotError
from papercorpus.snapshot._lock import exclusive
from tests.parsing.real_listings import snapshot_lines
from tests.snapshot.helpers import write_snapshot

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="writers are kept apart by flock")

_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
NOWHERE = "http://127.0.0.1:9/oai"  # never asked: the lock is taken first

HOLDER = """
import pathlib, sys, time
from papercorpus.snapshot._lock import exclusive
index, ready = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
with exclusive(index):
    ready.touch()
    time.sleep(120)
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "snapshot.json", snapshot_lines()[:20])


def _holder(index: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    """Another process that takes the index's lock and keeps it (until killed)."""
    ready = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(index), str(ready)], env=_ENV)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert process.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return process


def test_a_second_writer_is_refused_naming_the_first(source: Path, tmp_path: Path) -> None:
    """Another process updating the index: an update here is refused, in one line."""
    index = tmp_path / "arxiv.parquet"
    snapshot = Snapshot.build(source, index, progress=False)
    holder = _holder(index, tmp_path)
    try:
        with pytest.raises(SnapshotError, match=rf"another process \(pid {holder.pid}\)"):
            snapshot.update(oai_url=NOWHERE, cache=None, delay_seconds=0, progress=False)
        assert len(Snapshot(index)) == 20  # readers never wait
        run = subprocess.run(
            [sys.executable, "-m", "papercorpus", "snapshot", "update", str(index),
             "--no-progress"],
            env={**_ENV, "PAPERCORPUS_OAI_URL": NOWHERE}, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1
        assert "is being written by another process" in run.stderr
    finally:
        holder.send_signal(signal.SIGKILL)  # however it ends, the system lets the lock go
        holder.wait()
    with exclusive(index):  # free again
        pass
    assert not index.with_name(".arxiv.parquet.lock").exists()


def test_the_lock_is_held_for_the_block_and_removed_after(tmp_path: Path) -> None:
    index = tmp_path / "arxiv.parquet"
    lock = tmp_path / ".arxiv.parquet.lock"
    with exclusive(index):
        assert lock.read_text(encoding="ascii") == f"{os.getpid()}\n"
        with pytest.raises(SnapshotError, match="being written"), exclusive(index):
            pass  # another open of the same file, even in this process
    assert not lock.exists()
    with exclusive(index):  # and taken again
        pass


def test_a_link_where_the_lock_goes_is_refused_and_left_alone(tmp_path: Path) -> None:
    index = tmp_path / "arxiv.parquet"
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    (tmp_path / ".arxiv.parquet.lock").symlink_to(target)
    with pytest.raises(SnapshotError, match="cannot lock"), exclusive(index):
        pass
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_an_update_and_a_harvest_take_the_lock_before_asking_anything(
    source: Path, tmp_path: Path
) -> None:
    """Refused before any request: the endpoint given here answers nothing."""
    index = tmp_path / "arxiv.parquet"
    snapshot = Snapshot.build(source, index, progress=False)
    with exclusive(index):
        with pytest.raises(SnapshotError, match="being written"):
            snapshot.update(oai_url=NOWHERE, cache=None, delay_seconds=0, progress=False)
        with pytest.raises(SnapshotError, match="being written"):
            Snapshot.harvest(index, oai_url=NOWHERE, cache=None, delay_seconds=0, progress=False)
    assert len(Snapshot(index)) == 20  # untouched
