"""load() and load_sample(): files and folders, merging copies, the bundled sample's metadata."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from papercorpus import Corpus, Paper, ParseError, ParseWarning, load, load_sample
from papercorpus._sample import read_metadata
from papercorpus.loading import merge_copies
from papercorpus.models import Source


def test_sample_holds_48_papers_from_50_records() -> None:
    """The bundled listings: 50 records, 48 distinct papers, the facts the issue names."""
    assert len(load_sample(dedupe=False)) == 50
    corpus = load_sample()
    assert len(corpus) == 48
    assert len(set(corpus.ids)) == 48
    assert corpus["2104.12369"].created == dt.date(2021, 4, 26)
    assert corpus["2012.06272"].doi == "10.1109/TCAD.2020.3043328"
    following = corpus[corpus.ids.index("2012.06272") + 1]
    assert following.abstract is not None
    assert following.abstract.startswith("Convolutional neural networks")
    assert corpus["2008.05977"].doi == "10.1145/1122445.1122456"
    assert corpus.diagnostics == ()


def test_sample_copies_agree_and_merge_into_the_first_place() -> None:
    """2104.12369 is in three files; its merged copy keeps the first place and all fields."""
    raw = load_sample(dedupe=False)
    copies = [p for p in raw if p.arxiv_id == "2104.12369"]
    assert [str(p.source) for p in copies] == [
        "listing-1.txt:3",
        "listing-2.txt:5",
        "listing-3.txt:3",
    ]
    merged = load_sample()["2104.12369"]
    assert str(merged.source) == "listing-1.txt:3"
    assert merged.comments == "The technique report for PanGu-$\\alpha$"


def _paper(**fields: object) -> Paper:
    return Paper.model_validate({"arxiv_id": "2104.12369", **fields})


def test_merge_fills_gaps_and_keeps_the_highest_version() -> None:
    """A field missing in one copy comes from another; the highest version wins."""
    merged, problems = merge_copies(
        [
            _paper(abstract="A.", source=Source(path="a", line=1)),
            _paper(version=3, created="2021-04-26", source=Source(path="b", line=9)),
            _paper(version=2, doi="10.1/x", source=Source(path="c", line=4)),
        ]
    )
    assert problems == []
    assert (merged.version, merged.abstract, merged.created, merged.doi) == (
        3,
        "A.",
        dt.date(2021, 4, 26),
        "10.1/x",
    )
    assert str(merged.source) == "a:1"


def test_merge_conflict_names_both_places() -> None:
    """Two different abstracts: the highest version's is kept, a diagnostic names both places."""
    merged, problems = merge_copies(
        [
            _paper(abstract="Old.", source=Source(path="a.txt", line=3)),
            _paper(abstract="New.", version=2, source=Source(path="b.txt", line=7)),
        ]
    )
    assert merged.abstract == "New."
    assert [str(d) for d in problems] == [
        "a.txt:3:1: expected the same abstract as b.txt:7 for 2104.12369 (kept from there), "
        "found 'Old.'"
    ]


def test_load_files_and_directories(tmp_path: Path, sample_dir: Path) -> None:
    """load() reads several files or a folder and merges copies across them."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Abstract.\narXiv:2104.12369\n", encoding="utf-8")
    b.write_text("Abstract.\n\narXiv:2104.12369v2\nCreated: 2021-04-26\n", encoding="utf-8")
    corpus = load(a, b)
    assert len(corpus) == 1
    assert (corpus[0].version, corpus[0].created) == (2, dt.date(2021, 4, 26))
    assert load(tmp_path) == corpus
    assert len(load(sample_dir)) == 48
    assert len(load(a, b, dedupe=False)) == 2


def test_load_warns_once_and_keeps_every_diagnostic(tmp_path: Path) -> None:
    """Lenient load() sums its problems up in one ParseWarning; all are in .diagnostics."""
    path = tmp_path / "bad.txt"
    path.write_text("A.\narXiv:2113.12345\nB.\narXiv:2104.1236\nC.\narXiv:2104.11883\n", "utf-8")
    with pytest.warns(ParseWarning, match=r"and 1 more") as record:
        corpus = load(path)
    assert len(record.list) == 1
    assert [d.line for d in corpus.diagnostics] == [2, 4]
    assert corpus.ids == ["2104.11883"]
    with pytest.raises(ParseError, match=":2:7: "):
        load(path, strict=True)


def test_load_strict_raises_on_a_conflict(tmp_path: Path) -> None:
    """In strict mode a conflict between copies is an error too."""
    path = tmp_path / "c.txt"
    path.write_text("One.\narXiv:2104.12369Two.\narXiv:2104.12369\n", encoding="utf-8")
    with pytest.raises(ParseError, match="expected the same abstract"):
        load(path, strict=True)


def test_load_missing_file_is_an_oserror(tmp_path: Path) -> None:
    """A missing file raises FileNotFoundError, not a parse problem."""
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.txt")


def test_sample_is_enriched_from_the_bundled_metadata(sample: Corpus) -> None:
    """Titles, authors and categories come from sample-metadata.json; listing fields stay."""
    metadata = json.loads(
        (Path(__file__).parent.parent / "src/papercorpus/data/sample-metadata.json").read_text(
            encoding="utf-8"
        )
    )
    assert len(metadata) == 48
    for record in metadata:
        paper = sample[record["arxiv_id"]]
        assert paper.title == record["title"]
        assert [a.name for a in paper.authors] == (record["authors"] or [])
        assert paper.primary_category == record["primary_category"]
    bare = load_sample(enriched=False)
    assert [p.title for p in bare] == [None] * 48
    assert [(p.abstract, p.comments) for p in bare] == [(p.abstract, p.comments) for p in sample]
    assert sample["2104.12369"].created == dt.date(2021, 4, 26)  # the listing's own
    assert sample["2104.11883"].doi == "10.1109/TNNLS.2022.3147269"  # filled: none in listing
    assert sample.diagnostics == ()


def test_metadata_conflicts_are_reported_not_resolved() -> None:
    """A listing value that the metadata contradicts stays, and a diagnostic names both."""
    from papercorpus._sample import apply_metadata  # noqa: PLC0415

    entries = read_metadata()
    paper = Paper(arxiv_id="2012.06272", doi="10.1/other", source={"path": "l.txt", "line": 3})
    (kept,), (diagnostic,) = apply_metadata([paper])
    assert kept.doi == "10.1/other"
    assert diagnostic.line == entries["2012.06272"][1]
    assert str(diagnostic) == (
        f"sample-metadata.json:{diagnostic.line}:1: expected the listing's doi for 2012.06272, "
        "10.1/other (kept, from l.txt:3), found 10.1109/TCAD.2020.3043328 in the metadata"
    )


def test_a_loaded_abstract_is_squashed_wherever_it_is_read(tmp_path: Path) -> None:
    """`load()` keeps an abstract as read; a Paper, an export and a merge all squash it."""
    listing = tmp_path / "listing.txt"
    listing.write_text(
        "\tLarge  language\tmodels\u2003 reason. \n"
        "arXiv:2104.12369\n"
        "\n"
        "  Wrapped  over\n"
        "two   lines. \n"
        "\n"
        "arXiv:2104.12370\n"
        "Large language models reason.\n"
        "arXiv:2104.12369\n",
        encoding="utf-8",
    )
    expected = ["Large language models reason.", "Wrapped over two lines."]
    kept = load(listing, dedupe=False)
    assert [paper.abstract for paper in kept] == [*expected, expected[0]]
    assert kept.to_arrow().column("abstract").to_pylist() == [*expected, expected[0]]
    assert [json.loads(line)["abstract"] for line in kept.to_jsonl().splitlines()] == [
        *expected,
        expected[0],
    ]
    merged = load(listing)  # the two copies agree once squashed: no conflict
    assert [paper.abstract for paper in merged] == expected
    assert merged.diagnostics == ()
