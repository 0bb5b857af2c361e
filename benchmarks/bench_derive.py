"""Benchmark: what the derived fields cost, on ordinary and on pathological text.

Run with `uv run python benchmarks/bench_derive.py` (`--records N`, `--repeat R`).

In one run, on a generated listing whose abstracts never repeat (`_listing.py`):

- the anchor: `load(path)`, parsing alone (derived fields are lazy);
- `load(path).to_parquet(out)`: the listing to Parquet with every derived field computed;
- `abstract_text` alone, in abstracts per second, and each derived value's function alone;

then, for pathological inputs (digits, brackets, dollars, backslashes, unclosed macros...),
the time to compute every derived field of one paper whose abstract, title and comments
are that text, at n and 4n characters: linear means a ratio near 4, and 100 KB must take
less than a second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from papercorpus import Paper, load
from papercorpus.derive import (
    find_counts,
    find_related_ids,
    find_status,
    find_urls,
    find_venue,
    latex_to_text,
)
from papercorpus.models import DERIVED_FIELDS

sys.path.insert(0, str(Path(__file__).parent))
from _listing import generate
from _table import Row, table

if TYPE_CHECKING:
    from collections.abc import Callable

ANCHOR = "`load(path)`: parsing alone"


def _best(function: Callable[[], int], repeat: int) -> tuple[int, float]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = function()
        best = min(best, time.perf_counter() - started)
    return count, best


def measure_exports(path: Path, repeat: int) -> list[Row]:
    """The anchor, listing -> Parquet, and listing -> JSON Lines, each from a fresh load."""
    out = path.with_suffix(".parquet")

    def parse_only() -> int:
        return len(load(path))

    def to_parquet() -> int:
        corpus = load(path)
        corpus.to_parquet(out)
        return len(corpus)

    def to_jsonl() -> int:
        corpus = load(path)
        corpus.to_jsonl(path.with_suffix(".jsonl"))
        return len(corpus)

    rows = []
    for name, function in [
        (ANCHOR, parse_only),
        ("`load(path).to_parquet(out)`, every derived field computed", to_parquet),
        ("`load(path).to_jsonl(out)`, every derived field computed", to_jsonl),
    ]:
        count, seconds = _best(function, repeat)
        rows.append(Row(name, count, seconds))
    return rows


def measure_functions(path: Path, repeat: int) -> list[Row]:
    """Each derived value's function alone, over the listing's abstracts and comments."""
    papers = list(load(path))
    abstracts = [paper.abstract or "" for paper in papers]
    comments = [paper.comments for paper in papers]
    ids = [paper.arxiv_id for paper in papers]
    functions: list[tuple[str, Callable[[], int]]] = [
        (
            "`latex_to_text(abstract)` (`abstract_text`)",
            lambda: len(list(map(latex_to_text, abstracts))),
        ),
        ("`find_urls(abstract, comments)`", lambda: len(list(map(find_urls, abstracts, comments)))),
        ("`find_counts(comments)`", lambda: len(list(map(find_counts, comments)))),
        ("`find_venue(comments)`", lambda: len(list(map(find_venue, comments)))),
        ("`find_status(comments)`", lambda: len(list(map(find_status, comments)))),
        ("`find_related_ids(comments)`", lambda: len(list(map(find_related_ids, comments, ids)))),
    ]
    rows = []
    for name, function in functions:
        for cached in (find_counts, find_venue):
            clear = getattr(cached, "cache_clear", None) or getattr(
                getattr(sys.modules[cached.__module__], "_counts", None), "cache_clear", None
            )
            if clear is not None:
                clear()
        count, seconds = _best(function, repeat)
        rows.append(Row(name, count, seconds))
    return rows


PATHOLOGICAL: dict[str, str] = {
    "digits": "1",
    "`\\(` unclosed": "\\(",
    "`\\url{` unclosed": "\\url{",
    "`$` signs": "$",
    "`$a` pairs": "$a",
    "open braces": "{",
    "close braces": "}",
    "open brackets": "[",
    "markdown link heads": "[a](",
    "backslashes": "\\",
    "`\\textit{` unclosed": "\\textit{",
    "`\\cite[` unclosed": "\\cite[",
    "accents": "\\'",
    "`\\frac{dy}y`": "\\frac{dy}y ",
    "distinct unknown macros": "",  # filled below
    "symbols in math": "$\\alpha$ ",
    "URL heads": "http://",
    "colons": ":",
    "URL with closing parentheses": ")",
    "`arXiv:` markers": "arXiv:",
    "bare identifier heads": "2104.",
    "accepted-like words": "accpeted ",
    "venue heads": "IEEE Transactions ",
    "private-use characters": "\ue000",
    "words": "word ",
}


def _text(name: str, unit: str, size: int) -> str:
    if name == "distinct unknown macros":
        letters = "abcdefghijklmnopqrstuvwxyz"
        words = (
            f"\\q{letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676 % 26]} "
            for i in range(size)
        )
        return "".join(words)[:size]
    if name == "URL with closing parentheses":
        return ("https://x.org/" + unit * size)[:size]
    return (unit * (size // len(unit) + 1))[:size]


def _derive_all(text: str) -> float:
    paper = Paper(arxiv_id="2104.12369", abstract=text, title=text, comments=text)
    started = time.perf_counter()
    for name in DERIVED_FIELDS:
        getattr(paper, name)
    return time.perf_counter() - started


def measure_pathological(size: int) -> tuple[str, float]:
    """A Markdown table: each pathological input at `size` and 4 x `size` characters."""
    lines = [
        f"| input | {size // 1000} KB | {4 * size // 1000} KB | ratio (linear: about 4) |",
        "| --- | ---: | ---: | ---: |",
    ]
    worst = 0.0
    for name, unit in PATHOLOGICAL.items():
        small = _derive_all(_text(name, unit, size))
        large = _derive_all(_text(name, unit, 4 * size))
        worst = max(worst, large)
        ratio = large / small if small > 0 else float("nan")
        lines.append(f"| {name} | {small * 1000:.1f} ms | {large * 1000:.1f} ms | {ratio:.1f} |")
    return "\n".join(lines), worst


def main() -> None:
    """Generate the listing, run every measurement, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=25_000, help="pathological input size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "listing.txt"
        generate(path, args.records)
        size = path.stat().st_size / 1e6
        print(f"listing: {args.records:,} records, {size:.0f} MB, abstracts all distinct\n")
        rows = measure_exports(path, args.repeat)
        print(f"best of {args.repeat}:\n")
        print(table(rows, ANCHOR))
        ratio = rows[1].seconds / rows[0].seconds
        print(f"\nlisting -> Parquet ÷ parsing: {ratio:.2f} (target <= 3)\n")
        functions = measure_functions(path, args.repeat)
        print(table(functions, functions[0].what, unit="items"))
    pathological, worst = measure_pathological(args.size)
    print(f"\nevery derived field of one paper, on pathological text:\n\n{pathological}")
    print(f"\nslowest at {4 * args.size // 1000} KB: {worst:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
