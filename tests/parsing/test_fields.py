"""Identifier lines: the one-match way for most lines agrees with the rule-by-rule reading."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from papercorpus.ids import ArxivId
from papercorpus.parsing import _fields
from tests.strategies import arxiv_ids, real_dois

_NOISE = "0123456789.v/-abcdehmpqtGTW \t\u00a0"
_TAILS = st.one_of(
    st.text(alphabet=_NOISE, max_size=12),
    real_dois.map(lambda doi: f" - doi: {doi}"),
    st.sampled_from(["", " ", "v", "v0", "v12345", "3D point clouds", "We propose", " - DOI:1"]),
    st.sampled_from(["\t-\tdoi:", " -doi:", "-Doi:10.1/x", " \u2003- doi: x", " - do"]),
)
_BODIES = st.one_of(
    st.text(alphabet=_NOISE, max_size=24),
    st.builds(lambda i, tail: str(i) + tail, arxiv_ids, _TAILS),
    st.builds(lambda i, tail: " " + str(i) + tail, arxiv_ids, _TAILS),
)


@given(_BODIES, st.booleans())
@example("2104.12345v12345", False)  # noqa: FBT003 (the drawn flag)
@example("0704.00011We", False)  # noqa: FBT003
@example("math.GT/0309136 - DOI: 10.1/x", True)  # noqa: FBT003
def test_an_identifier_line_reads_as_the_rules_read_it(body: str, spaced: bool) -> None:  # noqa: FBT001 (a drawn flag)
    # Most identifier lines (an identifier as arXiv writes it, then nothing that lengthens
    # it and no DOI field) are read in one match: the same as the general reading, always.
    text = _fields.ID_PREFIX + body
    assert _fields.read_id_line(text, spaced=spaced) == _fields.read_id_line_by_rules(
        text, spaced=spaced
    )


@given(arxiv_ids, st.sampled_from(["", "Large language models.", " Models."]))
def test_an_identifier_and_the_next_abstract_split_where_arxiv_wrote_them(
    identifier: ArxivId, rest: str
) -> None:
    line = _fields.read_id_line(f"{_fields.ID_PREFIX}{identifier}{rest}")
    assert line.id == identifier
    assert (line.token, line.token_column, line.rest, line.dois) == (str(identifier), 7, rest, ())
