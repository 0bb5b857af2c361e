"""Properties of DOI splitting: real DOIs glued to any abstract start split back, or say so."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from papercorpus.dois import SHAPES, split_dois, split_glued

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
