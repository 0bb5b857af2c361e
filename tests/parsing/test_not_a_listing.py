"""A file that is surely no listing is one line saying what it looks like and what to run.

And a listing, whatever its first line, is never taken for one of them.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import time
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus import NotAListingError, iter_papers, load, load_sample
from papercorpus.cli import main
from papercorpus.loading import sample_path
from tests.parsing.real_listings import compact, snapshot_lines, spaced

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _snapshot(path: Path) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in snapshot_lines()), "utf-8")


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")


WRONG: dict[str, tuple[Callable[[Path], object], str]] = {
    "snapshot.json": (_snapshot, "arXiv's metadata snapshot (JSON Lines)"),
    "snapshot.json.gz": (
        lambda p: p.write_bytes(gzip.compress(b'{"id": "0704.0001"}\n')),
        "gzip-compressed data",
    ),
    "papers.jsonl": (lambda p: load_sample().to_jsonl(p), "papercorpus's JSON Lines export"),
    "papers.json": (lambda p: load_sample().to_json(p), "papercorpus's JSON export"),
    "papers.csv": (lambda p: load_sample().to_csv(p), "papercorpus's CSV export"),
    "papers.parquet": (lambda p: load_sample().to_parquet(p), "a Parquet file"),
    "paper.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), "a PDF document"),
    "page.html": (lambda p: p.write_text("<!DOCTYPE html>\n<html>", "utf-8"), "an HTML page"),
    "answer.xml": (lambda p: p.write_text("<?xml version='1.0'?><feed/>", "utf-8"), "XML"),
    "cache.sqlite": (_sqlite, "an SQLite database"),
    "table.csv": (lambda p: p.write_text("id,title,year,venue\n1,A,2020,X\n", "utf-8"), "CSV"),
    "records.jsonl": (lambda p: p.write_text('{"a": 1}\n{"a": 2}\n', "utf-8"), "JSON Lines"),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_a_wrong_file_is_named_with_what_to_do(name: str, tmp_path: Path) -> None:
    make, what = WRONG[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(NotAListingError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path} looks like {what}")
    assert "FILE" not in str(caught.value)
    with path.open("rb") as handle, pytest.raises(NotAListingError):
        list(iter_papers(handle))


def test_the_snapshot_says_to_build_an_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A large snapshot passed to parse by mistake: exit 2 at once, one line, no echo of it."""
    path = tmp_path / "snap.json"
    line = json.dumps(snapshot_lines()[0]) + "\n"
    path.write_text(line * (20_000_000 // len(line)), "utf-8")  # 20 MB
    started = time.monotonic()
    assert main(["parse", str(path)]) == 2
    assert time.monotonic() - started < 2.0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"papercorpus: error: {path} looks like arXiv's metadata snapshot (JSON Lines), not an "
        f"arXiv listing: index it with: papercorpus snapshot build {path} -o INDEX\n"
    )


def test_a_run_with_no_paper_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some notes.\nNo identifier here.\n", "utf-8")
    for extra in ([], ["--no-dedupe"]):
        assert main(["parse", str(path), *extra]) == 1
        err = capsys.readouterr().err
        assert err.splitlines()[-1] == (
            f"papercorpus: no paper in {path}: no identifier line ('arXiv:...') found"
        )


@pytest.mark.parametrize(
    "text",
    [
        spaced(),
        compact(),
        "{\\it Context.} We study X.\narXiv:2104.12369\n",
        "[Abridged] We present, in this work, a survey.\narXiv:2104.12369\n",
        '{"Quoted": not json} text\narXiv:2104.12369\n',
        "a,b,c, d and e\narXiv:2104.12369\n",
        "<b>bold</b> abstract\narXiv:2104.12369\n",
    ],
)
def test_listings_are_never_taken_for_something_else(text: str) -> None:
    papers = list(iter_papers(io.BytesIO(text.encode()), on_diagnostic=lambda _: None))
    assert papers


def test_the_sample_listings_are_listings() -> None:
    for path in sorted(sample_path().glob("listing-*.txt")):
        assert list(iter_papers(path, on_diagnostic=lambda _: None))


@given(
    st.text(min_size=1, max_size=300).filter(lambda t: not t.lstrip().startswith(("{", "[", "<")))
)
def test_prose_is_never_taken_for_a_format(text: str) -> None:
    """Text that starts as an abstract does (no JSON, markup or magic bytes) is read as one."""
    data = (text.replace("\n", " ") + "\narXiv:2104.12369\n").encode()
    if b"," in data.split(b"\n", 1)[0] and b", " not in data:
        return  # a comma-separated first line with no space: CSV-like, by design
    try:
        list(iter_papers(io.BytesIO(data), on_diagnostic=lambda _: None))
    except NotAListingError as exc:  # only magic bytes could do it
        pytest.fail(f"{text!r} taken for {exc.what}")
