"""Shared fixtures: paths of the bundled and hand-made listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercorpus.loading import sample_path

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_dir() -> Path:
    """The folder of the five bundled listings."""
    return sample_path()
