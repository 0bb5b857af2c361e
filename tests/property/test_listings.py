"""Properties over generated and mutated listings: round trips, and nothing is ever lost."""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from papercorpus import Diagnostic, Paper, parse
from papercorpus._text import visible
from papercorpus.cli import main
from papercorpus.dois import SHAPES
from papercorpus.loading import read_corpus, sample_files
from papercorpus.parsing._fields import ID_PREFIX, match_created
from papercorpus.parsing._lines import lines_from_bytes
from papercorpus.parsing._records import RecordReader
from tests.listing_writer import write_listing
from tests.strategies import WORDS, paper_lists


def render(papers: list[Paper], layout: str) -> str:
    buffer = io.StringIO()
    write_listing(papers, buffer, layout=layout)
    return buffer.getvalue()


def without_source(papers: list[Paper]) -> list[Paper]:
    return [paper.model_copy(update={"source": None}) for paper in papers]


def _known_shape(doi: str) -> bool:
    """Whether a publisher's shape fits the whole DOI (a known prefix alone is not enough)."""
    return any(
        doi.startswith(f"{shape.prefix}/")
        and re.fullmatch(shape.pattern, doi[len(shape.prefix) + 1 :]) is not None
        for shape in SHAPES
    )


@given(paper_lists, st.sampled_from(["spaced", "compact"]))
def test_render_then_parse_gives_the_same_papers(papers: list[Paper], layout: str) -> None:
    """Writing papers in either layout and parsing them back is lossless and clean.

    A DOI of no known shape glued to the next abstract (compact) is split by FORMAT.md's
    rule, rightly here, but a guess: each such split, and only such, is diagnosed.
    """
    diagnostics: list[Diagnostic] = []
    again = parse(render(papers, layout), on_diagnostic=diagnostics.append)
    assert without_source(again) == papers
    if layout == "spaced":
        assert diagnostics == []
        return
    guesses = {
        paper.arxiv_id
        for paper, after in itertools.pairwise(papers)
        if paper.dois and not _known_shape(paper.dois[-1]) and after.abstract
    }
    assert {d.arxiv_id for d in diagnostics} == guesses
    assert {d.code for d in diagnostics} <= {"ambiguous-doi"}


@given(paper_lists)
def test_mixed_layouts_parse_alike(papers: list[Paper]) -> None:
    """A spaced listing followed by a compact one parses as the two would apart."""
    half = len(papers) // 2
    text = render(papers[:half], "spaced") + render(papers[half:], "compact")
    assert without_source(parse(text, on_diagnostic=lambda _: None)) == papers


# Lines a mutated listing may gain: malformed and valid identifier lines, bad dates, blanks.
NOISE = [
    "",
    "   ",
    "  arXiv:2104.11111 indented, a comment's continuation",
    "arXiv:2104.12369v0",
    "arXiv:2104.12369v99999",
    "arXiv:\uff12\uff11\uff10\uff14.\uff11\uff12\uff13\uff16\uff19",
    "arXiv:math.gt/0309136 A lower-case class",
    "arXiv:2104.1236",
    "arXiv:2113.12345Glued text",
    "arXiv:0612.1234",
    "arXiv:",
    "arXiv:nonsense here",
    "arXiv:2104.12369v2",
    "arXiv:2104.12369 - doi: 10.1/x.3328we glued",
    "arXiv:2012.06272 - doi: 10.1109/TCAD.2020.3043328Convolutional nets",
    "Created: 2021-02-30",
    "Created: yesterday",
    "Created: 2021-04-26",
    "Some stray text with arXiv:1907.08769 inside",
    "  Created: 2021-04-26",
    "\tCREATED:2021-04-26",
    "Created: 2020-08-03Glued abstract of the next paper.",
    "created 2021-04-26",
    "\ufffd broken bytes",
]


@st.composite
def mutated_listings(draw: st.DrawFn) -> str:
    papers = draw(paper_lists)
    layout = draw(st.sampled_from(["spaced", "compact"]))
    lines = render(papers, layout).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["insert", "delete", "join", "words", "spaces"]))
        if action == "insert":
            lines.insert(position, draw(st.sampled_from(NOISE)))
        elif action == "delete" and position < len(lines):
            del lines[position]
        elif action == "join" and position + 1 < len(lines):
            lines[position : position + 2] = [lines[position] + lines[position + 1]]
        elif action == "words":
            lines.insert(position, " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=5))))
        elif action == "spaces" and position < len(lines):  # whitespace to squash, anywhere
            gap = draw(st.sampled_from(["  ", "\t", " \u00a0", "\u2003 ", " \x0b"]))
            lines[position] = gap + lines[position].replace(" ", gap) + gap
    if draw(st.booleans()):  # a truncated file
        text = "\n".join(lines)
        return text[: draw(st.integers(0, len(text)))]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def squash(text: str) -> str:
    return " ".join(text.split())


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(mutated_listings())
@example(  # a DOI field after an identifier that is none: said in the diagnostic too
    "arXiv:0704.0001We the\nCreated: 2000-01-01\n"
    "arXiv:\uff12\uff11\uff10\uff14.\uff11\uff12\uff13\uff16\uff19arXiv:0704.0001"
    " - doi: 10.1088/0004-637X/728/2/145\n"
)
def test_nothing_is_lost(text: str) -> None:
    """Every identifier line becomes a Paper or a diagnostic; every text line lands in one."""
    diagnostics: list[Diagnostic] = []
    papers = parse(text, source="m.txt", on_diagnostic=diagnostics.append)
    paper_lines = {paper.source.line for paper in papers if paper.source}
    diagnostic_lines = {d.line for d in diagnostics}
    holders = [squash(f"{p.abstract or ''} {p.comments or ''}") for p in papers]
    holders += [doi for p in papers for doi in p.dois]
    holders += [squash(f"{d.text or ''} {d.found}") for d in diagnostics]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        if line.startswith(ID_PREFIX):
            assert (number in paper_lines) ^ (
                number in {d.line for d in diagnostics if d.code == "invalid-id"}
            ), f"identifier line {number} is neither a paper nor a diagnostic: {line!r}"
            words = squash(line).split()
            if len(words) > 1 and words[-1] not in {"-", "doi:"}:
                # The text after the identifier (a DOI, the next abstract) lands somewhere;
                # its last characters do, however the DOI rule cut the last word.
                last = words[-1].rstrip(";,")  # a DOI field's last separator is no text
                assert any(last[-2:] in holder for holder in holders), line
        elif match_created(line) is not None:
            dated = {p.source.line for p in papers if p.created and p.source}
            assert (
                number in diagnostic_lines
                or any(n < number for n in dated)
                or any(line.strip() in (d.text or "") for d in diagnostics)
            ), line
        else:
            assert any(squash(line) in holder for holder in holders), (
                f"line {number} {line!r} is in no paper and no diagnostic"
            )


def _run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(mutated_listings(), st.booleans())
@example(  # trailing text with a control character: stderr shows it as a picture
    "\nWe the\n \x0barXiv:0704.0001 \x0b- \x0bdoi: \x0b10.1103/PhysRevLett.106.055301\n",
    False,  # noqa: FBT003 (the drawn flag)
)
def test_nothing_is_lost_at_the_command_line(text: str, dedupe: bool) -> None:  # noqa: FBT001
    """`papercorpus parse`: every line of the input is in stdout's papers or on stderr."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.txt"
        path.write_bytes(text.encode("utf-8"))
        status, out, err = _run_cli("parse", str(path), *([] if dedupe else ["--no-dedupe"]))
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == (0 if rows else 1)  # no paper at all: exit 1, and said
    if not rows:
        assert "papercorpus: no paper in" in err
    holders = [squash(f"{r['abstract'] or ''} {r['comments'] or ''}") for r in rows]
    holders += [doi for r in rows for doi in r["dois"]]
    holders += [squash(line.removeprefix("  | ")) for line in err.splitlines()]
    ids = {r["arxiv_id"] for r in rows}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        if line.startswith(ID_PREFIX):
            token = squash(line[len(ID_PREFIX) :]).split(" ")[0][:10]
            assert any(i[:10] in token for i in ids) or f"m.txt:{number}:" in err, line
        elif match_created(line) is None:
            # Papers hold the line's text squashed; stderr shows it with its control
            # characters as pictures (`visible`), never acted on.
            forms = {squash(line), squash(visible(line))}
            assert any(form in holder for form in forms for holder in holders), (
                f"line {number} {line!r} is neither on stdout nor on stderr"
            )


def _one_line_at_a_time(data: bytes) -> list[object]:
    """The reference reading: every line a `Line` of its own, as the reader first met them."""
    reader = RecordReader("listing.txt")
    return list(reader.read(lines_from_bytes(io.BytesIO(data))))


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(
    mutated_listings(),
    st.sampled_from([b"", codecs.BOM_UTF8]),
    st.sampled_from([b"", b"\xff\xfe stray bytes", b"\rold Mac line\r", b"\n\n"]),
)
def test_columns_and_runs_read_as_one_line_at_a_time(text: str, bom: bytes, tail: bytes) -> None:
    """Columns from runs of lines (`load()`) and a string (`parse()`) read as lines do.

    Byte for byte what reading one line at a time gives: the same papers, the same
    diagnostics, in the same order.
    """
    data = bom + text.encode() + tail
    reference = _one_line_at_a_time(data)
    papers = [item for item in reference if isinstance(item, Paper)]
    diagnostics = [item for item in reference if isinstance(item, Diagnostic)]

    corpus = read_corpus([(io.BytesIO(data), "listing.txt")], dedupe=False)
    assert list(corpus) == papers
    assert list(corpus.diagnostics) == diagnostics
    assert corpus.ids == [paper.arxiv_id for paper in papers]

    if b"\xff" not in data:  # a string holds no bad bytes
        seen: list[Diagnostic] = []
        parsed = parse(data.decode("utf-8-sig"), source="listing.txt", on_diagnostic=seen.append)
        assert parsed == papers
        assert seen == diagnostics


def test_runs_across_blocks_read_as_one_line_at_a_time() -> None:
    """A listing of many blocks, clean ones and ones with old Mac line ends or bad bytes."""
    sample = b"".join(path.read_bytes() for path in sample_files())
    data = sample * 40 + sample.replace(b"\n", b"\r\n") + b"\xff\n" + sample * 40
    assert len(data) > 4 * (1 << 18)  # several blocks of the reader
    reference = _one_line_at_a_time(data)
    corpus = read_corpus([(io.BytesIO(data), "listing.txt")], dedupe=False)
    assert list(corpus) == [item for item in reference if isinstance(item, Paper)]
    assert list(corpus.diagnostics) == [i for i in reference if isinstance(i, Diagnostic)]
