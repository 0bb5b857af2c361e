"""A generated listing whose abstracts and comments never repeat, for the export benchmarks.

Each abstract mixes sentences, numbers and the LaTeX spans real abstracts use (inline math
with symbols and scripts, math kept as written, formatting, citations, URLs, accents,
escaped specials), with random numbers inside the spans too: caching whole abstracts, or
whole spans, cannot be what makes a derived field fast.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "we propose a novel method for learning deep neural networks that outperforms the state "
    "of the art on large-scale benchmarks in image classification object detection and "
    "semantic segmentation with fewer parameters transformer attention pruning quantization "
    "distillation point clouds experiments show our approach achieves accuracy improvement "
    "with only a small loss while the baseline requires more memory and time"
).split()

SPANS: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"$\\alpha={r.randint(1, 99) / 100}$",
    lambda r: f"$x^{r.randint(2, 9)}$",
    lambda r: f"$10^{{-{r.randint(1, 9)}}}$",
    lambda r: f"$\\sim${r.randint(2, 50)}%",
    lambda r: f"$\\mathcal{{O}}(n^{{{r.randint(2, 4)}}}\\log n)$",
    lambda r: f"$\\sum_{{i=1}}^{{{r.randint(2, 9)}}} x_i$",
    lambda r: f"\\textit{{{r.choice(WORDS)}-shot}}",
    lambda r: f"\\emph{{{r.choice(WORDS)}}}",
    lambda r: f"\\textbf{{{r.choice(WORDS)} {r.choice(WORDS)}}}",
    lambda r: f"\\cite{{ref{r.randint(1, 9999)}}}",
    lambda r: f"\\url{{https://github.com/u{r.randint(1, 9999)}/repo}}",
    lambda r: f"[this https URL](https://github.com/a{r.randint(1, 9999)}/b)",
    lambda r: f'Schr\\"odinger {r.randint(1, 99)}',
    lambda r: f"Pad\\'e approximants of order {r.randint(1, 9)}",
    lambda r: f"{r.randint(1, 99)}\\% of \\#{r.randint(1, 999)} R\\&D",
    lambda r: f"$\\times${r.randint(2, 9)} speed-up",
    lambda r: f"$H\\to\\nu\\bar\\nu$ at {r.randint(7, 14)} TeV",
)
VENUES = ("CVPR", "ICCV", "NeurIPS", "ICML", "ECCV", "AAAI", "IEEE TPAMI", "ACL")
COMMENTS: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"{r.randint(4, 40)} pages, {r.randint(1, 15)} figures",
    lambda r: f"Accepted by {r.choice(VENUES)} {r.randint(2015, 2025)}",
    lambda r: (
        f"Accpeted by {r.choice(VENUES)} {r.randint(2015, 2025)}. "
        f"The code is available at https://github.com/u{r.randint(1, 9999)}/r"
    ),
    lambda r: (
        "arXiv admin note: text overlap with "
        f"arXiv:{r.randint(1501, 2412)}.{r.randint(1, 29999):05d}"
    ),
    lambda r: f"{r.randint(4, 40)} pages, {r.randint(1, 15)} figures, {r.randint(1, 9)} tables",
    lambda r: f"Submitted to {r.choice(VENUES)}; {r.randint(4, 40)} pp",
)


def abstract(rng: random.Random) -> str:
    """Sentences of random words and numbers, with a LaTeX span every 25 words or so."""
    pieces: list[str] = []
    for _ in range(rng.randint(120, 260)):
        draw = rng.random()
        if draw < 0.04:
            pieces.append(rng.choice(SPANS)(rng))
        elif draw < 0.08:
            pieces.append(f"{rng.randint(1, 9999) / 10:g}")
        else:
            pieces.append(rng.choice(WORDS))
    return "We " + " ".join(pieces) + "."


def generate(path: Path, records: int, seed: int = 0) -> None:
    """Write `records` records in the spaced layout, two in three with a comment."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(records):
            # Unique identifiers: a year per 99,999 records, so that no two records merge.
            yymm = f"{15 + i // 99_999:02d}{rng.randint(1, 12):02d}"
            out.write(abstract(rng) + "\n\n")
            if i % 3:
                out.write(rng.choice(COMMENTS)(rng) + "\n\n")
            doi = f" - doi: {real_doi(i)}" if i % 17 == 0 else ""
            out.write(f"arXiv:{yymm}.{i % 99_999 + 1:05d}{doi}\n")
            out.write(f"Created: 20{yymm[:2]}-{yymm[2:]}-01\n\n")


def real_doi(i: int) -> str:
    """A DOI of a shape real listings carry (APS, Springer, IEEE), numbered by `i`."""
    kind = i % 3
    if kind == 0:
        return f"10.1103/PhysRevD.{50 + i % 50}.{i % 1_000_000:06d}"
    if kind == 1:
        return f"10.1007/s{10000 + i % 90000}-0{10 + i % 10}-{1000 + i % 9000}-{i % 10}"
    return f"10.1109/TPAMI.{2000 + i % 25}.{3_000_000 + i}"
