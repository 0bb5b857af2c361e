"""Whether to show a progress bar: one rule for every long-running job."""

from __future__ import annotations

import importlib.util
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tqdm import tqdm
    from typing_extensions import Never

__all__ = ["progress_bar", "progress_bar_class", "progress_wanted"]


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


@contextmanager
def progress_bar(
    desc: str, unit: str, *, progress: bool | None, total: int | None = None
) -> Iterator[tqdm[Never]]:
    """A bar counting `unit`s on stderr, shown as `progress_wanted` says, closed at the end."""
    bar = progress_bar_class()(
        total=total,
        desc=desc,
        unit=unit,
        disable=not progress_wanted(progress=progress),
        file=sys.stderr,
        leave=False,
    )
    try:
        yield bar
    finally:
        bar.close()
