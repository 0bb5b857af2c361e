"""Derived fields: checked by hand on all 48 sample papers, and on the hard cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus import Paper, load_sample
from papercorpus.derive import find_counts, find_status, find_urls, find_venue, latex_to_text

# Each paper's expected (pages, figures, tables, venue, venue_year, status, related_ids,
# code_url), read off its comments and abstract by hand.
EXPECTED = {
    "2104.12369": (None, None, None, None, None, None, (), None),
    "2104.11883": (11, 4, None, None, None, None, (), "https://github.com/zyxxmu/White-Box"),
    "2104.08700": (10, 7, None, None, None, None, (), None),
    "2104.04669": (None, None, None, "DCC", 2017, "accepted", ("1907.08769",), None),
    "2103.16086": (None, None, None, "IEEE T-CSVT", 2021, "accepted", (), None),
    "2103.16746": (None, None, None, "CVPR", 2021, "accepted", (), None),
    "2103.14473": (None, None, None, None, None, None, (), "https://github.com/SJLeo/FFSD"),
    "2103.12369": (11, 5, None, None, None, None, (), "https://github.com/z-hXu/ReCU"),
    "2103.00953": (None, None, None, None, None, None, (), None),
    "2102.06841": (5, 2, None, "ICASSP", 2021, "accepted", (), None),
    "2104.00885": (
        None, None, None, "CVPR", 2021, "camera-ready", (),
        "https://github.com/CASIA-IVA-Lab/ACSL",
    ),
    "2103.05471": (
        None, None, None, "CVPR", 2021, "accepted", (), "https://github.com/chenyaofo/CTNAS",
    ),
    "2103.00741": (None, None, None, None, None, None, (), None),
    "2102.00396": (10, 13, None, None, None, None, (), None),
    "2101.12010": (None, None, None, None, None, None, (), None),
    "2012.13680": (12, 9, None, None, None, None, (), None),
    "2012.02530": (23, None, None, None, None, None, (), None),
    "2008.05977": (
        None, None, None, "ACM Multimedia", 2020, None, (),
        "https://github.com/lingan1996/ACTION-NET",
    ),
    "2008.00666": (None, None, None, None, None, None, (), None),
    "2104.02244": (None, None, None, "CVPR", 2021, "published", (), None),
    "2103.14983": (None, None, None, None, None, None, (), None),
    "2103.09776": (None, None, None, None, None, None, (), None),
    "2012.07288": (None, None, None, None, None, None, (), None),
    "2012.07181": (None, None, None, None, None, None, (), None),
    "2012.06722": (None, None, None, None, None, None, (), "https://github.com/yucornetto/MGMatting"),
    "2012.06272": (None, None, None, None, None, None, ("2009.01431",), None),
    "2011.12836": (None, None, None, None, None, None, (), "https://github.com/zengxianyu/crfill"),
    "2011.02146": (None, None, None, "WACV", 2021, None, (), None),
    "2012.04446": (None, None, None, None, None, None, (), None),
    "2011.14660": (
        None, None, None, None, None, None, (),
        "https://github.com/mzhaoshuai/SplitNet-Divide-and-Co-training",
    ),
    "2011.09463": (4, None, None, None, None, None, (), "https://github.com/alibaba/EasyTransfer"),
    "2010.10700": (None, None, None, None, None, None, (), None),
    "2010.07485": (None, None, None, None, None, None, (), None),
    "2010.04879": (9, 3, None, None, None, None, (), None),
    "2010.01279": (19, 4, 4, None, None, None, (), None),
    "2008.13719": (None, None, None, None, None, None, (), None),
    "2008.06313": (8, 6, None, None, None, None, (), None),
    "2008.06181": (10, None, None, None, None, None, (), None),
    "2304.11414": (None, None, None, None, None, "work in progress", (), None),
    "2303.09083": (12, 7, 10, None, None, None, (), None),
    "2303.07806": (None, None, None, None, None, None, (), None),
    "2211.12735": (13, 5, 13, None, None, None, (), "https://github.com/sunsmarterjie/iTPN"),
    "2211.02556": (19, 13, None, None, None, None, (), None),
    "2210.00232": (None, None, None, None, None, None, (), None),
    "2208.02515": (None, None, None, None, None, None, (), None),
    "2208.00368": (None, None, None, "ECCV", 2022, "accepted", (), None),
    "2207.14227": (None, None, None, None, None, None, (), None),
    "2207.11493": (None, None, None, "ECCV", 2022, None, (), None),
}  # fmt: skip


def test_every_sample_paper_by_hand() -> None:
    """Counts, venue, status, related ids and code link match what a person reads."""
    corpus = load_sample(enriched=False)
    assert set(corpus.ids) == set(EXPECTED)
    for paper in corpus:
        got = (
            paper.pages, paper.figures, paper.tables, paper.venue, paper.venue_year,
            paper.status, paper.related_ids, paper.code_url,
        )  # fmt: skip
        assert got == EXPECTED[paper.arxiv_id], paper.arxiv_id
        assert (paper.year, paper.month) == (
            2000 + int(paper.arxiv_id[:2]),
            int(paper.arxiv_id[2:4]),
        )
        assert paper.abs_url == f"https://arxiv.org/abs/{paper.arxiv_id}"
        assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.arxiv_id}"


def test_derived_fields_are_in_the_json_and_ignored_on_the_way_back() -> None:
    """model_dump(mode='json') carries the derived fields; validating it back recomputes them."""
    paper = load_sample()["2103.05471"]
    data = paper.model_dump(mode="json")
    assert data["venue"] == "CVPR"
    assert data["code_url"] == "https://github.com/chenyaofo/CTNAS"
    assert data["urls"] == ["https://github.com/chenyaofo/CTNAS"]
    assert Paper.model_validate(data) == paper


def test_copies_recompute_derived_fields() -> None:
    """model_copy(update=...) never keeps a stale derived value."""
    paper = Paper(arxiv_id="2104.00001", comments="Accepted by CVPR 2021")
    assert paper.venue == "CVPR"
    copied = paper.model_copy(update={"comments": "Accepted by ICCV 2021"})
    assert (copied.venue, paper.venue) == ("ICCV", "CVPR")
    assert hash(paper) == hash(Paper(arxiv_id="2104.00001", comments="Accepted by CVPR 2021"))


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"PanGu-$\alpha$ model", "PanGu-α model", id="greek"),
        pytest.param(r"\textit{few-shot} and \emph{zero}", "few-shot and zero", id="formatting"),
        pytest.param(r"see \url{https://x.org/a_b%20c}.", "see https://x.org/a_b%20c.", id="url"),
        pytest.param(r"as shown \cite{smith2020, doe} here", "as shown here", id="cite"),
        pytest.param(r"a \replaced[id=pan]{new}{old} word", "a new word", id="replaced"),
        pytest.param(r"an \unknownmacro{argument} stays", "an argument stays", id="unknown"),
        pytest.param(r"reduces 65.23% FLOPs & more", "reduces 65.23% FLOPs & more", id="percent"),
        pytest.param(r"$x^2$ and $10^{-3}$", "x² and 10⁻³", id="scripts"),
        pytest.param(r"$\sim$5% at $\times$2", "\u223c5% at \u00d72", id="symbols"),
        pytest.param(
            r"bound $\sum_{i=1}^{n} x_i^2$ here", r"bound $\sum_{i=1}^{n} x_i^2$ here", id="sum"
        ),
        pytest.param(r"decay $H\to\nu\bar\nu$", r"decay $H\to\nu\bar\nu$", id="physics"),
        pytest.param(
            "Code: [this https URL](https://github.com/a/b)",
            "Code: https://github.com/a/b",
            id="md",
        ),
        pytest.param("E. coli \\textit{E. coli}", "E. coli E. coli", id="plain"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    """LaTeX renders to plain Unicode; unrenderable math stays as written."""
    assert latex_to_text(latex) == text


LATEX_PIECES = [*"ab $\\{}_^%&#~[]()x1 \n", r"\alpha", r"\textit{", r"\cite{", "$$", r"\("]


@given(st.lists(st.sampled_from(LATEX_PIECES)).map("".join))
def test_latex_to_text_never_raises(latex: str) -> None:
    """Any input at all renders without an exception, to normalised text."""
    text = latex_to_text(latex)
    assert text == " ".join(text.split())


def test_urls_are_cleaned_and_deduplicated() -> None:
    """Trailing punctuation, markdown and LaTeX wrapping go; each link is listed once."""
    urls = find_urls(
        "Code at [this https URL](https://github.com/a/b). See (https://x.org/p_(q)).",
        r"Mirror: \url{https://github.com/a/b}, and https://hf.co/x;",
    )
    assert urls == ["https://github.com/a/b", "https://x.org/p_(q)", "https://hf.co/x"]


@pytest.mark.parametrize(
    ("comments", "venue"),
    [
        ("CVPR'21 oral", ("CVPR", 2021)),
        ("NeurIPS 2020 spotlight", ("NeurIPS", 2020)),
        ("Accepted to NAACL-HLT 2019", ("NAACL", 2019)),
        ("ACL 2020", ("ACL", 2020)),
        (
            "Accepted by IEEE Transactions on Pattern Analysis and Machine Intelligence",
            ("TPAMI", None),
        ),
        ("ACM MM 2021", ("ACM Multimedia", 2021)),
        ("oracle tables", (None, None)),
    ],
)
def test_venues(comments: str, venue: tuple[str | None, int | None]) -> None:
    """Venues are found by acronym or full name, with the year that goes with them."""
    assert find_venue(comments) == venue


@pytest.mark.parametrize(
    ("comments", "status"),
    [
        ("Accpeted by CVPR 2021", "accepted"),
        ("Acceted at ICML", "accepted"),
        ("To appear in TPAMI", "published"),
        ("Submitted to NeurIPS 2023", "submitted"),
        ("Under review", "submitted"),
        ("Work in progress", "work in progress"),
        ("camera-ready version", "camera-ready"),
        ("Accurate and fast", None),
    ],
)
def test_status(comments: str, status: str | None) -> None:
    """Status words are found, typos included, and look-alikes are not."""
    assert find_status(comments) == status


def test_counts_are_tolerant() -> None:
    """Singulars and `23 page manuscript` count too."""
    assert find_counts("10 pages, 13 figure, 1 table") == {"pages": 10, "figures": 13, "tables": 1}
    assert find_counts("In this 23 page manuscript")["pages"] == 23


@pytest.mark.parametrize(
    ("comments", "related"),
    [
        pytest.param("companion paper 1905.01234", ("1905.01234",), id="bare-new-style"),
        pytest.param(
            "see 1905.01234v2 and arXiv:2104.12369", ("1905.01234", "2104.12369"), id="both"
        ),
        pytest.param("extends (1412.1234).", ("1412.1234",), id="in-brackets"),
        pytest.param("doi 10.1109/TCAD.2020.3043328", (), id="inside-a-doi"),
        pytest.param("DOI: 10.1234/2104.12369", (), id="doi-suffix"),
        pytest.param("measured 12104.12369 times", (), id="longer-number-before"),
        pytest.param("value 2104.123456 units", (), id="longer-number-after"),
        pytest.param("version 1.2104.12369", (), id="dotted-number"),
        pytest.param("in 2113.12345 and 0612.1234", (), id="breaks-the-scheme"),
        pytest.param("see hep-th/9901001 too", (), id="bare-old-style-not-taken"),
    ],
)
def test_related_ids_include_bare_identifiers(comments: str, related: tuple[str, ...]) -> None:
    """Bare new-style identifiers count when they follow the scheme and stand alone."""
    paper = Paper(arxiv_id="2001.00001", comments=comments)
    assert paper.related_ids == related
