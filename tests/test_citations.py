"""CSL-JSON and RIS (#25 item 2), read back by the tools reference managers use."""

from __future__ import annotations

import datetime as dt
import io
import json
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

from papercorpus import Author, CitationWarning, Corpus, Paper, load_sample
from papercorpus.export._cite import cite_year, split_name, venue_of

HOSTILE = [
    Paper(
        arxiv_id="2104.11883",
        title=r"Hilbert $C^*$ modules and N_c dependence of \textit{GAN}s & 50% #1 {unbalanced",
        authors=[Author(name="Waldyr A. Rodrigues Jr"), Author(name="ATLAS Collaboration")],
        journal_ref="IEEE Trans. Neural Netw. Learn. Syst. 34 (2023) 1021-1033",
        doi="10.1109/TNNLS.2021.3071937",
        published=dt.date(2021, 4, 24),
        abstract="An abstract\x00 with a NUL, \u202e a bidi override and 山田.",
        categories=("cs.LG", "cs.CV"),
        primary_category="cs.LG",
    ),
    Paper(arxiv_id="2104.12369", title="Only a title", published=dt.date(2021, 4, 26)),
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
    published = entries[-2]
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
