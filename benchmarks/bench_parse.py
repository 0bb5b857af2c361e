"""Benchmark: parsing a large listing, against loading the same papers from JSON Lines.

Run with `uv run python benchmarks/bench_parse.py` (`--records N`, `--memory-gb G`).

It generates a listing of `--records` records (both layouts, abstracts of realistic length,
comments, DOIs, Created lines) and reports, in one run:

- the floor: reading the file and splitting it into lines;
- `parse()` on the file's text and `iter_papers()` on its path, in papers per second;
- the peer format: the same papers from JSON Lines with `json.loads` + `Paper.model_validate`;
- the peak resident memory of `iter_papers()` over a listing of `--memory-gb` GB, measured in
  a fresh process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from papercorpus import Paper, iter_papers, load, parse
from papercorpus._gc import gc_paused
from papercorpus.models import DERIVED_FIELDS

sys.path.insert(0, str(Path(__file__).parent))
from _listing import real_doi
from _table import Row, table

VOCABULARY = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "we propose a novel method for learning deep neural networks that outperforms the state "
    "of the art on large-scale benchmarks in image classification object detection and "
    "semantic segmentation with fewer parameters PanGu-$\\alpha$ \\textit{few-shot} $x^2$ "
    "transformer attention pruning quantization distillation 3D point clouds CNNs 10% "
    "experiments show our approach achieves accuracy improvement with only a small loss"
).split()
COMMENTS = (
    "11 pages, 4 figures",
    "Accepted by CVPR 2021",
    "Accpeted by CVPR 2021. The code is available at https://github.com/a/b",
    "arXiv admin note: text overlap with arXiv:1907.08769",
    "12 pages, 7 figures, 10 tables",
)


def _abstract(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(120, 260))
    return "We " + " ".join(words) + "."


def generate(path: Path, records: int, seed: int = 0) -> None:
    """Write a listing of `records` records: spaced and compact layouts in runs of 50."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        pending = ""
        for i in range(records):
            yymm = f"{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}"
            arxiv_id = f"{yymm}.{i % 99999 + 1:05d}"
            doi = f" - doi: {real_doi(i)}" if i % 17 == 0 else ""
            comments = [rng.choice(COMMENTS)] if i % 3 else []
            spaced = (i // 50) % 2 == 0
            if spaced:
                if pending:
                    out.write(pending + "\n\n")
                    pending = ""
                out.write(_abstract(rng) + "\n\n")
                out.writelines(c + "\n\n" for c in comments)
                out.write(f"arXiv:{arxiv_id}{doi}\nCreated: 20{yymm[:2]}-{yymm[2:]}-01\n\n")
            else:
                out.write(f"{pending}{_abstract(rng)}\n")
                out.writelines(c + "\n" for c in comments)
                pending = f"arXiv:{arxiv_id}{doi}"
        out.write(pending + "\n")


def _best(function: object, repeat: int) -> tuple[int, float]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return count, best


MERGED = "`load(path)`, copies of a paper merged (fewer papers)"
LOAD = "`load(path, dedupe=False)`: a Corpus of the file's records, as columns"
ANCHOR = "JSON Lines: `json.loads` + `Paper.model_validate`, into a list"


def measure_speed(path: Path, repeat: int) -> list[Row]:
    """Time the floor, parse, iter_papers and the JSON Lines peer (the anchor)."""
    papers = list(iter_papers(path))
    jsonl = path.with_suffix(".jsonl")
    # The peer holds the same papers' fields; derived fields are recomputed on load either
    # way, so they are left out of the file (as `Paper.model_validate` would ignore them).
    derived = set(DERIVED_FIELDS)
    with jsonl.open("w", encoding="utf-8") as out:
        out.writelines(paper.model_dump_json(exclude=derived) + "\n" for paper in papers)
    count = len(papers)
    del papers

    def floor() -> int:
        with path.open("rb") as handle:
            return sum(1 for _ in handle)

    def run_parse() -> int:
        return len(parse(path.read_text(encoding="utf-8"), on_diagnostic=lambda _: None))

    def run_load() -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(load(path, dedupe=False))

    def run_load_dedupe() -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(load(path))

    def run_iter() -> int:
        return sum(1 for _ in iter_papers(path, on_diagnostic=lambda _: None))

    def run_jsonl() -> int:
        # Loading means keeping: a list, as `parse()` returns one.
        with jsonl.open(encoding="utf-8") as handle:
            return len([Paper.model_validate(json.loads(line)) for line in handle])

    def run_jsonl_gc_paused() -> int:
        with gc_paused():
            return run_jsonl()

    rows: list[Row] = []
    for name, function in [
        ("floor: read the file and split it into lines", floor),
        ("`parse(path.read_text())`", run_parse),
        ("`iter_papers(path)` (streamed, not kept)", run_iter),
        (LOAD, run_load),
        (MERGED, run_load_dedupe),
        (ANCHOR, run_jsonl),
        ("JSON Lines, with the collector paused as `parse()` does", run_jsonl_gc_paused),
    ]:
        done, seconds = _best(function, repeat)
        if not name.startswith("floor") and name != MERGED:
            assert done == count, (name, done, count)  # noqa: S101 (a benchmark's sanity check)
        rows.append(Row(name, count, seconds))
    return rows


def measure_memory(path: Path, gigabytes: float) -> float:
    """Peak RSS (MB) of a fresh process streaming a listing of `gigabytes` GB."""
    big = path.with_name("big.txt")
    chunk = path.read_bytes()
    with big.open("wb") as out:
        written = 0
        while written < gigabytes * 1e9:
            out.write(chunk)
            written += len(chunk)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork+exec.
    code = (
        "import re, sys\n"
        "from papercorpus import iter_papers\n"
        "n = sum(1 for _ in iter_papers(sys.argv[1], on_diagnostic=lambda _: None))\n"
        "status = open('/proc/self/status').read()\n"
        "print(n, int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) / 1024)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(big)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    count, peak = done.stdout.split()
    size = big.stat().st_size / 1e9
    print(f"  iter_papers over {size:.2f} GB: {int(count):,} papers in {seconds:.1f} s")
    print(f"  peak resident memory: {float(peak):.0f} MB")
    big.unlink()
    return float(peak)


def main() -> None:
    """Generate the listing, run every measurement, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-gb", type=float, default=1.0, help="0 skips the memory run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.txt"
        started = time.perf_counter()
        generate(path, args.records)
        size = path.stat().st_size / 1e6
        print(
            f"listing: {args.records:,} records, {size:.0f} MB, "
            f"generated in {time.perf_counter() - started:.1f} s"
        )
        rows = measure_speed(path, args.repeat)
        print(f"\nbest of {args.repeat}:\n")
        print(table(rows, ANCHOR))
        speed = {row.what: row.seconds for row in rows}
        print(
            f"\nJSON Lines time ÷ load time: {speed[ANCHOR] / speed[LOAD]:.2f} (target >= 2); "
            f"÷ parse time: {speed[ANCHOR] / speed[rows[1].what]:.2f}\n"
        )
        if args.memory_gb > 0:
            peak = measure_memory(path, args.memory_gb)
            print(f"  memory target (< 200 MB): {'met' if peak < 200 else 'MISSED'}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process peaked at {own:.0f} MB)")


if __name__ == "__main__":
    main()
