"""Enrichment settles a compact listing's DOI guesses: the real 503 papers, from a snapshot."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from papercorpus import Corpus, Paper, ParseWarning, Snapshot, Source, enrich, iter_papers
from papercorpus.enrichment._repairs import Repair
from tests.parsing.real_listings import compact, expected, snapshot_lines
from tests.snapshot.helpers import write_snapshot

if TYPE_CHECKING:
    from pathlib import Path


def _index(tmp_path: Path) -> Snapshot:
    source = write_snapshot(tmp_path / "snapshot.json", snapshot_lines())
    return Snapshot.build(source, tmp_path / "index.parquet", progress=False)


def _listing(text: str) -> Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        return Corpus(iter_papers(io.BytesIO(text.encode()), source="compact.txt",
                                  on_diagnostic=lambda _: None))  # fmt: skip


def test_the_compact_listing_enriched_from_a_snapshot_is_all_right(tmp_path: Path) -> None:
    corpus = _listing(compact())
    enriched = enrich(corpus, snapshot=_index(tmp_path), cache=None, offline=True, progress=False)
    assert enriched.report.ok
    by_id = {paper.arxiv_id: paper for paper in enriched}
    wrong = [
        record.arxiv_id
        for record in expected()
        if (by_id[record.arxiv_id].abstract, by_id[record.arxiv_id].comments,
            by_id[record.arxiv_id].dois) != (record.abstract, record.comments, record.dois)
    ]  # fmt: skip
    assert wrong == []
    # The IMS guess of the test database (10.1214/11-AOS890 then "I review...") was right;
    # every repair names the paper, the field, and both values.
    assert all(isinstance(r, Repair) and r.old != r.new for r in enriched.report.repairs)


def test_a_wrong_split_is_repaired_with_the_next_abstract(tmp_path: Path) -> None:
    """`10.1214/12-AAP8502` + `MASS JHKs`: arXiv says `12-AAP850`, so the next is `2MASS JHKs`."""
    lines = snapshot_lines()[:2]
    lines[0] = {**lines[0], "doi": "10.1214/12-AAP850"}
    lines[1] = {**lines[1], "abstract": "2MASS JHKs data of the sky."}
    first, second = lines[0]["id"], lines[1]["id"]
    text = (
        f"First.\narXiv:{first} - doi: 10.1214/12-AAP8502MASS JHKs data of the sky.\n"
        f"arXiv:{second}\n"
    )
    corpus = _listing(text)
    assert corpus[0].doi == "10.1214/12-AAP8502"  # the guess, diagnosed
    assert corpus[1].abstract == "MASS JHKs data of the sky."
    source = write_snapshot(tmp_path / "s.json", lines)
    snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    enriched = enrich(corpus, snapshot=snapshot, cache=None, offline=True, progress=False)
    assert enriched[0].dois == ("10.1214/12-AAP850",)
    assert enriched[1].abstract == "2MASS JHKs data of the sky."
    assert enriched.report.repairs == (
        Repair(str(first), "dois", "10.1214/12-AAP8502", "10.1214/12-AAP850"),
        Repair(
            str(second), "abstract", "MASS JHKs data of the sky.", "2MASS JHKs data of the sky."
        ),
    )
    assert "1 DOI split repaired" in enriched.report.summary()


def test_a_cut_doi_is_repaired(tmp_path: Path) -> None:
    """`10.1039/C1` + `CC10314H We...`: arXiv's DOI is longer; the next abstract gives it back."""
    lines = snapshot_lines()[:2]
    lines[0] = {**lines[0], "doi": "10.1039/C1CC10314H"}
    first, second = str(lines[0]["id"]), str(lines[1]["id"])
    # As an older reader split `...- doi: 10.1039/C1CC10314HWe report.` on line 2.
    corpus = Corpus(
        [
            Paper(arxiv_id=first, abstract="First.", doi="10.1039/C1",
                  source=Source(path="x.txt", line=2)),
            Paper(arxiv_id=second, abstract="CC10314HWe report.",
                  source=Source(path="x.txt", line=3)),
        ]
    )  # fmt: skip
    source = write_snapshot(tmp_path / "s.json", lines)
    snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    enriched = enrich(corpus, snapshot=snapshot, cache=None, offline=True, progress=False)
    assert enriched[0].doi == "10.1039/C1CC10314H"
    assert enriched[1].abstract == "We report."
    assert [r.field for r in enriched.report.repairs] == ["dois", "abstract"]


def test_differences_are_reported_not_overwritten(tmp_path: Path) -> None:
    lines = snapshot_lines()[:1]
    arxiv_id = lines[0]["id"]
    record = expected()[0]
    text = f"{record.abstract}\nA different comment.\narXiv:{arxiv_id} - doi: 10.1000/other\n"
    corpus = _listing(text)
    source = write_snapshot(tmp_path / "s.json", lines)
    snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    enriched = enrich(corpus, snapshot=snapshot, cache=None, offline=True, progress=False)
    assert enriched[0].comments == "A different comment."  # the listing's, kept
    fields = {d.field for d in enriched.report.differences}
    assert "comments" in fields
    assert "listing field" in enriched.report.summary()
    again = enrich(corpus, snapshot=snapshot, cache=None, offline=True, progress=False,
                   overwrite=True)  # fmt: skip
    assert again[0].comments == record.comments
