"""Bulk results held as the index's Arrow rows (#26 item 1): every Corpus behaviour unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import warnings
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus import Author, Corpus, Paper, Snapshot, enrich
from papercorpus.enrichment import _requests as requests_module
from papercorpus.ids import ArxivId
from papercorpus.snapshot import _rows as rows
from papercorpus.snapshot import _spill as spill
from papercorpus.snapshot._lookup import taken
from tests.parsing.real_listings import snapshot_lines
from tests.snapshot.helpers import record, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from papercorpus.enrichment import EnrichedCorpus


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    folder = tmp_path_factory.mktemp("columns")
    lines = [*snapshot_lines(), record("math/0309136", categories="math.GT")]
    source = write_snapshot(folder / "snapshot.json", lines)
    return Snapshot.build(source, folder / "index.parquet", progress=False)


def _enrich(snapshot: Snapshot, items: list[str | Paper]) -> EnrichedCorpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # offline: the ids the index lacks are reported
        return enrich(items, snapshot=snapshot, offline=True, cache=None, progress=False)


def _one_at_a_time(snapshot: Snapshot, requested: str) -> Paper:
    """The reference: the index's entry for one identifier, made into its paper."""
    from papercorpus.models import paper_of_entry  # noqa: PLC0415

    identifier = ArxivId.parse(requested)
    entry = snapshot.entries([identifier.canonical])[identifier.canonical]
    return paper_of_entry(identifier, entry, squashed=True)


def test_a_bulk_enrichment_holds_rows_and_builds_each_paper_as_asked(snapshot: Snapshot) -> None:
    asked = [
        "0704.0248",
        "arXiv:cs/0001024v1",  # a version and a prefix
        "math.GT/0309136v2",  # a subject class the paper keeps in its identifier
        "not an id",
        "0704.0248",  # twice: twice in the corpus, as before
        "2101.99999",  # not in the index: offline, failed, bare
    ]
    corpus = _enrich(snapshot, list(asked))
    # Held as rows: each pass builds its Papers afresh (a tuple would hand out the same).
    assert next(iter(corpus)) == next(iter(corpus))
    assert next(iter(corpus)) is not next(iter(corpus))
    assert corpus.report.invalid == ["not an id"]
    assert corpus.report.snapshot == ["0704.0248", "arXiv:cs/0001024v1", "math.GT/0309136v2",
                                      "0704.0248"]  # fmt: skip
    assert corpus.ids == ["0704.0248", "cs/0001024", "math.GT/0309136", "0704.0248", "2101.99999"]
    papers = list(corpus)
    for requested, paper in zip([a for a in asked if a != "not an id"][:4], papers, strict=False):
        assert paper == _one_at_a_time(snapshot, requested)
    assert papers[1].version == 1
    assert papers[4] == Paper(arxiv_id="2101.99999")
    assert [corpus[i] for i in range(len(corpus))] == papers
    assert corpus[-1] == papers[-1]
    assert corpus["math/0309136"] == papers[2]
    assert corpus[1:3] == Corpus(papers[1:3])
    assert corpus[::-2] == Corpus(papers[::-2])
    assert corpus == Corpus(papers)
    assert corpus.to_arrow().equals(Corpus(papers).to_arrow())
    assert corpus.filter(lambda p: p.arxiv_id.startswith("0704")).ids == ["0704.0248"] * 2
    with pytest.raises(IndexError, match="out of range: 5 papers"):
        corpus[5]


def test_a_paper_given_is_merged_and_the_rest_stay_rows(snapshot: Snapshot) -> None:
    given = Paper(arxiv_id="0704.0248", title="The listing's own title", authors=[Author(name="A")])
    corpus = _enrich(snapshot, [given, "cs/0001024"])
    first, second = corpus
    assert first.title == "The listing's own title"  # kept: the run does not overwrite
    assert first.abstract == _one_at_a_time(snapshot, "0704.0248").abstract
    assert second == _one_at_a_time(snapshot, "cs/0001024")


@pytest.mark.parametrize("columns_from", [1 << 30, 1], ids=["one at a time", "as columns"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_request_list_gives_the_papers_one_at_a_time_would(
    snapshot: Snapshot, columns_from: int, data: st.DataObject
) -> None:
    """Papers and outcomes, whether the list is parsed one at a time or as Arrow columns."""
    held = [str(line["id"]) for line in snapshot_lines()[:40]]
    forms = st.sampled_from(held).flatmap(
        lambda i: st.sampled_from([i, f"arXiv:{i}", f"{i}v3", f"https://arxiv.org/abs/{i}v1"])
    )
    asked = data.draw(st.lists(forms | st.just("9912.99999") | st.just("junk"), max_size=30))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(requests_module, "COLUMNAR_FROM", columns_from)
        corpus = _enrich(snapshot, [str(a) for a in asked])
    valid = [a for a in asked if a != "junk"]
    assert len(corpus) == len(valid)
    for requested, paper in zip(valid, corpus, strict=True):
        expected = (
            Paper(arxiv_id="9912.99999")
            if requested == "9912.99999"
            else _one_at_a_time(snapshot, str(requested))
        )
        assert paper == expected
    outcomes = corpus.report.outcomes
    assert [o.requested for o in outcomes] == asked
    assert [o.status for o in outcomes] == [
        {"junk": "invalid", "9912.99999": "failed"}.get(a, "snapshot") for a in asked
    ]
    assert [o.latest_version for o in outcomes] == [
        None if a in {"junk", "9912.99999"} else _one_at_a_time(snapshot, a).latest_version
        for a in asked
    ]
    start = data.draw(st.integers(0, len(corpus)))
    assert list(corpus[start:]) == list(corpus)[start:]


def test_snapshot_search_holds_rows_too(snapshot: Snapshot, tmp_path: Path) -> None:
    corpus = snapshot.select()
    assert next(iter(corpus)) is not next(iter(corpus))  # built from rows on each pass
    assert len(corpus) == len(snapshot)
    assert list(corpus) == list(snapshot.iter_papers())
    assert corpus.ids == sorted(corpus.ids)
    corpus.to_parquet(tmp_path / "all.parquet")
    assert Corpus.from_parquet(tmp_path / "all.parquet") == corpus


def test_a_slice_or_a_filter_keeps_the_report(snapshot: Snapshot) -> None:
    """#27: slicing an enriched corpus keeps what the run reported."""
    corpus = _enrich(snapshot, ["0704.0248", "cs/0001024", "junk"])
    part = corpus[:1]
    assert part.report is corpus.report  # type: ignore[attr-defined]
    assert corpus.filter(lambda p: p.version is None).report is corpus.report  # type: ignore[attr-defined]


_ASKED = ["0704.0248", "arXiv:cs/0001024v1", "math.GT/0309136v2", "not an id", "0704.0248"]


@pytest.fixture
def spilled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Answers come in batches of 50 rows, and past the first go to a file in a test folder."""
    monkeypatch.setattr(spill, "SPILL_BYTES", 1)
    monkeypatch.setattr(rows, "FETCH_ROWS", 50)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _every_id(snapshot: Snapshot) -> list[str | Paper]:
    return [*_ASKED, *snapshot.to_arrow(["arxiv_id"])["arxiv_id"].to_pylist()]


def test_a_large_answer_is_mapped_from_a_file_that_is_gone_at_once(
    snapshot: Snapshot, spilled: Path
) -> None:
    """The same corpus as held in memory; no file left, even while the corpus lives."""
    made: list[str] = []

    def mkstemp(prefix: str, suffix: str) -> tuple[int, str]:
        handle, path = make(prefix=prefix, suffix=suffix)
        made.append(path)
        return handle, path

    make = tempfile.mkstemp
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "mkstemp", mkstemp)
        corpus = _enrich(snapshot, _every_id(snapshot))
    assert len(made) == 1
    assert made[0].startswith(str(spilled / "papercorpus-answer-"))
    assert list(spilled.iterdir()) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spill, "SPILL_BYTES", 1 << 40)
        held = _enrich(snapshot, _every_id(snapshot))
    assert len(corpus) == len(held) > 400
    assert list(corpus) == list(held)
    assert corpus.to_arrow().equals(held.to_arrow())
    assert corpus.report.outcomes == held.report.outcomes


def test_no_room_for_an_answer_keeps_it_in_memory(
    snapshot: Snapshot, spilled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def full(folder: str) -> SimpleNamespace:
        asked.append(folder)
        return SimpleNamespace(total=1, used=1, free=0)

    monkeypatch.setattr(shutil, "disk_usage", full)
    corpus = _enrich(snapshot, _every_id(snapshot))
    assert asked == [str(spilled)]  # asked once, past the first batch: no room, no file
    assert list(spilled.iterdir()) == []
    assert [paper.arxiv_id for paper in corpus][:4] == [
        "0704.0248",
        "cs/0001024",
        "math.GT/0309136",
        "0704.0248",
    ]


def test_a_temporary_folder_that_is_a_file_keeps_the_answer_in_memory(
    snapshot: Snapshot, spilled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TMPDIR naming a file: nothing is made or changed there, and the answer is the same."""
    not_a_folder = spilled / "notes.txt"
    not_a_folder.write_text("mine\n", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    corpus = _enrich(snapshot, _every_id(snapshot))
    assert not_a_folder.read_text(encoding="utf-8") == "mine\n"
    assert list(spilled.iterdir()) == [not_a_folder]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spill, "SPILL_BYTES", 1 << 40)
        held = _enrich(snapshot, _every_id(snapshot))
    assert list(corpus) == list(held)


_FULL_DISK = """
import resource, signal, sys, tempfile
from papercorpus import Snapshot, enrich
from papercorpus.errors import SnapshotError
from papercorpus.snapshot import _rows, _spill
_spill.SPILL_BYTES = 1
_rows.FETCH_ROWS = 50
tempfile.tempdir = sys.argv[2]
snapshot = Snapshot(sys.argv[1])
ids = snapshot.to_arrow(["arxiv_id"])["arxiv_id"].to_pylist()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    enrich(ids, snapshot=snapshot, offline=True, cache=None, progress=False)
except SnapshotError as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="a file-size limit stands in for a full disk")
def test_a_full_disk_while_mapping_an_answer_is_one_clear_error(
    snapshot: Snapshot, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(snapshot.path), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.startswith(f"cannot write the index's answer to {tmp_path} ("), done.stdout
    assert "set TMPDIR to a folder with room" in done.stdout
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=6), st.data())
def test_rows_of_a_table_in_many_chunks_are_arrows_take(
    sizes: list[int], data: st.DataObject
) -> None:
    import pyarrow as pa  # noqa: PLC0415 (with the snapshot extra)

    schema = pa.schema([("n", pa.int64()), ("s", pa.string())])
    start = 0
    batches = []
    for size in sizes:
        values = [f"row {n}" if n % 3 else None for n in range(start, start + size)]
        columns = {"n": list(range(start, start + size)), "s": values}
        batches.append(pa.record_batch(columns, schema=schema))
        start += size
    table = pa.Table.from_batches(batches, schema=schema)
    rows = data.draw(st.lists(st.integers(0, start - 1), max_size=20) if start else st.just([]))
    got = taken(table, rows)
    assert got.equals(table.combine_chunks().take(pa.array(rows, pa.int64())))
    assert got.column("n").num_chunks <= 1


_CHUNKED_TAKE = """
import pyarrow as pa, random, sys
from papercorpus.snapshot._lookup import taken
text = pa.array(["x" * 1000] * 1000)
table = pa.Table.from_batches([pa.record_batch({"s": text})] * 50)  # 50 MB in 50 chunks
rows = random.Random(0).sample(range(table.num_rows), 2000)
pool = pa.default_memory_pool()
before = pool.max_memory()
got = taken(table, rows)
print(pool.max_memory() - before, table.nbytes, got.num_rows)
"""


def test_rows_of_a_table_in_many_chunks_are_taken_without_joining_them() -> None:
    """Arrow's take joins every chunk (a copy of the whole table); this takes what it needs."""
    done = subprocess.run(
        [sys.executable, "-c", _CHUNKED_TAKE], capture_output=True, text=True, check=True
    )
    peak, size, rows = map(int, done.stdout.split())
    assert rows == 2000
    assert peak < size / 5  # the rows taken (2 MB) and their pieces, not the table (50 MB)


@pytest.fixture(scope="module")
def odd_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The real records, and records with every field the index may hold empty or odd."""
    folder = tmp_path_factory.mktemp("odd")
    lines = [
        *snapshot_lines(),
        record("2101.00001", title="", abstract="", comments="", doi="", categories=""),
        record("2101.00002", authors_parsed=[], authors="", versions=[], **{"journal-ref": None}),
        record("2101.00003", doi="10.1103/PhysRevD.76.013009 10.1007/s00220-007-0001-1"),
        record("2101.00004", title=None, abstract=None, comments=None, doi=None),
        record("2101.00005", authors_parsed=[["", "", ""], ["Ng", "", "Jr"]]),
        record("2101.00006", comments="This paper has been withdrawn by the author"),
    ]
    source = write_snapshot(folder / "snapshot.json", lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # some odd records may be reported, not indexed
        return Snapshot.build(source, folder / "index.parquet", progress=False)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_an_enriched_corpus_exports_from_its_rows_as_from_its_papers(
    odd_snapshot: Snapshot, data: st.DataObject
) -> None:
    """No Paper built for the export, the same table: any order, repeats, misses, papers."""
    held = odd_snapshot.to_arrow(["arxiv_id"])["arxiv_id"].to_pylist()
    extra = st.sampled_from(["not an id", "2101.99999", "arXiv:cs/0001024v1", "math.GT/0309136v2"])
    items: list[str | Paper] = data.draw(
        st.lists(st.sampled_from(held) | extra, max_size=60)
        | st.permutations(held).map(lambda ids: ids[:300])
    )
    if data.draw(st.booleans()) and items and items[0] in held:  # a paper given: built
        items[0] = Paper(arxiv_id=str(items[0]), abstract="mine")
    corpus = _enrich(odd_snapshot, items)
    built = Corpus(list(corpus))
    assert corpus.to_arrow().equals(built.to_arrow())
    assert corpus.to_arrow().to_pylist() == built.to_arrow().to_pylist()


def test_a_selection_and_its_slices_export_from_their_rows_as_from_their_papers(
    odd_snapshot: Snapshot,
) -> None:
    everything = odd_snapshot.select()
    for corpus in (everything, everything[::3], everything[5:40]):
        assert corpus.to_arrow().equals(Corpus(list(corpus)).to_arrow())
    assert len(everything) > 500
