"""Print benchmark results as the Markdown table `docs/performance.md` shows, ratios included."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Row:
    """One measurement: what was timed, how many items, how long (best of the repeats)."""

    what: str
    items: int
    seconds: float

    @property
    def rate(self) -> float:
        """Items per second."""
        return self.items / self.seconds if self.seconds > 0 else float("inf")


def table(rows: list[Row], anchor: str, unit: str = "papers") -> str:
    """A Markdown table: each row's rate, time, and time as a multiple of the `anchor` row's."""
    base = next(row for row in rows if row.what == anchor)
    lines = [
        f"| what | {unit}/s | time | time ÷ anchor |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = row.seconds / base.seconds if base.seconds > 0 else float("nan")
        name = f"**anchor**: {row.what}" if row is base else row.what
        lines.append(f"| {name} | {row.rate:,.0f} | {row.seconds:.2f} s | {ratio:.2f} |")
    return "\n".join(lines)


def run_child(code: str, *args: object) -> dict[str, Any]:
    """Run `code` in a fresh interpreter with `args`; return the JSON its last line prints."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
