"""ArxivId: what it accepts, how it normalises, what it rejects and why."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from papercorpus import ArxivId, InvalidArxivIdError, parse_id
from tests.strategies import arxiv_ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2104.12369", "2104.12369", id="new-style"),
        pytest.param("0704.0001", "0704.0001", id="first-new-style-month"),
        pytest.param("1412.9999", "1412.9999", id="last-four-digit-month"),
        pytest.param("1501.00001", "1501.00001", id="first-five-digit-month"),
        pytest.param("2104.12369v2", "2104.12369v2", id="versioned"),
        pytest.param("arXiv:2104.12369v2", "2104.12369v2", id="arxiv-prefix"),
        pytest.param("arxiv: 2104.12369", "2104.12369", id="lowercase-prefix-and-space"),
        pytest.param("  2104.12369 \n", "2104.12369", id="surrounding-whitespace"),
        pytest.param("https://arxiv.org/abs/2104.12369", "2104.12369", id="abs-url"),
        pytest.param("http://arxiv.org/abs/2104.12369v3", "2104.12369v3", id="abs-url-http"),
        pytest.param("arxiv.org/abs/2104.12369v2", "2104.12369v2", id="abs-url-no-scheme"),
        pytest.param("https://arxiv.org/pdf/2104.12369v1.pdf", "2104.12369v1", id="pdf-url"),
        pytest.param("https://arxiv.org/pdf/2104.12369", "2104.12369", id="pdf-url-no-suffix"),
        pytest.param("https://export.arxiv.org/abs/2104.12369/", "2104.12369", id="export"),
        pytest.param("https://arxiv.org/abs/2104.12369?context=cs", "2104.12369", id="query"),
        pytest.param("https://doi.org/10.48550/arXiv.2104.12369", "2104.12369", id="datacite"),
        pytest.param("arXiv:1406.1599 [physics.ins-det]", "1406.1599", id="citation-form"),
        pytest.param("arXiv:2104.12369v2 [cs.CL]", "2104.12369v2", id="citation-form-versioned"),
        pytest.param("9912.12345", "9912.12345", id="new-style-2099"),
        pytest.param("hep-th/9901001", "hep-th/9901001", id="old-style"),
        pytest.param("math.GT/0309136", "math.GT/0309136", id="old-style-subject-class"),
        pytest.param("cond-mat/0211034v2", "cond-mat/0211034v2", id="old-style-versioned"),
        pytest.param("arXiv:hep-th/9108001", "hep-th/9108001", id="old-style-1991"),
        pytest.param(
            "https://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001v1", id="old-url"
        ),
    ],
)
def test_accepts_and_normalises(text: str, expected: str) -> None:
    """Every form users paste parses to the canonical string."""
    assert str(parse_id(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "2104.1236",
            "invalid arXiv identifier '2104.1236': "
            "identifiers from 2104 have 5 digits after the dot, found 4",
            id="too-few-digits",
        ),
        pytest.param(
            "1412.12345",
            "invalid arXiv identifier '1412.12345': unexpected '5' after the identifier",
            id="five-digits-before-2015",
        ),
        pytest.param(
            "2113.12345",
            "invalid arXiv identifier '2113.12345': month 13 is not between 01 and 12",
            id="month-13",
        ),
        pytest.param(
            "2100.12345",
            "invalid arXiv identifier '2100.12345': month 00 is not between 01 and 12",
            id="month-00",
        ),
        pytest.param(
            "0612.1234",
            "invalid arXiv identifier '0612.1234': "
            "new-style identifiers begin in 0704 (April 2007), found 0612",
            id="new-style-before-0704",
        ),
        pytest.param(
            "foo-bar/9901001",
            "invalid arXiv identifier 'foo-bar/9901001': "
            "'foo-bar' is not an arXiv archive with old-style identifiers",
            id="unknown-archive",
        ),
        pytest.param(
            "hep-th/990100",
            "invalid arXiv identifier 'hep-th/990100': "
            "old-style identifiers have 7 digits (YYMMNNN) after '/', found 6",
            id="old-style-short",
        ),
        pytest.param(
            "hep-th/0801001",
            "invalid arXiv identifier 'hep-th/0801001': "
            "old-style identifiers run from 9107 to 0703, found 0801",
            id="old-style-too-late",
        ),
        pytest.param(
            "2104.12369v0",
            "invalid arXiv identifier '2104.12369v0': versions start at v1, found v0",
            id="version-zero",
        ),
        pytest.param(
            "2104.12369v" + "9" * 5000,
            "invalid arXiv identifier '2104.12369v" + "9" * 48 + "\u2026': "
            "a version has at most 4 digits, found 5000",
            id="version-of-5000-digits",
        ),
        pytest.param(
            "\uff12\uff11\uff10\uff14.\uff11\uff12\uff13\uff16\uff19",
            "invalid arXiv identifier '\uff12\uff11\uff10\uff14.\uff11\uff12\uff13\uff16\uff19': "
            "expected YYMM.NNNNN or archive/YYMMNNN, optionally followed by vN "
            "(ASCII digits only)",
            id="fullwidth-digits",
        ),
        pytest.param(
            "\u0662\u0661\u0660\u0664.\u0661\u0662\u0663\u0666\u0669",
            "invalid arXiv identifier '\u0662\u0661\u0660\u0664.\u0661\u0662\u0663\u0666\u0669': "
            "expected YYMM.NNNNN or archive/YYMMNNN, optionally followed by vN "
            "(ASCII digits only)",
            id="arabic-indic-digits",
        ),
        pytest.param(
            "0704.0000",
            "invalid arXiv identifier '0704.0000': numbers start at 0001, found 0000",
            id="number-zero",
        ),
        pytest.param(
            "1501.00000",
            "invalid arXiv identifier '1501.00000': numbers start at 00001, found 00000",
            id="five-digit-number-zero",
        ),
        pytest.param(
            "quant-ph/9409000",
            "invalid arXiv identifier 'quant-ph/9409000': numbers start at 001, found 000",
            id="old-style-number-zero",
        ),
        pytest.param(
            "math.ACS/0312059",
            "invalid arXiv identifier 'math.ACS/0312059': "
            "a subject class is two upper-case letters, found 'ACS'",
            id="three-letter-subject-class",
        ),
        pytest.param(
            "math.gt/0309136",
            "invalid arXiv identifier 'math.gt/0309136': "
            "a subject class is two upper-case letters, found 'gt'",
            id="lower-case-subject-class",
        ),
        pytest.param(
            "abc",
            "invalid arXiv identifier 'abc': "
            "expected YYMM.NNNNN or archive/YYMMNNN, optionally followed by vN",
            id="garbage",
        ),
        pytest.param(
            "",
            "invalid arXiv identifier '': "
            "empty; expected YYMM.NNNNN or archive/YYMMNNN, optionally followed by vN",
            id="empty",
        ),
        pytest.param(
            "2104.12369 and more",
            "invalid arXiv identifier '2104.12369 and more': "
            "unexpected ' and more' after the identifier",
            id="trailing-text",
        ),
    ],
)
def test_rejects_with_a_message_that_says_why(text: str, message: str) -> None:
    """Malformed identifiers raise InvalidArxivIdError (a ValueError) naming the broken rule."""
    with pytest.raises(InvalidArxivIdError) as info:
        parse_id(text)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_parts_and_urls() -> None:
    """An identifier knows its date, its canonical form and its arxiv.org addresses."""
    old = ArxivId.parse("math.GT/0309136v2")
    assert (old.is_old_style, old.canonical, old.year, old.month) == (
        True,
        "math/0309136",
        2003,
        9,
    )
    assert (ArxivId.parse("9912.12345").year, ArxivId.parse("9912.12345").month) == (2099, 12)
    assert ArxivId.parse("math.GT/0309136").same_paper(ArxivId.parse("math/0309136v2"))
    new = ArxivId.parse("2104.12369v2")
    assert (new.base, new.version, new.year, new.month) == ("2104.12369", 2, 2021, 4)
    assert new.abs_url == "https://arxiv.org/abs/2104.12369v2"
    assert new.with_version(None).pdf_url == "https://arxiv.org/pdf/2104.12369"
    assert ArxivId.parse("hep-th/9901001").year == 1999


def test_orders_by_date_number_version() -> None:
    """Identifiers sort chronologically across styles, then by number and version."""
    texts = ["9912.12345", "2104.12369v2", "hep-th/9901001", "2104.12369", "0704.0001"]
    assert [str(i) for i in sorted(parse_id(s) for s in texts)] == [
        "hep-th/9901001",
        "0704.0001",
        "2104.12369",
        "2104.12369v2",
        "9912.12345",
    ]


def test_pydantic_field_and_pickle() -> None:
    """As a pydantic field an ArxivId validates strings, dumps as a string and pickles."""

    class Model(BaseModel):
        id: ArxivId

    model = Model.model_validate({"id": "arXiv:2104.12369v2"})
    assert model.id == ArxivId("2104.12369", 2)
    assert model.model_dump(mode="json") == {"id": "2104.12369v2"}
    with pytest.raises(ValidationError, match="month 13"):
        Model.model_validate({"id": "2113.12345"})
    assert pickle.loads(pickle.dumps(model.id)) == model.id  # noqa: S301 (our own bytes)
    error = InvalidArxivIdError("x", "why")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)  # noqa: S301


@given(arxiv_ids)
def test_str_round_trips(identifier: ArxivId) -> None:
    """parse(str(x)) == x for every valid identifier, and URL forms agree."""
    assert ArxivId.parse(str(identifier)) == identifier
    assert ArxivId.parse(identifier.abs_url) == identifier
    assert ArxivId.parse(f"arXiv:{identifier}") == identifier


# What a rejection may say: each message names one rule of arXiv's identifier scheme.
RULES = (
    r"month \d\d is not between 01 and 12",
    r"new-style identifiers begin in 0704 \(April 2007\), found \d{4}",
    r"identifiers from \d{4} have [45] digits after the dot, found \d",
    r"numbers start at 0*1, found 0+",
    r"versions start at v1, found v0\d*",
    r"a version has at most 4 digits, found \d+",
    r"'[a-z-]+' is not an arXiv archive with old-style identifiers",
    r"a subject class is two upper-case letters, found '.*'",
    r"old-style identifiers have 7 digits \(YYMMNNN\) after '/', found \d",
    r"old-style identifiers run from 9107 to 0703, found \d{4}",
    r"unexpected '.*' after the identifier",
    r"(empty; )?expected YYMM\.NNNNN or archive/YYMMNNN, optionally followed by vN"
    r"( \(ASCII digits only\))?",
    r"expected a string, got \w+",
)


@given(
    st.one_of(
        st.text(max_size=30),
        st.text(alphabet="0123456789.v/-abhmpthGT \uff10\u0660", max_size=20),
        st.builds(lambda i, tail: f"{i}{tail}", arxiv_ids, st.text("0123456789vx ", max_size=4)),
    )
)
def test_accepts_round_trips_or_rejects_naming_the_rule(text: str) -> None:
    """Anything: accepted, it renders and re-parses to the same value; else a named rule."""
    identifier, reason = _parse_or_reason(text)
    if identifier is None:
        assert any(re.fullmatch(rule, reason, re.DOTALL) for rule in RULES), reason
        return
    assert ArxivId.parse(str(identifier)) == identifier
    assert str(identifier).isascii()


def _parse_or_reason(text: str) -> tuple[ArxivId | None, str]:
    try:
        return ArxivId.parse(text), ""
    except InvalidArxivIdError as error:
        return None, error.reason


_ID_TEXT = st.text(alphabet="0123456789.v/-abcdehmpqtGT ", max_size=24)


@given(
    st.one_of(
        _ID_TEXT,
        st.builds(lambda i, tail: str(i) + tail, arxiv_ids, _ID_TEXT),
    )
)
def test_match_id_takes_identifiers_as_written_in_one_match_and_agrees_with_the_rules(
    text: str,
) -> None:
    # The one-match way for identifiers as arXiv writes them must give what the rule by rule
    # reading gives: the same identifier, the same end, the same reason, on any text.
    from papercorpus import ids  # noqa: PLC0415 (the rule-by-rule reader is the reference)

    rules = ids.match_id_by_rules(text)
    assert ids.match_id(text) == rules
