"""Files in parallel (#26 item 5): `convert` and `parse --jobs N` write what one process writes."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import pytest

from papercorpus import convert, sample_files
from papercorpus.cli import main
from papercorpus.conversion import convert_file, write_parts
from papercorpus.errors import ParseError

if TYPE_CHECKING:
    from pathlib import Path

    from papercorpus import Diagnostic


@pytest.fixture
def listings(tmp_path: Path) -> list[str]:
    """The five sample listings, and one with problems (diagnostics must keep their order)."""
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "An abstract.\narXiv:2104.99999999\n\nAnother abstract.\narXiv:2104.12369\n"
        "text after the last identifier\n",
        encoding="utf-8",
    )
    samples = [str(path) for path in sample_files()]
    return [*samples, str(bad), samples[0]]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_two_jobs_write_what_one_writes_byte_for_byte(
    listings: list[str], tmp_path: Path, fmt: str
) -> None:
    outputs, reports = [], []
    for jobs in (1, 2, 3):
        seen: list[Diagnostic] = []
        out = tmp_path / f"out{jobs}.{fmt}"
        count = convert(listings, out, fmt=fmt, jobs=jobs, on_diagnostic=seen.append)
        outputs.append(out.read_bytes())
        reports.append([str(d) for d in seen])
        assert count > 48
    assert outputs[0] == outputs[1] == outputs[2]
    assert reports[0] == reports[1] == reports[2]
    assert reports[0]  # the bad file's problems, reported


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_the_command_line_with_jobs_writes_what_it_writes_without(
    listings: list[str], tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    one, many = tmp_path / f"one.{fmt}", tmp_path / f"many.{fmt}"
    assert main(["parse", *listings, "--no-dedupe", "-f", fmt, "-o", str(one)]) == 0
    first = capsys.readouterr().err
    assert main(["parse", *listings, "--no-dedupe", "-f", fmt, "-o", str(many), "--jobs", "2"]) == 0
    assert capsys.readouterr().err == first  # the same diagnostics, in the same order
    assert one.read_bytes() == many.read_bytes()
    if fmt == "parquet":
        assert pq.ParquetFile(many).metadata.num_rows == pq.ParquetFile(one).metadata.num_rows


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--jobs", "2"], "--jobs needs --no-dedupe"),
        (["--jobs", "2", "--no-dedupe", "-f", "bibtex"], "--jobs writes jsonl, csv, parquet"),
        (["--jobs", "0", "--no-dedupe"], "expected a whole number >= 1"),
    ],
)
def test_jobs_that_cannot_be_are_one_line_and_exit_2(
    listings: list[str], extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) if "whole number" in message else _nothing():
        assert main(["parse", *listings, *extra]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


class _nothing:  # noqa: N801 (a context manager that does nothing)
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def test_the_dask_recipe_makes_the_same_file(listings: list[str], tmp_path: Path) -> None:
    """docs/performance.md's recipe, on Dask's local scheduler (processes)."""
    bag = pytest.importorskip("dask.bag")
    parts = bag.from_sequence(listings, npartitions=3).map(convert_file, "parquet")
    write_parts(parts.compute(scheduler="processes"), tmp_path / "dask.parquet", fmt="parquet")
    convert(listings, tmp_path / "one.parquet", fmt="parquet")
    assert (tmp_path / "dask.parquet").read_bytes() == (tmp_path / "one.parquet").read_bytes()


def test_parts_handed_over_as_files_leave_none_behind(
    listings: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parquet parts go through a temporary folder: gone at the end, after an error too."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert convert(listings, tmp_path / "all.parquet", fmt="parquet", jobs=2) > 48
    assert list(scratch.iterdir()) == []
    with pytest.raises(ParseError, match=r"bad\.txt:\d+:"):
        convert(listings, tmp_path / "strict.parquet", fmt="parquet", jobs=2, strict=True)
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "strict.parquet").exists()
