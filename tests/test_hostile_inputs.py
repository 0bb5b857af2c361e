"""Hostile inputs at the command line (#21 items 12, 15, 16): endless, misleading, protected."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from papercorpus import ParseWarning, load

_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def cli(
    *args: str, stdin: int | None = None, limit_mb: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line in a process whose memory is capped (then growth is a failure)."""

    def cap() -> None:
        if limit_mb is not None:
            size = limit_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run(
        [sys.executable, "-m", "papercorpus", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=_ENV,
        check=False,
        timeout=120,
        preexec_fn=cap,
    )


# -- 12. enrich reads in bounded memory ------------------------------------------------------


def test_enrich_refuses_binary_standard_input_at_once() -> None:
    """`enrich - < /dev/zero`: one line, exit 2, after reading a megabyte, not for ever."""
    with Path("/dev/zero").open("rb") as zero:
        run = cli("enrich", "--offline", "--no-cache", "-", stdin=zero.fileno(), limit_mb=1024)
    assert run.returncode == 2
    assert run.stderr.strip().endswith(
        "cannot read <stdin>: binary data (NUL bytes), not a listing or a list of identifiers"
    )


def test_a_reading_list_of_many_blank_lines_streams(tmp_path: Path) -> None:
    """200 MB of blank lines around two ids, under a 1 GB memory cap: read, not held."""
    ids = tmp_path / "ids.txt"
    with ids.open("wb") as out:
        out.write(b"2104.12369\n")
        block = b"\n" * (1 << 20)
        for _ in range(200):
            out.write(block)
        out.write(b"2104.08700  # the last\n")
    run = cli("enrich", "--offline", "--cache", str(tmp_path / "c.sqlite"), str(ids), limit_mb=1024)
    assert "MemoryError" not in run.stderr
    assert f"{ids}:1: failed" in run.stderr
    assert "2 failed" in run.stderr  # both identifiers read, nothing else
    assert run.returncode == 1  # offline, nothing cached: both failed, reported


# -- 15. a stray FF FE at the start of a UTF-8 listing ---------------------------------------


def test_a_stray_utf16_mark_on_utf8_text_is_a_diagnostic_not_mojibake(tmp_path: Path) -> None:
    listing = tmp_path / "l.txt"
    body = "An abstract about graphs.\narXiv:2104.12369\nAnother abstract.\narXiv:2104.08700\n"
    listing.write_bytes(b"\xff\xfe" + body.encode("utf-8"))
    with pytest.warns(ParseWarning, match="bytes that are not UTF-8"):
        corpus = load(listing)
    assert [p.arxiv_id for p in corpus] == ["2104.12369", "2104.08700"]
    assert corpus[1].abstract == "Another abstract."
    assert [(d.line, d.code) for d in corpus.diagnostics] == [(1, "invalid-utf8")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_real_utf16_and_utf32_listings_still_read(tmp_path: Path, codec: str) -> None:
    listing = tmp_path / "l.txt"
    text = "Une étude des graphes.\narXiv:2104.12369\n"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    listing.write_bytes(data)
    corpus = load(listing)
    assert [(p.arxiv_id, p.abstract) for p in corpus] == [("2104.12369", "Une étude des graphes.")]
    assert corpus.diagnostics == ()


# -- 16. -o follows the shell's rules for who may write a file -------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file: nothing to refuse")
def test_a_write_protected_file_is_refused_as_the_shell_refuses_it(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    out.chmod(0o444)
    run = cli("sample", "-f", "jsonl", "-o", str(out))
    assert run.returncode == 2
    assert "permission denied (the file is write-protected)" in run.stderr
    assert out.read_text() == "keep me\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="needs a folder this user may not write")
def test_a_writable_file_in_a_read_only_folder_is_written_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    tmp_path.chmod(0o555)
    try:
        run = cli("sample", "-f", "jsonl", "-o", str(out))
    finally:
        tmp_path.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert out.read_text().count("\n") == 48
    assert stat.S_IMODE(out.stat().st_mode) & 0o200


def test_the_fast_reading_list_reader_numbers_lines_as_the_parser_does(tmp_path: Path) -> None:
    """Blank runs, CRLF, a BOM, bad bytes and comments: places are the lines' own numbers."""
    ids = tmp_path / "ids.txt"
    ids.write_bytes(
        b"\xef\xbb\xbf2104.12369\r\n\r\n\n  \n# a comment\n2104.08700 # note\n\n"
        b"2104.0\xff1234\n\n\n2104.12255"
    )
    run = cli("enrich", "--offline", "--cache", str(tmp_path / "c.sqlite"), str(ids))
    assert f"{ids}:8:7: expected UTF-8 text" in run.stderr
    for place in (f"{ids}:1", f"{ids}:6", f"{ids}:11"):
        assert place in run.stderr
