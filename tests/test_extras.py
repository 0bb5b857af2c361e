"""Without an optional extra, each feature that needs it says in one line what to install.

Each case runs in a new interpreter where the extra's module cannot be imported
(`sys.modules[name] = None`, as for a package that is not installed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from papercorpus.loading import sample_path

LISTING = str(sample_path() / "listing-1.txt")


def _run(blocked: str, code: str) -> subprocess.CompletedProcess[str]:
    script = f"import sys\nsys.modules[{blocked!r}] = None\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize(
    ("blocked", "extra", "words"),
    [
        ("duckdb", "snapshot", ["snapshot", "select", "{file}"]),
        ("duckdb", "snapshot", ["snapshot", "build", "{file}", "-o", "{out}"]),
        ("duckdb", "snapshot", ["enrich", "2104.12369", "--snapshot", "{file}", "--offline"]),
        ("pyarrow", "parquet", ["parse", LISTING, "-f", "parquet", "-o", "{out}"]),
    ],
)
def test_the_command_line_says_what_to_install(
    blocked: str, extra: str, words: list[str], tmp_path: Path
) -> None:
    file = tmp_path / "some.file"
    file.write_text("{}\n", encoding="utf-8")
    argv = [w.format(file=file, out=tmp_path / "out.parquet") for w in words]
    done = _run(blocked, f"from papercorpus.cli import main\nsys.exit(main({argv!r}))")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("papercorpus: error: ")
    assert (
        f"needs {blocked}, which is not installed: pip install 'papercorpus[{extra}]'" in (lines[0])
    )
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize(
    ("blocked", "extra", "call"),
    [
        ("duckdb", "snapshot", "papercorpus.Snapshot({file!r})"),
        ("duckdb", "snapshot", "papercorpus.Snapshot.build({file!r}, {out!r})"),
        ("duckdb", "snapshot", "papercorpus.enrich(['2104.12369'], snapshot={file!r}, cache=None)"),
        ("polars", "polars", "corpus.to_polars()"),
        ("pandas", "pandas", "corpus.to_pandas()"),
        ("pandas", "pandas", "papercorpus.Corpus.from_pandas(None)"),
        ("pyarrow", "parquet", "corpus.to_arrow()"),
        ("pyarrow", "parquet", "corpus.to_parquet({out!r})"),
        ("pyarrow", "parquet", "papercorpus.Corpus.from_parquet({file!r})"),
    ],
)
def test_the_api_says_what_to_install(blocked: str, extra: str, call: str, tmp_path: Path) -> None:
    file = tmp_path / "some.file"
    file.write_text("{}\n", encoding="utf-8")
    expression = call.format(file=str(file), out=str(tmp_path / "out.parquet"))
    code = (
        "import papercorpus\n"
        "corpus = papercorpus.load_sample()\n"
        "try:\n"
        f"    {expression}\n"
        "except papercorpus.MissingExtraError as exc:\n"
        "    assert isinstance(exc, ImportError)\n"
        "    print(exc)\n"
    )
    done = _run(blocked, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(
        f"needs {blocked}, which is not installed: pip install 'papercorpus[{extra}]'"
    ), done.stdout


@pytest.mark.parametrize(("widgets", "bar"), [(False, "tqdm.std"), (True, "tqdm.notebook")])
def test_a_notebook_without_ipywidgets_gets_a_text_bar(widgets: bool, bar: str) -> None:  # noqa: FBT001
    """In a notebook, tqdm.auto warns 'IProgress not found' without ipywidgets: not ours."""
    pytest.importorskip("ipywidgets") if widgets else None
    code = (
        "import types, warnings\n"
        "warnings.simplefilter('error')\n"
        "sys.modules['ipykernel'] = types.ModuleType('ipykernel')\n"
        "from papercorpus._progress import progress_bar_class\n"
        "bar = progress_bar_class()(total=3, disable=False)\n"
        "bar.update(3)\n"
        "bar.close()\n"
        "print(type(bar).__module__)\n"
    )
    done = _run("ipywidgets" if not widgets else "no-such-module", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == bar
