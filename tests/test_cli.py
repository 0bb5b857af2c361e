"""The papercorpus command: output formats, diagnostics on stderr, exit statuses."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from papercorpus import Paper, __version__
from papercorpus.cli import main

BAD = "A.\narXiv:2113.12345\nB.\n\narXiv:2104.11883\nCreated: 2021-02-30\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_parse_jsonl_is_model_dump_per_line(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    """Parse prints one model_dump(mode='json') object a line, de-duplicated."""
    status, out, err = run(capsys, "parse", str(sample_dir))
    assert (status, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 48
    assert [Paper.model_validate(row).model_dump(mode="json") for row in rows] == rows
    status, out, _ = run(capsys, "parse", "--no-dedupe", str(sample_dir / "listing-1.txt"))
    assert len(out.splitlines()) == 10


def test_parse_json_and_csv(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    """--format json is one array; csv has a header and one row a paper."""
    path = str(sample_dir / "listing-2.txt")
    _, out, _ = run(capsys, "parse", path, "--format", "json")
    assert [row["arxiv_id"] for row in json.loads(out)][:2] == ["2104.12369", "2104.00885"]
    _, out, _ = run(capsys, "parse", path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10
    assert rows[8]["doi"] == "10.1145/1122445.1122456"
    assert rows[0]["source"] == f"{path}:5"


def test_diagnostics_go_to_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Problems print as PATH:LINE: message on stderr; lenient exit 0, strict exit 1."""
    path = tmp_path / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    for extra in ([], ["--no-dedupe"]):
        status, out, err = run(capsys, "parse", str(path), *extra)
        assert status == 0
        assert [json.loads(line)["arxiv_id"] for line in out.splitlines()] == ["2104.11883"]
        assert err.splitlines() == [
            f"{path}:2:7: expected an arXiv identifier after 'arXiv:', "
            "found '2113.12345' (month 13 is not between 01 and 12)",
            "    arXiv:2113.12345",
            "          ^",
            "  | A.",
            f"{path}:6:10: expected a 'Created:' date as YYYY-MM-DD, "
            "found '2021-02-30' (day 30 is not in February 2021)",
            "    Created: 2021-02-30",
            "             ^",
            "  | Created: 2021-02-30",
        ]
    status, out, err = run(capsys, "parse", "--strict", str(path))
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}:2:7: expected an arXiv identifier")


def test_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing file is a one-line error and exit status 2, never a traceback."""
    status, out, err = run(capsys, "parse", str(tmp_path / "nope.txt"))
    assert (status, out) == (2, "")
    assert (
        err
        == f"papercorpus: error: cannot read '{tmp_path / 'nope.txt'}': no such file or directory\n"
    )


def test_output_file_is_written_atomically(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_dir: Path
) -> None:
    """-o writes the file and leaves no temporary file behind."""
    out_path = tmp_path / "out.jsonl"
    status, out, _ = run(capsys, "parse", str(sample_dir), "-o", str(out_path))
    assert (status, out) == (0, "")
    assert len(out_path.read_text(encoding="utf-8").splitlines()) == 48
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_full_disk_is_one_line(fmt: str) -> None:
    """A device that refuses writes: one line that says what could not be written, and why.

    Run as a process of its own: a library's own message at exit would show there too.
    """
    done = subprocess.run(
        [sys.executable, "-m", "papercorpus", "sample", "--format", fmt, "-o", "/dev/full"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "papercorpus: error: cannot write /dev/full: no space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("command", [["sample"], ["sample", "-f", "csv"], ["schema"]])
def test_a_full_standard_output_is_one_line(command: list[str]) -> None:
    """Standard output on a device that refuses writes: one line, exit status 2."""
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "papercorpus", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert (
        done.stderr == "papercorpus: error: cannot write standard output: no space left on device\n"
    )


def test_out_of_memory_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Memory running out is a one-line error and exit status 2, never a traceback."""
    import papercorpus.cli  # noqa: PLC0415

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(papercorpus.cli, "read_corpus", exhausted)
    path = tmp_path / "a.txt"
    path.write_text("An abstract.\narXiv:2104.12369\n", encoding="utf-8")
    assert run(capsys, "parse", str(path)) == (2, "", "papercorpus: error: out of memory\n")


def test_control_characters_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Escape sequences in a listing (or a file name) are shown, not sent to the terminal.

    The table, diagnostics, the text they carry: control characters become visible pictures
    (ESC -> `␛`), one character each, so that the caret still points at the column.
    """
    path = tmp_path / "esc\x1b[2J.txt"
    path.write_bytes(
        b"Red \x1b[31mtext\x1b[0m abstract.\narXiv:2104.12369\n\n"
        b"More\x07 text \xc2\x9b.\narXiv:2104.1236\x1b]0;pwned\x07 \xe2\x80\xae\n"
    )
    status, out, err = run(capsys, "parse", str(path), "--format", "table")
    assert status == 0
    controls = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x202E)} - {"\n"}
    assert not controls & set(out + err)
    assert "Red ␛[31mtext␛[0m abstract." in out
    assert "  | More␇ text \ufffd." in err
    lines = err.splitlines()
    excerpt = next(i for i, line in enumerate(lines) if "arXiv:2104.1236␛]0;pwned␇" in line)
    assert lines[excerpt + 1].index("^") == lines[excerpt].index("2104.1236")
    # JSON output keeps the text as it is, escaped as JSON escapes it: for programs.
    status, out, _ = run(capsys, "parse", str(path))
    assert json.loads(out.splitlines()[0])["abstract"] == "Red \x1b[31mtext\x1b[0m abstract."


def test_sample_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Sample prints a readable table of the 48 bundled papers by default."""
    status, out, _ = run(capsys, "sample")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[:3] == ["arxiv_id", "v", "date"]
    assert len(lines) == 2 + 48
    assert any(line.startswith("2104.12369") and "2021-04-26" in line for line in lines)


def test_entry_point_and_version() -> None:
    """The installed `papercorpus` script runs, and --version matches __version__."""
    done = subprocess.run(
        [sys.executable, "-m", "papercorpus.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"papercorpus {__version__}"


def test_cli_formats_and_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The CLI writes bibtex and parquet, and prints the JSON Schema of Paper."""
    assert main(["sample", "--format", "bibtex"]) == 0
    assert capsys.readouterr().out.startswith("@misc{zeng2021pangu,")
    out = tmp_path / "s.parquet"
    assert main(["sample", "--format", "parquet", "-o", str(out)]) == 0
    assert pq.read_table(out).num_rows == 48
    assert main(["sample", "--format", "parquet"]) == 2
    assert "give -o OUT" in capsys.readouterr().err
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"arxiv_id", "authors", "abstract_text", "venue", "code_url"} <= set(
        schema["properties"]
    )


def test_sample_write_gives_listings_to_try_and_never_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sample", "--write", str(tmp_path)]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [f"listing-{n}.txt" for n in range(1, 6)]
    assert main(["parse", *(str(tmp_path / name) for name in names), "-o", "-"]) == 0
    capsys.readouterr()
    (tmp_path / "listing-3.txt").write_text("mine", encoding="utf-8")
    assert main(["sample", "--write", str(tmp_path)]) == 2
    assert "listing-1.txt exists: not replaced" in capsys.readouterr().err
    assert (tmp_path / "listing-3.txt").read_text(encoding="utf-8") == "mine"
    assert main(["sample", "--write", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
