"""Benchmark: peak memory of `papercorpus parse LISTING --no-dedupe -f FORMAT` at the command line.

Run with `uv run python benchmarks/bench_cli_memory.py` (`--records N`, `--format F`,
`--listing PATH` to reuse a listing made by `_listing.py`).

A generated listing (`_listing.py`; a million records is 1.5 GB) converted by the
command in a fresh process; its peak resident memory is read from the kernel (the
children's maximum). The target: a million papers to Parquet in under 300 MB. The
anchor: the same command writing JSON Lines, which builds no Arrow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _listing import generate
from _table import run_child

TARGET_MB = 300


def _peak_mb(listing: Path, fmt: str, out: Path) -> tuple[float, float]:
    """Run the command in a child process of its own; return its seconds and peak MB."""
    code = (
        "import json, resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "seconds = time.perf_counter() - started\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': seconds, 'peak_mb': peak}))\n"
    )
    command = [sys.executable, "-m", "papercorpus", "parse", listing, "--no-dedupe"]
    result = run_child(code, *command, "-f", fmt, "-o", out)
    return float(result["seconds"]), float(result["peak_mb"])


def main() -> None:
    """Generate the listing (or take one), run the command for each format, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--listing", type=Path)
    parser.add_argument("--format", default="parquet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papercorpus-bench-") as scratch:
        folder = Path(scratch)
        listing = args.listing
        if listing is None:
            listing = folder / "listing.txt"
            started = time.perf_counter()
            generate(listing, args.records)
            print(f"generated {args.records:,} records in {time.perf_counter() - started:.0f} s")
        size = listing.stat().st_size / 1e6
        print(f"listing: {listing.name}, {size:,.0f} MB\n")
        print("| command | time | peak resident memory |\n| --- | ---: | ---: |")
        for fmt in ("jsonl", args.format):
            seconds, peak = _peak_mb(listing, fmt, folder / f"out.{fmt}")
            (folder / f"out.{fmt}").unlink()
            role = "**anchor**: " if fmt == "jsonl" else ""
            print(f"| {role}`parse --no-dedupe -f {fmt}` | {seconds:.1f} s | {peak:,.0f} MB |")
        print(f"\n-f {args.format}: {peak:,.0f} MB (target: under {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
