"""Each request's row of the index's answer (#26): placed in C, the same as one at a time."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus.enrichment._snapshot import rows_at

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")


@st.composite
def _answers(draw: st.DrawFn) -> tuple[list[int], int, list[int]]:
    """An answer's `pos` column (some positions found, in any order, over any chunks)."""
    count = draw(st.integers(0, 60))
    found = draw(st.lists(st.integers(0, max(count - 1, 0)), unique=True)) if count else []
    found = draw(st.permutations(found))  # DuckDB's order: any
    cuts = sorted(draw(st.lists(st.integers(0, len(found)), max_size=3)))
    return found, count, cuts


def _expected(found: list[int], count: int) -> list[int | None]:
    rows: list[int | None] = [None] * count
    for row, position in enumerate(found):
        rows[position] = row
    return rows


def _chunked(found: list[int], cuts: list[int]) -> object:
    edges = [0, *cuts, len(found)]
    return pa.chunked_array(
        [found[start:stop] for start, stop in itertools.pairwise(edges)], pa.int64()
    )


@settings(deadline=None)  # the first call loads pyarrow's compute functions
@given(_answers())
def test_each_position_gets_the_row_that_answers_it(
    answer: tuple[list[int], int, list[int]],
) -> None:
    found, count, cuts = answer
    rows = rows_at(_chunked(found, cuts), count)
    assert rows.type == pa.int64()
    assert rows.to_pylist() == _expected(found, count)


@settings(deadline=None)  # the first call loads pyarrow's compute functions
@given(_answers())
def test_an_older_pyarrow_places_them_the_same(answer: tuple[list[int], int, list[int]]) -> None:
    found, count, cuts = answer
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(pc, "inverse_permutation", raising=False)
        rows = rows_at(_chunked(found, cuts), count)
    assert rows.to_pylist() == _expected(found, count)
