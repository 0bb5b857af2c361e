"""Copies of one paper merged: across files, layouts and written forms of its identifier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercorpus import load

if TYPE_CHECKING:
    from pathlib import Path


def test_subject_class_copies_merge_into_one_paper(tmp_path: Path) -> None:
    """`math.GT/0309136v2` in one file and `math/0309136` in another are one paper."""
    (tmp_path / "a.txt").write_text("Knots.\n\narXiv:math.GT/0309136v2\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Knots.\n\narXiv:math/0309136\n", encoding="utf-8")
    corpus = load(tmp_path)
    assert len(corpus) == 1
    assert (corpus[0].arxiv_id, corpus[0].version) == ("math.GT/0309136", 2)
    assert corpus["math/0309136"] is corpus[0]
    present: object = "math.GT/0309136"  # object: a Sequence[Paper] holds no str, says mypy
    assert present in corpus
