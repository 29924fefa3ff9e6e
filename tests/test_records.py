"""The data model: immutable records and corpora that behave like collections."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import socinno_lit as sl


def make(key: str, **kw: object) -> sl.Record:
    return sl.Record(key=key, **kw)  # type: ignore[arg-type]


def test_record_is_immutable_including_its_fields() -> None:
    record = make("a", fields={"title": "x"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        record.fields["title"] = "y"  # type: ignore[index]


def test_replace_returns_a_new_record_and_leaves_the_old_one() -> None:
    record = make("a", title="Old")
    new = record.replace(title="New")
    assert (record.title, new.title) == ("Old", "New")


def test_corpus_lookup_by_key_and_position() -> None:
    corpus = sl.Corpus((make("a"), make("b")))
    assert corpus["b"].key == "b"
    assert corpus[0].key == "a"
    assert "a" in corpus and "z" not in corpus
    with pytest.raises(KeyError):
        corpus["z"]


def test_filter_keeps_order_and_returns_a_new_corpus() -> None:
    corpus = sl.Corpus((make("a", year=2005), make("b", year=2015), make("c", year=2020)))
    recent = corpus.filter(lambda r: r.year and r.year >= 2010)
    assert recent.keys == ("b", "c")
    assert len(corpus) == 3


def test_adding_corpora_disambiguates_colliding_keys_with_a_warning() -> None:
    a = sl.Corpus((make("smith2019", title="One"),), files=("a.bib",))
    b = sl.Corpus((make("smith2019", title="Two"),), files=("b.bib",))
    joined = a + b
    assert joined.keys == ("smith2019", "smith2019-2")
    assert joined["smith2019-2"].title == "Two"
    assert [p.code for p in joined.problems] == ["duplicate-key"]
    assert joined.files == ("a.bib", "b.bib")


def test_to_frame_has_one_row_per_record_with_the_record_columns() -> None:
    corpus = sl.Corpus((make("a", year=2001, authors=("X, Y",)), make("b")))
    frame = corpus.to_frame()
    assert list(frame.index) == ["a", "b"]
    assert {"key", "title", "abstract", "authors", "year", "venue", "doi", "keywords",
            "affiliations", "language", "annotation", "context", "evidence"} <= set(frame.columns)
    assert frame.loc["a", "authors"] == ("X, Y",)
    assert int(frame.loc["a", "year"]) == 2001


def test_records_and_corpora_survive_pickling() -> None:
    corpus = sl.Corpus((make("a", fields={"x": "1"}),), merged={"a": ("b",)})
    again = pickle.loads(pickle.dumps(corpus))
    assert again == corpus
    assert dict(again.merged) == {"a": ("b",)}


def test_problem_reads_as_one_line() -> None:
    problem = sl.Problem("a.bib", 3, "k", "duplicate-key", "warning", "key repeats")
    assert str(problem) == "a.bib:3: warning [duplicate-key] k: key repeats"
