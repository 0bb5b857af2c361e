"""Benchmark: building a snapshot index, and enriching 100,000 identifiers from it.

Run with `uv run python benchmarks/bench_snapshot.py` (`--records N`, `--ids N`,
`--repeat R`, `--dir D` to keep the generated snapshot between runs).

On a generated snapshot in the published layout (`_snapshot.py`, about 1.6 KB a record),
in one run:

- anchor 1: DuckDB reading the JSON into a table (`CREATE TABLE AS SELECT * FROM
  read_json(...)`), and `Snapshot.build` on the same file, each in a fresh process that
  reports its peak resident memory; for reference, DuckDB copying the JSON to Parquet
  untransformed (the floor of any build that writes Parquet);
- anchor 2: a DuckDB join of the identifiers (100,000 present, 1,000 absent) against the
  raw JSON, rows fetched into Python, and `enrich(ids, snapshot=index, offline=True)`;
- `Snapshot.load()` of every paper, and of one category.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from papercorpus import Snapshot, enrich

sys.path.insert(0, str(Path(__file__).parent))
from _snapshot import generate
from _table import Row, run_child, table

if TYPE_CHECKING:
    from collections.abc import Callable

READ_ANCHOR = "DuckDB reads the JSON into a table"
JOIN_ANCHOR = "DuckDB joins the ids against the JSON, rows fetched into Python"

# Each runs in a fresh interpreter and prints its seconds and peak memory (MB) as JSON.
CHILD = """
import json, resource, sys, time
source, index, what = sys.argv[1:4]
started = time.perf_counter()
if what == "read":
    import duckdb
    with duckdb.connect() as con:
        con.execute(
            f"CREATE TABLE t AS SELECT * FROM read_json('{source}', format='newline_delimited')"
        )
elif what == "copy":
    import duckdb
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM read_json('{source}', format='newline_delimited')) "
            f"TO '{index}.raw.parquet' (FORMAT parquet)"
        )
else:
    from papercorpus import Snapshot
    Snapshot.build(source, index, progress=False)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak}))
"""


def in_child(source: Path, index: Path, what: str) -> tuple[float, float]:
    """Seconds and peak memory (MB) of `what` (read, build) in a fresh interpreter."""
    result = run_child(CHILD, source, index, what)
    return float(result["seconds"]), float(result["peak_mb"])


def best(function: Callable[[], int], repeat: int) -> tuple[int, float]:
    """The count `function` gives and its fastest time of `repeat` runs."""
    fastest, count = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = function()
        fastest = min(fastest, time.perf_counter() - started)
    return count, fastest


def measure_build(
    source: Path, index: Path, records: int, repeat: int
) -> tuple[list[Row], dict[str, float]]:
    """Anchor 1 and the build, each in fresh processes; the peak memory of each."""
    rows, peaks = [], {}
    for name, what in (
        (READ_ANCHOR, "read"),
        ("`Snapshot.build(source, index)`", "build"),
        ("for reference: DuckDB copies the JSON to Parquet as it is", "copy"),
    ):
        runs = [in_child(source, index, what) for _ in range(repeat)]
        rows.append(Row(name, records, min(seconds for seconds, _ in runs)))
        peaks[name] = max(peak for _, peak in runs)
    return rows, peaks


def measure_enrich(source: Path, index: Path, ids: list[str], repeat: int) -> list[Row]:
    """Anchor 2, enrich from the index, and loads, in this process after a warm-up."""
    snapshot = Snapshot(index)

    def join() -> int:
        with duckdb.connect() as con:
            con.register("wanted", pa.table({"id": ids}))
            return len(
                con.execute(
                    "SELECT j.* FROM read_json(?, format='newline_delimited') j "
                    "JOIN wanted w ON j.id = w.id",
                    [str(source)],
                ).fetchall()
            )

    def from_snapshot() -> int:
        corpus = enrich(ids, snapshot=snapshot, offline=True, cache=None, progress=False)
        return len(corpus.report.snapshot)

    join()  # both warmed: imports, the file in the page cache
    from_snapshot()
    rows = []
    for name, function in (
        (JOIN_ANCHOR, join),
        ("`enrich(ids, snapshot=index, offline=True)`", from_snapshot),
        ("`Snapshot(index).select()`: every paper", lambda: len(snapshot.select())),
        ("`Snapshot(index).select('cs.LG')`", lambda: len(snapshot.select("cs.LG"))),
    ):
        count, seconds = best(function, repeat)
        rows.append(Row(name, count, seconds))
    return rows


def main() -> None:
    """Generate (or reuse) the snapshot, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--ids", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where the generated snapshot stays")
    args = parser.parse_args()
    # A generated snapshot stays only in `--dir`; otherwise it goes when the run ends.
    scratch = tempfile.TemporaryDirectory(prefix="papercorpus-bench-")
    folder = args.dir or Path(scratch.name)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"snapshot-{args.records}.json"
    if not source.exists():
        generate(source, args.records)
    index = folder / "index.parquet"
    size_mb = source.stat().st_size / 1e6
    print(f"snapshot: {args.records:,} records, {size_mb:,.0f} MB (generated, published layout)")

    rows, peaks = measure_build(source, index, args.records, args.repeat)
    print(f"\nbuild, each in a fresh process, best of {args.repeat}:\n")
    print(table(rows, READ_ANCHOR, unit="records"))
    build_seconds = rows[1].seconds
    print(f"\nbuild ÷ DuckDB read: {build_seconds / rows[0].seconds:.2f} (target <= 2)")
    for name, peak in peaks.items():
        print(f"peak memory, {name}: {peak:,.0f} MB")
    index_mb = index.stat().st_size / 1e6
    print(f"index: {index_mb:,.0f} MB ({index_mb / size_mb:.0%} of the JSON)")

    with source.open(encoding="utf-8") as lines:
        present = [json.loads(line)["id"] for line in lines]
    rng = random.Random(0)
    ids = rng.sample(present, min(args.ids, len(present)))
    ids += [f"2912.{n:05d}" for n in range(1, args.ids // 100 + 1)]  # absent: far future
    rng.shuffle(ids)
    rows = measure_enrich(source, index, ids, args.repeat)
    print(f"\n{len(ids):,} identifiers ({args.ids // 100:,} absent), best of {args.repeat}:\n")
    print(table(rows, JOIN_ANCHOR, unit="papers"))
    print(f"\nenrich ÷ DuckDB join: {rows[1].seconds / rows[0].seconds:.2f} (target <= 1)")
    scale = 2_800_000 / args.records
    print(
        f"\nthe full file (2.8 million records, about {size_mb * scale / 1000:.1f} GB of this "
        f"layout), extrapolated: build {build_seconds * scale:,.0f} s, "
        f"index {index_mb * scale:,.0f} MB"
    )


if __name__ == "__main__":
    main()
