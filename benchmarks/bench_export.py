"""Benchmark: table exports once derived fields are computed, and what a Corpus holds.

Run with `uv run python benchmarks/bench_export.py` (`--records N`, `--repeat R`).

On a generated listing whose abstracts never repeat (`_listing.py`), loaded once, with every
derived field computed (the cost of that is `bench_derive.py`'s), in one run:

- `to_arrow()` in papers a second, against `pyarrow.Table.to_pandas` of the same table;
- `to_pandas()` against its anchor: `to_arrow()` then `Table.to_pandas()`;
- `to_parquet()` against `pyarrow.parquet.write_table` of the same table;
- the memory a Corpus holds after an export (tracemalloc, in a fresh process) against the
  Arrow table of all its columns, derived ones included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from papercorpus import load

sys.path.insert(0, str(Path(__file__).parent))
from _listing import generate
from _table import Row, table

if TYPE_CHECKING:
    from collections.abc import Callable

PANDAS_ANCHOR = "`to_arrow()` then `Table.to_pandas()`"

# In a fresh interpreter: what a loaded Corpus holds, and its stored fields as Arrow.
MEMORY = """
import json, sys, tracemalloc
from papercorpus import Paper, load
tracemalloc.start()
corpus = load(sys.argv[1])
loaded = tracemalloc.get_traced_memory()[0]
table = corpus.to_arrow()  # an export; what the Corpus holds after it is what counts
del table
held = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
every = corpus.to_arrow()
stored = every.select(list(Paper.model_fields))
print(json.dumps({"papers": len(corpus), "loaded": loaded, "held": held,
                  "arrow": every.nbytes, "stored": stored.nbytes}))
"""


def best(function: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds."""
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def main() -> None:
    """Generate the listing, load it, compute derived fields, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Removed when the run ends, however it ends (the listing and Parquet files are large).
    scratch = tempfile.TemporaryDirectory(prefix="papercorpus-bench-")
    folder = Path(scratch.name)
    path = folder / "listing.txt"
    generate(path, args.records)
    corpus = load(path)
    corpus.to_arrow()  # an export first: derived values are made again by each one
    n = len(corpus)
    arrow = corpus.to_arrow()
    print(f"listing: {n:,} papers, derived fields computed; best of {args.repeat}\n")

    rows = [
        Row(PANDAS_ANCHOR, n, best(lambda: corpus.to_arrow().to_pandas(), args.repeat)),
        Row("`to_pandas()`", n, best(corpus.to_pandas, args.repeat)),
        Row("`to_arrow()`", n, best(corpus.to_arrow, args.repeat)),
        Row("`Table.to_pandas()` alone", n, best(arrow.to_pandas, args.repeat)),
        Row(
            "`to_parquet(path)`",
            n,
            best(lambda: corpus.to_parquet(folder / "a.parquet"), args.repeat),
        ),
        Row(
            "`pyarrow.parquet.write_table` of the same table",
            n,
            best(lambda: pq.write_table(arrow, folder / "b.parquet"), args.repeat),
        ),
    ]
    print(table(rows, PANDAS_ANCHOR))
    rate = n / rows[2].seconds
    print(f"\nto_arrow: {rate:,.0f} papers/s (target >= 200,000)")
    print(f"to_pandas ÷ anchor: {rows[1].seconds / rows[0].seconds:.2f} (target <= 2)")

    done = subprocess.run(
        [sys.executable, "-c", MEMORY, str(path)], capture_output=True, text=True, check=True
    )
    memory = json.loads(done.stdout.strip().splitlines()[-1])
    papers, every, stored = memory["papers"], memory["arrow"], memory["stored"]
    print("\nmemory of a loaded Corpus (tracemalloc, fresh process):\n")
    print("| what | bytes a paper | total | ÷ anchor |")
    print("| --- | ---: | ---: | ---: |")
    for name, value in (
        ("**anchor**: Arrow table of all its columns (`to_arrow()`)", every),
        ("Arrow table of the stored fields", stored),
        ("`load(path)`", memory["loaded"]),
        ("`load(path)`, then `to_arrow()` (the table let go)", memory["held"]),
    ):
        print(f"| {name} | {value / papers:,.0f} | {value / 1e6:,.0f} MB | {value / every:.2f} |")
    print(f"\nCorpus after export ÷ Arrow: {memory['held'] / every:.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
