"""Paper and Author: validation, normalisation, immutability, JSON shape."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import arxiv
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from papercorpus import Author, Paper, load_sample

JSON_KEYS = {
    "arxiv_id",
    "version",
    "abstract",
    "comments",
    "doi",
    "created",
    "title",
    "authors",
    "categories",
    "primary_category",
    "published",
    "updated",
    "journal_ref",
    "latest_version",
    "source",
}


def test_json_keys_and_values() -> None:
    """model_dump(mode='json') uses the documented keys and JSON-friendly values."""
    paper = Paper(
        arxiv_id="arXiv:2104.12369v2",
        abstract="  Large\n models  ",
        comments="11 pages,\t4 figures\n\nAccepted",
        created=dt.date(2021, 4, 26),
        authors=(Author(name="Wei Zeng", affiliations=("Peng Cheng Lab",)),),
    )
    data = paper.model_dump(mode="json")
    assert set(data) >= JSON_KEYS
    assert data["arxiv_id"] == "2104.12369"
    assert data["version"] == 2
    assert data["abstract"] == "Large models"
    assert data["comments"] == "11 pages, 4 figures\nAccepted"
    assert data["created"] == "2021-04-26"
    assert data["authors"] == [{"name": "Wei Zeng", "affiliations": ["Peng Cheng Lab"]}]
    assert Paper.model_validate_json(paper.model_dump_json()) == paper


def test_rejects_bad_identifiers_and_is_immutable() -> None:
    """A bad identifier is a ValidationError that says why; fields cannot be reassigned."""
    with pytest.raises(ValidationError, match="month 13 is not between 01 and 12"):
        Paper(arxiv_id="2113.12345")
    paper = Paper(arxiv_id="2104.12369")
    with pytest.raises(ValidationError, match="frozen"):
        paper.abstract = "x"  # type: ignore[misc]
    assert paper.model_copy(update={"version": 3}).version == 3
    assert hash(paper) == hash(Paper(arxiv_id="2104.12369"))


def test_explicit_version_wins_over_the_identifier_suffix() -> None:
    """A given version is kept; a versioned identifier only fills a missing one."""
    assert Paper(arxiv_id="2104.12369v2", version=5).version == 5
    assert Paper(arxiv_id="2104.12369v2").identifier.version == 2
    assert Paper(arxiv_id="2104.12369", abstract="   ").abstract is None


def test_from_arxiv_result() -> None:
    """Users holding arxiv.Result objects get Papers, version and affiliations included."""
    result = arxiv.Result(
        entry_id="http://arxiv.org/abs/2104.12369v2",
        title="PanGu-$\\alpha$:  Large",
        authors=[arxiv.Result.Author("Wei Zeng", ["Peng Cheng Lab"])],
        summary="An\n abstract.",
        published=dt.datetime(2021, 4, 26, tzinfo=dt.timezone.utc),
        updated=dt.datetime(2021, 5, 1, tzinfo=dt.timezone.utc),
        primary_category="cs.CL",
        categories=["cs.CL", "cs.AI"],
    )
    paper = Paper.from_arxiv_result(result)
    assert (paper.arxiv_id, paper.version, paper.latest_version) == ("2104.12369", 2, 2)
    assert paper.title_text == "PanGu-α: Large"
    assert paper.authors[0].affiliations == ("Peng Cheng Lab",)
    assert (paper.abstract, paper.created, paper.updated) == (
        "An abstract.",
        dt.date(2021, 4, 26),
        dt.date(2021, 5, 1),
    )


def test_published_schema_is_current() -> None:
    """docs/paper.schema.json is the schema the code has (regenerate: papercorpus schema)."""
    published = json.loads(
        (Path(__file__).parent.parent / "docs" / "paper.schema.json").read_text(encoding="utf-8")
    )
    assert published == Paper.model_json_schema(mode="serialization")


def test_every_paper_dumps_fields_in_declared_order() -> None:
    """Papers from the parser, from JSON and from the constructor dump keys in one order."""
    from papercorpus import parse  # noqa: PLC0415

    (parsed,) = parse("An abstract.\n4 pages\narXiv:2104.12369v2\n")
    built = Paper(arxiv_id="2104.12369", version=2)
    declared = [*Paper.model_fields, *Paper.model_computed_fields]
    assert list(parsed.model_dump()) == declared
    assert list(built.model_dump()) == declared
    assert list(json.loads(parsed.model_dump_json())) == declared


def test_a_source_is_checked_and_small() -> None:
    """A Source refuses a line below 1 however it is made, and holds no per-object dict."""
    import pydantic  # noqa: PLC0415

    from papercorpus import Paper, Source  # noqa: PLC0415

    with pytest.raises(ValueError, match="a line is an integer from 1"):
        Source(path="a.txt", line=0)
    with pytest.raises(pydantic.ValidationError):
        Paper(arxiv_id="2104.12369", source={"path": "a.txt", "line": 0})
    paper = Paper(arxiv_id="2104.12369", source={"path": "a.txt", "line": 3})
    assert paper.source == Source(path="a.txt", line=3)
    assert paper.model_dump()["source"] == {"path": "a.txt", "line": 3}
    assert not hasattr(paper.source, "__dict__")  # slots: 48 bytes a paper, not 168


def test_repr_is_one_short_line() -> None:
    """A paper's repr fits a line or two: the whole record is `model_dump()`."""
    for paper in load_sample():
        text = repr(paper)
        assert len(text) < 260, text
        assert "\n" not in text
        assert text.startswith(f"Paper('{paper.identifier}'")
        assert str(paper) == text
    bare = Paper(arxiv_id="2104.12369v2")
    assert repr(bare) == "Paper('2104.12369v2')"


@given(
    st.lists(
        st.sampled_from(
            [
                "This paper",
                "has been",
                "WithDrawn",
                "withdrawn",
                "w\u0131thdrawn",
                "was",
                "Paper",
                " ",
                "\n",
                "by the author",
                "drawn",
                "with",
                "\u00e9",
                "\u212a",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_withdrawn_by_comment_skips_the_search_only_where_it_cannot_match(text: str) -> None:
    from papercorpus import _parts  # noqa: PLC0415 (the search is the reference)

    reference = bool(text) and _parts.WITHDRAWN.search(text) is not None
    assert _parts.withdrawn_by_comment(text) is reference
