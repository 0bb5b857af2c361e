"""Optional dependencies: imported when a feature needs them, or one line on what to install."""

from __future__ import annotations

import importlib
from typing import Any

from papercorpus.errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

#: Each optional module, and the extra of papercorpus that installs it.
EXTRAS = {
    "duckdb": "snapshot",
    "pandas": "pandas",
    "polars": "polars",
    "pyarrow": "parquet",
    "pyarrow.parquet": "parquet",
}


def require(module: str, *, feature: str) -> Any:  # noqa: ANN401 (a module)
    """Import `module` for `feature`, or say in one line which extra brings it.

    Raises:
        MissingExtraError: the module is not installed.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".", 1)[0]
        extra = EXTRAS.get(module, EXTRAS.get(top, top))
        raise MissingExtraError(
            f"{feature} needs {top}, which is not installed: pip install 'papercorpus[{extra}]'",
            name=top,
        ) from exc
