"""The shared text rules: one whitespace rule (squash), text safe to print (visible)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from papercorpus._text import squash, squash_lines, visible


@given(st.text() | st.text(st.characters(max_codepoint=127)) | st.text(" \t\n\x1fab\xa0"))
def test_squash_is_split_and_join(text: str) -> None:
    """The fast squash gives exactly what splitting on whitespace and joining gives.

    ASCII text takes a path of its own (each whitespace character looked for), Unicode
    another (`isprintable`): both are drawn, and text made mostly of whitespace.
    """
    assert squash(text) == " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    assert squash_lines(text) == "\n".join(line for line in lines if line)


@given(st.text())
def test_visible_text_holds_nothing_a_terminal_acts_on(text: str) -> None:
    """One character for one (carets stay in place), and no control character but tab, LF."""
    shown = visible(text)
    assert len(shown) == len(text)
    acting = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F))}
    assert not (acting - {"\t", "\n"}) & set(shown)
    assert all(a == b for a, b in zip(text, shown, strict=True) if a.isprintable())
