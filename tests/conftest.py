"""Shared fixtures: paths of the bundled and hand-made listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from papercorpus import Corpus, load_sample
from papercorpus.loading import sample_path

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_dir() -> Path:
    """The folder of the five bundled listings."""
    return sample_path()


@pytest.fixture(scope="session")
def sample() -> Corpus:
    """The enriched sample (immutable papers: safe to share between tests)."""
    return load_sample()
