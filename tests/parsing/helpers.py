"""What the parsing tests share: a listing parsed with its diagnostics collected."""

from __future__ import annotations

from papercorpus import Diagnostic, Paper, parse


def collect(text: str, source: str | None = "t.txt") -> tuple[list[Paper], list[Diagnostic]]:
    """`parse(text)`'s papers and the diagnostics it reported, in order."""
    diagnostics: list[Diagnostic] = []
    papers = parse(text, source=source, on_diagnostic=diagnostics.append)
    return papers, diagnostics
