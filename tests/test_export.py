"""Exports: JSONL round trip, pandas, Parquet read back by pyarrow and DuckDB, BibTeX, HTML."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import arxiv
import duckdb
import pyarrow.parquet as pq
import pytest
from bibtexparser import parse_string as parse_bibtex  # type: ignore[attr-defined]

from papercorpus import Author, Corpus, Paper, load_sample
from papercorpus._sample import read_metadata
from papercorpus.cli import main
from papercorpus.export import arrow_schema, bibtex_key


@pytest.fixture(scope="module")
def sample() -> Corpus:
    """The enriched sample."""
    return load_sample()


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


def test_jsonl_round_trips_exactly(sample: Corpus, tmp_path: Path) -> None:
    """to_jsonl then from_jsonl gives equal papers, sources included."""
    path = tmp_path / "papers.jsonl"
    sample.to_jsonl(path)
    again = Corpus.from_jsonl(path)
    assert again == sample
    assert [p.source for p in again] == [p.source for p in sample]
    assert json.loads(sample.to_json() or "")[0]["arxiv_id"] == "2104.12369"


def test_pandas_has_one_row_per_paper_with_sensible_dtypes(sample: Corpus) -> None:
    """Strings, nullable ints, datetimes, and authors as a list column."""
    frame = sample.to_pandas()
    assert len(frame) == 48
    assert str(frame["arxiv_id"].dtype) == "string"
    assert str(frame["pages"].dtype) == "Int64"
    assert str(frame["created"].dtype).startswith("datetime64")
    assert frame["authors"].iloc[0][:2] == ["Wei Zeng", "Xiaozhe Ren"]
    assert frame.groupby("venue").size().to_dict()["CVPR"] == 4


def test_parquet_reads_back_with_pyarrow_and_duckdb(sample: Corpus, tmp_path: Path) -> None:
    """The Parquet file has the explicit schema and the same data for pyarrow and DuckDB."""
    path = tmp_path / "papers.parquet"
    sample.to_parquet(path)
    table = pq.read_table(path)
    assert table.schema.equals(arrow_schema(), check_metadata=False)
    assert str(table.schema.field("authors").type) == (
        "list<element: struct<name: string, affiliations: list<element: string>>>"
    )
    assert Corpus.from_parquet(path) == sample
    relation = duckdb.sql(
        "SELECT arxiv_id, authors[1].name AS first, len(authors) AS n, created "
        f"FROM read_parquet('{path}') ORDER BY arxiv_id"
    )
    assert relation is not None
    rows = relation.fetchall()
    expected = sorted(
        (p.arxiv_id, p.authors[0].name if p.authors else None, len(p.authors), p.created)
        for p in sample
    )
    assert rows == expected


def test_bibtex_parses_with_unique_keys(sample: Corpus) -> None:
    """The BibTeX follows arXiv's @misc style, parses, and has unique keys."""
    text = sample.to_bibtex()
    library = parse_bibtex(text)
    assert library.failed_blocks == []
    entries = library.entries
    assert len(entries) == 48
    assert len({entry.key for entry in entries}) == 48
    first = entries[0]
    assert first.key == "zeng2021pangu"
    assert first.entry_type == "misc"
    fields = {field.key: field.value for field in first.fields}
    assert fields["eprint"] == "2104.12369"
    assert fields["archivePrefix"] == "arXiv"
    assert fields["primaryClass"] == "cs.CL"
    assert fields["doi"] == "10.48550/arXiv.2104.12369"  # arXiv's DataCite DOI
    assert fields["url"] == "https://arxiv.org/abs/2104.12369"
    assert fields["year"] == "2021"


def test_bibtex_keys_and_escaping() -> None:
    """Keys stay unique for the same author, year and word; specials are escaped."""
    papers = [
        Paper(
            arxiv_id=f"2104.0000{i}",
            title="Deep & fast 50% {nets",
            authors=[Author(name="Jörg Müller")],
        )
        for i in (1, 2)
    ]
    text = Corpus(papers).to_bibtex()
    library = parse_bibtex(text)
    assert [entry.key for entry in library.entries] == ["muller2021deep", "muller2021deepb"]
    assert r"title={Deep \& fast 50\% \{nets}" in text
    assert bibtex_key(Paper(arxiv_id="2104.00001")) == "anon2021210400001"


def test_csv_has_every_field(sample: Corpus, tmp_path: Path) -> None:
    """CSV holds one row a paper, authors joined by '; '."""
    path = tmp_path / "papers.csv"
    sample.to_csv(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("arxiv_id,version,abstract,comments,doi,created,title,authors")
    assert "Wei Zeng; Xiaozhe Ren" in lines[1]


def test_from_arxiv_result() -> None:
    """Users holding arxiv.Result objects get Papers, version and affiliations included."""
    result = arxiv.Result(
        entry_id="http://arxiv.org/abs/2104.12369v2",
        title="PanGu-$\\alpha$:  Large",
        authors=[arxiv.Result.Author("Wei Zeng", ["Peng Cheng Lab"])],
        summary="An\n abstract.",
        published=dt.datetime(2021, 4, 26, tzinfo=dt.timezone.utc),
        updated=dt.datetime(2021, 5, 1, tzinfo=dt.timezone.utc),
        primary_category="cs.CL",
        categories=["cs.CL", "cs.AI"],
    )
    paper = Paper.from_arxiv_result(result)
    assert (paper.arxiv_id, paper.version, paper.latest_version) == ("2104.12369", 2, 2)
    assert paper.title_text == "PanGu-α: Large"
    assert paper.authors[0].affiliations == ("Peng Cheng Lab",)
    assert (paper.abstract, paper.created, paper.updated) == (
        "An abstract.",
        dt.date(2021, 4, 26),
        dt.date(2021, 5, 1),
    )


def test_html_reprs_escape_and_summarise(sample: Corpus) -> None:
    """Jupyter shows a compact table and a card; text is HTML-escaped."""
    html = sample._repr_html_()
    assert html.count("<tr>") == 1 + 20
    assert "and 28 more" in html
    card = Paper(arxiv_id="2104.00001", title="<script>x</script>")._repr_html_()
    assert "<script>" not in card
    assert "&lt;script&gt;" in card


def test_published_schema_is_current() -> None:
    """docs/paper.schema.json is the schema the code has (regenerate: papercorpus schema)."""
    published = json.loads(
        (Path(__file__).parent.parent / "docs" / "paper.schema.json").read_text(encoding="utf-8")
    )
    assert published == Paper.model_json_schema(mode="serialization")


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
