"""Hypothesis strategies for identifiers, papers and listings, shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from papercorpus import ArxivId, Paper
from papercorpus.dois import SHAPES
from papercorpus.ids import OLD_STYLE_ARCHIVES


def _yymm(first: int, last: int) -> st.SearchStrategy[str]:
    # Drawn from the valid months themselves: a filter would reject seven draws in eight,
    # and Hypothesis's health check fails such a strategy now and then.
    return st.sampled_from([f"{n:04d}" for n in range(first, last + 1) if 1 <= n % 100 <= 12])


def _new_style(yymm: str, number: int, version: int | None) -> ArxivId:
    digits = 4 if int(yymm) < 1501 else 5
    return ArxivId(f"{yymm}.{number % 10**digits or 1:0{digits}d}", version)


versions = st.none() | st.integers(1, 9999)
new_style_ids = st.builds(_new_style, _yymm(704, 9912), st.integers(1, 99999), versions)
old_style_ids = st.builds(
    lambda archive, subject, yymm, n, v: ArxivId(f"{archive}{subject}/{yymm}{n:03d}", v),
    st.sampled_from(sorted(OLD_STYLE_ARCHIVES)),
    st.sampled_from(["", "", ".GT", ".AI", ".CO"]),
    st.one_of(_yymm(9107, 9912), _yymm(1, 703)),
    st.integers(1, 999),
    versions,
)
arxiv_ids = st.one_of(new_style_ids, old_style_ids)

# Words as real abstracts have them: LaTeX, digits first, Unicode, an arXiv: reference.
WORDS = [
    "the", "model", "we", "propose", "3D", "point", "clouds", "PanGu-$\\alpha$",
    "\\textit{few-shot}", "$x^2$", "arXiv:1907.08769", "Étude", "naïve", "10%", "(CNNs)",
    "https://github.com/a/b", "v2", "e.g.,", "200", "Created:", "doi:", "-",
]  # fmt: skip
# An abstract that follows a glued identifier or DOI must start with a capital letter that
# a letter or a space follows (FORMAT.md's DOI rule), so that the layouts can say it.
FIRST_WORDS = ["We", "Convolutional", "A", "CNNs", "Large-scale", "Étude", "In"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
abstracts = st.builds(
    lambda first, rest: " ".join([first, *rest]), st.sampled_from(FIRST_WORDS), words
)
comment_lines = st.builds(
    lambda first, rest: " ".join([first, *rest]),
    st.sampled_from(["11 pages,", "Accepted", "arXiv admin note:", "CVPR", "Work"]),
    words,
)
comments = st.none() | st.lists(comment_lines, min_size=1, max_size=3).map("\n".join)
made_up_dois = st.builds(
    lambda prefix, suffix, digits: f"10.{prefix}/{suffix}.{digits}",
    st.integers(1000, 99999),
    st.text("abcdefgh.-", min_size=1, max_size=8),
    st.integers(0, 10**7),
)
# Real DOIs of the shapes papercorpus knows (one of each publisher), and made-up ones.
real_dois = st.sampled_from([shape.example for shape in SHAPES])
doi_lists = st.lists(real_dois | made_up_dois, max_size=3, unique=True).map(tuple)
dates = st.none() | st.dates(dt.date(1991, 8, 1), dt.date(2030, 12, 31))


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper as a listing can hold it: an abstract, maybe comments, DOI and date."""
    identifier = draw(arxiv_ids)
    return Paper(
        arxiv_id=identifier.base,
        version=identifier.version,
        abstract=draw(abstracts),
        comments=draw(comments),
        dois=draw(doi_lists),
        created=draw(dates),
    )


paper_lists = st.lists(papers(), max_size=8)
