"""BibTeX as LaTeX users read it (#25 item 1): bibtexparser, pybtex and the classic styles.

The classic styles (`plain`, `plainnat`, `IEEEtran`) run through pybtex's BibTeX engine
when `PAPERCORPUS_BST_DIR` names a folder holding their `.bst` files (TeX Live has them;
they are not Python packages, so a clean machine skips that one test). Everything else runs
everywhere: pybtex's `change.case$` is the function those styles apply to titles.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import warnings
from pathlib import Path

import pybtex.errors  # type: ignore[import-untyped]
import pytest
from bibtexparser import parse_string  # type: ignore[attr-defined]
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import change_case  # type: ignore[import-untyped]
from pybtex.database import parse_string as pybtex_parse  # type: ignore[import-untyped]

from papercorpus import Author, Corpus, Paper, Snapshot, load_sample
from tests.export.test_citations import HOSTILE
from tests.parsing.real_listings import snapshot_lines
from tests.snapshot.helpers import write_snapshot

# Every LaTeX special, unbalanced braces and dollars, CJK, accents and bidi controls.
_PIECES = st.sampled_from([*"aZ 9-:.,", *"_^&%#~{}$\\", "山田", "é", "\u202e", "GAN", "3D"])
hostile_titles = st.lists(_PIECES, min_size=1, max_size=30).map("".join).filter(str.strip)


@pytest.fixture(scope="module")
def real_papers(tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    """The 48 sample papers, the 503 real records of the snapshot fixtures and the hostile ones."""
    folder = tmp_path_factory.mktemp("real")
    source = write_snapshot(folder / "snapshot.json", snapshot_lines())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = Snapshot.build(source, folder / "index.parquet", progress=False)
        return [*load_sample(), *snapshot.load(), *HOSTILE]


def _bibtex(papers: list[Paper]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the CitationWarning for papers without authors
        return Corpus(papers).to_bibtex()


def _strict_pybtex(text: str) -> object:
    pybtex.errors.set_strict_mode(enable=True)  # a warning is an error
    return pybtex_parse(text, "bibtex")


def _outside_math(value: str) -> str:
    return re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", value)


def test_every_real_entry_parses_in_both_parsers_without_a_warning(
    real_papers: list[Paper],
) -> None:
    text = _bibtex(real_papers)
    library = parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(real_papers) > 500
    database = _strict_pybtex(text)
    assert len(database.entries) == len(real_papers)  # type: ignore[attr-defined]
    for entry in library.entries:
        for field in entry.fields:
            if field.key in {"url", "doi"}:
                continue
            assert not re.search(r"(?<!\\)[_^&%#~]", _outside_math(field.value)), (entry.key, field)


@settings(max_examples=200, deadline=None)
@given(title=hostile_titles, author=hostile_titles)
@example(title="GAN\\:", author="a")  # a command at a word's end: no brace after its `\`
def test_any_title_parses_and_leaves_no_text_special(title: str, author: str) -> None:
    paper = Paper(arxiv_id="2104.12369", title=title, authors=[Author(name=author)])
    text = _bibtex([paper])
    (entry,) = parse_string(text).entries
    assert parse_string(text).failed_blocks == []
    _strict_pybtex(text)
    fields = {field.key: field.value for field in entry.fields}
    assert fields["note"] == "arXiv:2104.12369"
    for key in ("title", "author"):
        assert not re.search(r"(?<!\\)[_^&%#~]", _outside_math(fields[key])), fields[key]
    assert fields["title"].replace("\\$", "").count("$") % 2 == 0  # math closes


def test_plain_keeps_the_case_of_words_that_need_it(real_papers: list[Paper]) -> None:
    """`plain` lowercases titles (`change.case$ "t"`); braced words come through as written."""
    entries = parse_string(_bibtex(real_papers)).entries
    shown = {entry.key: change_case(entry["title"], "t") for entry in entries if "title" in entry}
    assert "{PanGu-$\\alpha$}" in shown["zeng2021pangu"]
    assert "{GAN}" in shown["liu2021content"]
    assert "{3D}" in shown["bi2022pangu"]
    (gauge,) = parse_string(
        _bibtex([Paper(arxiv_id="2104.00001", title="Gauge theory for $SU(N)$ and N_c")])
    ).entries
    assert "{$SU(N)$}" in change_case(gauge["title"], "t")
    assert "{N\\_c}" in change_case(gauge["title"], "t")
    for paper, entry in zip(real_papers, entries, strict=True):
        # Every plain word with a capital after its first letter comes through as written.
        if not paper.title or "\\" in paper.title:
            continue
        plain = shown[entry.key].replace("{", "").replace("}", "")
        for word in paper.title.split():
            core = word.strip(":;,.!?()")
            plain_word = re.fullmatch(r"(?:[A-Za-z0-9\-()]|\$[^$\\]*\$)+", core)
            if plain_word and any(c.isupper() for c in core[1:]):
                bare = core.replace("{", "").replace("}", "")
                assert bare in plain, (paper.arxiv_id, core, plain)


_BST = os.environ.get("PAPERCORPUS_BST_DIR", "")


@pytest.mark.skipif(
    not all((Path(_BST) / f"{s}.bst").is_file() for s in ("plain", "plainnat", "IEEEtran")),
    reason="PAPERCORPUS_BST_DIR does not hold plain.bst, plainnat.bst and IEEEtran.bst",
)
@pytest.mark.parametrize("style", ["plain", "plainnat", "IEEEtran"])
def test_classic_styles_show_every_paper_s_id_or_journal(
    style: str,
    real_papers: list[Paper],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pybtex.bibtex import make_bibliography  # type: ignore[import-untyped]  # noqa: PLC0415

    shutil.copy(Path(_BST) / f"{style}.bst", tmp_path)
    (tmp_path / "refs.bib").write_text(_bibtex(real_papers), encoding="utf-8")
    (tmp_path / "doc.aux").write_text(
        f"\\citation{{*}}\n\\bibdata{{refs}}\n\\bibstyle{{{style}}}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    pybtex.errors.set_strict_mode(enable=True)  # a style's warning (empty year, ...) fails
    log = io.StringIO()
    with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        make_bibliography("doc.aux")
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    items = re.split(r"\\bibitem", bbl)[1:]
    assert len(items) == len(real_papers)
    for item in items:
        flat = " ".join(item.split())
        assert re.search(r"arXiv:\S+", flat), flat[:200]
    assert any("{PanGu-$\\alpha$}" in " ".join(item.split()) for item in items)
    assert any("{3D}" in item for item in items)
    assert any("{GAN}" in item for item in items)


_CSL_SCHEMA = os.environ.get("PAPERCORPUS_CSL_SCHEMA", "")


@pytest.mark.skipif(
    not Path(_CSL_SCHEMA).is_file(),
    reason="PAPERCORPUS_CSL_SCHEMA does not name csl-data.json (the CSL project's schema)",
)
def test_csl_json_validates_against_the_csl_data_schema(real_papers: list[Paper]) -> None:
    import json  # noqa: PLC0415

    import jsonschema  # type: ignore[import-untyped]  # noqa: PLC0415

    schema = json.loads(Path(_CSL_SCHEMA).read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = json.loads(Corpus(real_papers).to_csl_json() or "[]")
    assert len(items) == len(real_papers)
    jsonschema.validate(items, schema)
