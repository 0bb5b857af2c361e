"""Benchmark: start-up, in fresh processes, against `import pydantic` (the anchor).

Run with `uv run python benchmarks/bench_import.py` (`--runs N`). Each statement runs in a
new interpreter `--runs` times; the table gives the median time beyond an empty
interpreter's, and that time as a multiple of `import pydantic`'s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _table import Row, table

ANCHOR = "`import pydantic`"
STATEMENTS = {
    ANCHOR: "import pydantic",
    "`import papercorpus`": "import papercorpus",
    "`from papercorpus import Paper` (builds the models)": "from papercorpus import Paper",
    "`from papercorpus import parse` (the parser and the models)": "from papercorpus import parse",
    "`from papercorpus import enrich` (the HTTP stack too)": "from papercorpus import enrich",
}


def _median(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Time each statement in fresh interpreters and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    empty = _median("pass", args.runs)
    rows = [
        Row(name, 1, max(_median(code, args.runs) - empty, 1e-6))
        for name, code in STATEMENTS.items()
    ]
    print(f"median of {args.runs} fresh runs, less an empty interpreter ({empty * 1000:.0f} ms)\n")
    print(table(rows, ANCHOR, unit="imports"))


if __name__ == "__main__":
    main()
