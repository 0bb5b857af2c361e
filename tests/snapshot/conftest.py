"""The enrichment tests' fake arXiv on 127.0.0.1, for the hybrid snapshot-and-API runs."""

from tests.enrichment.conftest import api_url, cache_path, fake

__all__ = ["api_url", "cache_path", "fake"]
