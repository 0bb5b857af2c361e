"""What comments say: venue and year, status, page/figure/table counts, related identifiers."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from papercorpus import Paper
from papercorpus.derive import VENUES, Venue, find_counts, find_status, find_venue
from papercorpus.derive._status import STATUS_RULES


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


STATUS_PIECES = [
    "camera ready", "Camera-Ready", "camera\u00a0ready", "published", "To Appear", "in press",
    "Accpeted", "accepted", "ACCEPTED", "Acceted", "submitted", "SUBMITTED", "under review",
    "Under Submission", "work in progress", "work-in-progress", "WIP", "ongoing work", "\u212a",
    "\u017f", "\u0130", "é", " ", "-", ".", ",", "12 pages", "CVPR 2021", "ac", "read", "press",
]  # fmt: skip


def test_counts_on_long_runs() -> None:
    """Thousands of digits are text like any other (no int() overflow)."""
    assert find_counts("9" * 6000 + " pages, 3 figures") == {
        "pages": None, "figures": 3, "tables": None,
    }  # fmt: skip


@given(st.lists(st.sampled_from(STATUS_PIECES), max_size=8).map("".join))
def test_find_status_is_the_first_rule_that_passes(comments: str) -> None:
    """Skipping a rule whose words are absent changes no answer: the rules, tried in turn."""
    expected = next((rule.status for rule in STATUS_RULES if rule.check(comments)), None)
    assert find_status(comments) == expected
