"""Bytes to lines: encodings and their marks, line ends, bad bytes, lines too long to read."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from papercorpus import Diagnostic, DiagnosticCode, iter_papers
from tests.parsing.helpers import collect
from tests.streams import Zeros

if TYPE_CHECKING:
    from collections.abc import Iterator


def test_crlf_and_bom_need_no_diagnostic() -> None:
    """CRLF endings and a UTF-8 BOM are normal."""
    data = "\ufeffAbstract.\r\n4 pages\r\narXiv:2104.12369\r\n".encode()
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(io.BytesIO(data), on_diagnostic=diagnostics.append))
    assert diagnostics == []
    assert (papers[0].abstract, papers[0].comments) == ("Abstract.", "4 pages")


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    """Bad bytes become U+FFFD and a diagnostic names the line."""
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Abstract.\nCaf\xe9 paper\narXiv:2104.12369\n")
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(path, on_diagnostic=diagnostics.append))
    assert papers[0].comments == "Caf\ufffd paper"
    assert [str(d) for d in diagnostics] == [
        f"{path}:2:4: expected UTF-8 text, found bytes that are not UTF-8 (kept as U+FFFD)\n"
        "    Caf\ufffd paper\n"
        "       ^"
    ]


def test_old_mac_line_endings() -> None:
    """A lone CR ends a line too, and line numbers count such lines."""
    papers, diagnostics = collect("Abstract.\r4 pages\rarXiv:2104.12369Next.\rarXiv:2104.11883")
    assert diagnostics == []
    assert [(p.abstract, p.comments, str(p.source)) for p in papers] == [
        ("Abstract.", "4 pages", "t.txt:3"),
        ("Next.", None, "t.txt:4"),
    ]


LISTING = "Abstract \u00e9t\u00e9.\n11 pages\narXiv:2104.12369\nNext.\narXiv:2104.11883\n"


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param("utf-16", id="utf-16-bom"),  # what PowerShell's > writes
        pytest.param("utf-16-be-bom", id="utf-16-be-bom"),
        pytest.param("utf-32", id="utf-32-bom"),
        pytest.param("utf-32-be-bom", id="utf-32-be-bom"),
        pytest.param("utf-8-sig", id="utf-8-bom"),
    ],
)
def test_byte_order_marks_name_the_encoding(encoding: str, tmp_path: Path) -> None:
    """UTF-16 and UTF-32 with a byte order mark read like UTF-8, without a diagnostic."""
    if encoding.endswith("-be-bom"):
        base = encoding.removesuffix("-be-bom")
        bom = codecs.BOM_UTF16_BE if base == "utf-16" else codecs.BOM_UTF32_BE
        data = bom + LISTING.replace("\n", "\r\n").encode(f"{base}-be")
    else:
        data = LISTING.replace("\n", "\r\n").encode(encoding)
    path = tmp_path / "listing.txt"
    path.write_bytes(data)
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(path, on_diagnostic=diagnostics.append))
    assert diagnostics == []
    assert [(p.arxiv_id, p.abstract, p.comments) for p in papers] == [
        ("2104.12369", "Abstract \u00e9t\u00e9.", "11 pages"),
        ("2104.11883", "Next.", None),
    ]
    assert [p.source.line for p in papers if p.source] == [3, 5]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_reported(codec: str) -> None:
    """A file that looks like UTF-16 but has no BOM is decoded as such, and a diagnostic says so."""
    diagnostics: list[Diagnostic] = []
    stream = io.BytesIO(LISTING.encode(codec))
    papers = list(iter_papers(stream, on_diagnostic=diagnostics.append))
    assert [p.arxiv_id for p in papers] == ["2104.12369", "2104.11883"]
    (diagnostic,) = diagnostics
    assert diagnostic.code == DiagnosticCode.INVALID_ENCODING
    assert (diagnostic.line, diagnostic.column) == (1, 1)
    assert (
        diagnostic.found == f"{codec.upper()} without a byte order mark (read as {codec.upper()})"
    )


def test_utf16_cut_mid_character_keeps_a_replacement_character() -> None:
    """A UTF-16 file cut in the middle of a character: the stray byte is reported, not lost."""
    data = codecs.BOM_UTF16_LE + "Abstract.\narXiv:2104.12369\nTrailing".encode("utf-16-le")
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(io.BytesIO(data + b"x"), on_diagnostic=diagnostics.append))
    assert [p.arxiv_id for p in papers] == ["2104.12369"]
    assert [d.code for d in diagnostics] == ["invalid-utf8", "trailing-text"]
    assert diagnostics[1].text == "Trailing\ufffd"


def test_a_huge_utf16_line_is_read_in_linear_time() -> None:
    """Eight MB of UTF-16 without a newline is one line, read block by block."""
    data = codecs.BOM_UTF16_LE + ("x" * 4_000_000 + "\narXiv:2104.12369\n").encode("utf-16-le")
    (paper,) = iter_papers(io.BytesIO(data))
    assert paper.abstract is not None
    assert len(paper.abstract) == 4_000_000


@pytest.mark.parametrize(("encoding", "width"), [("utf-8", 1), ("utf-16", 2), ("utf-32", 4)])
@pytest.mark.parametrize("lead", [0, 600], ids=["in-the-first-bytes", "further"])
def test_a_line_too_long_to_read_is_left_out_and_reported(
    tmp_path: Path, encoding: str, width: int, lead: int
) -> None:
    """A line over `MAX_LINE` is a diagnostic with its length; the records around it parse."""
    from papercorpus.parsing import MAX_LINE  # noqa: PLC0415

    path = tmp_path / "long.txt"
    long = "x" * (MAX_LINE // width + 5)
    text = f"Abstract one.\narXiv:2104.12369\n\n{long}\r\nAbstract two.\narXiv:2104.11883\n"
    text = "\n" * lead + text
    path.write_bytes(text.encode(encoding))  # UTF-16 and UTF-32 with a byte order mark
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(path, on_diagnostic=diagnostics.append))
    assert [(p.arxiv_id, p.abstract) for p in papers] == [
        ("2104.12369", "Abstract one."),
        ("2104.11883", "Abstract two."),
    ]
    (diagnostic,) = diagnostics
    assert diagnostic.code == DiagnosticCode.LONG_LINE
    assert (diagnostic.line, diagnostic.column) == (lead + 4, 1)
    assert diagnostic.found == f"a line of {len(long) * width:,} bytes (left out)"
    assert diagnostic.line_text is not None
    assert diagnostic.line_text.startswith("xxxx")


def _peak_reading(stream: IO[bytes]) -> tuple[int, set[DiagnosticCode]]:
    """Read every paper of `stream`; the peak of memory allocated meanwhile, and the codes."""
    import tracemalloc  # noqa: PLC0415

    diagnostics: list[Diagnostic] = []
    tracemalloc.start()
    try:
        papers = list(iter_papers(stream, on_diagnostic=diagnostics.append))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert papers == []
    return peak, {d.code for d in diagnostics}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_endless_input_without_a_newline_reads_in_bounded_memory(encoding: str) -> None:
    """No line end for 50 or 150 MB (`/dev/zero`): the same memory for both, and a report."""
    from papercorpus.parsing import MAX_LINE  # noqa: PLC0415

    peaks = []
    for size in (50_000_000, 150_000_000):
        if encoding == "utf-8":
            stream: IO[bytes] = io.BufferedReader(Zeros(size))
        else:  # 'x' in UTF-16: NULs after a UTF-16 mark would read as UTF-32's
            stream = io.BytesIO(codecs.BOM_UTF16_LE + ("x" * (size // 2)).encode("utf-16-le"))
        peak, codes = _peak_reading(stream)
        assert codes == {DiagnosticCode.LONG_LINE}
        peaks.append(peak)
    assert peaks[1] < peaks[0] * 1.1 + 1_000_000  # bounded: not three times as much
    assert peaks[1] < 5 * MAX_LINE


UTF8_PIECES = [
    b"a", b"\n", b"\r", b"\r\n", b" ", "é".encode(), "€".encode(), "😀".encode(), b"\xff",
    b"\xe2\x82", codecs.BOM_UTF8, b"arXiv:2104.12369", b"\x00",
]  # fmt: skip


@given(st.lists(st.sampled_from(UTF8_PIECES), max_size=40).map(b"".join), st.integers(1, 9))
def test_utf8_read_in_blocks_gives_each_line_as_read_alone(data: bytes, block: int) -> None:
    """Blocks of any size cut nowhere visible: each line as decoding it alone gives it.

    Lines end at CRLF, LF or a lone CR (old Mac files); a line holds a U+FFFD mark of bad
    bytes only if its own bytes were bad.
    """
    from papercorpus.parsing import _lines, _wide  # noqa: PLC0415

    assume(_wide.wide_codec(data[:512])[0] is None)

    def alone() -> Iterator[_lines.Line]:
        """Each line as the format has it: ended by CRLF, LF or a lone CR, decoded alone."""
        raws = data.removeprefix(codecs.BOM_UTF8).split(b"\n")  # a mark, not text
        if not raws[-1]:
            raws.pop()
        parts = (part for raw in raws for part in raw.removesuffix(b"\r").split(b"\r"))
        for number, part in enumerate(parts, 1):
            text = part.decode("utf-8", errors="replace")
            yield _lines.Line(number, text, text != part.decode("utf-8", errors="ignore"))

    reading = _lines.lines_from_bytes
    original, _lines.READ_SIZE = _lines.READ_SIZE, block
    try:
        lines = list(reading(io.BufferedReader(io.BytesIO(data), buffer_size=block)))
    finally:
        _lines.READ_SIZE = original
    assert lines == list(alone())


def test_old_mac_line_ends_never_make_one_long_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of lone CRs, however long, is many short lines: none is left out as too long."""
    from papercorpus.parsing import _lines  # noqa: PLC0415

    monkeypatch.setattr(_lines, "MAX_LINE", 1000)  # above the first read (512), as is 16 MiB
    monkeypatch.setattr(_lines, "READ_SIZE", 16)
    data = b"".join(b"Abstract %d.\rarXiv:2104.%05d\r\r" % (i, i + 1) for i in range(100))
    diagnostics: list[Diagnostic] = []
    papers = list(iter_papers(io.BytesIO(data), on_diagnostic=diagnostics.append))
    assert [p.abstract for p in papers] == [f"Abstract {i}." for i in range(100)]
    assert diagnostics == []
    long = io.BytesIO(b"A.\rarXiv:2104.00001\r" + b"x" * 2000 + b"\rB.\rarXiv:2104.00002\r")
    papers = list(iter_papers(long, on_diagnostic=diagnostics.append))
    assert [p.abstract for p in papers] == ["A.", "B."]
    assert [(d.code, d.line, d.found) for d in diagnostics] == [
        (DiagnosticCode.LONG_LINE, 3, "a line of 2,000 bytes (left out)")
    ]
