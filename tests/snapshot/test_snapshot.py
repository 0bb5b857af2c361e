"""Snapshot indexes built by DuckDB from files in the published layout, read back for real."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from papercorpus import ArxivId, DiagnosticCode, ParseWarning, Snapshot, SnapshotError, enrich
from papercorpus.cli import main
from papercorpus.enrichment._feed import parse_page
from papercorpus.export import OutputError
from tests.enrichment.fake_arxiv import recorded
from tests.snapshot.helpers import created, record, record_of, write_snapshot

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercorpus.models import Entry

RECORDED = ("id_1605.08386.json", "id_1707.08567.json", "id_astro-ph_0601001.json")


def build(tmp_path: Path, lines: Sequence[dict[str, Any] | str], **options: object) -> Snapshot:
    source = write_snapshot(tmp_path / "snapshot.json", lines, gz=bool(options.pop("gz", False)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        return Snapshot.build(source, tmp_path / "index.parquet", progress=False, **options)  # type: ignore[arg-type]


def recorded_entries() -> list[Entry]:
    return [entry for name in RECORDED for entry in parse_page(recorded(name)[1]).entries]


def test_fields_map_as_the_api_gives_them(tmp_path: Path) -> None:
    """Wrapped text collapsed, names first-last-suffix, categories split, dates from versions."""
    lines = [
        record("0704.0001"),
        record(
            "hep-ph/0001001",
            versions=[
                {"version": f"v{n}", "created": created(dt.date(2000, 1, n))} for n in range(1, 8)
            ],
            categories="hep-ph astro-ph.CO  gr-qc",
            authors_parsed=[["Müller", "Jörg", "Jr", "Some University"], ["ATLAS Collab.", "", ""]],
            title="A\ttitle\n  wrapped  twice\n  ",
        ),
    ]
    snapshot = build(tmp_path, lines)
    first, old = snapshot.select()
    assert first.arxiv_id == "0704.0001"
    assert first.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert [a.name for a in first.authors] == [
        "C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan",
    ]  # fmt: skip
    assert first.abstract == (
        "A fully differential calculation in perturbative quantum chromodynamics is "
        "presented for the production of massive photon pairs at hadron colliders."
    )
    assert (first.published, first.updated, first.latest_version) == (
        dt.date(2007, 4, 2), dt.date(2007, 7, 24), 2,
    )  # fmt: skip
    assert first.created == first.published
    assert (first.doi, first.journal_ref) == (
        "10.1103/PhysRevD.76.013009",
        "Phys.Rev.D76:013009,2007",
    )
    assert first.comments == "37 pages, 15 figures; published version"
    assert old.arxiv_id == "hep-ph/0001001"
    assert old.title == "A title wrapped twice"
    assert [a.name for a in old.authors] == ["Jörg Müller Jr", "ATLAS Collab."]
    assert (old.categories, old.primary_category) == (("hep-ph", "astro-ph.CO", "gr-qc"), "hep-ph")
    assert (old.published, old.updated, old.latest_version) == (
        dt.date(2000, 1, 1), dt.date(2000, 1, 7), 7,
    )  # fmt: skip


def test_nulls_everywhere_they_may_be(tmp_path: Path) -> None:
    """A record of nothing but an id is a paper with nothing else; wrong types read as null."""
    nothing = dict.fromkeys(record("0704.0002"), None) | {"id": "0704.0002"}
    wrong = record("0704.0003", versions="v1", authors_parsed=5, title=["a"], categories=None)
    snapshot = build(tmp_path, [nothing, wrong])
    bare, odd = snapshot.select()
    assert bare.model_dump(include={"title", "authors", "abstract", "categories", "published"}) == {
        "title": None, "authors": (), "abstract": None, "categories": (), "published": None,
    }  # fmt: skip
    assert (bare.latest_version, bare.primary_category) == (None, None)
    assert (odd.published, odd.authors, odd.categories) == (None, (), ())
    assert snapshot.diagnostics == ()


@pytest.mark.parametrize("entry", recorded_entries(), ids=lambda e: e.id.canonical)
def test_the_same_paper_as_the_api_gives(tmp_path: Path, entry: Entry) -> None:
    """A recorded API answer, laid out as the snapshot holds it, gives back the same paper."""
    from papercorpus import Paper  # noqa: PLC0415
    from papercorpus.models import merge_entry  # noqa: PLC0415

    snapshot = build(tmp_path, [record_of(entry)])
    bare = Paper(arxiv_id=entry.id.canonical)
    from_api = merge_entry(bare, entry, overwrite=False)
    (from_snapshot,) = enrich([bare], snapshot=snapshot, offline=True, cache=None, progress=False)
    fields = {"title", "abstract", "comments", "journal_ref", "doi", "categories",
              "primary_category", "published", "updated", "latest_version", "created"}  # fmt: skip
    assert from_snapshot.model_dump(include=fields) == from_api.model_dump(include=fields)
    assert [a.name for a in from_snapshot.authors] == [a.name for a in from_api.authors]
    assert from_snapshot.abstract_text == from_api.abstract_text


def test_a_malformed_line_is_a_diagnostic_and_the_build_goes_on(tmp_path: Path) -> None:
    lines: list[dict[str, object] | str] = [
        record("0704.0001"),
        '{"id": "0704.0002", "title": broken',
        "",
        "   ",
        "[1, 2]",
        record("0704.0003"),
        {"title": "no id"},
        record("0704.0004v2"),
        record("2104.1236"),
        record("0704.0005"),
    ]
    source = write_snapshot(tmp_path / "s.json", lines)
    with pytest.warns(
        ParseWarning, match=r"(?s)s\.json:2:30: .*and 4 more: see Snapshot\.diagnostics"
    ):
        snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    assert len(snapshot) == 3
    assert [(d.line, d.column, d.code) for d in snapshot.diagnostics] == [
        (2, 30, DiagnosticCode.MALFORMED_RECORD),
        (5, 1, DiagnosticCode.MALFORMED_RECORD),
        (7, 1, DiagnosticCode.MALFORMED_RECORD),
        (8, 1, DiagnosticCode.INVALID_ID),
        (9, 1, DiagnosticCode.INVALID_ID),
    ]
    assert "without a version" in snapshot.diagnostics[3].found
    assert "digits after the dot" in snapshot.diagnostics[4].found
    assert snapshot.diagnostics[0].text == '{"id": "0704.0002", "title": broken'


def test_bad_bytes_and_a_byte_order_mark_are_diagnostics(tmp_path: Path) -> None:
    good = write_snapshot(tmp_path / "g.json", [record("0704.0001")]).read_bytes()
    source = tmp_path / "s.json"
    source.write_bytes(b"\xef\xbb\xbf" + good + b'{"id": "0704.0002", "title": "\xff"}\n' + good)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    assert [(d.line, d.code) for d in snapshot.diagnostics] == [
        (1, DiagnosticCode.MALFORMED_RECORD),
        (2, DiagnosticCode.MALFORMED_RECORD),
    ]
    assert "UTF-8" in snapshot.diagnostics[1].expected


def test_a_gzipped_snapshot_is_read_whatever_its_name(tmp_path: Path) -> None:
    lines: list[dict[str, object] | str] = [record(f"0704.000{n}") for n in range(1, 6)]
    for name in ("s.json.gz", "s.json"):
        source = write_snapshot(tmp_path / name, lines, gz=True)
        assert source.read_bytes()[:2] == b"\x1f\x8b"
        snapshot = Snapshot.build(source, tmp_path / f"{name}.parquet", progress=False)
        assert len(snapshot) == 5
        assert snapshot.diagnostics == ()


def test_lookups_in_every_form(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001"), record("math.GT/0309136")])
    assert len(snapshot) == 2
    assert "0704.0001" in snapshot
    assert "arXiv:0704.0001v5" in snapshot
    assert ArxivId.parse("math/0309136") in snapshot  # stored without its subject class
    assert "https://arxiv.org/abs/math.GT/0309136" in snapshot
    assert "0704.0002" not in snapshot
    assert "not an id" not in snapshot
    assert 704.0001 not in snapshot
    assert repr(snapshot) == f"Snapshot({str(tmp_path / 'index.parquet')!r}, 2 papers)"


def test_load_filters_in_the_engine(tmp_path: Path) -> None:
    def paper(arxiv_id: str, categories: str, day: dt.date) -> dict[str, object]:
        return record(
            arxiv_id, categories=categories, versions=[{"version": "v1", "created": created(day)}]
        )

    snapshot = build(
        tmp_path,
        [
            paper("2101.00001", "cs.LG stat.ML", dt.date(2021, 1, 1)),
            paper("2102.00001", "stat.ML", dt.date(2021, 2, 1)),
            paper("2103.00001", "hep-th", dt.date(2021, 3, 1)),
            paper("2104.00001", "cs.CV cs.LG", dt.date(2021, 4, 30)),
        ],
    )
    assert snapshot.select("cs.LG").ids == ["2101.00001", "2104.00001"]
    assert snapshot.select(["hep-th", "stat.ML"]).ids == ["2101.00001", "2102.00001", "2103.00001"]
    assert snapshot.select(since="2021-02-01", until=dt.date(2021, 4, 30)).ids == [
        "2102.00001", "2103.00001", "2104.00001",
    ]  # fmt: skip
    assert snapshot.select("cs.LG", since="2021-01-02").ids == ["2104.00001"]
    assert snapshot.select("math.AG").ids == []
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        snapshot.select(since="March")
    # The name it had before 0.2 still works, and says what it is now.
    with pytest.warns(DeprecationWarning, match=r"Snapshot\.select\(\)"):
        assert snapshot.load("cs.LG").ids == ["2101.00001", "2104.00001"]


def test_sql_and_arrow_users_read_the_index(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001"), record("0704.0002", categories="math.AG")])
    table = snapshot.to_arrow(["arxiv_id", "categories"])
    assert table.column("arxiv_id").to_pylist() == ["0704.0001", "0704.0002"]
    relation = snapshot.relation().filter("list_contains(categories, 'math.AG')")
    assert relation.project("arxiv_id").fetchall() == [("0704.0002",)]


def test_the_hybrid_run_takes_the_snapshot_first_then_the_api(
    tmp_path: Path, api_url: str, cache_path: Path
) -> None:
    """Known ids come from disk; the newest papers from the (local, fake) API; listing kept."""
    from papercorpus import Paper  # noqa: PLC0415

    snapshot = build(tmp_path, [record("0704.0001"), record("0704.0002")])
    mine = Paper(
        arxiv_id="0704.0002v1",
        doi="10.1/mine",
        abstract="Graph neural networks learn molecular properties from small labelled sets.",
    )
    corpus = enrich(
        ["0704.0001", mine, "1605.08386", "2401.99999", "junk"],
        snapshot=snapshot, api_url=api_url, cache=cache_path, delay_seconds=0.01, progress=False,
    )  # fmt: skip
    statuses = [(o.requested, o.status) for o in corpus.report.outcomes]
    assert statuses == [
        ("0704.0001", "snapshot"),
        ("0704.0002v1", "snapshot"),
        ("1605.08386", "enriched"),
        ("2401.99999", "not_found"),
        ("junk", "invalid"),
    ]
    assert corpus.report.snapshot == ["0704.0001", "0704.0002v1"]
    assert "2 snapshot" in corpus.report.summary()
    kept = corpus["0704.0002"]
    assert (kept.doi, kept.abstract, kept.version, kept.latest_version) == (
        "10.1/mine", mine.abstract, 1, 2,
    )  # fmt: skip
    assert corpus.report.outcomes[1].abstract_mismatch
    assert corpus["1605.08386"].title == "Heat-bath random walks with Markov bases"
    overwritten = enrich([mine], snapshot=snapshot, overwrite=True, offline=True, cache=None)
    assert overwritten[0].doi == "10.1103/PhysRevD.76.013009"


def test_offline_the_rest_is_reported(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001")])
    corpus = enrich(
        ["0704.0001", "0704.0009"], snapshot=tmp_path / "index.parquet", offline=True, cache=None
    )
    assert [o.status for o in corpus.report.outcomes] == ["snapshot", "failed"]
    assert corpus.report.outcomes[1].reason == "offline and not in the snapshot or the cache"
    assert not corpus.report.ok
    assert len(snapshot) == 1


def test_a_failed_build_leaves_the_old_index_whole(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001")])
    before = snapshot.path.read_bytes()
    empty = write_snapshot(tmp_path / "empty.json", ["", "[]", "{}"])
    with pytest.raises(SnapshotError, match="holds no arXiv metadata record"):
        Snapshot.build(empty, snapshot.path, progress=False)
    assert snapshot.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "empty.json",
        "index.parquet",
        "snapshot.json",
    ]


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match=r"cannot read .*missing\.json: no such file"):
        Snapshot.build(tmp_path / "missing.json", tmp_path / "i.parquet")
    with pytest.raises(SnapshotError, match="it is a folder"):
        Snapshot.build(tmp_path, tmp_path / "i.parquet")
    source = write_snapshot(tmp_path / "s.json", [record("0704.0001")])
    with pytest.raises(OutputError, match="no such folder"):
        Snapshot.build(source, tmp_path / "nope" / "i.parquet")
    with pytest.raises(OutputError, match="it is a folder"):
        Snapshot.build(source, tmp_path)
    with pytest.raises(SnapshotError, match="would replace its source"):
        Snapshot.build(source, tmp_path / "." / "s.json")
    assert source.read_text(encoding="utf-8").startswith('{"id": "0704.0001"')
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(SnapshotError, match="not a regular file"):
        Snapshot.build(fifo, tmp_path / "i.parquet")
    with pytest.raises(SnapshotError, match="no such file"):
        Snapshot(tmp_path / "i.parquet")
    with pytest.raises(SnapshotError, match="not a Parquet file"):
        Snapshot(source)
    other = tmp_path / "other.parquet"
    import duckdb  # noqa: PLC0415

    duckdb.sql(f"COPY (SELECT 1 AS a) TO '{other}' (FORMAT parquet)")
    with pytest.raises(SnapshotError, match="not a snapshot index built by this papercorpus"):
        Snapshot(other)


def test_the_index_gets_the_umask_mode_or_keeps_its_own(tmp_path: Path) -> None:
    source = write_snapshot(tmp_path / "s.json", [record("0704.0001")])
    old = os.umask(0o027)
    try:
        Snapshot.build(source, tmp_path / "new.parquet", progress=False)
    finally:
        os.umask(old)
    assert (tmp_path / "new.parquet").stat().st_mode & 0o777 == 0o640
    (tmp_path / "kept.parquet").write_bytes(b"")
    (tmp_path / "kept.parquet").chmod(0o604)
    Snapshot.build(source, tmp_path / "kept.parquet", progress=False)
    assert (tmp_path / "kept.parquet").stat().st_mode & 0o777 == 0o604


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "papercorpus", *args], capture_output=True, text=True, check=False
    )


def test_the_command_line_builds_loads_and_enriches(tmp_path: Path) -> None:
    source = write_snapshot(
        tmp_path / "s.json.gz", [record("0704.0001"), "oops", record("0704.0002")], gz=True
    )
    index = tmp_path / "i.parquet"
    built = run_cli("snapshot", "build", str(source), "-o", str(index), "--no-progress")
    assert built.returncode == 1, built.stderr
    assert f"{source}:2:1: expected a JSON object" in built.stderr
    assert "papercorpus: 2 papers in" in built.stderr
    assert "Traceback" not in built.stderr
    loaded = run_cli("snapshot", "select", str(index), "--category", "hep-ph", "-f", "csv")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.count("\n") == 3
    enriched = run_cli("enrich", "0704.0002", "--snapshot", str(index), "--offline", "--no-cache")
    assert enriched.returncode == 0, enriched.stderr
    assert '"title":"Calculation of prompt diphoton' in enriched.stdout
    assert "1 snapshot" in enriched.stderr
    missing = run_cli("snapshot", "build", str(tmp_path / "nope.json"), "-o", str(index))
    assert (missing.returncode, missing.stderr.count("\n")) == (2, 1)
    assert index.exists()


def test_gzip_source_stays_gzip_for_the_line_pass(tmp_path: Path) -> None:
    """Diagnostics of a gzipped snapshot carry the decompressed line, not bytes of gzip."""
    source = tmp_path / "s.json.gz"
    source.write_bytes(gzip.compress(b'{"id": "0704.0001"}\nnot json\n'))
    with pytest.warns(ParseWarning):
        snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    assert [(d.line, d.text) for d in snapshot.diagnostics] == [(2, "not json")]


def big_snapshot(path: Path, records: int) -> Path:
    line = json.dumps(record("0704.0001"))
    with path.open("w", encoding="utf-8") as out:
        for n in range(records):
            out.write(
                line.replace("0704.0001", f"15{n // 99_999 + 1:02d}.{n % 99_999 + 1:05d}") + "\n"
            )
    return path


def test_sigterm_mid_build_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Stopped half-way, a build leaves neither half an index nor its temporary file."""
    source = big_snapshot(tmp_path / "s.json", 150_000)
    index = tmp_path / "index.parquet"
    process = subprocess.Popen(
        [sys.executable, "-m", "papercorpus", "snapshot", "build", str(source), "-o", str(index)],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".index.parquet.*.tmp")):
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_two_processes_building_one_index_leave_a_whole_one(tmp_path: Path) -> None:
    source = big_snapshot(tmp_path / "s.json", 20_000)
    index = tmp_path / "index.parquet"
    command = [
        sys.executable,
        "-m",
        "papercorpus",
        "snapshot",
        "build",
        str(source),
        "-o",
        str(index),
    ]
    builds = [subprocess.Popen(command, stderr=subprocess.DEVNULL) for _ in range(2)]
    assert [build.wait(timeout=120) for build in builds] == [0, 0]
    assert len(Snapshot(index)) == 20_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.parquet", "s.json"]


def test_a_line_too_long_to_be_a_record_is_a_diagnostic(tmp_path: Path) -> None:
    """DuckDB stops at a line over its object size; the build reads on without it."""
    from papercorpus.snapshot._sql import MAX_RECORD_BYTES  # noqa: PLC0415

    huge = json.dumps(record("0704.0002", abstract="x" * (2 * MAX_RECORD_BYTES + 1000)))
    source = write_snapshot(tmp_path / "s.json", [record("0704.0001"), huge, record("0704.0003")])
    with pytest.warns(ParseWarning, match=r"s\.json:2:1: expected a record of at most"):
        snapshot = Snapshot.build(source, tmp_path / "index.parquet", progress=False)
    assert snapshot.select().ids == ["0704.0001", "0704.0003"]
    assert [(d.line, d.code) for d in snapshot.diagnostics] == [(2, "malformed-record")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.parquet", "s.json"]


@pytest.mark.parametrize("gz", [False, True])
def test_duckdb_counts_the_lines_as_the_counter_does(tmp_path: Path, *, gz: bool) -> None:
    """The scan's row count (from DuckDB's profile) is the non-blank lines a count finds."""
    from papercorpus.snapshot import _build, _problems  # noqa: PLC0415

    lines: list[dict[str, object] | str] = [
        record("0704.0001"), "", "  ", "not json", "[1]", record("0704.0002"), "\t", '{"x": 1}',
    ]  # fmt: skip
    source = write_snapshot(tmp_path / "s.json", lines, gz=gz)
    connection = _build.connect()
    assert _build.keep_profile(connection)
    connection.execute(f"SELECT count(*) FROM ({_sql_of(source, gz=gz)})").fetchall()
    _, open_source = _build.source_opener(source)
    assert _build.rows_scanned(connection) == _problems.count_records(open_source) == 5


def _sql_of(source: Path, *, gz: bool) -> str:
    from papercorpus.snapshot._sql import select_rows  # noqa: PLC0415

    return select_rows(str(source), "gzip" if gz else "none")


def test_search_finds_words_in_titles_and_abstracts(tmp_path: Path) -> None:
    def paper(
        arxiv_id: str, title: str, abstract: str, categories: str = "cs.CV"
    ) -> dict[str, Any]:
        return record(arxiv_id, title=title, abstract=abstract, categories=categories)

    snapshot = build(
        tmp_path,
        [
            paper("2101.00001", "Diffusion models for images", "We denoise."),
            paper("2101.00002", "Graph networks", "A DIFFUSION process on graphs."),
            paper("2101.00003", "Diffusions everywhere", "Plural only.", "math.PR"),
            paper("2101.00004", "Score matching (a.k.a. diffusion*)", "C++ and $x^2$ [sic]."),
            paper("2101.00005", "Latent   diffusion", "Text to image  synthesis."),
        ],
    )
    assert snapshot.search("diffusion").ids == [
        "2101.00001",
        "2101.00002",
        "2101.00004",
        "2101.00005",
    ]  # fmt: skip  (whole words, any case, title or abstract)
    assert snapshot.search("diffusion graphs").ids == ["2101.00002"]  # every word
    assert snapshot.search('"latent diffusion"').ids == ["2101.00005"]  # a phrase, squashed
    assert snapshot.search('"image synthesis"').ids == ["2101.00005"]
    assert snapshot.search('"synthesis image"').ids == []
    assert snapshot.search("diffusion", categories="math.PR").ids == []
    assert snapshot.search("diffusions", categories=["math.PR"]).ids == ["2101.00003"]
    assert snapshot.search("diffusion", limit=2).ids == ["2101.00001", "2101.00002"]
    # Characters that mean something to a regular expression are only text.
    assert snapshot.search("C++").ids == ["2101.00004"]
    assert snapshot.search("[sic]").ids == ["2101.00004"]
    assert snapshot.search("diffusion*)").ids == ["2101.00004"]
    assert snapshot.search(".*").ids == []
    assert len(snapshot.search("")) == len(snapshot.search()) == 5
    with pytest.raises(ValueError, match="limit must be a whole number"):
        snapshot.search("x", limit=-1)


def test_categories_and_dates_are_checked_with_a_hint(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001")])
    with pytest.raises(ValueError, match=r"unknown arXiv category 'cs\.lg': did you mean 'cs\.LG'"):
        snapshot.select("cs.lg")
    with pytest.raises(ValueError, match="unknown arXiv category 'nonsense' \\(arXiv's categories"):
        snapshot.search("x", categories=["nonsense"])
    with pytest.raises(ValueError, match="did you mean 'hep-th'"):
        snapshot.select(["hep-tH"])
    with pytest.raises(ValueError, match=r"'2021-13-01' \(month 13 is not between 01 and 12\)"):
        snapshot.select(since="2021-13-01")
    with pytest.raises(ValueError, match=r"'2021-02-30' \(day 30 is not in February 2021\)"):
        snapshot.select(until="2021-02-30")
    assert snapshot.select("hep-ph").ids == ["0704.0001"]


def test_the_command_line_says_which_category_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(tmp_path, [record("0704.0001")])
    index = str(tmp_path / "index.parquet")
    assert main(["snapshot", "select", index, "--category", "cs.lg"]) == 2
    assert capsys.readouterr().err == (
        "papercorpus: error: unknown arXiv category 'cs.lg': did you mean 'cs.LG'?\n"
    )
    assert main(["snapshot", "load", index, "--since", "2021-13-01"]) == 2
    assert "month 13 is not between 01 and 12" in capsys.readouterr().err


def test_the_build_bar_moves_and_progress_false_is_silent(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """DuckDB counts the build's progress for the bar, and prints nothing of its own."""
    from papercorpus.snapshot._build import connect  # noqa: PLC0415

    connection = connect()
    settings = dict(
        connection.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name LIKE 'enable_progress_bar%'"
        ).fetchall()
    )
    assert settings == {"enable_progress_bar": "true", "enable_progress_bar_print": "false"}
    build(tmp_path, [record(f"0704.{n:04d}") for n in range(1, 2000)])
    out, _ = capfd.readouterr()
    assert out == ""


def test_a_fifo_or_a_device_is_not_an_index(tmp_path: Path) -> None:
    """#21 item 18: the message states the real cause."""
    fifo = tmp_path / "index.parquet"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(SnapshotError, match="not a regular file"):
            Snapshot(path)


def test_paths_are_literal_not_globs(tmp_path: Path) -> None:
    """#21 item 7: `snap*.json` is that file, not every file the pattern matches."""
    source = write_snapshot(tmp_path / "snap*.json", [record("0704.0001")])
    write_snapshot(tmp_path / "snapOTHER.json", [record("0704.0002"), record("0704.0003")])
    snapshot = Snapshot.build(source, tmp_path / "idx*[1].parquet", progress=False)
    assert len(snapshot) == 1
    assert snapshot.select().ids == ["0704.0001"]
    assert "0704.0001" in snapshot
    assert list(snapshot.entries(["0704.0001", "0704.0002"])) == ["0704.0001"]
    assert Snapshot(tmp_path / "idx*[1].parquet").search("").ids == ["0704.0001"]
