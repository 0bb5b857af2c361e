"""Whether to show a progress bar: one rule for every long-running job."""

from __future__ import annotations

import sys

__all__ = ["progress_wanted"]


def progress_wanted(*, progress: bool | None) -> bool:
    """`progress` if given; else yes in a notebook or when stderr is a terminal."""
    if progress is not None:
        return progress
    return "ipykernel" in sys.modules or sys.stderr.isatty()
