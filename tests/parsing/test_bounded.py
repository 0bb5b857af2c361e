"""Text that belongs to no record is previewed, not carried whole: memory stays flat.

A wrong file with no identifier line (a dump, a log) would otherwise become one diagnostic
as large as the file. FORMAT.md: a diagnostic shows a bounded preview of long text (its
first and last lines, how many lines and characters, where), and the file keeps the text.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import TYPE_CHECKING

from papercorpus import Diagnostic, iter_papers, parse
from papercorpus.parsing._record_text import MAX_RECORD_LINES

if TYPE_CHECKING:
    from pathlib import Path


def test_a_file_with_no_identifier_line_is_read_in_flat_memory(tmp_path: Path) -> None:
    """60 MB of prose: no paper, one diagnostic under 10 KB, memory far under the file."""
    path = tmp_path / "prose.txt"
    with path.open("w", encoding="utf-8") as out:
        for number in range(600_000):
            out.write(f"Line {number} of a long text with no identifier line in it at all.\n")
    code = (
        "import json, re, sys\n"
        "from papercorpus import iter_papers\n"
        "found = []\n"
        "papers = sum(1 for _ in iter_papers(sys.argv[1], on_diagnostic=found.append))\n"
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "print(json.dumps([papers, peak // 1024, [d.to_dict() for d in found]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    papers, peak_mb, diagnostics = json.loads(done.stdout)
    assert papers == 0
    assert peak_mb < 100  # the file is 42 MB: holding it as text alone would pass 100
    (diagnostic,) = diagnostics
    assert diagnostic["code"] == "trailing-text"
    assert diagnostic["line"] == 1
    text = diagnostic["text"]
    assert len(text) < 10_000
    assert text.startswith("Line 0 of a long text")
    assert text.endswith("Line 599999 of a long text with no identifier line in it at all.")
    assert "600,000 lines" in text
    assert "lines 1-600,000" in text


def test_a_record_too_long_keeps_its_last_lines_and_says_the_rest() -> None:
    lines = [f"Garbage line {n}." for n in range(5 * MAX_RECORD_LINES)]
    text = "\n".join([*lines, "The real abstract.", "arXiv:2104.12369", ""])
    diagnostics: list[Diagnostic] = []
    (paper,) = parse(text, on_diagnostic=diagnostics.append)
    assert paper.arxiv_id == "2104.12369"
    assert paper.abstract is not None
    assert paper.comments is not None
    assert paper.comments.endswith("The real abstract.")
    (stray,) = diagnostics
    assert stray.code == "stray-text"
    assert stray.line == 1
    assert stray.text is not None
    assert len(stray.text) < 10_000
    assert stray.text.startswith("Garbage line 0.")
    kept = 1 + (paper.comments or "").count("\n") + 1  # the abstract, each comment line
    assert f"{5 * MAX_RECORD_LINES + 1 - kept:,} more lines" in stray.found


def test_a_short_record_is_carried_whole() -> None:
    diagnostics: list[Diagnostic] = []
    parse("One.\nTwo.\nThree.\n", on_diagnostic=diagnostics.append)
    assert diagnostics[0].text == "One.\nTwo.\nThree."


def test_one_huge_line_is_previewed() -> None:
    data = ("x" * 5_000_000 + "\n").encode()
    diagnostics: list[Diagnostic] = []
    assert list(iter_papers(io.BytesIO(data), on_diagnostic=diagnostics.append)) == []
    (diagnostic,) = diagnostics
    assert diagnostic.text is not None
    assert len(diagnostic.text) < 10_000
    assert "5,000,001 characters" in diagnostic.text
