"""What the command line writes is safe for a terminal and honest about closed streams."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from bibtexparser import parse_string as parse_bibtex  # type: ignore[attr-defined]
from hypothesis import given
from hypothesis import strategies as st

from papercorpus._text import json_safe

if TYPE_CHECKING:
    from pathlib import Path

ACTING = "\x7f\x9b\u202e\u2066"  # DEL, C1 CSI, a bidi override, a bidi isolate


@pytest.mark.parametrize(
    ("redirect", "words", "message"),
    [
        (">&-", "sample --format jsonl", "cannot write standard output: it is closed"),
        ("<&-", "parse -", "cannot read standard input: it is closed"),
        ("<&-", "enrich - --offline --no-cache", "cannot read standard input: it is closed"),
    ],
)
def test_a_closed_stream_is_one_line(redirect: str, words: str, message: str) -> None:
    done = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m papercorpus {words} {redirect}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"papercorpus: error: {message}\n"


def test_json_output_escapes_what_a_terminal_would_act_on(tmp_path: Path) -> None:
    listing = tmp_path / "l.txt"
    listing.write_text(f"An abstract {ACTING} here.\narXiv:2104.1236 {ACTING}\n", "utf-8")
    listing2 = tmp_path / "m.txt"
    listing2.write_text(f"An abstract {ACTING} here.\narXiv:2104.12369\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "papercorpus", "parse", str(listing), str(listing2),
         "--diagnostics", "json", "--no-dedupe"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    for char in ACTING:
        assert char not in done.stdout
        assert char not in done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert ACTING in row["abstract"]  # the same text, written as escapes
    diagnostic = json.loads(done.stderr.splitlines()[0])
    assert ACTING in (diagnostic["text"] or "") + (diagnostic["line_text"] or "")


@given(st.text())
def test_json_safe_keeps_the_value(text: str) -> None:
    encoded = json_safe(json.dumps({"t": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"t": text}
    assert not any(char in encoded for char in ACTING)


@pytest.mark.filterwarnings("ignore::papercorpus.CitationWarning")  # a paper without a title
def test_hostile_values_in_frames_and_records(tmp_path: Path) -> None:
    """#21 item 17: an authors cell of text, a version past any real one, a `}` category."""
    import pandas as pd  # noqa: PLC0415

    from papercorpus import Corpus, Paper, ParseWarning  # noqa: PLC0415

    frame = Corpus([Paper(arxiv_id="2104.12369")]).to_pandas()
    frame["authors"] = ["Ada Lovelace; Alan Turing"]
    assert [a.name for a in Corpus.from_pandas(frame)[0].authors] == [
        "Ada Lovelace",
        "Alan Turing",
    ]
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"arxiv_id": "2104.12369", "version": 100000000000000000000}\n', "utf-8")
    with pytest.warns(ParseWarning, match="version"):
        corpus = Corpus.from_jsonl(jsonl)
    assert len(corpus) == 0
    assert corpus.diagnostics[0].code == "malformed-record"
    evil = Corpus([Paper(arxiv_id="2104.12369", primary_category="cs}\n@misc{evil,")])
    library = parse_bibtex(evil.to_bibtex())
    assert len(library.entries) == 1
    assert not library.failed_blocks
    assert pd is not None
