"""Run the README's Python examples as written, in a fresh process, against a local arXiv.

`uv run python -m tests.readme_examples` (as `.ci/run` does after the README's two
commands): it serves a fake arXiv API on 127.0.0.1, points `PAPERCORPUS_ARXIV_API_URL`
and `PAPERCORPUS_CACHE` at it and at a temporary file, and runs every ```python block of
README.md in order, as one script, in a new interpreter in an empty folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.enrichment.fake_arxiv import FakeArxiv
from tests.test_docs import examples

ROOT = Path(__file__).parent.parent


def main() -> int:
    """Run the examples; return the interpreter's exit status."""
    code = "\n".join(
        body for language, body, _ in examples(ROOT / "README.md") if language == "python"
    )
    fake = FakeArxiv()
    fake.add_sample()
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "PAPERCORPUS_ARXIV_API_URL": fake.serve(server),
                "PAPERCORPUS_CACHE": str(Path(folder) / "cache.sqlite"),
            }
            status = subprocess.run(
                [sys.executable, "-c", code], cwd=folder, env=env, check=False
            ).returncode
    finally:
        server.stop()
    print(f"README examples: {'ok' if status == 0 else f'failed ({status})'}")  # noqa: T201
    return status


if __name__ == "__main__":
    sys.exit(main())
