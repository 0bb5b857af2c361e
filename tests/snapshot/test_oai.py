"""A local arXiv kept current through OAI-PMH (#23), against arXiv's own records on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from papercorpus import ParseWarning, Snapshot, SnapshotError
from papercorpus._text import squash
from tests.parsing.real_listings import snapshot_lines
from tests.snapshot.fake_oai import FakeOai
from tests.snapshot.helpers import write_snapshot

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer

RECORDS = json.loads(
    (Path(__file__).parent.parent / "data" / "oai" / "arxivraw-records.json").read_text("utf-8")
)
_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
_GMT = "%a, %d %b %Y %H:%M:%S GMT"


@pytest.fixture
def oai(httpserver: HTTPServer) -> FakeOai:
    server = FakeOai()
    httpserver.expect_request("/oai").respond_with_handler(server.handle)
    return server


@pytest.fixture
def url(httpserver: HTTPServer, oai: FakeOai) -> str:  # noqa: ARG001 (installs the server)
    return httpserver.url_for("/oai")


def harvest(tmp_path: Path, url: str, **options: object) -> Snapshot:
    return Snapshot.harvest(
        tmp_path / "arxiv.parquet",
        oai_url=url,
        cache=tmp_path / "cache.sqlite",
        delay_seconds=0.05,
        progress=False,
        **options,  # type: ignore[arg-type]
    )


def test_a_full_build_holds_every_record_as_arxiv_wrote_it(
    tmp_path: Path, url: str, oai: FakeOai
) -> None:
    """503 papers; each field, version list and withdrawn flag as the arXivRaw record says."""
    snapshot = harvest(tmp_path, url)
    assert len(snapshot) == 503
    assert snapshot.report is not None
    assert (snapshot.report.records, snapshot.report.new, snapshot.report.requests) == (
        503,
        503,
        12,
    )
    assert [q.get("metadataPrefix") for q in oai.asked if "metadataPrefix" in q] == [
        "arXivRaw",
        "arXiv",
    ]  # one pass per format, the rest by token
    papers = {paper.arxiv_id: paper for paper in snapshot.select()}
    for record in RECORDS:
        paper = papers[record["id"]]
        assert paper.title == squash(record["title"])
        assert paper.abstract == (squash(record["abstract"]) or None)
        assert paper.comments == (squash(record["comments"] or "") or None)
        assert paper.journal_ref == (squash(record["journal_ref"] or "") or None)
        assert paper.categories == tuple(record["categories"].split())
        versions = [
            (
                int(v["version"][1:]),
                dt.datetime.strptime(v["date"], _GMT).replace(tzinfo=dt.timezone.utc),
                int(v["size"].removesuffix("kb")),
                v["source_type"] == "I",
            )
            for v in record["versions"]
        ]
        assert [(v.number, v.created, v.size_kb, v.withdrawn) for v in paper.versions] == versions
        assert paper.latest_version == versions[-1][0]
        assert paper.published == versions[0][1].date()
        assert paper.withdrawn == (versions[-1][3] or "withdrawn" in (record["comments"] or ""))
    assert sum(p.withdrawn for p in papers.values()) == 6
    assert papers["0908.3762"].versions[1].withdrawn  # a withdrawn version that is not the last
    assert not papers["0908.3762"].withdrawn
    # Authors as arXiv parsed them (the arXiv format), forenames first.
    assert [a.name for a in papers["cs/0001024"].authors] == ["B. R. Schlei", "L. Prasad"]


def test_no_two_requests_closer_than_the_delay(tmp_path: Path, url: str, oai: FakeOai) -> None:
    Snapshot.harvest(
        tmp_path / "a.parquet", oai_url=url, cache=tmp_path / "c.sqlite", delay_seconds=0.2,
        progress=False,
    )  # fmt: skip
    times = [when for when, _ in oai.requests]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.19


def test_a_503_with_retry_after_is_waited_out(tmp_path: Path, url: str, oai: FakeOai) -> None:
    """Retry-After: 1 is waited at least 3 s (arXiv's floor), then the harvest goes on."""
    oai.fail_with(503, b"busy", {"Retry-After": "1"})
    snapshot = harvest(tmp_path, url)
    assert len(snapshot) == 503
    (first, _), (second, _) = oai.requests[:2]
    assert second - first >= 3.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"<html>Service moved</html>", "answered XML that is no OAI-PMH", id="html"),
        pytest.param(b"not xml at all", "answered what is no XML", id="text"),
    ],
)
def test_an_answer_that_is_no_oai_pmh_is_one_line_naming_the_url(
    tmp_path: Path, url: str, oai: FakeOai, body: bytes, message: str
) -> None:
    oai.fail_with(200, body)
    with pytest.raises(SnapshotError, match=message) as info:
        harvest(tmp_path, url)
    assert url in str(info.value)
    assert not (tmp_path / "arxiv.parquet").exists()


def test_a_refused_token_is_one_line_with_arxivs_words(
    tmp_path: Path, url: str, oai: FakeOai
) -> None:
    oai.refuse_tokens = True
    run = subprocess.run(
        [sys.executable, "-m", "papercorpus", "snapshot", "build", "--oai", "-o",
         str(tmp_path / "a.parquet"), "--delay", "0", "--no-progress"],
        env={**_ENV, "PAPERCORPUS_OAI_URL": url, "PAPERCORPUS_CACHE": str(tmp_path / "c.sqlite")},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert "badResumptionToken" in run.stderr
    assert url in run.stderr
    assert "Traceback" not in run.stderr


def test_a_window_with_no_records_is_no_error(tmp_path: Path, url: str, oai: FakeOai) -> None:
    """An update whose window lists nothing (noRecordsMatch): nothing changes, 2 requests."""
    snapshot = harvest(tmp_path, url)
    for records in oai.records.values():  # nothing changed since the harvest's last day
        for key, (stamp, _) in list(records.items()):
            if stamp >= dt.date(2023, 10, 12):
                del records[key]
    report = snapshot.update(
        oai_url=url, cache=tmp_path / "cache.sqlite", delay_seconds=0.05, progress=False
    )
    assert (report.records, report.new, report.changed, report.requests) == (0, 0, 0, 2)
    assert len(snapshot) == 503


def kaggle_index(tmp_path: Path) -> Path:
    """An index built from an older Kaggle-layout file of the same papers (before 2015)."""
    lines = snapshot_lines()
    for line in lines:
        line["update_date"] = "2014-12-31"
        line["title"] = f"Old: {line['title']}"
    source = write_snapshot(tmp_path / "kaggle.json", lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        Snapshot.build(source, tmp_path / "arxiv.parquet", progress=False)
    return tmp_path / "arxiv.parquet"


def test_an_update_brings_a_kaggle_index_current_and_only_its_window(
    tmp_path: Path, url: str, oai: FakeOai
) -> None:
    index = kaggle_index(tmp_path)
    snapshot = Snapshot(index)
    report = snapshot.update(
        oai_url=url, cache=tmp_path / "c.sqlite", delay_seconds=0.05, progress=False
    )
    assert {q.get("from") for q in oai.asked if "metadataPrefix" in q} == {"2014-12-30"}
    in_window = {
        k for k, (stamp, _) in oai.records["arXivRaw"].items() if stamp >= dt.date(2014, 12, 30)
    }
    assert report.records == len(in_window)
    assert report.changed == len(in_window)  # every one had an old title
    papers = {p.arxiv_id: p for p in snapshot.select()}
    assert len(papers) == 503
    by_id = {r["id"]: r for r in RECORDS}
    for key, paper in papers.items():
        if key in in_window:
            assert paper.title == squash(by_id[key]["title"])
            assert paper.versions[-1].size_kb is not None  # from arXivRaw
        else:
            assert (paper.title or "").startswith("Old: ")  # untouched
    # Right after: nothing new, in one page of each format.
    before = len(oai.requests)
    again = snapshot.update(
        oai_url=url, cache=tmp_path / "c.sqlite", delay_seconds=0.05, progress=False
    )
    assert (again.new, again.changed) == (0, 0)
    assert len(oai.requests) - before <= 2


def test_a_changed_record_is_picked_up_by_the_next_update(
    tmp_path: Path, url: str, oai: FakeOai
) -> None:
    snapshot = harvest(tmp_path, url)
    oai.change("cs/0001024", "A Parallel Algorithm", "A Faster Algorithm", dt.date(2023, 10, 14))
    report = snapshot.update(
        oai_url=url, cache=tmp_path / "cache.sqlite", delay_seconds=0.05, progress=False
    )
    assert (report.new, report.changed) == (0, 1)
    titles = {paper.arxiv_id: paper.title for paper in snapshot.select()}
    assert titles["cs/0001024"] == (
        "A Faster Algorithm for Dilated Contour Extraction from Bilevel Images"
    )
    assert len(snapshot) == 503
    assert list((tmp_path / "arxiv.parquet.updates").glob("delta-*.parquet"))


def test_a_killed_build_resumes_with_fewer_requests(tmp_path: Path, url: str, oai: FakeOai) -> None:
    """SIGKILL after a few pages; the rerun asks only for the rest, and the index is whole."""
    env = {**_ENV, "PAPERCORPUS_OAI_URL": url, "PAPERCORPUS_CACHE": str(tmp_path / "c.sqlite")}
    command = [sys.executable, "-m", "papercorpus", "snapshot", "build", "--oai", "-o",
               str(tmp_path / "a.parquet"), "--delay", "0.3", "--no-progress"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(oai.requests) < 4:
            assert process.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert not (tmp_path / "a.parquet").exists()
    killed_after = len(oai.requests)
    run = subprocess.run(
        [*command[:-2], "0", "--no-progress"], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert len(oai.requests) - killed_after < 12
    assert len(Snapshot(tmp_path / "a.parquet")) == 503
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".a.parquet")) == []


def test_the_index_reads_in_other_engines(tmp_path: Path, url: str, oai: FakeOai) -> None:
    """Base and deltas are plain Parquet: DuckDB, polars and pyarrow.dataset read them."""
    import duckdb  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415
    import pyarrow.dataset as ds  # noqa: PLC0415

    snapshot = harvest(tmp_path, url)
    oai.change("cs/0001024", "A Parallel Algorithm", "A Faster Algorithm", dt.date(2023, 10, 14))
    snapshot.update(
        oai_url=url, cache=tmp_path / "cache.sqlite", delay_seconds=0.05, progress=False
    )
    files = [
        str(tmp_path / "arxiv.parquet"),
        *map(str, sorted((tmp_path / "arxiv.parquet.updates").glob("delta-*.parquet"))),
    ]
    # Every row of every file: the newest of a paper is the one in the latest file.
    assert ds.dataset(files).count_rows() == 504
    assert pl.scan_parquet(files).select(pl.len()).collect().item() == 504
    newest = (
        duckdb.connect()
        .execute(
            f"SELECT count(*) FROM (SELECT * FROM read_parquet({files}, filename = true) "
            "QUALIFY row_number() OVER (PARTITION BY arxiv_id ORDER BY filename DESC) = 1)"
        )
        .fetchall()
    )
    assert newest == [(503,)]
    assert snapshot.to_arrow().num_rows == 503


def test_the_kaggle_file_and_oai_pmh_give_the_same_papers(tmp_path: Path, url: str) -> None:
    """The same 503 records through both channels: the same Paper, field for field.

    The Kaggle layout carries arXiv's parsed names (`authors_parsed`: keyname, forenames,
    suffix) and versions without sizes or source types; the rest is the same text.
    """
    from papercorpus.snapshot._oai import parse_page  # noqa: PLC0415
    from tests.snapshot.fake_oai import SHARED  # noqa: PLC0415

    parsed: dict[str, list[list[str]]] = {}
    for page in sorted(SHARED.glob("listrecords_arXiv_p0*.xml")):
        for row in parse_page(page.read_bytes(), "recorded", "arXiv").rows:
            parsed[row["arxiv_id"]] = [[name, "", ""] for name in row["authors"]]
    lines = snapshot_lines()
    for line in lines:
        line["authors_parsed"] = parsed[str(line["id"])]
    source = write_snapshot(tmp_path / "kaggle.json", lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        kaggle = Snapshot.build(source, tmp_path / "kaggle.parquet", progress=False)
    oai_papers = {p.arxiv_id: p for p in harvest(tmp_path, url).select()}
    kaggle_papers = {p.arxiv_id: p for p in kaggle.select()}
    assert kaggle_papers.keys() == oai_papers.keys()
    skipped = {"versions", "withdrawn"}
    for key, paper in kaggle_papers.items():
        other = oai_papers[key]
        for name in type(paper).model_fields:
            if name not in skipped:
                assert getattr(paper, name) == getattr(other, name), (key, name)
        assert [(v.number, v.created) for v in paper.versions] == [
            (v.number, v.created) for v in other.versions
        ]
        # Kaggle has no source types: withdrawn by the comment alone, which arXiv also set.
        assert paper.withdrawn == other.withdrawn
