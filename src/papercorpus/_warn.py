"""Warnings that point at the caller's line, however deep inside papercorpus they arise."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

__all__ = ["warn"]

_PACKAGE = str(Path(__file__).parent)


def warn(warning: Warning) -> None:
    """Issue `warning` at the first line outside papercorpus: the caller's.

    In a script or a notebook cell, never one of ours, which a fixed `stacklevel` misses on
    some paths (a generator, a nested call).
    """
    level, frame = 2, sys._getframe(1)  # noqa: SLF001 (the one way to walk the stack)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    warnings.warn(warning, stacklevel=level)
