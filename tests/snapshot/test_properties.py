"""Properties: DuckDB's text rules are Python's, the id pattern is the scheme, counts are exact."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus._text import squash
from papercorpus.ids import ID_PATTERN, ArxivId
from papercorpus.snapshot import _problems
from papercorpus.snapshot._sql import MACROS, squashed_columns
from tests.strategies import arxiv_ids

if TYPE_CHECKING:
    from collections.abc import Iterator

# Every kind of whitespace str.split() knows, ASCII and not, among ordinary characters.
BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
)
texts = st.text(alphabet=st.sampled_from(BLANKS) | st.characters(codec="utf-8"), max_size=60)


@pytest.fixture(scope="module")
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as con:
        con.execute(MACROS)
        yield con


@given(text=texts)
def test_duckdb_squashes_as_python_does(connection: duckdb.DuckDBPyConnection, text: str) -> None:
    """The index's text is what `squash` would make of it, character for character.

    Both ways: the layered query the build runs, and the one-expression macro for names.
    """
    layered = squashed_columns("(SELECT ?::VARCHAR AS x)", {"x": "x"})
    (got,) = connection.execute(f"SELECT x_squashed FROM ({layered})", [text]).fetchone() or (None,)
    assert got == (squash(text) or None)
    (one,) = connection.execute("SELECT papercorpus_squash(?)", [text]).fetchone() or (None,)
    assert one == got


@given(parts=st.lists(st.tuples(texts, texts, texts), max_size=4))
def test_author_names_squash_as_python_does(
    connection: duckdb.DuckDBPyConnection, parts: list[tuple[str, str, str]]
) -> None:
    """`[last, first, suffix]` -> "first last suffix", squashed; names of nothing dropped."""
    parsed = [[last, first, suffix] for last, first, suffix in parts]
    (got,) = connection.execute(
        "SELECT papercorpus_names(list_transform(?::VARCHAR[][], lambda a: concat_ws(' ', "
        "nullif(a[2], ''), nullif(a[1], ''), nullif(a[3], ''))))",
        [parsed],
    ).fetchone() or (None,)
    expected = [
        name for last, first, suffix in parts if (name := squash(f"{first} {last} {suffix}"))
    ]
    assert got == expected


# Near-identifiers: digits, dots, slashes, archive names, versions, junk around them.
near_ids = st.one_of(
    arxiv_ids.map(str),
    st.from_regex(r"[0-9]{4}\.[0-9]{3,6}(v[0-9]{1,5})?", fullmatch=True),
    st.from_regex(r"(hep-th|math|cs|foo|math\.GT|math\.gt)/[0-9]{6,8}(v[0-9])?", fullmatch=True),
    st.text(alphabet="0123456789./v-abmhtGT ", max_size=20),
)


@given(text=near_ids)
@settings(max_examples=500)
def test_the_fast_path_parses_as_the_full_rules_do(text: str) -> None:
    """Text `parse` takes on its fast path parses the same through every rule (a space first)."""
    try:
        slow: ArxivId | str = ArxivId.parse(" " + text)  # the space skips the fast path
    except ValueError as exc:
        slow = f"error: {exc}".replace("' ", "'", 1)
    try:
        fast: ArxivId | str = ArxivId.parse(text)
    except ValueError:
        assert isinstance(slow, str)
        return
    assert fast == slow


@given(text=near_ids)
@settings(max_examples=500)
def test_the_id_pattern_is_the_scheme(connection: duckdb.DuckDBPyConnection, text: str) -> None:
    """ID_PATTERN holds exactly the bare identifiers `parse` accepts, in DuckDB as in Python."""
    import re  # noqa: PLC0415

    try:
        parsed = ArxivId.parse(" " + text)
        bare = parsed.version is None and str(parsed) == text
    except ValueError:
        bare = False
    assert bool(re.fullmatch(ID_PATTERN, text)) == bare
    (in_duckdb,) = connection.execute(
        "SELECT regexp_full_match(?, ?)", [text, ID_PATTERN]
    ).fetchone() or (None,)
    assert in_duckdb == bare


lines = st.lists(
    st.one_of(
        st.just('{"id": "0704.0001"}'),
        st.sampled_from(["", " ", "\t", "\r", " \r", "x", "  {} ", "\x0c"]),
        st.text(alphabet=' \t\r{}"a', max_size=8),
    ),
    max_size=30,
)


@given(lines=lines, chunk=st.integers(1, 12), final_newline=st.booleans())
def test_records_are_counted_across_any_chunking(
    *, lines: list[str], chunk: int, final_newline: bool
) -> None:
    """Non-blank lines (JSON whitespace is blank), however the chunks cut them."""
    data = "\n".join(lines) + ("\n" if final_newline and lines else "")
    expected = sum(1 for line in data.split("\n") if line.strip(" \t\r"))
    assert _problems.count_records(lambda: io.BytesIO(data.encode()), chunk) == expected
