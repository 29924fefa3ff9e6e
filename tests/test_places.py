"""The words that decide a record's context stay out of the theme features."""

from __future__ import annotations

import pickle

import socinno_lit as sl
from socinno_lit.context.contexts import get_context, may_mention
from socinno_lit.themes.places import MaskedCleaner, PlaceMask

DANISH_WORDS = {"denmark", "danish", "danmark", "dansk", "danske", "copenhagen", "københavn", "aarhus"}


def test_the_mask_blanks_countries_demonyms_and_focus_places_but_keeps_the_noun() -> None:
    masked = MaskedCleaner(PlaceMask("denmark"))(
        "Data come from Denmark: danske kommuner, Copenhagen and Aarhus Kommune, unlike Kenyan NGOs in the UK.")
    assert not DANISH_WORDS & set(masked.split())
    assert {"kommuner", "ngos", "data"} <= set(masked.replace(",", " ").split())
    assert "kenyan" not in masked and " uk" not in masked
    assert PlaceMask()("Denmark Road, Manchester") == "Denmark Road, Manchester"  # a street, not a country


def test_the_quick_test_never_skips_a_text_that_names_a_place() -> None:
    for text in ("Aarhus", "The Netherlands", "UK firms", "danske kommuner", "Kenyan NGOs", "New Zealand"):
        assert may_mention(text), text
    assert not may_mention("The new social economy in the us")


def test_no_theme_is_built_from_the_words_that_decided_the_context() -> None:
    """Every focus abstract gains a setting sentence, the leak the classifier builds in."""
    corpus = sl.classify(sl.load_corpus(), "denmark")
    leaked = corpus.with_records(
        r.replace(abstract=r.abstract + " Data come from Denmark, from Danish municipalities.")
        if r.context == "denmark" else r for r in corpus)
    names = {w.casefold() for w in (*get_context("denmark").names, *get_context("denmark").demonyms)}
    masked = sl.ThemeModel(n_themes=5, random_state=0).fit(leaked).themes_
    for theme in range(masked.n_themes):
        terms = {word for term in masked.top_terms(theme, 10) for word in term.split()}
        assert not terms & names, masked.labels[theme]
    unmasked = sl.ThemeModel(n_themes=5, random_state=0, mask_places=False).fit(leaked).themes_
    assert any({word for term in unmasked.top_terms(t, 10) for word in term.split()} & names
               for t in range(unmasked.n_themes))  # without the mask the leak shows


def test_a_fitted_model_with_the_mask_pickles_and_places_new_records() -> None:
    model = sl.ThemeModel(n_themes=4, random_state=0).fit(sl.classify(sl.load_corpus(), "denmark"))
    again = pickle.loads(pickle.dumps(model))
    new = sl.Corpus((sl.Record(key="n", title="Crowdfunding platforms in Denmark"),))
    assert list(again.predict(new)) == list(model.predict(new))
