"""The whole analysis in one call: load, deduplicate, classify, fit themes, compare.

The command line's ``report`` runs this; scripts can too, and get every intermediate
result back in an :class:`Analysis`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .context.classify import classify
from .corpus import Corpus
from .enrich.works import enrich as enrich_corpus
from .errors import InputError
from .gaps.compare import Comparison, compare, resolvable_themes
from .gaps.robustness import refit
from .read.loading import load, load_corpus

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Analysis:
    """Every stage's result of :func:`analyse`.

    Attributes:
        corpus: the loaded, deduplicated and classified corpus.
        model: the fitted :class:`~socinno_lit.themes.model.ThemeModel`.
        themes: ``model.themes_``.
        comparison: the gap analysis.
    """

    corpus: Corpus
    model: Any
    themes: Any
    comparison: Comparison


def _quiet(_: str) -> None:
    return None


def analyse(
    *inputs: str | os.PathLike[str],
    context: str = "denmark",
    n_themes: int | str = "auto",
    method: str = "nmf",
    seed: int = 0,
    abstracts: str | os.PathLike[str] | None = None,
    rule: str = "any",
    overrides: Any = None,
    stability: bool = True,
    fit_on: str = "all",
    progress: Progress = _quiet,
    recursive: bool = False,
    collection: str | None = None,
    library: str | None = None,
    enrich: str | None = None,
    email: str = "",
    offline: bool = False,
) -> Analysis:
    """Run the analysis on files (or, with no input, on the bundled corpus).

    Args:
        *inputs: BibTeX, RIS, Web of Science, PubMed, CSV or CSL-JSON files, folders of
            them, or Zotero libraries (``zotero.sqlite`` or its folder).
        context: the focus context (a country name or a context file).
        n_themes: a number, or ``"auto"`` to choose it from the data.
        method: ``"nmf"``, ``"lda"`` or ``"kmeans"``.
        seed: the random state; the same seed gives the same result.
        abstracts: external abstracts (folder of ``<key>.txt`` or ``key,abstract`` CSV).
        rule: which affiliations must be in the country (``any``, ``first``, ``majority``).
        overrides: key -> context mapping or CSV path that wins over the rules.
        stability: refit with two other seeds and one theme fewer and more, and report
            how often each verdict recurs (``refit_agreement``); the bootstrap
            ``stability`` of the verdicts is measured either way.
        fit_on: ``"all"`` finds the themes in every record, ``"reference"`` in the
            reference records only, placing the focus and unknown records in them
            afterwards (see :class:`~socinno_lit.themes.model.ThemeModel`).
        progress: called with a short message before each step.
        recursive: also read the sub-folders of folders named in ``inputs``.
        collection: in Zotero libraries, only this collection and its sub-collections.
        library: in Zotero libraries, only this library (``"My Library"``, a group's name or id).
        enrich: ``"openalex"`` to complete the records from OpenAlex by DOI before they
            are classified (see :func:`socinno_lit.enrich`); without network the analysis
            goes on un-enriched, with an ``enrich-failed`` warning in the corpus's problems.
        email: for OpenAlex's polite pool (default ``OPENALEX_EMAIL``).
        offline: enrich from the cache only.

    Example:
        >>> result = analyse(n_themes=4, stability=False)
        >>> len(result.comparison.rows)
        4
    """
    progress("reading files")
    corpus = (load(*inputs, abstracts=abstracts, recursive=recursive, collection=collection, library=library)
              if inputs else load_corpus())
    _require_records(corpus)
    if inputs:
        progress("merging duplicates")
        corpus = corpus.deduplicate()
    if enrich:
        progress("looking works up in OpenAlex")
        corpus = enrich_corpus(corpus, enrich, email=email, offline=offline, progress=False)
    progress("telling national from international research")
    corpus = classify(corpus, context, rule=rule, overrides=overrides)  # type: ignore[arg-type]
    progress("fitting themes")
    focus = _focus_name(context)
    model = _fit_themes(corpus, focus, n_themes, method, seed, fit_on)
    refits: Sequence[Any] = ()
    if stability:
        progress("refitting the themes for refit agreement")
        refits = refit(model, corpus)
    progress("comparing")
    comparison = compare(model.themes_, focus, refits=refits or None)
    return Analysis(corpus, model, model.themes_, comparison)


def _require_records(corpus: Corpus) -> None:
    """Stop with the reasons when not one record was read (rather than fail later on themes)."""
    if len(corpus):
        return
    errors = corpus.problems_with(severity="error") or corpus.problems
    reasons = "; ".join(str(p) for p in errors[:3]) or "the inputs hold no entries"
    raise InputError(f"no record was read: {reasons}")


def _fit_themes(corpus: Corpus, focus: str, n_themes: int | str, method: str, seed: int,
                fit_on: str = "all") -> Any:
    """Fit the themes; "auto" tries no more themes than could show a gap (see resolvable_themes)."""
    from .context.contexts import focus_names
    from .themes.model import ThemeModel

    if n_themes != "auto":
        return ThemeModel(n_themes=n_themes, method=method, random_state=seed, context=focus,
                          fit_on=fit_on).fit(corpus)
    low, high = ThemeModel().k_range
    top = resolvable_themes(corpus, focus, low=low, high=high)
    model = ThemeModel(n_themes="auto", method=method, random_state=seed, k_range=(low, top),
                       context=focus, fit_on=fit_on).fit(corpus)
    if top < high and model.selection_ is not None:
        n_focus = sum(1 for r in corpus if r.context == focus)
        why = (f" At most {top} themes were tried: with {n_focus} {focus_names(focus)[1]} records among {len(corpus)},"
               f" a theme of average size holding none of them would not be a significant gap at more.")
        model.selection_ = replace(model.selection_, description=model.selection_.description + why)
        model.themes_ = replace(model.themes_, selection=model.selection_, finer=_finer(model, corpus, low, high))
    return model


def _finer(model: Any, corpus: Corpus, low: int, high: int) -> Any:
    """The themes the data would choose without the cap, for description only; None if no finer."""
    from .themes.model import ThemeModel

    params = {**model.get_params(), "k_range": (low, high)}
    finer = ThemeModel(**params).fit_features(corpus, model.features_, model.analyzer_).themes_
    return finer if finer.n_themes > model.themes_.n_themes else None


def _focus_name(context: str) -> str:
    from .context.contexts import get_context

    return get_context(context).name
