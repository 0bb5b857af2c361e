"""`papercorpus enrich`: files and identifiers in, papers out, a summary on stderr."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from papercorpus.cli import main
from tests.enrichment.fake_arxiv import FakeArxiv


def test_enrich_files_and_identifiers(
    fake: FakeArxiv, api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listings and bare identifiers mix; -o writes atomically; the summary goes to stderr."""
    fake.add("2104.12369", title="PanGu-$\\\\alpha$")
    listing = tmp_path / "l.txt"
    listing.write_text("Abstract one.\narXiv:2104.12369\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cache = tmp_path / "c.sqlite"
    argv = [
        "enrich",
        str(listing),
        "1605.08386",
        "abc",
        "2104.99999",
        "--api-url",
        api_url,
        "--cache",
        str(cache),
        "--delay",
        "0",
        "-o",
        str(out),
    ]
    status = main(argv)
    _, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert status == 1  # one invalid, one not found
    # The identifier arXiv lacks is no record of nulls on stdout: its reason is on stderr.
    assert [row["arxiv_id"] for row in rows] == ["2104.12369", "1605.08386"]
    assert rows[0]["abstract"] == "Abstract one."
    assert rows[1]["title"] == "Heat-bath random walks with Markov bases"
    lines = err.splitlines()
    assert lines[0].startswith("abc: invalid: invalid arXiv identifier 'abc'")
    assert lines[1] == "2104.99999: not found: no entry in arXiv's answer"
    assert lines[-1] == (
        "papercorpus: 4 identifiers: 2 enriched, 0 cached, 1 not found, 1 invalid, 0 failed "
        f"(1 request, {lines[-1].rsplit('request, ', 1)[1]}"
    )
    # Offline, from the same cache: no request, same papers.
    offline = ["enrich", str(listing), "1605.08386", "--api-url", api_url, "--cache", str(cache)]
    assert main([*offline, "--offline", "--format", "csv"]) == 0
    out_csv, _ = capsys.readouterr()
    assert "Heat-bath random walks" in out_csv
    assert len(fake.requests) == 1


def test_failed_lookups_exit_1(
    fake: FakeArxiv, api_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """When a lookup failed (here: offline, nothing cached) the exit status is 1."""
    status = main(["enrich", "1605.08386", "--api-url", api_url, "--no-cache", "--offline"])
    _, err = capsys.readouterr()
    assert status == 1
    assert "1605.08386: failed: offline and not in the cache" in err
    assert fake.requests == []


def test_files_of_identifiers_and_stdin(
    api_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file with one identifier a line (any form, # comments) is a list, not a listing."""
    ids = tmp_path / "ids.txt"
    ids.write_text(
        "# my reading list\n1605.08386\n\nhttps://arxiv.org/abs/1707.08567v1  # workshop\n",
        encoding="utf-8",
    )
    common = ["--api-url", api_url, "--no-cache", "--delay", "0", "--no-progress"]
    assert main(["enrich", str(ids), *common]) == 0
    out, _ = capsys.readouterr()
    assert [json.loads(line)["arxiv_id"] for line in out.splitlines()] == [
        "1605.08386",
        "1707.08567",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("Abstract.\narXiv:1605.08386\n"))
    assert main(["enrich", "-", *common]) == 0
    out, _ = capsys.readouterr()
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert (row["abstract"], row["title"]) == (
        "Abstract.",
        "Heat-bath random walks with Markov bases",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_reading_list_in_windows_encodings(
    api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """What PowerShell's `>` writes (UTF-16 with a byte order mark, CRLF) is a reading list."""
    ids = tmp_path / "ids.txt"
    ids.write_bytes("1605.08386\r\n1707.08567\r\n".encode(encoding))
    common = ["--api-url", api_url, "--no-cache", "--delay", "0", "--no-progress"]
    assert main(["enrich", str(ids), *common]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["arxiv_id"] for line in out.splitlines()] == [
        "1605.08386",
        "1707.08567",
    ]
    assert ": invalid:" not in err


def test_bad_bytes_given_to_enrich_are_reported_as_parse_reports_them(
    api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes that are not UTF-8, in a listing or a reading list: a diagnostic at their place."""
    listing = tmp_path / "listing.txt"
    listing.write_bytes(b"Caf\xe9 abstract.\narXiv:1605.08386\n")
    reading = tmp_path / "ids.txt"
    reading.write_bytes(b"1605.08386\n1707.08567 # caf\xe9\n")
    common = ["--api-url", api_url, "--no-cache", "--delay", "0", "--no-progress"]
    for path, line, column in ((listing, 1, 4), (reading, 2, 17)):
        assert main(["enrich", str(path), *common]) == 0
        _, err = capsys.readouterr()
        assert err.startswith(f"{path}:{line}:{column}: expected UTF-8 text, found bytes that")
        assert main(["enrich", str(path), "--strict", *common]) == 1
        _, err = capsys.readouterr()
        assert err.startswith(f"{path}:{line}:{column}: expected UTF-8 text")


def test_a_reading_list_with_a_typo(
    fake: FakeArxiv, api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twelve lines, one a typo: the typo is reported as PATH:LINE, the eleven are enriched."""
    known = [f"2104.{n:05d}" for n in range(1, 12)]
    for identifier in known:
        fake.add(identifier)
    reading = tmp_path / "reading.txt"
    lines = [*known[:5], "2402.0835", *known[5:]]
    reading.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = main(["enrich", str(reading), "--api-url", api_url, "--no-cache", "--delay", "0"])
    out, err = capsys.readouterr()
    assert status == 1
    assert [json.loads(line)["arxiv_id"] for line in out.splitlines()] == known
    assert f"{reading}:6: invalid: invalid arXiv identifier '2402.0835': " in err
    assert err.splitlines()[-1].startswith(
        "papercorpus: 12 identifiers: 11 enriched, 0 cached, 0 not found, 1 invalid, 0 failed"
    )


def test_a_missing_file_is_named_as_a_file(
    api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`enrich missing-file.txt`: an error naming the path, exit 2, not an invalid identifier."""
    missing = tmp_path / "missing-file.txt"
    assert main(["enrich", str(missing), "--api-url", api_url, "--no-cache"]) == 2
    _, err = capsys.readouterr()
    assert err == f"papercorpus: error: cannot read '{missing}': no such file or directory\n"


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        pytest.param(["1605.08386"], 0, id="all-enriched"),
        pytest.param(["1605.08386", "2104.99999"], 1, id="one-not-found"),
        pytest.param(["1605.08386", "nonsense"], 1, id="one-invalid"),
        pytest.param(["1605.08386", "--delay", "nan"], 2, id="bad-option"),
        pytest.param(["1605.08386", "--timeout", "0"], 2, id="zero-timeout"),
    ],
)
def test_exit_status(
    argv: list[str], status: int, api_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """0 only when every identifier was enriched or cached; 1 for any other outcome; 2 usage."""
    assert main(["enrich", *argv, "--api-url", api_url, "--no-cache", "--no-progress"]) == status
    _, err = capsys.readouterr()
    if status == 2:
        assert err.startswith("papercorpus: error: ")
        assert len(err.splitlines()) == 1


def test_nothing_listening_is_one_line_naming_the_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """248 identifiers, no server: under 2 s, one line for them all, exit 1."""
    listing = tmp_path / "ids.txt"
    listing.write_text("".join(f"2104.{n:05d}\n" for n in range(1, 249)), encoding="utf-8")
    started = time.monotonic()
    status = main(
        ["enrich", str(listing), "--api-url", "http://127.0.0.1:9/api/query", "--cache",
         str(tmp_path / "c.sqlite"), "--no-progress"]
    )  # fmt: skip
    assert time.monotonic() - started < 2.0
    assert status == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "papercorpus: 248 identifiers failed: "
        "cannot reach http://127.0.0.1:9/api/query: connection refused"
    )
    assert "papercorpus: warning: every identifier failed" in "\n".join(err)
    assert len(err) <= 3


@pytest.mark.parametrize(
    ("words", "flag"),
    [
        (["enrich", "2104.12369", "--delay", "-1"], "--delay must be a number from 0"),
        (["enrich", "2104.12369", "--batch-size", "0"], "--batch-size must be a whole number"),
        (["search", "ti:x", "--page-size", "5000"], "--page-size must be from 1 to 2000"),
        (["search", "ti:x", "--max-retries", "99"], "--max-retries must be a whole number"),
    ],
)
def test_a_bad_option_is_named_as_its_flag(
    words: list[str], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*words, "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"papercorpus: error: {flag}")
    assert "_" not in err.split(":")[2].split(" must")[0]


def test_identifiers_that_were_not_filled_stay_off_stdout(
    fake: FakeArxiv, api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No record of nulls for an identifier arXiv lacks: its reason is on stderr."""
    fake.add("2104.00001")
    listing = tmp_path / "l.txt"
    listing.write_text("A listing's own abstract.\narXiv:2104.09999\n", encoding="utf-8")
    words = ["enrich", "2104.00001", "2104.08888", str(listing), "--api-url", api_url]
    status = main([*words, "--cache", str(tmp_path / "c.sqlite"), "--delay", "0"])
    assert status == 1
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    # The filled identifier, and the listing's paper (it has its own fields); not 2104.08888.
    assert [row["arxiv_id"] for row in rows] == ["2104.00001", "2104.09999"]
    assert "2104.08888: not found" in err
