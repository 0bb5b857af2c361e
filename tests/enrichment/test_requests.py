"""A long reading list is parsed a column at a time (#26): the same answers as one at a time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus.enrichment._requests import Requests, columnar
from tests.strategies import arxiv_ids

_FORMS = st.sampled_from(["{}", "arXiv:{}", "{}v2", "{}v0", " {} ", "https://arxiv.org/abs/{}"])
_TEXTS = (
    st.builds(lambda form, i: form.format(i), _FORMS, arxiv_ids.map(str))
    | st.sampled_from(["math.GT/0309136", "math.gt/0309136", "hep-th/9901001v12", "2104.1236"])
    | st.text(max_size=20)
)


def _one_at_a_time(texts: list[str]) -> Requests:
    requests = Requests()
    for text in texts:
        requests.add(text)
    return requests


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=40) | st.lists(arxiv_ids.map(lambda i: i.base), max_size=40))
def test_columns_give_what_one_at_a_time_gives(texts: list[str]) -> None:
    """Any list; and lists of bases alone (a reading list), which take a shorter path."""
    requests = columnar(texts)
    assert requests == _one_at_a_time(texts)
    assert requests.arrow is not None  # what a snapshot lookup takes: the same values
    assert [column.to_pylist() for column in requests.arrow] == [
        requests.keys,
        requests.bases,
        requests.versions,
    ]


def test_a_subject_class_is_kept_in_the_base_and_dropped_from_the_key() -> None:
    requests = columnar(["math.GT/0309136v2", "2104.12369", "not one"])
    assert requests.bases == ["math.GT/0309136", "2104.12369", None]
    assert requests.keys == ["math/0309136", "2104.12369", None]
    assert requests.versions == [2, None, None]
    assert set(requests.reasons) == {2}


def test_an_identifier_written_as_its_base_is_held_once() -> None:
    """A million identifiers: the text, its base and its key are one string, not three."""
    texts = [f"2104.{n:05d}" for n in range(1, 6)] + ["math.GT/0309136", "arXiv:2104.12369v2"]
    requests = columnar(texts)
    assert requests.bases[0] is texts[0]
    assert requests.keys[0] is texts[0]
    assert requests.bases[5] is texts[5]
    assert requests.keys[5] == "math/0309136"
    assert requests.keys[6] is requests.bases[6]
    assert requests.bases[6] == "2104.12369"
    assert requests.bases is not requests.requested  # the one is mended, the other not


def test_a_report_holds_its_outcomes_as_columns_and_reads_as_before() -> None:
    from papercorpus.enrichment import EnrichmentReport, Outcome  # noqa: PLC0415

    outcomes = (
        Outcome("junk", None, "invalid", "not an identifier"),
        Outcome("2104.12369v1", "2104.12369", "snapshot", latest_version=3),
        Outcome("2104.00001", "2104.00001", "cached", abstract_mismatch=True),
    )
    report = EnrichmentReport(outcomes)
    assert report.outcomes == outcomes
    assert tuple(report.outcomes) == outcomes
    assert report.outcomes[-1] == outcomes[-1]
    assert report.outcomes[1:] == outcomes[1:]
    assert (report.invalid, report.snapshot, report.mismatched) == (
        ["junk"],
        ["2104.12369v1"],
        ["2104.00001"],
    )
    assert not report.ok
    assert report.counts["snapshot"] == 1
    frame = report.to_pandas()
    assert frame["reason"].tolist()[0] == "not an identifier"
    assert frame["latest_version"].tolist()[1] == 3


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS | st.sampled_from(["2104.12369", "arXiv:2104.12369v1"]), max_size=40))
def test_the_keys_asked_for_are_counted_once_each(texts: list[str]) -> None:
    """Repeats and invalid items: the count from Arrow is the one of the unique keys."""
    by_columns, by_rows = columnar(texts), _one_at_a_time(texts)
    expected = list(dict.fromkeys(key for key in by_rows.keys if key is not None))
    assert by_columns.unique_keys() == by_rows.unique_keys() == expected
    assert by_columns.unique_count() == by_rows.unique_count() == len(expected)


def test_a_list_of_new_identifiers_alone_has_keys_that_are_its_bases() -> None:
    """No "/" anywhere: no subject class to drop, the keys are the bases (one list each)."""
    requests = columnar(["2104.12369", "0704.0001"])
    assert requests.keys == requests.bases == ["2104.12369", "0704.0001"]
    assert requests.keys is not requests.bases  # mended apart for an odd item
