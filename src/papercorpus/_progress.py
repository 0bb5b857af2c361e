"""Whether to show a progress bar: one rule for every long-running job."""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tqdm import tqdm
    from typing_extensions import Never

__all__ = ["progress_bar_class", "progress_wanted"]


def progress_wanted(*, progress: bool | None) -> bool:
    """`progress` if given; else yes in a notebook or when stderr is a terminal."""
    if progress is not None:
        return progress
    return "ipykernel" in sys.modules or sys.stderr.isatty()


def progress_bar_class() -> type[tqdm[Never]]:
    """Tqdm's bar for where we run: a widget in a notebook that has ipywidgets, else text.

    (`tqdm.auto` warns "IProgress not found" in a notebook without ipywidgets.)
    """
    if "ipykernel" in sys.modules and _has("ipywidgets"):
        from tqdm.notebook import tqdm as notebook_bar  # noqa: PLC0415

        return notebook_bar  # type: ignore[return-value]
    from tqdm.std import tqdm as text_bar  # noqa: PLC0415

    return text_bar


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # blocked, or half-imported
        return False
