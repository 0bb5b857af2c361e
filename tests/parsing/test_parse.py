"""parse() and iter_papers(): both layouts, identifier lines, DOIs, dates, strict and lenient."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus import ParseError, ParseWarning, iter_papers, parse
from tests.parsing.helpers import collect


def test_compact_layout() -> None:
    """Compact: the identifier line carries the next abstract; extra lines are comments."""
    text = (
        "First abstract.\n"
        "The technique report\n"
        "arXiv:2104.12369Channel Pruning is old.\n"
        "11 pages, 4 figures\n"
        "Accepted by CVPR 2021\n"
        "arXiv:2104.11883\n"
    )
    papers, diagnostics = collect(text)
    assert diagnostics == []
    assert [(p.arxiv_id, p.abstract, p.comments) for p in papers] == [
        ("2104.12369", "First abstract.", "The technique report"),
        ("2104.11883", "Channel Pruning is old.", "11 pages, 4 figures\nAccepted by CVPR 2021"),
    ]
    assert [str(p.source) for p in papers] == ["t.txt:3", "t.txt:6"]


def test_spaced_layout_joins_block_lines() -> None:
    """Spaced: blocks between blank lines, lines of a block joined by one space."""
    text = (
        "To address the problem\nof long-tail distribution.\n\n"
        "CVPR2021 camera\nready version\n\n"
        "Code at https://x.org\n\n"
        "arXiv:2104.00885\nCreated: 2021-04-02\n\n"
        "Second   abstract.\n\narXiv:2104.12369\n"
    )
    papers, diagnostics = collect(text)
    assert diagnostics == []
    first, second = papers
    assert first.abstract == "To address the problem of long-tail distribution."
    assert first.comments == "CVPR2021 camera ready version\nCode at https://x.org"
    assert first.created == dt.date(2021, 4, 2)
    assert (second.abstract, second.comments, second.created) == ("Second abstract.", None, None)


def test_wrapped_abstract_then_blank_then_identifier_is_one_spaced_block() -> None:
    """A blank line before the identifier line makes the record spaced: one abstract."""
    text = (
        "We prove that every hyperbolic knot complement\n"
        "has a canonical triangulation.\n"
        "\n"
        "arXiv:math.GT/0309136v2\n"
    )
    papers, diagnostics = collect(text)
    assert diagnostics == []
    assert [(p.arxiv_id, p.version, p.abstract, p.comments) for p in papers] == [
        (
            "math.GT/0309136",
            2,
            "We prove that every hyperbolic knot complement has a canonical triangulation.",
            None,
        )
    ]


def test_blank_lines_before_the_first_text_line_do_not_count() -> None:
    """A compact record after a blank line stays compact: one block a line."""
    papers, _ = collect("\n\nAbstract one.\nA comment.\narXiv:2104.12369\n")
    assert (papers[0].abstract, papers[0].comments) == ("Abstract one.", "A comment.")


def test_mixed_layouts_in_one_file() -> None:
    """The layout is decided per record."""
    text = (
        "Spaced abstract.\n\nA comment.\n\narXiv:2104.00885\nCreated: 2021-04-02\n\n"
        "Compact abstract.\n4 pages\narXiv:2104.12369Next abstract.\narXiv:2104.11883\n"
    )
    papers, diagnostics = collect(text)
    assert diagnostics == []
    assert [(p.abstract, p.comments) for p in papers] == [
        ("Spaced abstract.", "A comment."),
        ("Compact abstract.", "4 pages"),
        ("Next abstract.", None),
    ]


@pytest.mark.parametrize(
    ("line", "comments"),
    [
        pytest.param(
            "  arXiv:2104.11111 is the companion paper.",
            "Comment that goes on arXiv:2104.11111 is the companion paper.",
            id="indented-by-spaces",
        ),
        pytest.param(
            "\tarXiv:2104.11111 is the companion paper.",
            "Comment that goes on arXiv:2104.11111 is the companion paper.",
            id="indented-by-a-tab",
        ),
        pytest.param(
            "admin note: text overlap with arXiv:2104.11111",
            "Comment that goes on admin note: text overlap with arXiv:2104.11111",
            id="mid-line",
        ),
    ],
)
def test_arxiv_not_at_the_start_of_a_line_is_ordinary_text(line: str, comments: str) -> None:
    """`arXiv:` after the first character of a line (indented, an admin note) ends no record."""
    papers, diagnostics = collect(
        f"Abstract.\n\nComment that goes on\n{line}\n\narXiv:2104.12369\n"
    )
    assert diagnostics == []
    assert [(p.arxiv_id, p.comments, p.related_ids) for p in papers] == [
        ("2104.12369", comments, ("2104.11111",))
    ]


@pytest.mark.parametrize(
    ("line", "arxiv_id", "version", "rest"),
    [
        pytest.param(
            "arXiv:2104.123693D point clouds", "2104.12369", None, "3D point clouds", id="digit"
        ),
        pytest.param(
            "arXiv:1412.12343D point clouds", "1412.1234", None, "3D point clouds", id="4-digits"
        ),
        pytest.param("arXiv:2104.12369v2We propose", "2104.12369", 2, "We propose", id="version"),
        pytest.param("arXiv:2104.12369v12", "2104.12369", 12, None, id="two-digit-version"),
        pytest.param("arXiv:2104.12369very good", "2104.12369", None, "very good", id="v-word"),
        pytest.param(
            "arXiv:hep-th/99010013D branes", "hep-th/9901001", None, "3D branes", id="old"
        ),
        pytest.param("arXiv:math.GT/0309136v1Knots", "math.GT/0309136", 1, "Knots", id="old-sub"),
        pytest.param("arXiv: 2104.12369", "2104.12369", None, None, id="space-after-prefix"),
    ],
)
def test_identifier_line_splits_id_version_and_rest(
    line: str, arxiv_id: str, version: int | None, rest: str | None
) -> None:
    """The digit count fixed by YYMM separates the identifier from the next abstract."""
    papers, diagnostics = collect(f"An abstract.\n{line}\narXiv:2104.11883\n")
    assert (papers[0].arxiv_id, papers[0].version) == (arxiv_id, version)
    assert papers[1].abstract == rest
    assert [d.code for d in diagnostics] == ([] if rest else ["missing-abstract"])


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param(
            "arXiv:2104.1236 ",
            "identifiers from 2104 have 5 digits after the dot, found 4",
            id="too-few-digits",
        ),
        pytest.param("arXiv:2113.12345", "month 13 is not between 01 and 12", id="month-13"),
        pytest.param("arXiv:2100.12345", "month 00 is not between 01 and 12", id="month-00"),
        pytest.param(
            "arXiv:0612.1234",
            "new-style identifiers begin in 0704 (April 2007), found 0612",
            id="before-0704",
        ),
        pytest.param("arXiv:0704.0000", "numbers start at 0001, found 0000", id="number-zero"),
        pytest.param(
            "arXiv:quant-ph/9409000", "numbers start at 001, found 000", id="old-style-zero"
        ),
        pytest.param(
            "arXiv:math.gt/0309136",
            "a subject class is two upper-case letters, found 'gt'",
            id="lower-case-subject-class",
        ),
        pytest.param("arXiv:2104.12369v0", "versions start at v1, found v0", id="version-zero"),
        pytest.param(
            "arXiv:2104.12369v" + "7" * 5000,
            "a version has at most 4 digits, found 5000",
            id="version-of-5000-digits",
        ),
        pytest.param(
            "arXiv:\uff12\uff11\uff10\uff14.\uff11\uff12\uff13\uff16\uff19",
            "not of the form YYMM.NNNNN or archive/YYMMNNN",
            id="fullwidth-digits",
        ),
        pytest.param(
            "arXiv:\u0662\u0661\u0660\u0664.\u0661\u0662\u0663\u0666\u0669",
            "not of the form YYMM.NNNNN or archive/YYMMNNN",
            id="arabic-indic-digits",
        ),
        pytest.param(
            "arXiv:nonsense", "not of the form YYMM.NNNNN or archive/YYMMNNN", id="not-an-id"
        ),
        pytest.param("arXiv:", "not of the form YYMM.NNNNN or archive/YYMMNNN", id="empty"),
    ],
)
def test_a_malformed_identifier_ends_its_record_as_a_diagnostic(line: str, reason: str) -> None:
    """A line that breaks arXiv's scheme is a diagnostic carrying its record; the rest parses."""
    text = f"Lost abstract.\nA comment.\n{line}\nNext abstract.\narXiv:2104.11883\n"
    papers, diagnostics = collect(text)
    assert [(p.arxiv_id, p.abstract) for p in papers] == [("2104.11883", "Next abstract.")]
    (diagnostic,) = diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column, diagnostic.text) == (
        "invalid-id",
        3,
        7,
        "Lost abstract.\nA comment.",
    )
    assert diagnostic.found.endswith(f"({reason})")
    first, shown, caret = str(diagnostic).splitlines()
    assert first.startswith("t.txt:3:7: expected an arXiv identifier after 'arXiv:', found '")
    assert (shown[4:10], caret) == ("arXiv:", "          ^")


def test_malformed_compact_identifier_keeps_the_next_abstract() -> None:
    """Text glued to a malformed identifier still starts the next record."""
    papers, diagnostics = collect("A.\narXiv:2113.12345Next abstract.\narXiv:2104.11883\n")
    assert [p.abstract for p in papers] == ["Next abstract."]
    assert [d.code for d in diagnostics] == ["invalid-id"]


def test_missing_abstract() -> None:
    """An identifier line with no text before it is a Paper without abstract, reported."""
    papers, diagnostics = collect("arXiv:2104.12369\n\nAbstract.\narXiv:2104.11883\n")
    assert [p.abstract for p in papers] == [None, "Abstract."]
    assert [str(d) for d in diagnostics] == [
        "t.txt:1:1: expected an abstract before the identifier line, "
        "found arXiv:2104.12369 with no text before it\n"
        "    arXiv:2104.12369\n"
        "    ^"
    ]


def test_truncated_file_keeps_the_trailing_text() -> None:
    """Text after the last identifier line becomes a diagnostic carrying it."""
    papers, diagnostics = collect("Abstract.\narXiv:2104.12369Half an abstr\nand a comment")
    assert len(papers) == 1
    (diagnostic,) = diagnostics
    assert diagnostic.code == "trailing-text"
    assert diagnostic.text == "Half an abstr\nand a comment"
    assert str(diagnostic) == (
        "t.txt:2:17: expected an identifier line 'arXiv:YYMM.NNNNN' after the record's text, "
        "found end of input"
    )


@pytest.mark.parametrize(
    ("after", "doi", "abstract"),
    [
        pytest.param(
            "3043328Convolutional nets",
            "10.1109/TCAD.2020.3043328",
            "Convolutional nets",
            id="word",
        ),
        pytest.param(
            "3043328A novel way", "10.1109/TCAD.2020.3043328", "A novel way", id="A-space"
        ),
        pytest.param("3043328CNNs are", "10.1109/TCAD.2020.3043328", "CNNs are", id="acronym"),
        pytest.param("3043328Étude de", "10.1109/TCAD.2020.3043328", "Étude de", id="accent"),
        pytest.param("3043328", "10.1109/TCAD.2020.3043328", None, id="alone"),
    ],
)
def test_doi_glued_to_the_next_abstract(after: str, doi: str, abstract: str | None) -> None:
    """A DOI ends where a digit meets a capital letter followed by a letter or a space."""
    text = f"Abstract.\narXiv:2012.06272 - doi: 10.1109/TCAD.2020.{after}\narXiv:2011.12836\n"
    papers, diagnostics = collect(text)
    assert papers[0].doi == doi
    assert papers[1].abstract == abstract
    assert [d.code for d in diagnostics] == ([] if abstract else ["missing-abstract"])


def test_ambiguous_doi_split_is_reported() -> None:
    """Where the glued abstract starts lowercase, the DOI runs to the space and we say so."""
    text = "Abstract.\narXiv:2012.06272 - doi: 10.1109/X.3328we propose it\narXiv:2011.12836\n"
    papers, diagnostics = collect(text)
    assert papers[0].doi == "10.1109/X.3328we"
    assert papers[1].abstract == "propose it"
    assert [str(d) for d in diagnostics] == [
        "t.txt:2:25: expected a DOI that ends where a digit meets a capital letter "
        "('...3328Convolutional'), found '10.1109/X.3328we' followed by 'propose it'; "
        "or '10.1109/X.3328'\n"
        "    arXiv:2012.06272 - doi: 10.1109/X.3328we propose it\n"
        "                            ^"
    ]


def test_spaced_doi() -> None:
    """In the spaced layout the DOI closes the identifier line."""
    papers, diagnostics = collect("Abs.\n\narXiv:2008.05977 - doi: 10.1145/1122445.1122456\n")
    assert (papers[0].doi, diagnostics) == ("10.1145/1122445.1122456", [])


def test_created_timestamp_gives_its_date() -> None:
    """An ISO timestamp on a Created: line is read as its date."""
    papers, diagnostics = collect("Abstract.\n\narXiv:2104.12369\nCreated: 2021-04-26T17:59:46Z\n")
    assert (papers[0].created, diagnostics) == (dt.date(2021, 4, 26), [])


@pytest.mark.parametrize(
    ("value", "found"),
    [
        pytest.param(
            "2021-02-30", "'2021-02-30' (day 30 is not in February 2021)", id="impossible"
        ),
        pytest.param("26/04/2021", "'26/04/2021' (not of the form YYYY-MM-DD)", id="not-iso"),
        pytest.param("", "'' (not of the form YYYY-MM-DD)", id="empty"),
    ],
)
def test_bad_created_date(value: str, found: str) -> None:
    """An impossible or non-ISO date leaves created None, with a diagnostic naming the line."""
    papers, diagnostics = collect(f"Abstract.\n\narXiv:2104.12369\nCreated: {value}\n")
    assert papers[0].created is None
    assert [str(d) for d in diagnostics] == [
        f"t.txt:4:10: expected a 'Created:' date as YYYY-MM-DD, found {found}\n"
        f"    Created: {value}\n"
        "             ^"
    ]


def test_stray_created_line_is_reported_not_lost() -> None:
    """A Created: line that follows no identifier line is a diagnostic carrying it."""
    papers, diagnostics = collect("Abstract.\nCreated: 2021-01-01\narXiv:2104.12369\n")
    assert (papers[0].abstract, papers[0].comments, papers[0].created) == ("Abstract.", None, None)
    assert [(d.code, d.line, d.text) for d in diagnostics] == [
        ("stray-created", 2, "Created: 2021-01-01")
    ]


def test_duplicates_are_kept_by_parse() -> None:
    """parse() does not de-duplicate: records come back in input order."""
    papers, _ = collect("A.\narXiv:2104.12369B.\narXiv:2104.12369v2\n")
    assert [(p.arxiv_id, p.version) for p in papers] == [("2104.12369", None), ("2104.12369", 2)]


def test_lenient_mode_warns_and_goes_on() -> None:
    """Without a handler each problem is a ParseWarning carrying source and line."""
    with pytest.warns(ParseWarning) as record:
        papers = parse("A.\narXiv:2113.12345\nB.\narXiv:2104.11883\n", source="x.txt")
    assert [p.arxiv_id for p in papers] == ["2104.11883"]
    (warning,) = [w.message for w in record.list]
    assert isinstance(warning, ParseWarning)
    assert (warning.source, warning.line) == ("x.txt", 2)


def test_strict_mode_raises_at_the_first_problem() -> None:
    """strict=True raises ParseError naming source, line, expected and found; it pickles."""
    with pytest.raises(ParseError) as info:
        parse("A.\narXiv:2104.1236\nB.\narXiv:2113.12345\n", source="x.txt", strict=True)
    error = info.value
    assert (error.source, error.line) == ("x.txt", 2)
    assert str(error) == (
        "x.txt:2:7: expected an arXiv identifier after 'arXiv:', "
        "found '2104.1236' (identifiers from 2104 have 5 digits after the dot, found 4)\n"
        "    arXiv:2104.1236\n"
        "          ^"
    )
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # noqa: S301 (our own bytes)


def test_iter_papers_reads_paths_and_text_files(tmp_path: Path) -> None:
    """iter_papers takes a path, a binary file or a text file, and names the source."""
    path = tmp_path / "l.txt"
    path.write_text("Abstract.\narXiv:2104.12369\n", encoding="utf-8")
    assert [str(p.source) for p in iter_papers(path)] == [f"{path}:2"]
    with path.open(encoding="utf-8") as handle:
        assert [p.arxiv_id for p in iter_papers(handle, source="named")] == ["2104.12369"]
    with path.open("rb") as handle:
        assert next(iter_papers(handle)).source == next(iter_papers(path)).source


def test_empty_and_blank_inputs() -> None:
    """An empty or blank listing holds no papers and no problems."""
    assert collect("") == ([], [])
    assert collect("\n \n\t\n") == ([], [])


@pytest.mark.parametrize(
    "value",
    [pytest.param(None, id="none"), pytest.param(123, id="int"), pytest.param(b"A.", id="bytes")],
)
def test_parse_takes_text_only(value: object) -> None:
    """parse() of something that is not a string is a TypeError naming what it accepts."""
    with pytest.raises(TypeError, match=r"parse\(\) takes the listing as a str, not "):
        parse(value)  # type: ignore[arg-type]


@given(
    st.text(
        alphabet=st.sampled_from(
            [*"ab .", " ", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\xa0", "\u2009", "é"]
        )
    )
)
def test_whitespace_is_normalised_like_str_split(text: str) -> None:
    """However a line is spaced, its block is its words joined by one space."""
    papers, _ = collect(f"x{text}x\narXiv:2104.12369\n")
    assert papers[0].abstract == " ".join(f"x{text}x".split())


@pytest.mark.parametrize("name", ["listing-1.txt", "data/listing.txt", "C:\\lists\\a.TXT"])
def test_parse_given_a_file_name_says_to_load_it(name: str) -> None:
    with pytest.raises(ValueError, match=r"looks like a file's name: papercorpus\.load"):
        parse(name)


@pytest.mark.parametrize(
    "text", ["arXiv:2104.12369", "Abstract.", "e.g.", "An abstract.\n", "PanGu-$\\alpha$", "a/b"]
)
def test_short_texts_are_still_listings(text: str) -> None:
    parse(text, on_diagnostic=lambda _: None)
