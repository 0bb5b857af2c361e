"""CSL-JSON and RIS (#25 item 2), read back by the tools reference managers use."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import warnings

import pytest
import rispy  # type: ignore[import-untyped]
from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from hypothesis import given, settings

from papercorpus import Author, CitationWarning, Corpus, Paper, load_sample
from papercorpus.export._cite import cite_year, split_name, venue_of
from tests.strategies import paper_lists

HOSTILE = [
    Paper(
        arxiv_id="2104.11883",
        title=r"Hilbert $C^*$ modules and N_c dependence of \textit{GAN}s & 50% #1 ~ results",
        authors=[Author(name="Waldyr A. Rodrigues Jr"), Author(name="ATLAS Collaboration")],
        journal_ref="IEEE Trans. Neural Netw. Learn. Syst. 34 (2023) 1021-1033",
        doi="10.1109/TNNLS.2021.3071937",
        published=dt.date(2021, 4, 24),
        abstract="An abstract\x00 with a NUL, \u202e a bidi override and 山田.",
        categories=("cs.LG", "cs.CV"),
        primary_category="cs.LG",
    ),
    Paper(arxiv_id="2104.12369", title="Only a title", published=dt.date(2021, 4, 26)),
    Paper(
        arxiv_id="2104.00001",
        title=r"An {unbalanced $x_1$ title \ with 100% of it",
        authors=[Author(name="A. B_c")],
    ),
]


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [*load_sample(), *HOSTILE]


def test_csl_json_renders_with_citeproc_for_every_paper(papers: list[Paper]) -> None:
    with pytest.warns(CitationWarning, match="no title or no authors"):
        text = Corpus(papers).to_csl_json()
    assert text is not None
    items = json.loads(text)
    assert len(items) == len(papers)
    assert len({item["id"] for item in items}) == len(items)
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    published = next(item for item in items if item["id"].startswith("rodrigues2021"))
    assert published["type"] == "article-journal"
    assert published["container-title"] == "IEEE Trans. Neural Netw. Learn. Syst."
    assert (published["volume"], published["page"]) == ("34", "1021-1033")
    assert published["issued"] == {"date-parts": [[2023]]}
    assert published["author"][0] == {"family": "Rodrigues", "given": "Waldyr A.", "suffix": "Jr"}
    assert published["author"][1] == {"literal": "ATLAS Collaboration"}
    preprint = next(item for item in items if item["id"].startswith("zeng2021pangu"))
    assert (preprint["type"], preprint["archive"], preprint["number"]) == (
        "article",
        "arXiv",
        "arXiv:2104.12369",
    )
    bare = next(
        item for item in items if item["number"] == "arXiv:2104.12369" and "author" not in item
    )
    assert "title" in bare  # the title it has; no invented author


def test_ris_reads_back_with_rispy_entry_for_entry(papers: list[Paper]) -> None:
    with pytest.warns(CitationWarning):
        text = Corpus(papers).to_ris()
    assert text is not None
    entries = rispy.load(io.StringIO(text))
    assert len(entries) == len(papers)
    for paper, entry in zip(papers, entries, strict=True):
        assert entry["urls"] == [f"https://arxiv.org/abs/{paper.arxiv_id}"]
        assert len(entry.get("authors", [])) == len(paper.authors)
        assert ("doi" in entry) == (paper.doi is not None)
    published = entries[-3]
    assert published["type_of_reference"] == "JOUR"
    assert (published["volume"], published["start_page"], published["end_page"]) == (
        "34",
        "1021",
        "1033",
    )
    assert published["authors"][0] == "Rodrigues, Waldyr A., Jr"
    assert "\x00" not in text
    assert "\u202e" not in text


def test_names_and_journal_references_split_as_citations_need() -> None:
    assert split_name("Ludwig van Beethoven").particle == "van"
    assert split_name("Plato").family == "Plato"
    assert venue_of("Phys.Rev.D76:013009,2007") is not None
    assert venue_of("Int.J.Mod.Phys.A22:2301-2312,2007").pages == "2301-2312"  # type: ignore[union-attr]
    assert venue_of("") is None
    assert venue_of("(" * 10_000) is not None  # hostile, and linear
    paper = Paper(arxiv_id="2104.12369", published=dt.date(2021, 4, 26), latest_version=3)
    assert cite_year(paper) == 2021  # the first version's year, not the latest's


def test_a_nul_led_csv_cell_is_neutralised(tmp_path: object) -> None:
    """OWASP ASVS 5.0 lists NUL beside = + - @ tab CR: the cell gets its leading `'`."""
    from pathlib import Path  # noqa: PLC0415

    assert isinstance(tmp_path, Path)
    path = tmp_path / "p.csv"
    Corpus([Paper(arxiv_id="2104.12369", title="\x00=cmd|' /C calc'!A0")]).to_csv(path)
    assert "'\x00=cmd" in path.read_text(encoding="utf-8")


def test_bibtex_compiles_and_keeps_case_and_the_arxiv_id() -> None:
    """No text-mode _ ^ ~ & % # outside math; case braced; @article for a journal; no invention."""
    from bibtexparser import parse_string  # type: ignore[attr-defined]  # noqa: PLC0415

    with pytest.warns(
        CitationWarning, match=r"1 papers have no title or no authors \(2104.12369\)"
    ):
        text = Corpus(HOSTILE).to_bibtex()
    library = parse_string(text)
    assert library.failed_blocks == []
    published, bare, unbalanced = library.entries
    fields = {field.key: field.value for field in published.fields}
    assert published.entry_type == "article"
    assert (fields["journal"], fields["volume"], fields["pages"], fields["year"]) == (
        "IEEE Trans. Neural Netw. Learn. Syst.",
        "34",
        "1021--1033",
        "2023",
    )
    assert r"N\_c" in fields["title"]
    assert "$C^*$" in fields["title"]  # math kept as it is
    assert "{GAN}" in fields["title"] or r"\textit{GAN}" in fields["title"]
    assert fields["author"].startswith("Rodrigues, Jr, Waldyr A. and {ATLAS Collaboration}")
    assert fields["note"] == "arXiv:2104.11883"
    outside_math = re.sub(r"\$[^$]*\$", "", fields["title"])
    assert not re.search(r"(?<!\\)[_^&%#~]", outside_math)
    bare_fields = {field.key for field in bare.fields}
    assert "author" not in bare_fields  # no "Anonymous"
    assert "title" in bare_fields
    assert published.key == "rodrigues2021hilbert"  # the first version's year: stable
    loose = {field.key: field.value for field in unbalanced.fields}["title"]
    assert not re.search(r"(?<!\\)[_^&%#~$]", loose)  # all text: nothing LaTeX trips on


def test_bibtex_protects_words_whose_case_matters() -> None:
    paper = Paper(
        arxiv_id="2104.12369",
        title="Pangu-Weather: A 3D high-resolution model for $SU(N)$ and GAN compression",
        authors=[Author(name="Kaifeng Bi")],
    )
    title = re.search(r"title=\{(.*)\},\n", Corpus([paper]).to_bibtex())
    assert title is not None
    assert title.group(1) == (
        "{Pangu-Weather}: A {3D} high-resolution model for {$SU(N)$} and {GAN} compression"
    )


# -- #25 item 3: CSV read back as text -------------------------------------------------------


def test_from_csv_round_trips_the_sample_and_keeps_identifiers_text(
    papers: list[Paper], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("csv") / "papers.csv"
    sample = Corpus(papers[:48])
    sample.to_csv(path)
    back = Corpus.from_csv(path)
    assert back == sample
    assert "2104.08700" in back.ids  # a trailing zero: a float reader would make it 2104.087


HOSTILE_CSV = [
    Paper(
        arxiv_id="2104.00001",
        version=2,
        title='=HYPERLINK("http://x") and @mentions, "quotes"; commas',
        abstract="-1 is negative\nand a second line",
        comments="+ 12 pages\n@ a note",
        dois=("10.1000/a", "10.1000/b"),
        authors=[Author(name="Waldyr A. Rodrigues Jr"), Author(name="O'Brien, Jr.")],
        categories=("cs.LG", "stat.ML"),
        primary_category="cs.LG",
        created=dt.date(2021, 4, 1),
        versions=[
            {"number": 1, "created": "2021-04-01T10:00:00Z", "size_kb": 23},
            {"number": 2, "created": "2021-05-01T10:00:00Z", "size_kb": 0, "withdrawn": True},
        ],
        withdrawn=True,
        source={"path": "dir:with:colons/listing.txt", "line": 7},
    ),
    Paper(arxiv_id="chao-dyn/9510015", title="\x00 a NUL first", abstract="\t tab first"),
]


def test_from_csv_round_trips_hostile_cells(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("csv") / "hostile.csv"
    Corpus(HOSTILE_CSV).to_csv(path)
    assert Corpus.from_csv(path) == Corpus(HOSTILE_CSV)
    raw = tmp_path_factory.mktemp("csv") / "raw.csv"
    Corpus(HOSTILE_CSV).to_csv(raw, escape_formulas=False)
    assert Corpus.from_csv(raw, escape_formulas=False) == Corpus(HOSTILE_CSV)


def test_a_row_that_is_no_paper_is_a_diagnostic_with_its_line(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from papercorpus import ParseError, ParseWarning  # noqa: PLC0415

    path = tmp_path_factory.mktemp("csv") / "bad.csv"
    Corpus(HOSTILE_CSV).to_csv(path)
    text = path.read_text(encoding="utf-8").replace("v1 2021-04-01", "version one 2021", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.warns(ParseWarning):
        back = Corpus.from_csv(path)
    assert back.ids == ["chao-dyn/9510015"]
    (problem,) = back.diagnostics
    assert problem.line == 2
    assert "a version as" in problem.found
    with pytest.raises(ParseError):
        Corpus.from_csv(path, strict=True)


@settings(max_examples=60, deadline=None)
@given(paper_lists)
def test_from_csv_reads_back_any_listing_paper(papers: list[Paper]) -> None:
    """Whatever a listing holds (DOIs, comment blocks, dates, versions): the same papers."""
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        Corpus(papers).to_csv(path)
        assert list(Corpus.from_csv(path)) == papers


def test_excel_csv_has_a_byte_order_mark_and_says_what_excel_cuts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from papercorpus import ExportWarning  # noqa: PLC0415

    path = tmp_path_factory.mktemp("csv") / "excel.csv"
    long = Paper(arxiv_id="2104.00002", abstract="word " * 7000)
    with pytest.warns(ExportWarning, match=r"1 papers have a cell longer than Excel's 32,767"):
        Corpus([long, *HOSTILE_CSV]).to_csv(path, excel=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfarxiv_id,")
    assert Corpus.from_csv(path) == Corpus([long, *HOSTILE_CSV])  # the mark is read past
    from papercorpus.cli import main  # noqa: PLC0415

    out = tmp_path_factory.mktemp("cli") / "sample.csv"
    assert main(["sample", "--format", "csv", "--excel", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
