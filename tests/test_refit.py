"""Stability refits reuse the fitted features and give the same result on any number of threads."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shared

import socinno_lit as sl
import socinno_lit.gaps.robustness as robustness
import socinno_lit.themes.model as model_module
from socinno_lit.gaps.robustness import refit


@pytest.fixture(scope="module")
def fitted() -> tuple[sl.Corpus, sl.ThemeModel]:
    corpus = sl.classify(sl.load(shared("domain", "scopus_policy_diffusion.bib")).deduplicate(), "denmark")
    return corpus, sl.ThemeModel(n_themes=5, random_state=0).fit(corpus)


@pytest.fixture()
def subsampled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Subsample refits on this corpus of 816 records too (by default only from MIN_SAMPLED on)."""
    monkeypatch.setattr(robustness, "MIN_SAMPLED", 100)


def test_fitting_on_the_fitted_features_gives_the_same_themes(fitted: tuple[sl.Corpus, sl.ThemeModel]) -> None:
    corpus, model = fitted
    again = sl.ThemeModel(n_themes=5, random_state=0).fit_features(corpus, model.features_, model.analyzer_)
    assert again.themes_.labels == model.themes_.labels
    assert np.array_equal(again.themes_.weights, model.themes_.weights)


def test_refits_never_read_the_texts_again(fitted: tuple[sl.Corpus, sl.ThemeModel],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, model = fitted
    calls = []
    original = model_module.build_features
    monkeypatch.setattr(model_module, "build_features", lambda *a, **k: calls.append(1) or original(*a, **k))
    themes = refit(model, corpus, n_jobs=1)
    assert [t.n_themes for t in themes] == [5, 5, 4, 6]
    assert calls == []


@pytest.mark.parametrize("sample", [1.0, 0.6])
def test_refits_are_the_same_on_one_thread_and_on_two(fitted: tuple[sl.Corpus, sl.ThemeModel], sample: float,
                                                      subsampled: None) -> None:
    corpus, model = fitted
    one, two = refit(model, corpus, n_jobs=1, sample=sample), refit(model, corpus, n_jobs=2, sample=sample)
    for a, b in zip(one, two, strict=True):
        assert a.labels == b.labels
        assert a.weights.tobytes() == b.weights.tobytes()


def test_refits_with_other_seeds_find_other_splits(fitted: tuple[sl.Corpus, sl.ThemeModel]) -> None:
    """The seed refits must be real refits, not copies of the fitted themes."""
    corpus, model = fitted
    first, second = refit(model, corpus, deltas=(), n_jobs=2)
    assert not np.array_equal(first.weights, model.themes_.weights)
    assert not np.array_equal(first.weights, second.weights)


def test_features_of_another_corpus_are_refused(fitted: tuple[sl.Corpus, sl.ThemeModel]) -> None:
    corpus, model = fitted
    with pytest.raises(sl.ConfigurationError, match="features of"):
        sl.ThemeModel(n_themes=5).fit_features(corpus.filter(lambda r: r.year == 2020), model.features_)


def test_subsample_refits_fit_on_part_and_cover_every_record_in_order(
    fitted: tuple[sl.Corpus, sl.ThemeModel], monkeypatch: pytest.MonkeyPatch, subsampled: None
) -> None:
    corpus, model = fitted
    sizes = []
    original = sl.ThemeModel.fit_features
    monkeypatch.setattr(sl.ThemeModel, "fit_features",
                        lambda self, c, *a, **k: sizes.append(len(c)) or original(self, c, *a, **k))
    themes = refit(model, corpus, sample=0.6, n_jobs=1)
    assert sizes == [round(0.6 * len(corpus))] * 4
    for t in themes:
        assert t.corpus is corpus and t.weights.shape[0] == len(corpus) == len(t.dominant)
        assert np.allclose(t.weights.sum(axis=1), 1)


def test_subsamples_differ_between_refits_and_whole_refits_remain_possible(
    fitted: tuple[sl.Corpus, sl.ThemeModel], subsampled: None
) -> None:
    corpus, model = fitted
    sampled = refit(model, corpus, deltas=(), sample=0.6, n_jobs=1)
    whole = refit(model, corpus, deltas=(), sample=1.0, n_jobs=1)
    assert not np.array_equal(sampled[0].weights, whole[0].weights)
    assert not np.array_equal(sampled[0].weights, sampled[1].weights)


def test_the_analysis_is_the_same_on_one_core_and_on_two(monkeypatch: pytest.MonkeyPatch, subsampled: None) -> None:
    path = shared("domain", "scopus_policy_diffusion.bib")
    frames = []
    for cores in (1, 2):
        monkeypatch.setattr(robustness.os, "cpu_count", lambda cores=cores: cores)
        frames.append(sl.analyse(path, n_themes=5).comparison.to_frame())
    assert frames[0]["stability"].notna().all()
    assert frames[0].to_csv() == frames[1].to_csv()


def test_corpora_under_the_subsample_threshold_are_refitted_whole_as_before(
    fitted: tuple[sl.Corpus, sl.ThemeModel]
) -> None:
    corpus, model = fitted
    assert len(corpus) < robustness.MIN_SAMPLED
    refits = refit(model, corpus, deltas=(), n_jobs=1)
    plain = [sl.ThemeModel(**{**model.get_params(), "random_state": seed}).fit_features(
        corpus, model.features_, model.analyzer_).themes_ for seed in (1, 2)]
    assert [t.weights.tobytes() for t in refits] == [t.weights.tobytes() for t in plain]
