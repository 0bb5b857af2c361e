"""Benchmark: many listings converted with `--jobs 2` against one job (`papercorpus.convert`).

Run with `uv run python benchmarks/bench_jobs.py` (`--files N`, `--records N` a file,
`--repeat R`, `--format F`).

Generated listings (`_listing.py`), converted to one file by `convert(paths, out, jobs=J)`,
best of `--repeat`; the anchor is one job. The outputs are checked to be the same bytes.
The ratio means something only on a machine with as many idle cores as jobs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from papercorpus import convert

sys.path.insert(0, str(Path(__file__).parent))
from _listing import generate
from _table import Row, table

ANCHOR = "`convert(paths, out, jobs=1)`"


def main() -> None:
    """Generate the listings, convert with 1 and 2 jobs, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--records", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="parquet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papercorpus-bench-") as scratch:
        folder = Path(scratch)
        paths = [folder / f"listing-{i}.txt" for i in range(args.files)]
        for index, path in enumerate(paths):
            generate(path, args.records, seed=index)
        print(
            f"{args.files} listings of {args.records:,} records, --format {args.format}; "
            f"{os.cpu_count()} cores; best of {args.repeat}\n"
        )
        rows, outputs = [], []
        for jobs in (1, 2):
            out = folder / f"out-{jobs}.{args.format}"
            fastest = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                count = convert(paths, out, fmt=args.format, jobs=jobs)
                fastest = min(fastest, time.perf_counter() - started)
            name = ANCHOR if jobs == 1 else f"`convert(paths, out, jobs={jobs})`"
            rows.append(Row(name, count, fastest))
            outputs.append(out.read_bytes())
        print(table(rows, ANCHOR))
        same = "the same bytes" if outputs[0] == outputs[1] else "DIFFERENT outputs"
        speedup = rows[0].seconds / rows[1].seconds
        print(f"\njobs=2 is {speedup:.2f}x one job (target >= 1.6); {same}")


if __name__ == "__main__":
    main()
