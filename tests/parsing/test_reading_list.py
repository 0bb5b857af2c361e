"""read_items(): a reading list's entries with their places, or a listing's papers."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papercorpus import Diagnostic, NotAListingError, Paper, ParseError
from papercorpus.parsing import read_items

SAMPLES = Path(__file__).parents[2] / "src" / "papercorpus" / "data"

new_style = st.builds(
    "{:02d}{:02d}.{:05d}".format,
    st.integers(15, 26),
    st.integers(1, 12),
    st.integers(1, 99999),
)
old_style = st.builds(
    "hep-th/{:02d}{:02d}{:03d}".format, st.integers(92, 99), st.integers(1, 12), st.integers(1, 999)
)
pasted = st.one_of(
    new_style,
    old_style,
    new_style.map("arXiv:{}".format),
    new_style.map("ARXIV: {}v2".format),
    old_style.map("arXiv:{}".format),
    new_style.map("arxiv.org/pdf/{}".format),
    new_style.map("https://arxiv.org/abs/{}".format),
    new_style.map("{} [cs.CL]".format),
)


def read(data: bytes, *, strict: bool = False) -> tuple[list[Paper | str], dict[str, str]]:
    diagnostics: list[Diagnostic] = []
    items, places = read_items(
        io.BytesIO(data), "ids.txt", strict=strict, on_diagnostic=diagnostics.append
    )
    assert diagnostics == []
    return items, places


@given(st.lists(st.tuples(pasted, st.integers(0, 3)), min_size=1, max_size=30))
def test_a_reading_list_gives_its_entries_and_their_lines(
    entries: list[tuple[str, int]],
) -> None:
    """Each entry once per line, blank lines skipped but counted, the first place kept."""
    lines: list[str] = []
    first: dict[str, str] = {}
    for text, blanks in entries:
        lines.extend([""] * blanks)
        lines.append(f"{text}  # seen")
        first.setdefault(text, f"ids.txt:{len(lines)}")
    items, places = read("\n".join(lines).encode())
    assert items == [text for text, _ in entries]
    assert places == first


def test_a_listing_gives_its_papers() -> None:
    """A sample listing has text around its identifier lines: papers, not entries."""
    data = next(SAMPLES.glob("listing-*.txt")).read_bytes()
    items, places = read(data)
    assert items
    assert all(isinstance(item, Paper) for item in items)
    assert places == {}


def test_bad_bytes_in_a_reading_list_are_reported_or_raised() -> None:
    """A line that is not UTF-8 is kept (U+FFFD) and reported, or raised when strict."""
    data = b"2104.12369\n2104.11883 # caf\xe9\n2105.00001\n"
    found: list[Diagnostic] = []
    items, _ = read_items(io.BytesIO(data), "ids.txt", on_diagnostic=found.append)
    assert items == ["2104.12369", "2104.11883", "2105.00001"]
    assert [(d.line, d.code.value) for d in found] == [(2, "invalid-utf8")]
    with pytest.raises(ParseError, match=r"ids\.txt:2"):
        read_items(io.BytesIO(data), "ids.txt", strict=True, on_diagnostic=found.append)


def test_binary_data_is_refused_at_once() -> None:
    """NUL bytes where text should be: one clear error naming the input; it pickles."""
    with pytest.raises(NotAListingError, match=r"cannot read ids\.txt: binary data") as info:
        read(b"\x00" * 4096)
    copied = pickle.loads(pickle.dumps(info.value))  # noqa: S301 (our own bytes)
    assert (type(copied), str(copied)) == (type(info.value), str(info.value))
