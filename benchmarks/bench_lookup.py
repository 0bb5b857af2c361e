"""Benchmark: a million identifiers from a snapshot index, against DuckDB giving Arrow.

Run with `uv run python benchmarks/bench_lookup.py` (`--records N`, `--ids N`, `--repeat R`,
`--dir D` to keep the generated snapshot and its index between runs).

On a generated snapshot in the published layout (`_snapshot.py`), built once into an index,
each measurement in a fresh process (its time counted from after the imports, its peak
resident memory read from the kernel), best of `--repeat`:

- **anchor**: DuckDB joins the identifiers (an Arrow table, registered) against the index
  and returns the rows as an Arrow table, the columns papers are made of (pandas, which
  pyarrow imports at its first conversion, is imported before the clock starts, in each);
- `enrich(ids, snapshot=index, offline=True, cache=None)`, the Corpus it returns;
- the same, then `len(corpus.to_arrow())`: every field, every derived field computed.

The identifiers are a random sample of the index's (a reading list in no order).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _snapshot import generate
from _table import Row, run_child, table

ANCHOR = "DuckDB joins the ids against the index, rows as Arrow"

CHILD = """
import json, resource, sys, time
index, ids_path, what = sys.argv[1:4]
ids = open(ids_path, encoding="utf-8").read().split()
if what == "arrow":
    import duckdb, pyarrow as pa
    from papercorpus.snapshot._rows import ENTRY_COLUMNS
    columns = ", ".join(f"i.{name}" for name in ENTRY_COLUMNS)
else:
    import pyarrow, duckdb
    from papercorpus import Snapshot, enrich
try:  # pyarrow imports pandas at its first conversion when it is installed: not timed
    import pandas
except ImportError:
    pass
started = time.perf_counter()
if what == "arrow":
    with duckdb.connect() as con:
        con.register("wanted", pa.table({"id": ids}))
        result = con.sql(
            f"SELECT {columns} FROM read_parquet('{index}') i JOIN wanted w ON i.arxiv_id = w.id"
        ).arrow()
        rows = (result.read_all() if hasattr(result, "read_all") else result).num_rows
else:
    corpus = enrich(ids, snapshot=Snapshot(index), offline=True, cache=None, progress=False)
    rows = len(corpus)
    if what == "export":
        rows = corpus.to_arrow().num_rows
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "rows": rows}))
"""


def in_child(index: Path, ids: Path, what: str) -> tuple[float, float, int]:
    """Seconds, peak memory (MB) and rows of `what` in a fresh interpreter."""
    result = run_child(CHILD, index, ids, what)
    return float(result["seconds"]), float(result["peak_mb"]), int(result["rows"])


def main() -> None:
    """Generate and build if needed, sample the identifiers, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--ids", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="where the generated snapshot and index stay")
    parser.add_argument("--export", action="store_true", help="also time to_arrow()")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papercorpus-bench-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        source, index = folder / f"snapshot-{args.records}.json", folder / "index.parquet"
        if not index.exists():
            from papercorpus import Snapshot  # noqa: PLC0415

            generate(source, args.records)
            Snapshot.build(source, index, progress=False)
        import pyarrow.parquet as pq  # noqa: PLC0415

        held = pq.read_table(index, columns=["arxiv_id"]).column(0).to_pylist()
        wanted = random.Random(1).sample(held, min(args.ids, len(held)))
        ids = Path(scratch) / "ids.txt"
        ids.write_text("\n".join(wanted) + "\n", encoding="utf-8")
        print(f"index: {len(held):,} papers; {len(wanted):,} identifiers; best of {args.repeat}\n")
        measured = [(ANCHOR, "arrow"), ("`enrich(ids, snapshot=index, offline=True)`", "enrich")]
        if args.export:
            measured.append(
                ("the same, then `corpus.to_arrow()` (every field, derived ones too)", "export")
            )
        rows, peaks = [], []
        for name, what in measured:
            runs = [in_child(index, ids, what) for _ in range(args.repeat)]
            rows.append(Row(name, runs[0][2], min(seconds for seconds, _, _ in runs)))
            peaks.append(max(peak for _, peak, _ in runs))
        print(table(rows, ANCHOR))
        print("\n| what | peak resident memory |\n| --- | ---: |")
        for row, peak in zip(rows, peaks, strict=True):
            print(f"| {row.what} | {peak:,.0f} MB |")
        ratio = rows[1].seconds / rows[0].seconds
        print(f"\nenrich ÷ anchor: {ratio:.2f} (target <= 1.5); peak {peaks[1]:,.0f} MB (<= 1,500)")


if __name__ == "__main__":
    main()
