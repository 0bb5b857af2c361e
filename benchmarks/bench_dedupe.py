"""Benchmark: `papercorpus parse` merging copies of a large listing, against `--no-dedupe`.

Run with `uv run python benchmarks/bench_dedupe.py` (`--records N`: 700,000 make about 1 GB).

The listing is `bench_parse.py`'s (both layouts, DOIs, comments; identifiers drawn so that
about 2% of the records are copies of another, as in overlapping daily listings). Each run
is a fresh process writing JSON Lines to a file; its time and its peak resident memory
(VmHWM) are measured.

Targets (#20): merging takes at most 1.5 times `--no-dedupe`'s time, in under 500 MB.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_parse import generate

_RUN = (
    "import re, sys\n"
    "from papercorpus.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "print(status, int(peak) // 1024, file=sys.stderr)\n"
)


def _run(words: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *words], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    status, peak = re.findall(r"(\d+) (\d+)\s*$", done.stderr)[-1]
    if status != "0":
        raise SystemExit(f"bench_dedupe: papercorpus exited {status}")
    return seconds, int(peak)


def main() -> None:
    """Generate the listing, run both ways, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=700_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.txt"
        generate(path, args.records, seed=1)
        out = Path(folder) / "out.jsonl"
        size = path.stat().st_size / 1e9
        streamed = _run(["parse", str(path), "--no-dedupe", "-o", str(out)])
        records = out.read_text(encoding="utf-8").count("\n")
        merged = _run(["parse", str(path), "-o", str(out)])
        papers = out.read_text(encoding="utf-8").count("\n")
    ratio = merged[0] / streamed[0]
    print(f"{size:.2f} GB, {records:,} records, {papers:,} papers after merging copies")
    print("| run | time | peak memory | time ÷ anchor |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| `parse --no-dedupe` (anchor) | {streamed[0]:.1f} s | {streamed[1]} MB | 1.00 |")
    print(f"| `parse` (copies merged) | {merged[0]:.1f} s | {merged[1]} MB | {ratio:.2f} |")
    met = ratio <= 1.5 and merged[1] < 500
    print(f"targets (<= 1.5x the time, < 500 MB): {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
