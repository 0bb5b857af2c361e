"""Properties of DOI splitting: real DOIs glued to any abstract start split back, or say so."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papercorpus import Corpus, Paper
from papercorpus.dois import SHAPES, split_dois, split_glued
from tests.strategies import paper_lists

RECORDS = Path(__file__).parent.parent / "data" / "oai" / "arxivraw-records.json"


@functools.cache
def real_dois() -> list[str]:
    """Every DOI of arXiv's test database, and one real DOI of each known shape."""
    rows = json.loads(RECORDS.read_text(encoding="utf-8"))
    found = [doi for row in rows for doi in split_dois(row["doi"])]
    return sorted({*found, *(shape.example for shape in SHAPES)})


# How real abstracts start: capitalised words, acronyms, numbers before capitals, TeX,
# lowercase words.
STARTS = [
    "We study", "In a previous paper", "A novel", "The", "Convolutional", "CNNs are",
    "2MASS JHKs data", "3D point clouds", "$\\alpha$-stable", "\\textit{Few} shots",
    "Étude des", "we propose", "(In this work)", "I review", "GRB afterglow", "X-ray",
]  # fmt: skip


@given(st.sampled_from(real_dois()), st.sampled_from(STARTS))
def test_a_glued_doi_splits_back_or_says_it_guessed(doi: str, start: str) -> None:
    glued = split_glued(doi + start + " and more.")
    right = glued.dois == (doi,) and glued.rest == f"{start} and more."
    assert right or glued.guessed, (doi, start, glued)
    if glued.guessed and any(c.isdigit() for c in doi.split("/", 1)[1]):
        # Both readings are given: the one taken and at least one other.
        assert glued.readings
        assert all(reading.startswith(doi.split("/", maxsplit=1)[0]) for reading in glued.readings)


@given(st.lists(st.sampled_from(real_dois()), min_size=1, max_size=4, unique=True),
       st.sampled_from(["; ", ", ", " ", "  "]))  # fmt: skip
def test_several_dois_split_in_order(dois: list[str], separator: str) -> None:
    assert split_dois(separator.join(dois)) == tuple(dois)
    glued = split_glued(separator.join(dois) + "We study it.")
    assert glued.dois[:-1] == tuple(dois[:-1])
    assert glued.dois[-1] == dois[-1] or glued.guessed


@given(st.text(max_size=300))
def test_any_text_is_split_and_nothing_lost(text: str) -> None:
    """Whatever follows `doi:`: the DOIs are pieces of it, the rest is its end.

    Nothing but whitespace and the separators between DOIs falls between them.
    """
    glued = split_glued(text)
    assert text.endswith(glued.rest)
    covered = "".join(glued.dois) + glued.rest
    dropped = "".join(text.split()).replace(";", "").replace(",", "")
    assert len("".join(covered.split()).replace(";", "").replace(",", "")) == len(dropped)
    assert all(doi in text for doi in glued.dois)


@pytest.mark.filterwarnings("ignore::papercorpus.CitationWarning")  # papers without titles
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)
@given(
    papers=paper_lists,
    several=st.lists(st.sampled_from(real_dois()), min_size=2, max_size=4, unique=True),
)
def test_several_dois_round_trip_through_every_export(
    papers: list[Paper], several: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import pandas as pd  # noqa: PLC0415

    corpus = Corpus([*papers, Paper(arxiv_id="2101.00001", abstract="A.", dois=several)])
    folder = tmp_path_factory.mktemp("exports")
    corpus.to_jsonl(folder / "papers.jsonl")
    corpus.to_parquet(folder / "papers.parquet")
    assert Corpus.from_jsonl(folder / "papers.jsonl") == corpus
    assert Corpus.from_parquet(folder / "papers.parquet") == corpus
    assert Corpus.from_arrow(corpus.to_arrow()) == corpus
    assert Corpus.from_pandas(corpus.to_pandas()) == corpus
    assert Corpus.from_pandas(pd.read_parquet(folder / "papers.parquet")) == corpus
    assert [tuple(row["dois"]) for row in json.loads(corpus.to_json() or "[]")] == [
        p.dois for p in corpus
    ]
    # BibTeX has room for one DOI: the first, alone.
    fields = [line.strip() for line in corpus.to_bibtex().splitlines() if "doi={" in line]
    assert len(fields) == len(corpus)
    assert all("; " not in field for field in fields)
