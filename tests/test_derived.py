"""Derived fields: checked by hand on all 48 sample papers, and on the hard cases."""

from __future__ import annotations

import pytest
from hypothesis import example, given
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


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r"\frac{dy}y and $\frac{dy}y$", r"dyy and $\frac{dy}y$", id="frac"),
        pytest.param(r"see \url https://x.org now", "see https://x.org now", id="url-no-brace"),
        pytest.param(r"\href{https://x.org}{the site}", "the site (https://x.org)", id="href"),
        pytest.param(r"\textcolor{red}{warm}", "warm", id="textcolor"),
        pytest.param(r"a \footnote{b} \sqrt{2} \vec{x}", "a b 2 x", id="templates"),
        pytest.param(r"x \cite{a}, y \ref{b}. z \cite[p.~3]{c})", "x, y. z)", id="drops"),
        pytest.param(
            r"Schr\"odinger, Pad\'e, \c{c}a, \v s, na\"{\i}ve",
            "Schrödinger, Padé, ça, š, naïve",
            id="accents",
        ),
        pytest.param(r"\S 2, \textregistered, \ss", "§ 2, ®, ß", id="symbols"),
        pytest.param(r"$0.25^\circ$ and $a \ne b$", "0.25° and a ≠ b", id="degrees"),
        pytest.param(r"a\\b \% \& \# \_ \$5", "a b % & # _ $5", id="escapes"),
        pytest.param(r"$$x^2$$ and \(x^3\) and \[y\]", "x² and x³ and y", id="display"),
        pytest.param(r"cost \$5 and $6", r"cost $5 and $6", id="dollars"),
        pytest.param("https://x.org/a~b_c%20d", "https://x.org/a~b_c%20d", id="url-kept"),
    ],
)  # fmt: skip
def test_latex_never_shows_a_template(latex: str, text: str) -> None:
    """Macros pylatexenc renders with templates (`%s/%s`) render as text, or stay math."""
    assert latex_to_text(latex) == text


@pytest.mark.parametrize("char", ["\ue000", "\ue001", "\U000f0000", "\x00"])
def test_latex_keeps_private_use_characters(char: str) -> None:
    """Characters a renderer might use as placeholders are text like any other."""
    latex = rf"a{char}0{char} $\alpha$ \textit{{b{char}1}} {char}2{char}"
    assert latex_to_text(latex) == f"a{char}0{char} α b{char}1 {char}2{char}"


def test_pylatexenc_writes_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """Inputs that made pylatexenc log thousands of warnings leave stderr empty."""
    for latex in (r"\url{" * 500, r"\frac{dy}y " * 500, r"\unknown{" * 500, r"\qq \zz " * 500):
        latex_to_text(latex)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_math_symbols_are_pylatexenc_s_where_it_has_one() -> None:
    """The hand-written symbol table agrees with pylatexenc, but where it has nothing."""
    from pylatexenc.latex2text import LatexNodes2Text  # noqa: PLC0415

    from papercorpus.derive import MATH_SYMBOLS  # noqa: PLC0415

    converter = LatexNodes2Text()
    # pylatexenc renders these as nothing or as ASCII; the table has the real character.
    better = {"ne": "≠", "degree": "°", "prime": "\u2032"}
    for name, text in MATH_SYMBOLS.items():
        assert text == better.get(name, converter.latex_to_text(f"\\{name}")), name


HOSTILE_PIECES = [
    *LATEX_PIECES, r"\'", r"\"{", r"\c", r"\i", r"\url", r"\href{", r"\replaced[", r"\cite[",
    "[a](http://x", "https://", ")", "]", r"\)", r"\]", "\ue000", "%s", r"\frac", "{}", "0",
    r"\textcolor{", r"\emph{", "$x^", r"\circ", "\\\\", " ", "é", r"\v s", r"\c", "c",
]  # fmt: skip


@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join))
def test_latex_to_text_on_hostile_pieces(latex: str) -> None:
    """Never an exception, squashed text, no template, and the cache changes nothing."""
    from papercorpus.derive._latex import _Renderer  # noqa: PLC0415

    text = latex_to_text(latex)
    assert text == " ".join(text.split())
    assert "%s" not in text or "%s" in latex
    assert text.count("\ue000") <= latex.count("\ue000")  # never a placeholder of ours
    squashed = " ".join(latex.split())
    assert _Renderer(squashed).render() == _Renderer(squashed).render(cached=False)


SPAN_PIECES = [
    *HOSTILE_PIECES, "$x$", r"$\alpha=0.5$", "$a\\$", r"\cite{a}", r"\emph{b}", r"\textbf{c d}",
    ".", ",", ";", ")", " ", r"\%", r"\$", r"\ ", r"\\", r'\"o', r"\'{e}", r"\~n", "[1]",
    "[this https URL](https://x.org/a)", "https://x.org/~u", "http://a.b/$c$", "\x00", "~",
    # spans that render empty, or with spaces at an end or twice inside
    "$ $", r"$\,$", r"$a\;b$", r"\emph{ a }", r"\emph{a ~ b}", r"\textit{}", "[ a ](https://x.org)",
    r"\,", r"\;", r"\-", r"\@", r"\hspace{1cm}", r"\label{x}", r"\'{ }", "$a \x00$",
]  # fmt: skip


@given(st.lists(st.sampled_from(SPAN_PIECES), max_size=30).map("".join))
def test_the_common_case_path_renders_as_the_full_renderer(latex: str) -> None:
    """Text of self-contained spans renders the same through the fast path as through `_latex`."""
    from papercorpus.derive._plain import render_squashed  # noqa: PLC0415

    squashed = " ".join(latex.split())
    assert render_squashed(squashed) == render_squashed(squashed, spans=False)


@given(st.text() | st.text(st.characters(max_codepoint=127)) | st.text(" \t\n\x1fab\xa0"))
def test_squash_is_split_and_join(text: str) -> None:
    """The fast squash gives exactly what splitting on whitespace and joining gives.

    ASCII text takes a path of its own (each whitespace character looked for), Unicode
    another (`isprintable`): both are drawn, and text made mostly of whitespace.
    """
    from papercorpus._text import squash, squash_lines  # noqa: PLC0415

    assert squash(text) == " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    assert squash_lines(text) == "\n".join(line for line in lines if line)


def test_derived_values_are_pure_and_equal_papers_dump_equal() -> None:
    """The venue table cannot change; a table of one's own is an argument, not a setting."""
    from papercorpus.derive import VENUES, Venue  # noqa: PLC0415

    assert isinstance(VENUES, tuple)
    assert not hasattr(papercorpus_derive(), "register_venue")
    first = Paper(arxiv_id="2104.00001", comments="Accepted at MICCAI 2023")
    mine = (*VENUES, Venue.of("MICCAI"))
    assert find_venue(first.comments, venues=mine) == ("MICCAI", 2023)
    second = Paper(arxiv_id="2104.00001", comments="Accepted at MICCAI 2023")
    assert first.model_dump() == second.model_dump()
    assert first.venue is None


def papercorpus_derive() -> object:
    import papercorpus.derive  # noqa: PLC0415

    return papercorpus.derive


VENUE_PIECES = [
    "CVPR", "cvpr", "ACM MM", "ACM  Multimedia", "T-PAMI", "IEEE", "Transactions on", "NIPS",
    "neural information processing systems", "Neural Information Processing Systems", "ACL",
    "NAACL-HLT", "NAACL", "x", " ", "2021", "'21", "-", ".", "T-CSVT", "CSVT", "Data compression",
    " conference", "IEEE T-CSVT", "Pattern Analysis and Machine Intelligence", "MICCAI",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(VENUE_PIECES), max_size=12).map(" ".join)
    | st.lists(st.sampled_from(VENUE_PIECES), max_size=12).map("".join),
    st.sampled_from(["VENUES", "of", "mixed"]),
)
@example("at ICCV 2021 and xIEEE T-CSVT", "of")
@example("xIEEE T-CSVT, NeurIPS", "VENUES")
def test_one_venue_pattern_finds_what_each_pattern_finds(comments: str, table: str) -> None:
    """The combined pattern picks the venue the table picks one pattern at a time.

    Also for a table of one's own whose patterns start with a character class or are not
    `Venue.of` ones (each takes another way through the search).
    """
    import re  # noqa: PLC0415

    from papercorpus.derive import VENUES, Venue  # noqa: PLC0415

    venues = {
        "VENUES": VENUES,
        "of": (
            Venue.of("MICCAI", "[Mm]iccai|MICCAI"),
            Venue.of("CV", "CVPR|ICCV"),  # the same names as two after it: the first wins
            *VENUES[:5],
            Venue.of("CSVT", "(?:T-)?CSVT"),
        ),
        "mixed": (*VENUES[:5], Venue("CSVT", re.compile("csvt", re.IGNORECASE))),
    }[table]
    found = [(m.start(), i) for i, v in enumerate(venues) if (m := v.pattern.search(comments))]
    expected = venues[min(found)[1]].name if found else None
    assert find_venue(comments, venues=None if venues is VENUES else venues)[0] == expected


def test_counts_and_urls_on_long_runs() -> None:
    """Thousands of digits or brackets are text like any other (no int() overflow)."""
    assert find_counts("9" * 6000 + " pages, 3 figures") == {
        "pages": None, "figures": 3, "tables": None,
    }  # fmt: skip
    assert find_urls("(https://x.org/a" + ")" * 5000) == ["https://x.org/a"]
    assert find_urls("https://x.org/(a)" + ")." * 3) == ["https://x.org/(a)"]


def test_url_heads_repeated_are_one_url_found_once() -> None:
    """`http://` repeated is one URL; each repeat is not a new match scanned to the end."""
    from papercorpus.derive._links import url_spans  # noqa: PLC0415

    heads = "http://" * 3000
    assert url_spans(heads) == [(0, len(heads))]
    assert url_spans("a http://x.org/http://y.org b https://z.org") == [(2, 27), (30, 43)]
    assert find_urls(heads) == [heads]
    assert latex_to_text(heads) == heads


@given(st.text(alphabet="hts:/?#@.wWGgithubcom[]-1", max_size=40))
def test_code_host_is_what_urlsplit_says(tail: str) -> None:
    """The fast host reading agrees with urllib on which URLs are code hosts' links."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    from papercorpus.derive._links import CODE_HOSTS, _host  # noqa: PLC0415

    for url in find_urls(f"see https://{tail} and http://www.{tail}"):
        try:
            expected = (urlsplit(url).hostname or "").removeprefix("www.")
        except ValueError:  # urllib refuses some netlocs ("[" unclosed): no host then
            continue
        assert (_host(url) in CODE_HOSTS) == (expected in CODE_HOSTS), url


STATUS_PIECES = [
    "camera ready", "Camera-Ready", "camera\u00a0ready", "published", "To Appear", "in press",
    "Accpeted", "accepted", "ACCEPTED", "Acceted", "submitted", "SUBMITTED", "under review",
    "Under Submission", "work in progress", "work-in-progress", "WIP", "ongoing work", "\u212a",
    "\u017f", "\u0130", "é", " ", "-", ".", ",", "12 pages", "CVPR 2021", "ac", "read", "press",
]  # fmt: skip


@given(st.lists(st.sampled_from(STATUS_PIECES), max_size=8).map("".join))
def test_find_status_skips_only_checks_that_cannot_match(comments: str) -> None:
    """The word checks that skip a pattern change no answer: each pattern, tried in turn."""
    from papercorpus.derive._status import _CHECKS  # noqa: PLC0415

    expected = next((status for status, _, check in _CHECKS if check(comments)), None)
    assert find_status(comments) == expected


@given(
    st.text()
    | st.lists(st.sampled_from(["arXiv:", "ARXIV", "1905", "01234", ".", " "])).map("".join)
)
def test_related_ids_need_an_x_or_a_dot(comments: str) -> None:
    """`find_related_ids` answers [] at once without both: neither of its patterns can match."""
    from papercorpus.derive._related import _ARXIV_REFERENCE, _BARE  # noqa: PLC0415

    if "x" not in comments and "X" not in comments and "." not in comments:
        assert _ARXIV_REFERENCE.search(comments) is None
        assert _BARE.search(comments) is None


URL_PIECES = [
    "\\url{", "\\href{", "}", "{", "http://", "https://", "HTTP://", "x.org", "/", "(", ")", "[",
    "]", "](", " ", ".", ",", "\\", "a", "$", "~", "\\_", "%", "{label}", "ahttp://b", "'", "<",
]  # fmt: skip


@given(st.lists(st.sampled_from(URL_PIECES), max_size=25).map("".join))
def test_a_url_macro_changes_no_link(text: str) -> None:
    r"""`\url{u}` finds what ` u ` finds: a URL stops at a brace or a backslash anyway."""
    import re  # noqa: PLC0415

    spaced = re.sub(r"\\(?:url|href)\{([^{}]*)\}", r" \1 ", text)
    assert find_urls(text) == find_urls(spaced)


@given(st.text(":/ab"), st.integers(0, 12))
def test_find_link_is_str_find(text: str, start: int) -> None:
    """`find_link` answers what `str.find("://")` answers, from any start."""
    from papercorpus.derive._links import find_link  # noqa: PLC0415

    assert find_link(text, start) == text.find("://", start)


@given(st.text())
def test_visible_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    """One character for one (carets stay in place), and no control character but tab, LF."""
    from papercorpus._text import visible  # noqa: PLC0415

    shown = visible(text)
    assert len(shown) == len(text)
    acting = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F))}
    assert not (acting - {"\t", "\n"}) & set(shown)
    assert all(a == b for a, b in zip(text, shown, strict=True) if a.isprintable())
