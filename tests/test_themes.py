"""Themes: what a user checks on ThemeModel and Themes, mostly on real exports."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from functools import lru_cache

import numpy as np
import pytest
from conftest import PROJECT, shared

import socinno_lit as sl
from socinno_lit.themes.model import Themes, format_themes, print_themes
from socinno_lit.themes.selection import Selection
from socinno_lit.themes.text import clean

ThemeModel = sl.ThemeModel


@lru_cache(maxsize=1)
def planted() -> tuple[sl.Corpus, tuple[str, ...]]:
    """200 social-entrepreneurship records and the 100 public-history theses, labelled."""
    entrepreneurship = sl.load(shared("domain", "scopus_social_entrepreneurship.bib")).records[:200]
    history = sl.load(shared("formats", "zotero_public_history.bib")).records
    corpus = sl.Corpus(entrepreneurship) + sl.Corpus(history)
    return corpus, ("entrepreneurship",) * len(entrepreneurship) + ("history",) * len(history)


@lru_cache(maxsize=4)
def fitted(n_themes: int | str = 2, seed: int = 0) -> ThemeModel:
    return ThemeModel(n_themes=n_themes, random_state=seed).fit(planted()[0])


def purity(truth: tuple[str, ...], themes: np.ndarray) -> float:
    hits = 0
    for t in set(themes.tolist()):
        members = [truth[i] for i in np.flatnonzero(themes == t)]
        hits += max(members.count(label) for label in set(members))
    return hits / len(truth)


# --- what a user checks first ----------------------------------------------------------------


def test_a_planted_mix_of_two_real_sources_separates() -> None:
    corpus, truth = planted()
    themes = fitted().themes_
    assert purity(truth, themes.dominant) >= 0.95
    history = themes.dominant[[i for i, t in enumerate(truth) if t == "history"]]
    assert np.bincount(history).max() >= 95


def test_the_same_seed_gives_identical_themes_byte_for_byte() -> None:
    corpus = planted()[0]
    first = ThemeModel(n_themes=3, random_state=7).fit(corpus).themes_
    second = ThemeModel(n_themes=3, random_state=7).fit(corpus).themes_
    assert first.labels == second.labels
    assert first.weights.tobytes() == second.weights.tobytes()
    assert first.dominant.tobytes() == second.dominant.tobytes()
    assert first.terms == second.terms


def _digest_in_fresh_process(hash_seed: str) -> str:
    script = (
        "import hashlib, sys, socinno_lit as sl\n"
        "from socinno_lit.themes.model import ThemeModel\n"
        f"c = sl.load({str(shared('formats', 'zotero_public_history.bib'))!r})\n"
        "t = ThemeModel(n_themes=4, random_state=3).fit(c).themes_\n"
        "print(hashlib.sha256(t.weights.tobytes() + repr(t.labels).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_themes_do_not_depend_on_the_run_nor_on_python_s_string_hashing() -> None:
    assert _digest_in_fresh_process("1") == _digest_in_fresh_process("2")


def test_labels_are_distinct_readable_words_of_the_corpus_never_stems() -> None:
    corpus = planted()[0]
    themes = ThemeModel(n_themes=6, random_state=0).fit(corpus).themes_
    words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", " ".join(clean(r.text) for r in corpus)))
    assert len(set(themes.labels)) == themes.n_themes
    for t in range(themes.n_themes):
        assert themes.labels[t]
        for term in themes.top_terms(t, 15) + themes.labels[t].replace(",", " ").split():
            assert set(term.split()) <= words, term
    top = {w for t in range(themes.n_themes) for term in themes.top_terms(t, 15) for w in term.split()}
    assert {"entrepreneurship", "history"} <= top and "histori" not in top


def test_phrases_appear_among_top_terms() -> None:
    themes = fitted().themes_
    top = [w for t in range(themes.n_themes) for w in themes.top_terms(t, 20)]
    assert "social entrepreneurship" in top or "social enterprises" in top


# --- the result -------------------------------------------------------------------------------


def test_every_record_gets_a_theme_even_with_no_usable_words() -> None:
    corpus = planted()[0] + sl.Corpus(
        (sl.Record(key="empty"), sl.Record(key="rare", title="Zyxwvut qqqpqq"))
    )
    themes = ThemeModel(n_themes=2, random_state=0).fit(corpus).themes_
    assert themes.weights.shape == (len(corpus), 2) and themes.dominant.shape == (len(corpus),)
    assert np.allclose(themes.weights.sum(axis=1), 1.0)
    assert (themes.dominant == themes.weights.argmax(axis=1)).all()
    assert themes.fallback[-2:].tolist() == [True, True]
    assert themes.fallback.sum() < 10  # only records without usable words
    assert "fallback rule" in format_themes(themes)


def test_themes_carry_the_fitted_corpus_in_order() -> None:
    corpus = planted()[0]
    themes = fitted().themes_
    assert themes.corpus is corpus
    assert themes.to_frame().index.tolist() == list(corpus.keys)


def test_sizes_representatives_years_and_frame_agree() -> None:
    themes = fitted().themes_
    corpus = themes.corpus
    assert themes.sizes.sum() == len(corpus) and themes.sizes[0] >= themes.sizes[1]
    for t in range(themes.n_themes):
        best = themes.representative(t, 3)
        rows = [corpus.keys.index(r.key) for r in best]
        assert all(themes.dominant[i] == t for i in rows)
        assert list(themes.weights[rows, t]) == sorted(themes.weights[rows, t], reverse=True)
        assert themes.weights[rows[0], t] == themes.weights[themes.dominant == t, t].max()
    by_year = themes.counts_by_year()
    assert list(by_year.columns) == list(themes.labels)
    assert by_year.values.sum() == sum(1 for r in corpus if r.year is not None)
    frame = themes.to_frame()
    assert len(frame) == len(corpus)
    assert (frame["theme"].to_numpy() == themes.dominant).all()
    assert {"key", "title", "year", "context", "theme", "label", "weight", "weight_0", "weight_1"} <= set(frame)


def test_themes_is_a_frozen_value() -> None:
    themes = fitted().themes_
    with pytest.raises(dataclasses.FrozenInstanceError):
        themes.labels = ("x", "y")  # type: ignore[misc]
    with pytest.raises(ValueError):
        themes.weights[0, 0] = 1.0
    assert isinstance(themes, Themes)


def test_format_and_print_themes_show_sizes_labels_and_terms(capsys: pytest.CaptureFixture[str]) -> None:
    themes = fitted().themes_
    print_themes(themes)
    out = capsys.readouterr().out
    assert out.startswith(f"2 themes in {len(themes.corpus)} records")
    for t in range(2):
        assert themes.labels[t] in out and str(themes.sizes[t]) in out
        assert ", ".join(themes.top_terms(t, 3)) in out


# --- choosing the number of themes ---------------------------------------------------------------


def test_auto_chooses_from_a_measured_curve_kept_on_the_result() -> None:
    model = ThemeModel(n_themes="auto", random_state=0, k_range=(2, 6), n_resamples=3).fit(planted()[0])
    selection = model.themes_.selection
    assert isinstance(selection, Selection) and selection is model.selection_
    assert selection.candidates == (2, 3, 4, 5, 6) and len(selection.scores) == 5
    assert selection.criterion == "stability"
    assert selection.chosen == model.n_themes_ == model.themes_.n_themes
    assert selection.score_of(selection.chosen) == max(selection.scores)
    assert str(selection.chosen) in selection.explain()
    assert selection.to_frame()["chosen"].sum() == 1
    # auto is the fixed model with the chosen number: the user can reproduce it.
    fixed = ThemeModel(n_themes=selection.chosen, random_state=0).fit(planted()[0]).themes_
    assert fixed.weights.tobytes() == model.themes_.weights.tobytes()


def test_a_fixed_number_of_themes_has_no_selection() -> None:
    assert fitted().themes_.selection is None and fitted().selection_ is None


# --- the estimator contract -----------------------------------------------------------------------


def test_estimator_contract_params_untouched_fit_returns_self_and_clone_works() -> None:
    from sklearn.base import clone

    model = ThemeModel(n_themes=3, method="kmeans", random_state=5, k_range=(3, 9))
    assert model.get_params()["k_range"] == (3, 9) and model.method == "kmeans"
    assert not any(name.endswith("_") for name in vars(model))
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    corpus = planted()[0]
    assert model.fit(corpus) is model
    assert {"themes_", "n_themes_", "selection_", "components_"} <= set(vars(model))
    assert "random_state=5" in repr(model)


@pytest.mark.parametrize(
    "options",
    [{"n_themes": 0}, {"n_themes": "many"}, {"method": "bert"}, {"k_range": (9, 3)}, {"n_themes": 1000}],
)
def test_bad_parameters_are_configuration_errors_at_fit(options: dict[str, object]) -> None:
    model = ThemeModel(**options)  # storing never fails
    with pytest.raises(sl.ConfigurationError):
        model.fit(planted()[0])


@pytest.mark.parametrize("method", ["lda", "kmeans"])
def test_other_methods_find_the_same_two_fields(method: str) -> None:
    corpus, truth = planted()
    themes = ThemeModel(n_themes=2, method=method, random_state=0).fit(corpus).themes_
    assert themes.method == method and purity(truth, themes.dominant) >= 0.9


def test_any_estimator_with_components_or_cluster_centers_can_be_used() -> None:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import NMF

    corpus, truth = planted()
    for estimator in (NMF(beta_loss="kullback-leibler", solver="mu", max_iter=200), MiniBatchKMeans(n_init=3)):
        themes = ThemeModel(n_themes=2, method=estimator, random_state=0).fit(corpus).themes_
        assert themes.n_themes == 2 and purity(truth, themes.dominant) >= 0.9


def test_without_merging_the_method_s_own_weights_are_kept() -> None:
    corpus, truth = planted()
    model = ThemeModel(n_themes=2, merge=False, random_state=0).fit(corpus)
    assert model.components_.shape[0] == 2
    assert purity(truth, model.themes_.dominant) >= 0.9


def test_danish_records_get_danish_themes_in_real_danish_words() -> None:
    danish = [
        "Kommunerne og samskabelse af velfærd med borgerne i kommunerne",
        "Frivillige foreninger og kommunernes samskabelse med civilsamfundet",
        "Borgerne, kommunerne og velfærdsstaten: samskabelse i praksis",
    ]
    english = ["Survey response rates of physicians", "Physicians and survey incentives", "Response rates in mail surveys"]
    records = [sl.Record(key=f"d{i}", title=t, language="Danish") for i, t in enumerate(danish * 2)]
    records += [sl.Record(key=f"e{i}", title=t) for i, t in enumerate(english * 2)]
    model = ThemeModel(n_themes=2, random_state=0, min_df=2).fit(sl.Corpus(tuple(records)))
    themes = model.themes_
    assert themes.dominant[:6].tolist() == [themes.dominant[0]] * 6 != themes.dominant[6:].tolist()
    danish_terms = themes.top_terms(int(themes.dominant[0]), 10)
    assert "kommunerne" in danish_terms and "kommun" not in danish_terms
    assert "samskabelse" in danish_terms
    assert model.features_.languages[:6] == ("da",) * 6


# --- placing new records in fitted themes -------------------------------------------------------


def test_new_records_fall_in_the_theme_of_their_own_field() -> None:
    model = fitted()
    corpus, truth = planted()
    history_theme = np.bincount(model.themes_.dominant[[i for i, t in enumerate(truth) if t == "history"]]).argmax()
    unseen = sl.load(shared("domain", "scopus_social_entrepreneurship.bib")).records[200:300]
    predicted = model.predict(sl.Corpus(unseen))
    assert (predicted == 1 - history_theme).mean() >= 0.9
    weights = model.transform(sl.Corpus(unseen))
    assert weights.shape == (100, 2)
    assert np.allclose(weights[predicted >= 0].sum(axis=1), 1, atol=1e-3)


def test_transform_of_the_fitted_records_matches_their_fitted_weights() -> None:
    from socinno_lit.themes.features import tfidf_of

    model = fitted()
    corpus = planted()[0]
    X = tfidf_of(corpus, model.features_, model.analyzer_)
    assert abs(X - model.features_.tfidf).max() < 1e-9  # the same space, term for term
    agree = (model.predict(corpus) == model.themes_.dominant).mean()
    assert agree >= 0.98


def test_unknown_words_and_an_unfitted_model_are_handled() -> None:
    model = fitted()
    stranger = sl.Corpus((sl.Record(key="x", title="Zzyzx qwv"), sl.Record(key="y")))
    assert model.predict(stranger).tolist() == [-1, -1]
    assert not model.transform(stranger).any()
    assert model.transform(sl.Corpus()).shape == (0, 2)
    with pytest.raises(sl.ConfigurationError, match="not fitted"):
        ThemeModel(n_themes=2).transform(stranger)
