"""Benchmark: listing -> Parquet now, against `parse()` as it was when #26 was filed.

Run with (the old source checked out beside, then measured in the same run):

    git worktree add /tmp/papercorpus-then cbf711f~1
    uv run python benchmarks/bench_then.py --then /tmp/papercorpus-then/src

(`--records N`, `--repeat R`). #26's target reads "listing -> Parquet with every derived
field: at most 2.0x the time of `parse()` today's way (measure the old and new in one
run)". On one generated listing (`_listing.py`), each measurement in a fresh process
(its time counted from after the imports, pandas' too: pyarrow imports it at its first
conversion when it is installed), best of `--repeat`, taken in turns:

- **anchor**: `parse(path.read_text())` with the source given by `--then`;
- `parse(path.read_text())` and `load(path)` now;
- `load(path).to_parquet(out)` now: every derived field computed and written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _listing import generate
from _table import Row, run_child, table

ANCHOR = "`parse(path.read_text())` when #26 was filed"

CHILD = """
import json, sys, time
source, path, out, what = sys.argv[1:5]
if source != "-":
    sys.path.insert(0, source)
import papercorpus
from papercorpus import load, parse
assert source == "-" or papercorpus.__file__.startswith(source), papercorpus.__file__
import pyarrow.parquet
try:  # pyarrow imports pandas at its first conversion when it is installed: not timed
    import pandas
except ImportError:
    pass
started = time.perf_counter()
if what == "parse":
    count = len(parse(open(path, encoding="utf-8").read(), on_diagnostic=lambda d: None))
elif what == "load":
    count = len(load(path, dedupe=False))
else:
    corpus = load(path, dedupe=False)
    corpus.to_parquet(out)
    count = len(corpus)
print(json.dumps({"seconds": time.perf_counter() - started, "count": count}))
"""


def main() -> None:
    """Generate the listing, time each way in turns, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--then", type=Path, required=True, help="the old source's src folder")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.then / "papercorpus" / "__init__.py").is_file():
        parser.error(f"{args.then} holds no papercorpus package")
    measured = [
        (ANCHOR, str(args.then.resolve()), "parse"),
        ("`parse(path.read_text())` now", "-", "parse"),
        ("`load(path)` now", "-", "load"),
        ("`load(path).to_parquet(out)` now, every derived field", "-", "parquet"),
    ]
    with tempfile.TemporaryDirectory(prefix="papercorpus-bench-") as scratch:
        path, out = Path(scratch) / "listing.txt", Path(scratch) / "out.parquet"
        generate(path, args.records)
        print(f"listing: {args.records:,} records, {path.stat().st_size / 1e6:,.0f} MB\n")
        best = {name: float("inf") for name, _, _ in measured}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):  # in turns: a busy moment weighs on every row alike
            for name, source, what in measured:
                result = run_child(CHILD, source, path, out, what)
                best[name] = min(best[name], float(result["seconds"]))
                counts[name] = int(result["count"])
        rows = [Row(name, counts[name], best[name]) for name, _, _ in measured]
        print(table(rows, ANCHOR))
        ratio = best[measured[3][0]] / best[ANCHOR]
        print(f"\nlisting -> Parquet ÷ parse() then: {ratio:.2f} (target <= 2.0)")
        print(f"listing -> Parquet ÷ load() now: {best[measured[3][0]] / best[measured[2][0]]:.2f}")


if __name__ == "__main__":
    main()
