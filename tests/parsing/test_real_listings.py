"""Listings written from arXiv's own metadata of 503 papers parse right, or say where not.

The listings are written from a full `arXivRaw` harvest of arXiv's test database (see
`tests/parsing/real_listings.py`): its DOI fields hold several DOIs, publishers' shapes
(RSC's `C1CC10314H`, Springer's `...-y`, IMS's `12-AAP850`), and abstracts that start with
`2MASS` or a lowercase word.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from papercorpus import Diagnostic, Paper, iter_papers, load_sample, parse
from papercorpus.loading import sample_path
from tests.parsing.real_listings import compact, expected, spaced


def _check(text: str) -> tuple[list[str], list[str], list[Diagnostic]]:
    """The records parsed wrong, those of them no diagnostic names, and the diagnostics."""
    diagnostics: list[Diagnostic] = []
    papers = {p.arxiv_id: p for p in parse(text, on_diagnostic=diagnostics.append)}
    wrong = [
        record.arxiv_id
        for record in expected()
        if (paper := papers.get(record.arxiv_id)) is None
        or (paper.abstract, paper.comments, paper.dois) != (
            record.abstract, record.comments, record.dois
        )
    ]  # fmt: skip
    named = {d.arxiv_id for d in diagnostics}
    # A wrong DOI puts its error in the next record too: the diagnostic names the first.
    order = [record.arxiv_id for record in expected()]
    before = {order[i]: order[i - 1] for i in range(1, len(order))}
    silent = [key for key in wrong if key not in named and before.get(key) not in named]
    return wrong, silent, diagnostics


def test_the_spaced_listing_is_read_whole() -> None:
    wrong, _, diagnostics = _check(spaced())
    assert wrong == []
    assert diagnostics == []
    several = [r for r in expected() if len(r.dois) > 1]
    assert [r.arxiv_id for r in several] == ["1011.0730", "1006.4407"]


def test_the_compact_listing_is_read_right_or_diagnosed() -> None:
    wrong, silent, diagnostics = _check(compact())
    assert len(expected()) - len(wrong) >= 500
    assert silent == []
    assert {d.code for d in diagnostics} == {"ambiguous-doi"}
    assert len(diagnostics) <= 12  # guesses only where no publisher's shape settles it


def test_several_dois_in_both_layouts() -> None:
    text = (
        "Abstract one.\n\narXiv:1006.4407 - doi: 10.1002/andp.201000099; 10.1002/andp.201200739\n"
    )
    (paper,) = parse(text)
    assert paper.dois == ("10.1002/andp.201000099", "10.1002/andp.201200739")
    assert paper.doi == "10.1002/andp.201000099"
    text = (
        "Abstract one.\narXiv:1102.0444 - doi: 10.1007/JHEP12(2010)070 "
        "10.1007/JHEP02(2011)044Two abstract.\narXiv:1102.0445\n"
    )
    first, second = parse(text)
    assert first.dois == ("10.1007/JHEP12(2010)070", "10.1007/JHEP02(2011)044")
    assert second.abstract == "Two abstract."


def test_a_spaced_doi_is_never_cut() -> None:
    """RSC's `C1CC10314H`: the spaced identifier line stands alone, nothing is split off."""
    text = (
        "Abstract.\n\narXiv:1103.0001 - doi: 10.1039/C1CC10314H\nCreated: 2011-03-01\n\n"
        "Next.\n\narXiv:1103.0002\n"
    )
    first, second = parse(text)
    assert first.dois == ("10.1039/C1CC10314H",)
    assert second.abstract == "Next."


@pytest.mark.parametrize(
    ("glued", "doi", "abstract", "diagnosed"),
    [
        ("10.1007/s00205-010-0322-xIn a previous paper", "10.1007/s00205-010-0322-x",
         "In a previous paper", False),
        ("10.1039/C1CC10314HWe report", "10.1039/C1CC10314H", "We report", False),
        ("10.1007/s10543-009-0219-yTwo related", "10.1007/s10543-009-0219-y", "Two related",
         False),
        ("10.1103/PhysRevD.82.1035102D gravity", "10.1103/PhysRevD.82.103510", "2D gravity",
         False),
        # Two readings fit IMS's shape: the split is a guess, and said to be one.
        ("10.1214/12-AAP8502MASS JHKs data", "10.1214/12-AAP8502", "MASS JHKs data", True),
        ("10.9999/abc.123Some text", "10.9999/abc.123", "Some text", True),
    ],
)  # fmt: skip
def test_glued_dois(glued: str, doi: str, abstract: str, diagnosed: bool) -> None:  # noqa: FBT001
    diagnostics: list[Diagnostic] = []
    first, second = parse(
        f"Abstract.\narXiv:2101.00001 - doi: {glued}\narXiv:2101.00002\n",
        on_diagnostic=diagnostics.append,
    )
    assert (first.doi, second.abstract) == (doi, abstract)
    assert bool(diagnostics) is diagnosed
    if diagnosed:
        (diagnostic,) = diagnostics
        assert diagnostic.code == "ambiguous-doi"
        assert diagnostic.arxiv_id == "2101.00001"
        assert "; or '10." in diagnostic.found  # both readings


def test_the_ims_guess_names_both_readings() -> None:
    diagnostics: list[Diagnostic] = []
    parse(
        "Abstract.\narXiv:1211.0001 - doi: 10.1214/12-AAP8502MASS JHKs data\narXiv:1211.0002\n",
        on_diagnostic=diagnostics.append,
    )
    assert diagnostics[0].found == (
        "'10.1214/12-AAP8502' followed by 'MASS JHKs data'; or '10.1214/12-AAP850'"
    )


def test_a_date_glued_to_the_next_abstract() -> None:
    """`cat` of files without a final newline: the date, then the next record."""
    text = "First.\n\narXiv:2008.00001\nCreated: 2020-08-03Second abstract.\narXiv:2008.00002\n"
    diagnostics: list[Diagnostic] = []
    first, second = parse(text, on_diagnostic=diagnostics.append)
    assert diagnostics == []
    assert str(first.created) == "2020-08-03"
    assert second.abstract == "Second abstract."


def test_cat_of_the_samples_is_the_samples(tmp_path: Path) -> None:
    """The samples end without a newline: concatenated, they give the same 48 papers."""
    files = sorted(sample_path().glob("listing-*.txt"))
    joined = b"".join(path.read_bytes() for path in files)
    diagnostics: list[Diagnostic] = []
    together = list(iter_papers(io.BytesIO(joined), on_diagnostic=diagnostics.append))
    apart: list[Paper] = []
    for path in files:
        apart.extend(iter_papers(path, on_diagnostic=lambda _: None))
    strip = {"source"}
    assert [p.model_dump(exclude=strip) for p in together] == [
        p.model_dump(exclude=strip) for p in apart
    ]
    assert len({p.arxiv_id for p in together}) == len(load_sample()) == 48
    del tmp_path
