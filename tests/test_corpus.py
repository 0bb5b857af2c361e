"""Corpus: a sequence of papers, looked up by any identifier form."""

from __future__ import annotations

import pytest

from papercorpus import Corpus, Paper, load_sample


def test_corpus_sequence_protocol() -> None:
    """A Corpus indexes by position, identifier (any form) and slice; it compares by papers."""
    corpus = Corpus([Paper(arxiv_id="2104.12369"), Paper(arxiv_id="hep-th/9901001")])
    assert corpus[1].arxiv_id == "hep-th/9901001"
    assert corpus["https://arxiv.org/abs/2104.12369v4"] is corpus[0]
    assert isinstance(corpus[:1], Corpus)
    assert corpus[:1].ids == ["2104.12369"]
    # Typed as object: mypy's strict equality knows a Sequence[Paper] holds no strings.
    present: object = "arXiv:hep-th/9901001"
    absent: object = "not an id"
    assert present in corpus
    assert absent not in corpus
    assert corpus.get("2104.00000") is None
    with pytest.raises(KeyError, match=r"no paper '2104\.99999'"):
        corpus["2104.99999"]
    assert list(corpus) == [corpus[0], corpus[1]]
    assert corpus.filter(lambda p: p.identifier.is_old_style).ids == ["hep-th/9901001"]
    assert repr(corpus) == "<Corpus: 2 papers, 0 diagnostics>"
    assert corpus == Corpus(list(corpus))


def test_lookups_that_fail_say_why() -> None:
    corpus = load_sample()
    with pytest.raises(KeyError, match=r"'2104\.1236' is no arXiv identifier: .*5 digits"):
        corpus["2104.1236"]
    with pytest.raises(KeyError, match=r"no paper '2104\.99999' in this corpus of 48"):
        corpus["2104.99999"]
    with pytest.raises(IndexError, match=r"index 100 out of range: 48 papers, positions 0 to 47"):
        corpus[100]
    with pytest.raises(IndexError, match="positions none: it is empty"):
        Corpus([])[0]
