"""`papercorpus enrich`: files and identifiers in, papers out, a summary on stderr."""

from __future__ import annotations

import io
import json
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
    assert status == 0
    assert [row["arxiv_id"] for row in rows] == ["2104.12369", "1605.08386", "2104.99999"]
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
