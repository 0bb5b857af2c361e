"""Exports: JSONL round trip, pandas, Parquet read back by pyarrow and DuckDB, BibTeX, CSV."""

from __future__ import annotations

import json
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bibtexparser import parse_string as parse_bibtex  # type: ignore[attr-defined]
from bibtexparser.middlewares import SeparateCoAuthors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papercorpus import Author, Corpus, Paper, load_sample
from papercorpus.errors import CitationWarning
from papercorpus.export import arrow_schema, bibtex_key
from tests.property.test_listings import mutated_listings
from tests.streams import FullDisk


def test_jsonl_round_trips_exactly(sample: Corpus, tmp_path: Path) -> None:
    """to_jsonl then from_jsonl gives equal papers, sources included."""
    path = tmp_path / "papers.jsonl"
    sample.to_jsonl(path)
    again = Corpus.from_jsonl(path)
    assert again == sample
    assert [p.source for p in again] == [p.source for p in sample]
    assert json.loads(sample.to_json() or "")[0]["arxiv_id"] == "2104.12369"


def test_jsonl_lines_that_are_no_paper_are_diagnostics(tmp_path: Path) -> None:
    """Each bad line is reported with its file, line and column; the good ones are read."""
    from papercorpus import DiagnosticCode, ParseError, ParseWarning  # noqa: PLC0415

    path = tmp_path / "papers.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"arxiv_id": "2104.12369", "abstract": "Caf\xe9."}\r\n'
        b"\n"
        b"{not json}\n"
        b'{"arxiv_id": 5}\n'
        b'{"arxiv_id": "2104.1236"}\n'
        b'{"arxiv_id": "2104.11883"}'
    )
    with pytest.warns(ParseWarning, match="and 3 more"):
        corpus = Corpus.from_jsonl(path)
    assert [paper.arxiv_id for paper in corpus] == ["2104.12369", "2104.11883"]
    assert corpus["2104.12369"].abstract == "Caf\ufffd."
    found = [(d.code, d.line, d.column) for d in corpus.diagnostics]
    assert found == [
        (DiagnosticCode.INVALID_UTF8, 1, 44),
        (DiagnosticCode.MALFORMED_RECORD, 3, 2),
        (DiagnosticCode.MALFORMED_RECORD, 4, 1),
        (DiagnosticCode.MALFORMED_RECORD, 5, 1),
    ]
    assert corpus.diagnostics[1].found == "invalid JSON: key must be a string"
    assert corpus.diagnostics[2].found == "arxiv_id: Input should be a valid string"
    assert all(d.path == str(path) for d in corpus.diagnostics)
    with pytest.raises(ParseError) as raised:
        Corpus.from_jsonl(path, strict=True)
    assert str(raised.value).startswith(f"{path}:1:44: expected UTF-8 text")


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


def test_parquet_in_row_groups_holds_every_paper_in_order(
    sample: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written a group at a time by a thread of its own: the same table, the stream open."""
    from papercorpus.export import _parquet, _tables  # noqa: PLC0415

    monkeypatch.setattr(_tables, "ROW_GROUP", 5)
    path = tmp_path / "papers.parquet"
    with path.open("wb") as stream:
        assert _parquet.write_parquet(list(sample), stream) == 48
        assert not stream.closed
        stream.write(b"")  # still the caller's to use
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 10  # 9 of 5 papers, then 3
    assert parquet.read().equals(sample.to_arrow())
    assert Corpus.from_parquet(path) == sample  # read back from its ten groups
    empty = tmp_path / "empty.parquet"
    Corpus([]).to_parquet(empty)
    assert pq.read_table(empty).schema.equals(arrow_schema(), check_metadata=False)
    assert pq.read_table(empty).num_rows == 0


@pytest.mark.parametrize("room", [0, 100_000])
def test_parquet_writer_failure_reaches_the_caller(
    sample: Corpus, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    """A write that fails in the writer's thread raises in the caller; nothing hangs."""
    from papercorpus.export import _parquet, _tables  # noqa: PLC0415

    monkeypatch.setattr(_tables, "ROW_GROUP", 5)
    monkeypatch.setattr(_parquet, "BUFFER", 1024)
    with pytest.raises(OSError, match="No space left"):
        _parquet.write_parquet(list(sample), cast("IO[bytes]", FullDisk(room)))
    assert not [t for t in threading.enumerate() if t.name.startswith("papercorpus-parquet")]


def test_bibtex_parses_with_unique_keys(sample: Corpus) -> None:
    """The BibTeX follows arXiv's @misc style, parses, and has unique keys."""
    with pytest.warns(CitationWarning, match=r"2 papers have no title or no authors \(2102"):
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
    assert r"title={Deep \& fast 50\% \textbraceleft{}nets}" in text
    assert bibtex_key(Paper(arxiv_id="2104.00001")) == "anon2021210400001"


def test_csv_has_every_field(sample: Corpus, tmp_path: Path) -> None:
    """CSV holds one row a paper, authors joined by '; '."""
    path = tmp_path / "papers.csv"
    sample.to_csv(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("arxiv_id,version,abstract,comments,doi,dois,created,title,authors")
    assert "Wei Zeng; Xiaozhe Ren" in lines[1]


def test_a_corpus_speaks_the_arrow_stream_protocol(sample: Corpus) -> None:
    """DuckDB, pyarrow and polars read a Corpus as it is, through `__arrow_c_stream__`."""
    import polars as pl  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    corpus = sample
    relation = duckdb.sql("select count(*) from corpus")
    assert relation is not None
    assert relation.fetchall() == [(len(sample),)]
    assert pa.table(corpus).equals(sample.to_arrow())
    assert pl.DataFrame(corpus).height == len(sample)
    assert sample.to_polars()["arxiv_id"].to_list() == sample.ids


def test_arrow_and_pandas_round_trip(sample: Corpus) -> None:
    """from_arrow(to_arrow()) gives the papers back; from_pandas(to_pandas()) the same frame."""
    import pandas as pd  # noqa: PLC0415

    assert Corpus.from_arrow(sample.to_arrow()) == sample
    frame = sample.to_pandas()
    pd.testing.assert_frame_equal(Corpus.from_pandas(frame).to_pandas(), frame)


def _read_back(value: str) -> str:
    """Undo what the BibTeX writer escapes (its documented scheme)."""
    for escaped, plain in (
        (r"\textbackslash{}", "\\"),
        (r"\textbraceleft{}", "{"),
        (r"\textbraceright{}", "}"),
        (r"\&", "&"),
        (r"\%", "%"),
        (r"\#", "#"),
        (r"\_", "_"),
        (r"\^{}", "^"),
        (r"\textasciitilde{}", "~"),
        (r"\$", "$"),
    ):
        value = value.replace(escaped, plain)
    return value


def _bibtex_round_trip(paper: Paper) -> tuple[str, list[str], str]:
    library = parse_bibtex(Corpus([paper]).to_bibtex(), append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    (entry,) = library.entries
    fields = {field.key: field.value for field in entry.fields}
    authors = [name.removeprefix("{").removesuffix("}") for name in fields["author"]]
    return _read_back(fields["title"]), [_read_back(a) for a in authors], _read_back(fields["doi"])


@pytest.mark.parametrize(
    ("title", "author", "doi"),
    [
        pytest.param("A title ending in \\", "Ada Lovelace", "10.1/x", id="trailing-backslash"),
        pytest.param("a \\} b {", "Ada Lovelace", "10.1/x", id="escaped-close-then-open"),
        pytest.param("Plain", "Ada Lovelace", "10.1234/{weird}}doi{", id="braces-in-doi"),
        pytest.param("Plain", "ATLAS and CMS Collaborations", "10.1/x", id="and-in-a-name"),
        pytest.param("50% & #1 results", "Grace Hopper", "10.1/x%y", id="specials"),
    ],
)
def test_bibtex_reads_back_the_same(title: str, author: str, doi: str) -> None:
    """Hostile titles, names and DOIs: the entry parses and gives the same values back."""
    paper = Paper(arxiv_id="2104.12369", title=title, authors=[Author(name=author)], doi=doi)
    assert _bibtex_round_trip(paper) == (title, [author], doi)


@settings(max_examples=200)
@given(
    st.text(alphabet="ab {}\\&%#$_^~é山", min_size=1, max_size=20).map(str.strip).filter(bool),
    st.lists(
        st.text(alphabet="ab {}\\&é山-", min_size=1, max_size=12).map(str.strip).filter(bool),
        min_size=1,
        max_size=3,
    ),
)
def test_any_bibtex_entry_parses_back(title: str, names: list[str]) -> None:
    """Whatever the text, bibtexparser reads the entry whole, with the same title and names."""
    title = " ".join(title.split())
    names = [" ".join(n.split()) for n in names]
    paper = Paper(arxiv_id="2104.12369", title=title, authors=[Author(name=n) for n in names])
    read_title, read_names, _ = _bibtex_round_trip(paper)
    if "\\" not in title:  # a title with its own LaTeX escapes may read back unescaped
        assert read_title == title
    assert len(read_names) == len(names)


def test_bibtex_keys_are_transliterated() -> None:
    """A non-Latin first author gives a readable key; `anon` only without authors."""
    paper = Paper(arxiv_id="2401.00001", title="Graphs", authors=[Author(name="山田太郎")])
    assert bibtex_key(paper).startswith("shantiantailang2024")
    assert bibtex_key(Paper(arxiv_id="2401.00001", title="Graphs")).startswith("anon2024")


def test_parquet_takes_a_stream_of_papers_a_group_at_a_time(
    sample: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#26 item 4: the papers of a generator are written before the generator ends."""
    from papercorpus.export import _parquet, _tables  # noqa: PLC0415

    monkeypatch.setattr(_tables, "ROW_GROUP", 5)
    monkeypatch.setattr(_tables, "BATCH", 3)  # groups joined from batches that do not fit
    monkeypatch.setattr(_parquet, "BUFFER", 1024)
    path = tmp_path / "streamed.parquet"
    written_before_the_end: list[int] = []
    with path.open("wb") as stream:

        def papers() -> Iterator[Paper]:
            yield from sample
            written_before_the_end.append(stream.tell())

        assert _parquet.write_parquet(papers(), stream) == 48
    assert written_before_the_end[0] > 0  # groups went out while papers still came
    assert pq.read_table(path).equals(sample.to_arrow())
    assert _tables.to_arrow(iter(sample)).equals(sample.to_arrow())  # a generator: the same


def test_an_export_leaves_no_derived_values_on_the_papers(tmp_path: Path) -> None:
    """#26 item 3: derived values are made for the export, not kept on the papers."""
    papers = [p.model_copy() for p in load_sample()]  # fresh: nothing computed yet
    corpus = Corpus(papers)
    corpus.to_arrow()
    corpus.to_jsonl(tmp_path / "p.jsonl")
    corpus.to_csv(tmp_path / "p.csv")
    assert corpus.to_json() is not None
    assert not any("_derived" in paper.__dict__ for paper in papers)
    assert list(papers[0].urls) == corpus.to_arrow().column("urls")[0].as_py()  # on demand
    assert "_derived" in papers[0].__dict__  # a paper asked keeps its own, as before


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "bibtex", "csl_json", "ris"])
def test_every_text_writer_returns_text_or_writes_the_file(
    sample: Corpus, tmp_path: Path, fmt: str
) -> None:
    """#27: no path, the text; a path, the file and None, for every text format."""
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CitationWarning)  # two sample papers lack metadata
        writer = getattr(sample, f"to_{fmt}")
        text = writer()
        path = tmp_path / f"papers.{fmt}"
        assert writer(path) is None
    assert isinstance(text, str)
    assert text
    assert path.read_bytes().decode("utf-8") == text  # CSV's CRLF included


def test_a_table_row_that_is_no_paper_is_a_diagnostic_as_in_from_jsonl(sample: Corpus) -> None:
    """#27: every `from_*` collects diagnostics the same way (no raw ValidationError)."""
    from papercorpus import ParseError, ParseWarning  # noqa: PLC0415

    table = sample.to_arrow()
    ids = table.column("arxiv_id").to_pylist()
    ids[3] = "not an identifier"
    bad = table.set_column(0, "arxiv_id", pa.array(ids))
    with pytest.warns(ParseWarning):
        back = Corpus.from_arrow(bad)
    assert len(back) == len(sample) - 1
    (problem,) = back.diagnostics
    assert (problem.path, problem.line) == ("<arrow>", 4)
    assert "arxiv_id" in problem.found
    with pytest.raises(ParseError):
        Corpus.from_arrow(bad, strict=True)
    frame = sample.to_pandas()
    frame.loc[0, "arxiv_id"] = "nope"
    with pytest.warns(ParseWarning):
        assert len(Corpus.from_pandas(frame)) == len(sample) - 1


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80, deadline=None)
@given(mutated_listings(), st.integers(1, 4), st.booleans())
def test_a_listing_exports_from_its_columns_as_from_its_papers(
    text: str,
    batch: int,
    dedupe: bool,  # noqa: FBT001
) -> None:
    """A loaded listing is exported from its columns: the table and bytes its Papers give.

    No Paper is built for the export; whatever the chunks, merged copies among them too.
    """
    from papercorpus import ParseWarning, export, load  # noqa: PLC0415
    from papercorpus.export import _tables  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tables, "BATCH", batch)
        patch.setattr(_tables, "ROW_GROUP", batch + 1)
        listing = Path(folder) / "listing.txt"
        listing.write_text(text, encoding="utf-8")
        with warnings.catch_warnings():  # the mutations' problems: not this test's subject
            warnings.simplefilter("ignore", ParseWarning)
            corpus = load(listing, dedupe=dedupe)
        papers = list(corpus)
        assert corpus.to_arrow().equals(export.to_arrow(papers))
        corpus.to_parquet(Path(folder) / "columns.parquet")
        export.write(papers, "parquet", Path(folder) / "papers.parquet")
        columns, built = (Path(folder) / name for name in ("columns.parquet", "papers.parquet"))
        assert columns.read_bytes() == built.read_bytes()
