"""Every warning points at the caller's line, not at papercorpus's own."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest

import papercorpus
from papercorpus import EnrichmentWarning, ParseWarning

if TYPE_CHECKING:
    from pathlib import Path

BROKEN = "Abstract.\narXiv:2104.1236\n"


def _here(record: pytest.WarningsRecorder) -> None:
    assert record, "no warning"
    assert {w.filename for w in record} == {__file__}


def test_parse_warns_at_the_caller() -> None:
    with pytest.warns(ParseWarning) as record:
        papercorpus.parse(BROKEN)
    _here(record)


def test_iter_papers_warns_at_the_loop() -> None:
    with pytest.warns(ParseWarning) as record:
        for _ in papercorpus.iter_papers(io.BytesIO(BROKEN.encode())):
            pass
    _here(record)


def test_load_and_from_jsonl_warn_at_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.warns(ParseWarning) as record:
        papercorpus.load(path)
    _here(record)
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"arxiv_id": 5}\n', encoding="utf-8")
    with pytest.warns(ParseWarning) as record:
        papercorpus.Corpus.from_jsonl(jsonl)
    _here(record)
    (tmp_path / "empty").mkdir()
    with pytest.warns(UserWarning, match="no \\*.txt listing") as record:
        papercorpus.load(tmp_path / "empty")
    _here(record)


def test_enrich_warns_at_the_caller() -> None:
    with pytest.warns(EnrichmentWarning) as record:
        papercorpus.enrich(["2104.12369"], cache=None, offline=True, progress=False)
    _here(record)


def test_parse_and_load_give_one_warning_for_the_same_text(tmp_path: Path) -> None:
    """#27: the first problem and how many more, whichever reader read the text."""
    text = "An abstract.\narXiv:2104.1236x\n\nAbstract two.\narXiv:2104.12369\ntrailing text\n"
    path = tmp_path / "l.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.warns(ParseWarning) as parsed:
        papercorpus.parse(text)
    with pytest.warns(ParseWarning) as loaded:
        papercorpus.load(path)
    assert len(parsed) == len(loaded) == 1
    assert "(and 1 more: pass on_diagnostic= to see each)" in str(parsed[0].message)
    assert "(and 1 more: see Corpus.diagnostics)" in str(loaded[0].message)
