"""Every code example in the README and docs/ runs, against a local fake arXiv."""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from papercorpus._options import API_URL_ENV
from papercorpus.cli import main
from tests.enrichment.fake_arxiv import FakeArxiv

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer

ROOT = Path(__file__).parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples(path: Path) -> list[tuple[str, str, int]]:
    """The fenced code blocks of a Markdown file: language, code, first line number."""
    text = path.read_text(encoding="utf-8")
    return [
        (match.group(1), match.group(2), text.count("\n", 0, match.start()) + 2)
        for match in _FENCE.finditer(text)
    ]


_CHECKER = doctest.OutputChecker()
_OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def check_output(where: str, printed: str, expected: str | None) -> None:
    """What an example printed matches the ```output block after it (`...` matches anything)."""
    if not printed.strip() and expected is None:
        return
    assert expected is not None, f"{where}: prints, but no ```output block follows:\n{printed}"
    assert _CHECKER.check_output(expected, printed, _OPTIONS), (
        f"{where}: printed\n{printed}\nbut the document says\n{expected}"
    )


def run_shell(code: str, where: str) -> None:
    """Run the `papercorpus ...` lines of a shell example through the CLI's main()."""
    for raw in code.splitlines():
        line = raw.split("  #", 1)[0].strip()
        line = line.removeprefix("uv run ").strip()
        if not line.startswith("papercorpus "):
            continue  # pip install and the like
        words = shlex.split(line)[1:]
        target = None
        if ">" in words:
            target = words[words.index(">") + 1]
            words = words[: words.index(">")]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = main(words)
        assert status == 0, f"{where}: {line!r} exited {status}"
        if target is not None:
            Path(target).write_text(out.getvalue(), encoding="utf-8")


# The sample's two papers without metadata make the citation exports say so: the pages
# tell the reader; here it is no failure.
@pytest.mark.filterwarnings("ignore::papercorpus.CitationWarning")
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_examples_run(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    """Each Python and shell example of a document runs, in order, without an error."""
    fake = FakeArxiv()
    fake.add_sample()
    for name in ("id_1605.08386.json", "id_1707.08567.json", "id_2104.12255v1.json"):
        fake.add_recorded(name)
    monkeypatch.setenv(API_URL_ENV, fake.serve(httpserver))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path)
    # The one file the examples make with the shell, not with papercorpus (`printf ... >`);
    # the listings they use, `papercorpus sample --write .` writes, as on a fresh install.
    Path("reading-list.txt").write_text("1605.08386\n2104.12255v1\n", "utf-8")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    ran = 0
    blocks = examples(path)
    for index, (language, code, line) in enumerate(blocks):
        where = f"{path.name}:{line}"
        if language == "python":
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(code, where, "exec"), namespace)  # noqa: S102 (our own docs)
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            expected = after[1] if after is not None and after[0] == "output" else None
            check_output(where, printed.getvalue(), expected)
            ran += 1
        elif language == "sh":
            run_shell(code, where)
            ran += 1
    if path.name not in {"api.md", "architecture.md", "changelog.md", "schema.md"}:
        assert ran, f"{path.name} has no example to run"
