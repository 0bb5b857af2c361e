"""A Paper's derived fields: all 48 sample papers by hand; copies, JSON, purity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import papercorpus.derive
from papercorpus import Paper, load_sample
from papercorpus._text import squash
from papercorpus.derive import VENUES, Derived, Venue, derived_columns, derived_values, find_venue

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


def test_copies_squash_the_text_they_are_given() -> None:
    """A copy's text is squashed as validation squashes it: derived text never sees a break."""
    paper = Paper(arxiv_id="2104.00001")
    update = {
        "abstract": "  Large\n  $\\alpha$ ",
        "comments": " 12 pages,\n\n 3  figures ",
        "doi": " ",
    }
    copied = paper.model_copy(update=update)
    validated = Paper(arxiv_id="2104.00001", **update)
    assert copied == validated
    assert (copied.abstract, copied.comments, copied.doi) == (
        "Large $\\alpha$",
        "12 pages,\n3 figures",
        None,
    )
    assert copied.abstract_text == "Large α"
    assert copied.model_dump() == validated.model_dump()
    assert paper.model_copy(update={"version": 2, "abstract": None}).abstract is None


# Each sample paper's abstract_text, by hand: the abstract with these pieces of LaTeX
# rendered (every occurrence); `()` means the abstract has no LaTeX and reads as written.
ABSTRACT_TEXT: dict[str, tuple[tuple[str, str], ...]] = {
    "2104.12369": (
        (r"\textit{few-shot in-context}", "few-shot in-context"),
        (r"PanGu-$\alpha$", "PanGu-α"),
    ),
    "2104.11883": (), "2104.08700": (), "2104.04669": (), "2103.16086": (), "2103.16746": (),
    "2103.14473": (),
    "2103.12369": (
        ("[this https URL](https://github.com/z-hXu/ReCU)", "https://github.com/z-hXu/ReCU"),
    ),
    "2103.00953": (), "2102.06841": (), "2104.00885": (), "2103.05471": (), "2103.00741": (),
    "2102.00396": (), "2101.12010": (),
    "2012.13680": ((r"\textit{E. coli}", "E. coli"),),
    "2012.02530": (),
    "2008.05977": (
        (
            r"\url{https://github.com/lingan1996/ACTION-NET}",
            "https://github.com/lingan1996/ACTION-NET",
        ),
    ),
    # The old text's argument is never closed in the listing: it stays, after the new one.
    "2008.00666": (
        (r"\replaced[id=pan]{\textcolor{black}{We also", "We also"),
        ("user study.}}{Experimental", "user study. Experimental"),
    ),
    "2104.02244": (), "2103.14983": (), "2103.09776": (), "2012.07288": (), "2012.07181": (),
    "2012.06722": (), "2012.06272": (),
    "2011.12836": (
        (r" \cite{yu2018generative}", ""),
        (r"\url{https://github.com/zengxianyu/crfill}", "https://github.com/zengxianyu/crfill"),
    ),
    "2011.02146": (),
    "2012.04446": (("Visual-and-Language~(V-L)", "Visual-and-Language (V-L)"),),
    "2011.14660": (
        (r"\emph{This reveals", "This reveals"),
        ("depth/width/resolution}.", "depth/width/resolution."),
        (
            r"\url{https://github.com/mzhaoshuai/SplitNet-Divide-and-Co-training}",
            "https://github.com/mzhaoshuai/SplitNet-Divide-and-Co-training",
        ),
    ),
    "2011.09463": (), "2010.10700": (),
    "2010.07485": (("$l^2$", "l²"),),
    "2010.04879": (), "2010.01279": (), "2008.13719": (), "2008.06313": (), "2008.06181": (),
    "2304.11414": ((r"$1.75\times$", "1.75×"), (r"$90\%$", "90%"), (r"$20\times$", "20×")),
    "2303.09083": ((r"76.5\% and 75.1\%", "76.5% and 75.1%"), (r"$\rightarrow$", "→")),
    "2303.07806": (), "2211.12735": (),
    "2211.02556": (
        ("$43$", "43"),
        ("$256$", "256"),
        (r"$0.25^\circ\times0.25^\circ$", "0.25°×0.25°"),
    ),
    "2210.00232": (), "2208.02515": (), "2208.00368": (), "2207.14227": (), "2207.11493": (),
}  # fmt: skip
TITLE_TEXT = {"2104.12369": ((r"PanGu-$\alpha$", "PanGu-α"),)}


def _rendered_by_hand(text: str, pieces: tuple[tuple[str, str], ...]) -> str:
    for latex, plain in pieces:
        assert latex in text, latex  # the expectation names LaTeX the paper really has
        text = text.replace(latex, plain)
    return text


def test_every_sample_abstract_and_title_by_hand() -> None:
    """abstract_text and title_text of all 48 sample papers, as a person renders them."""
    corpus = load_sample()
    assert set(ABSTRACT_TEXT) == set(corpus.ids)
    for paper in corpus:
        assert paper.abstract is not None
        pieces = ABSTRACT_TEXT[paper.arxiv_id]
        if not pieces:  # no LaTeX at all: only URLs, which stay as written
            assert not any(char in paper.abstract for char in "\\$~{}"), paper.arxiv_id
        expected = _rendered_by_hand(paper.abstract, pieces)
        assert paper.abstract_text == expected, paper.arxiv_id
        title = paper.title
        expected_title = title and _rendered_by_hand(title, TITLE_TEXT.get(paper.arxiv_id, ()))
        assert paper.title_text == expected_title, paper.arxiv_id
    assert corpus["2012.13680"].title_text is None  # the one sample paper without a title


def test_derived_values_are_pure_and_equal_papers_dump_equal() -> None:
    """The venue table cannot change; a table of one's own is an argument, not a setting."""
    assert isinstance(VENUES, tuple)
    assert not hasattr(papercorpus.derive, "register_venue")
    first = Paper(arxiv_id="2104.00001", comments="Accepted at MICCAI 2023")
    mine = (*VENUES, Venue.of("MICCAI"))
    assert find_venue(first.comments, venues=mine) == ("MICCAI", 2023)
    second = Paper(arxiv_id="2104.00001", comments="Accepted at MICCAI 2023")
    assert first.model_dump() == second.model_dump()
    assert first.venue is None


_PIECES = st.sampled_from(
    [
        "we show",
        "  ",
        r"$\alpha=0.5$",
        r"\emph{few-shot}",
        r"\cite{a}",
        "[this https URL](https://github.com/a/b)",
        "https://gitlab.com/x/y.",
        "http://[bad",
        "Accepted at CVPR 2021",
        "camera ready",
        "12 pages, 5 figures, 2 tables",
        "arXiv admin note: text overlap with arXiv:1907.08769",
        "companion 1905.01234",
        r"Schr\"odinger",
        "{",
        "\\",
    ]
)
_TEXTS = st.none() | st.lists(_PIECES | st.text(max_size=8), max_size=8).map(" ".join)
_PAPERS = st.tuples(
    st.sampled_from(["2104.12369", "hep-th/9901001", "1905.01234", "math.GT/0309136"]),
    st.none() | st.integers(1, 12),
    _TEXTS,
    _TEXTS,
    _TEXTS,
)


def _squashed(text: str | None) -> str | None:
    return text and squash(text)


@given(st.lists(_PAPERS, max_size=6), st.booleans())
def test_derived_columns_are_derived_values_a_column_at_a_time(
    papers: list[tuple[str, int | None, str | None, str | None, str | None]],
    squashed: bool,  # noqa: FBT001
) -> None:
    """The bulk form exports use gives each paper what `derived_values` gives it."""
    if squashed:  # as a Paper holds its text
        papers = [(i, v, _squashed(a), _squashed(t), _squashed(c)) for i, v, a, t, c in papers]
    columns = derived_columns(
        [paper[0] for paper in papers],
        [paper[1] for paper in papers],
        [paper[2] for paper in papers],
        [paper[3] for paper in papers],
        [paper[4] for paper in papers],
        squashed=squashed,
    )
    assert list(columns) == list(Derived._fields)
    rows = [derived_values(*paper, squashed=squashed) for paper in papers]
    assert [Derived._make(row) for row in zip(*columns.values(), strict=True)] == rows
    assert all(len(column) == len(papers) for column in columns.values())
