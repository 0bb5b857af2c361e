"""The pydantic internals `_trusted.py` leans on: if a pydantic release changes them, these fail.

A Paper is built without validation (`trusted`), copied without `model_copy`'s generic
steps (`updated`), and keeps its derived values in its instance dict (`keep`, `held`,
`forget`). Each relies on how pydantic v2 lays out a model; each is checked here against
what pydantic itself does.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pydantic
import pytest

from papercorpus._trusted import forget, held, keep, stored, trusted, updated
from papercorpus.models import Author, Paper

FIELDS = {
    "arxiv_id": "2104.12369",
    "version": 2,
    "abstract": "Large models.",
    "created": dt.date(2021, 4, 26),
    "authors": (Author(name="Wei Zeng"),),
}


def test_pydantic_is_a_release_these_tests_ran_on() -> None:
    """pyproject.toml pins pydantic to the releases this module was tested on."""
    major, minor = (int(part) for part in pydantic.VERSION.split(".")[:2])
    assert (major, minor) >= (2, 7)
    assert (major, minor) < (2, 15)


def test_a_trusted_model_is_the_validated_one() -> None:
    built = trusted(Paper, dict(FIELDS))
    validated = Paper(**FIELDS)
    assert built == validated
    assert built.model_dump() == validated.model_dump()
    assert list(built.model_dump()) == list(validated.model_dump())  # declared order
    assert built.model_fields_set == validated.model_fields_set
    assert pickle.loads(pickle.dumps(built)) == validated  # noqa: S301 (ours)
    with pytest.raises(pydantic.ValidationError):  # still frozen
        built.version = 3  # type: ignore[misc]


def test_an_updated_model_is_model_copy() -> None:
    paper = Paper(**FIELDS)
    copied = updated(paper, {"version": 3, "title": "A title"})
    expected = paper.model_copy(update={"version": 3, "title": "A title"})
    assert copied == expected
    assert copied.model_dump() == expected.model_dump()
    assert copied.model_fields_set == expected.model_fields_set
    assert paper.version == 2  # the original is untouched


def test_a_kept_value_is_no_field() -> None:
    """A value kept beside the fields is never dumped, compared, copied or pickled as one."""
    paper = Paper(**FIELDS)
    plain = paper.model_dump()
    keep(paper, "_kept", ("a value",))
    assert held(paper, "_kept") == ("a value",)
    assert paper.model_dump() == plain
    assert paper == Paper(**FIELDS)
    assert "_kept" not in paper.model_dump_json()
    assert stored(paper)["arxiv_id"] == "2104.12369"
    forget(paper, "_kept")
    assert held(paper, "_kept") is None
    forget(paper, "_kept")  # nothing kept: nothing to do


def test_derived_values_are_let_go_by_a_copy() -> None:
    paper = Paper(**FIELDS)
    assert paper.year == 2021  # made and kept
    assert held(paper, "_derived") is not None
    assert held(paper.model_copy(update={"arxiv_id": "1501.00001"}), "_derived") is None
    assert held(updated(paper, {"version": 3}), "_derived") is None
    assert paper.model_copy(update={"arxiv_id": "1501.00001"}).year == 2015
