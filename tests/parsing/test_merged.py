"""`papercorpus parse` merges copies in flat memory and gives what `load()` gives, in order."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import papercorpus
from papercorpus import Diagnostic
from papercorpus.loading import sample_files
from papercorpus.parsing._merged import iter_merged
from tests.parsing.real_listings import compact, spaced
from tests.property.test_listings import mutated_listings


def _cli(files: list[Path]) -> tuple[int, list[str], str]:
    """What the streamed merge gives (the command line uses it for input over 32 MB)."""
    found: list[Diagnostic] = []
    rows = [
        paper.model_dump_json()
        for paper in iter_merged(files, [str(f) for f in files], strict=False,
                                 on_diagnostic=found.append)
    ]  # fmt: skip
    return 0, rows, "\n".join(str(d) for d in found)


def _loaded(files: list[Path]) -> tuple[list[str], int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = papercorpus.load(*files)
    return [paper.model_dump_json() for paper in corpus], len(corpus.diagnostics)


def test_the_samples_merge_as_load_merges_them() -> None:
    files = sample_files()
    status, rows, _ = _cli(files)
    assert status == 0
    assert rows == _loaded(files)[0]
    assert len(rows) == 48


def test_real_listings_copied_across_files(tmp_path: Path) -> None:
    """Every paper in three files, both layouts, DOIs glued: the copies read as in a parse."""
    files = [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"]
    files[0].write_text(compact(), encoding="utf-8")
    files[1].write_text(spaced(), encoding="utf-8")
    files[2].write_text(compact(), encoding="utf-8")
    status, rows, _ = _cli(files)
    assert status == 0
    assert rows == _loaded(files)[0]
    assert len(rows) == 503


def test_conflicts_are_reported(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("First abstract.\narXiv:2104.12369v1\n", encoding="utf-8")
    two.write_text("Another abstract.\n5 pages\narXiv:2104.12369v2\n", encoding="utf-8")
    status, rows, err = _cli([one, two])
    assert rows == _loaded([one, two])[0]
    assert json.loads(rows[0])["abstract"] == "Another abstract."  # the highest version wins
    assert "two.txt" in err
    assert "conflict" in err or "kept from there" in err
    assert status == 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.lists(mutated_listings(), min_size=1, max_size=3), st.booleans())
def test_any_listings_merge_as_load_merges_them(texts: list[str], again: bool) -> None:  # noqa: FBT001
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number, text in enumerate(texts + (texts[:1] if again else [])):
            path = Path(folder) / f"{number}.txt"
            path.write_bytes(text.encode("utf-8"))
            files.append(path)
        _, rows, _ = _cli(files)
        assert rows == _loaded(files)[0]


def test_a_listing_with_copies_is_merged_in_flat_memory(tmp_path: Path) -> None:
    """503 papers a hundred times over (45 MB): the merge holds copies, not the input."""
    text = compact()
    path = tmp_path / "copies.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(100):
            out.write(text)
    code = (
        "import re, sys\n"
        "from papercorpus.cli import main\n"
        "status = main(['parse', sys.argv[1], '-o', sys.argv[2]])\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(status, int(peak) // 1024, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "out.jsonl")],
        capture_output=True,
        text=True,
        check=True,
    )
    status, peak_mb = map(int, done.stderr.split()[-2:])
    assert status == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 503
    # Held whole (as `load()` holds it, or a pipe is merged) it passes 110 MB.
    assert peak_mb < 80
