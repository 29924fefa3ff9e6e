"""Themes of a corpus by TF-IDF topic modelling: :class:`ThemeModel` and :class:`Themes`.

:class:`ThemeModel` follows scikit-learn's estimator contract: ``__init__`` only stores
its parameters, :meth:`ThemeModel.fit` validates them and returns the model, and what is
learned ends in ``_`` (``themes_``, ``n_themes_``, ``selection_``). Randomness comes only
from ``random_state``, and every computation runs with one BLAS/OpenMP thread, so the
same seed gives the same themes byte for byte on every run (thread counts are what makes
floating-point sums differ between machines).

How themes are found is in :mod:`socinno_lit.themes.partition` (fine topics, merged, refined)
and how their number is chosen in :mod:`socinno_lit.themes.selection` (stability).

Example:
    >>> import socinno_lit as sl
    >>> corpus = sl.Corpus(tuple(
    ...     sl.Record(key=f"r{i}", title=t) for i, t in enumerate(
    ...         ["Social innovation in welfare"] * 4 + ["Survey response rates of physicians"] * 4)))
    >>> themes = ThemeModel(n_themes=2, random_state=0).fit(corpus).themes_
    >>> sorted(themes.labels)
    ['physicians, survey response rates', 'social innovation, welfare']
"""

from __future__ import annotations

import inspect
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..context.classify import INTERNATIONAL, UNKNOWN
from ..corpus import Corpus
from ..errors import ConfigurationError
from ..records import Record
from ..terminal import fit_table, terminal_width
from ..views import themes_html
from .features import FeatureMatrix, build_features, tfidf_of
from .labels import chain, distinct_labels
from .partition import (
    _uses_counts,
    background,
    make_estimator,
    partition,
    weights_from_estimator,
)
from .places import MaskedCleaner, PlaceMask
from .selection import Selection, candidate_range, stability_selection
from .stemming import Analyzer
from .text import clean

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ThemeModel", "Themes", "format_themes", "print_themes"]

_METHODS = ("nmf", "lda", "kmeans")
_FIT_ON = ("all", "reference")
_DECIMALS = 10  # weights are rounded so that last-bit noise never shows in the output


# --- the result -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Themes:
    """The themes of a fitted corpus; every array is in the order of ``corpus.records``.

    Attributes:
        corpus: the fitted corpus (later stages compare themes by ``record.context``).
        labels: one short readable label per theme, all distinct.
        weights: records x themes, non-negative, each row summing to 1.
        dominant: the theme index of each record (the largest weight).
        terms: per theme, its top terms as (readable word or phrase, score), best first.
        selection: how the number of themes was chosen, or None when it was fixed.
        fallback: True for records placed by the fallback rule: their text had no word
            kept in the vocabulary, so they went to the theme whose records share their
            rarer words, or, with no word at all, to the largest theme.
        method: the method that found the fine topics.
        features: the fitted feature matrix (counts with readable names), which the
            comparison reuses to find distinguishing terms without reading the texts again.
        finer: a finer division of the same records, shown for description only (no
            verdicts), when the number of themes was capped to keep the statistics able to
            show a gap; None otherwise.
        fit_on: ``"all"`` when every record shaped the themes, ``"reference"`` when only
            the reference records did and the others were placed in them afterwards.
        subthemes: the fine topics the themes were merged from, each record in the one
            whose centroid it is closest to (cosine). A comparison tests them as a second
            family (see
            :attr:`socinno_lit.gaps.compare.Comparison.subthemes`): a gap confined to one
            field that a theme shares with another shows there. None when the themes were
            not merged from finer topics.

    Example:
        >>> t = Themes(Corpus((Record(key="a"),)), ("x",), np.ones((1, 1)), np.zeros(1, int),
        ...            ((("x", 1.0),),), None, np.zeros(1, bool), "nmf")
        >>> t.sizes.tolist(), t.top_terms(0)
        ([1], ['x'])
    """

    corpus: Corpus
    labels: tuple[str, ...]
    weights: np.ndarray
    dominant: np.ndarray
    terms: tuple[tuple[tuple[str, float], ...], ...]
    selection: Selection | None = None
    fallback: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    method: str = "nmf"
    features: FeatureMatrix | None = field(default=None, compare=False, repr=False)
    finer: Themes | None = field(default=None, compare=False, repr=False)
    fit_on: str = "all"
    subthemes: Themes | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("weights", "dominant", "fallback"):
            array = np.array(getattr(self, name))  # a private copy, then frozen
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    @property
    def n_themes(self) -> int:
        """The number of themes.

        Example:
            >>> Themes(Corpus(), ("a", "b"), np.zeros((0, 2)), np.zeros(0, int), ((), ())).n_themes
            2
        """
        return len(self.labels)

    @property
    def sizes(self) -> np.ndarray:
        """The number of records whose dominant theme is each theme.

        Example:
            >>> Themes(Corpus(), ("a", "b"), np.zeros((0, 2)), np.zeros(0, int), ((), ())).sizes.tolist()
            [0, 0]
        """
        return np.bincount(self.dominant.astype(np.int64), minlength=self.n_themes)

    def _repr_html_(self) -> str:
        """How a notebook shows the themes: label, size, share and top terms of each
        (see :mod:`socinno_lit.views`)."""
        return themes_html(self)

    def top_terms(self, theme: int, n: int = 10) -> list[str]:
        """The ``n`` words or phrases that weigh most in ``theme``, as real words.

        Example:
            >>> Themes(Corpus(), ("a",), np.zeros((0, 1)), np.zeros(0, int),
            ...        ((("policy", 2.0), ("diffusion", 1.0)),)).top_terms(0, 1)
            ['policy']
        """
        return [word for word, _ in self.terms[self._check(theme)][:n]]

    def records_of(self, theme: int) -> tuple[Record, ...]:
        """The records whose dominant theme is ``theme``, in corpus order.

        Example:
            >>> t = Themes(Corpus((Record(key="a"),)), ("x",), np.ones((1, 1)), np.zeros(1, int), ((),))
            >>> [r.key for r in t.records_of(0)]
            ['a']
        """
        rows = np.flatnonzero(self.dominant == self._check(theme))
        return tuple(self.corpus.records[i] for i in rows)

    def representative(self, theme: int, n: int = 5) -> tuple[Record, ...]:
        """The ``n`` records of ``theme`` with the largest weight on it, best first.

        Records whose dominant theme it is come first; ties keep corpus order.

        Example:
            >>> c = Corpus((Record(key="a"), Record(key="b")))
            >>> t = Themes(c, ("x", "y"), np.array([[0.6, 0.4], [0.9, 0.1]]), np.array([0, 0]), ((), ()))
            >>> [r.key for r in t.representative(0)]
            ['b', 'a']
        """
        theme = self._check(theme)
        column = self.weights[:, theme]
        own = self.dominant == theme
        # lexsort: last key first; stable, so equal weights keep corpus order.
        order = np.lexsort((np.arange(len(column)), -column, ~own))
        return tuple(self.corpus.records[i] for i in order[:n])

    def counts_by_year(self) -> pd.DataFrame:
        """Records per year (rows) and theme (columns, named by label).

        Records without a year are left out of this table (they stay in every other).

        Example:
            >>> c = Corpus((Record(key="a", year=2001), Record(key="b", year=2003), Record(key="c")))
            >>> t = Themes(c, ("x",), np.ones((3, 1)), np.zeros(3, int), ((),))
            >>> t.counts_by_year()["x"].tolist()
            [1, 0, 1]
        """
        import pandas as pd

        years = [r.year for r in self.corpus]
        rows = [i for i, y in enumerate(years) if y is not None]
        table = pd.crosstab(
            pd.Series([years[i] for i in rows], name="year"),
            pd.Series(self.dominant[rows], name="theme"),
        )
        span = range(min(table.index), max(table.index) + 1) if len(table) else []
        table = table.reindex(index=span, columns=range(self.n_themes), fill_value=0)
        table.columns = list(self.labels)
        table.index.name = "year"
        return table

    def to_frame(self) -> pd.DataFrame:
        """One row per record: key, title, year, context, theme, label, weight, fallback,
        then its weight on every theme (``weight_0`` ...). Indexed by key.

        Example:
            >>> t = Themes(Corpus((Record(key="a"),)), ("x",), np.ones((1, 1)), np.zeros(1, int), ((),))
            >>> t.to_frame().loc["a", "label"]
            'x'
        """
        import pandas as pd

        rows = np.arange(len(self.dominant))
        frame = pd.DataFrame(
            {
                "key": [r.key for r in self.corpus],
                "title": [r.title for r in self.corpus],
                "year": pd.array([r.year for r in self.corpus], dtype="Int64"),
                "context": [r.context for r in self.corpus],
                "theme": self.dominant.astype(int),
                "label": [self.labels[t] for t in self.dominant],
                "weight": self.weights[rows, self.dominant] if len(rows) else [],
                "fallback": self.fallback if len(self.fallback) else np.zeros(len(rows), bool),
            }
        )
        for t in range(self.n_themes):
            frame[f"weight_{t}"] = self.weights[:, t]
        return frame.set_index("key", drop=False).rename_axis(None)

    def summary(self, n_terms: int = 10) -> pd.DataFrame:
        """One row per theme: theme, label, size, share, top_terms (a joined string).

        Example:
            >>> t = Themes(Corpus((Record(key="a"),)), ("x",), np.ones((1, 1)), np.zeros(1, int),
            ...            ((("x", 1.0),),))
            >>> t.summary().loc[0, "top_terms"]
            'x'
        """
        import pandas as pd

        total = max(1, len(self.dominant))
        return pd.DataFrame(
            {
                "theme": range(self.n_themes),
                "label": list(self.labels),
                "size": self.sizes,
                "share": self.sizes / total,
                "top_terms": [", ".join(self.top_terms(t, n_terms)) for t in range(self.n_themes)],
            }
        )

    def _check(self, theme: int) -> int:
        if not 0 <= theme < self.n_themes:
            raise IndexError(f"theme {theme} out of range 0..{self.n_themes - 1}")
        return int(theme)


# --- the model --------------------------------------------------------------------------


class ThemeModel:
    """Find the themes of a corpus by TF-IDF topic modelling (a scikit-learn estimator).

    Args:
        n_themes: the number of themes, or ``"auto"`` to choose it in ``k_range`` by
            stability across resamples (see :mod:`socinno_lit.themes.selection`).
        method: how fine topics are found: ``"nmf"`` (on TF-IDF, default), ``"lda"``
            (on counts), ``"kmeans"`` (on TF-IDF), or any scikit-learn estimator with
            ``components_`` or ``cluster_centers_`` (its ``n_components`` or
            ``n_clusters`` is set for you).
        random_state: seeds every random step; the same seed gives the same themes.
        k_range: the smallest and largest number of themes tried by ``"auto"``.
        merge: find ``resolution`` times as many fine topics, merge the closest into
            themes and refine (see :mod:`socinno_lit.themes.partition`). False fits the method
            with ``n_themes`` topics and keeps its own weights.
        resolution: fine topics per theme when ``merge`` is true.
        min_df: records a word or phrase must occur in; None: 1 in 400, at least 2.
        max_df: words and phrases in a larger share of records are dropped.
        bigrams: add phrases of two adjacent words ("social innovation").
        stemming: stem words with the Snowball stemmer of each record's language.
        extra_stop_words: more words to ignore (for example the topic of a search query).
        mask_places: leave out of the features every country name and demonym, and the
            cities, regions and municipalities of the focus context: the words that
            decide a record's context would otherwise pull the records they decided
            into themes of their own (see :mod:`socinno_lit.themes.places`).
        context: the focus context whose places are masked; None takes the context
            the classified records name most often besides international and unknown
            (Denmark when there is none).
        fit_on: ``"all"`` finds the themes in every record; ``"reference"`` finds them
            (their number, centroids and terms) in the reference records only, the
            classified records of another context than ``context``, and then places the
            focus and the unknown records in them as :meth:`transform` places new records
            (the estimator's own transform for LDA, the nearest centre for k-means). The
            unknown records are left out of the fit too: many of them are focus records
            the classifier could not see, and the point is that no focus record shapes
            a theme. The vocabulary is still read from every record, so that the
            comparison's distinguishing terms cover both groups. Needs ``context`` and a
            classified corpus.
        n_resamples: resamples used by ``"auto"``.
        n_top_terms: terms kept per theme on the result.
        verbose: report progress of long steps on standard error.

    Example:
        >>> import socinno_lit as sl
        >>> corpus = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
        ...     ["Policy diffusion among states"] * 3 + ["Heritage and public history"] * 3)))
        >>> model = ThemeModel(n_themes=2).fit(corpus)
        >>> model.n_themes_, model.themes_.sizes.tolist()
        (2, [3, 3])
        >>> marked = sl.Corpus(tuple(r.replace(context="denmark" if r.key == "0" else "international")
        ...                          for r in corpus))
        >>> placed = ThemeModel(n_themes=2, context="denmark", fit_on="reference").fit(marked).themes_
        >>> placed.fit_on, placed.sizes.tolist()
        ('reference', [3, 3])
    """

    def __init__(
        self,
        n_themes: int | str = "auto",
        method: str | Any = "nmf",
        *,
        random_state: int | None = 0,
        k_range: tuple[int, int] = (4, 20),
        merge: bool = True,
        resolution: int = 3,
        min_df: int | None = None,
        max_df: float = 0.95,
        bigrams: bool = True,
        stemming: bool = True,
        extra_stop_words: Sequence[str] = (),
        mask_places: bool = True,
        context: str | None = None,
        fit_on: str = "all",
        n_resamples: int = 5,
        n_top_terms: int = 30,
        verbose: bool = False,
    ) -> None:
        self.n_themes = n_themes
        self.method = method
        self.random_state = random_state
        self.k_range = k_range
        self.merge = merge
        self.resolution = resolution
        self.min_df = min_df
        self.max_df = max_df
        self.bigrams = bigrams
        self.stemming = stemming
        self.extra_stop_words = extra_stop_words
        self.mask_places = mask_places
        self.context = context
        self.fit_on = fit_on
        self.n_resamples = n_resamples
        self.n_top_terms = n_top_terms
        self.verbose = verbose

    # scikit-learn's get_params/set_params, without importing scikit-learn at import time.
    @classmethod
    def _param_names(cls) -> list[str]:
        return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, as scikit-learn's ``clone`` expects.

        Example:
            >>> ThemeModel(n_themes=5).get_params()["n_themes"]
            5
        """
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> ThemeModel:
        """Change constructor parameters; returns the model.

        Example:
            >>> ThemeModel().set_params(method="lda").method
            'lda'
        """
        for name, value in params.items():
            if name not in self._param_names():
                raise ConfigurationError(f"ThemeModel has no parameter {name!r}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults.get(k))]
        return f"ThemeModel({', '.join(changed)})"

    def fit(self, corpus: Corpus, y: Any = None) -> ThemeModel:
        """Find the themes of ``corpus``; the result is ``self.themes_``.

        Args:
            corpus: the records (their title, keywords and abstract are used).
            y: ignored (scikit-learn convention).

        Returns:
            The fitted model.

        Raises:
            ConfigurationError: a parameter has a value that cannot be used, or the
                corpus has fewer usable records than themes asked for.

        Example:
            >>> import socinno_lit as sl
            >>> c = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
            ...     ["Nurse staffing in hospitals"] * 3 + ["Municipal climate policy"] * 3)))
            >>> dominant = ThemeModel(n_themes=2).fit(c).themes_.dominant
            >>> len(set(dominant[:3])), len(set(dominant))
            (1, 2)
        """
        from threadpoolctl import threadpool_limits

        self._validate(corpus)
        with threadpool_limits(limits=1):
            return self._fit(corpus)

    def fit_features(self, corpus: Corpus, features: FeatureMatrix, analyzer: Analyzer | None = None) -> ThemeModel:
        """Fit on features already built for ``corpus``, without reading the texts again.

        Refits of a fitted model (other seeds, other numbers of themes) start here from
        its ``features_`` and ``analyzer_``: the vocabulary stays the fitted one, and only
        the themes are found anew.

        Args:
            corpus: the records ``features`` was built from, in the same order.
            features: a fitted model's ``features_``.
            analyzer: the fitted model's ``analyzer_`` (kept for :meth:`transform`).

        Returns:
            The fitted model.

        Example:
            >>> import socinno_lit as sl
            >>> c = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
            ...     ["Nurse staffing in hospitals"] * 3 + ["Municipal climate policy"] * 3)))
            >>> first = ThemeModel(n_themes=2).fit(c)
            >>> again = ThemeModel(n_themes=2).fit_features(c, first.features_, first.analyzer_)
            >>> again.themes_.dominant.tolist() == first.themes_.dominant.tolist()
            True
        """
        from threadpoolctl import threadpool_limits

        self._validate(corpus)
        if features.counts.shape[0] != len(corpus):
            raise ConfigurationError(f"features of {features.counts.shape[0]} records for a corpus of {len(corpus)}")
        with threadpool_limits(limits=1):
            return self._fit_features(corpus, features, analyzer or Analyzer.default())

    def _fit(self, corpus: Corpus) -> ThemeModel:
        self._say(f"analysing {len(corpus)} records")
        cleaner = MaskedCleaner(PlaceMask(self.context or _focus_of(corpus))) if self.mask_places else clean
        analyzer = Analyzer.default(
            extra_stop_words=self.extra_stop_words, stemming=self.stemming, bigrams=self.bigrams, cleaner=cleaner
        )
        features = build_features(corpus, analyzer=analyzer, min_df=self.min_df, max_df=self.max_df)
        return self._fit_features(corpus, features, analyzer)

    def _fit_features(self, corpus: Corpus, features: FeatureMatrix, analyzer: Analyzer) -> ThemeModel:
        # The features may carry the analyzer they were built with (English words shared by
        # Scandinavian records): new records must be read the same way.
        self.analyzer_ = features.analyzer or analyzer
        rows = self._fit_rows(corpus)
        fitted = features if rows is None else features.take(np.flatnonzero(rows))
        n_usable = int((~fitted.empty_rows).sum())
        selection = self._select(fitted, n_usable)
        k = selection.chosen if selection else int(self.n_themes)
        if k > max(1, n_usable) or (k > features.tfidf.shape[1] and self.n_themes != "auto"):
            which = "" if rows is None else " reference"
            raise ConfigurationError(
                f"cannot find {k} themes in {n_usable}{which} records with {features.tfidf.shape[1]} usable words"
            )
        self._say(f"finding {k} themes" + ("" if rows is None else f" in {int(rows.sum())} reference records"))
        weights, components, fine = self._weights(features, k, rows)
        weights, fallback = _place_fallbacks(weights, features)
        order = _theme_order(weights)
        weights, components = weights[:, order], components[order]
        self.features_ = features
        self.components_ = components
        self.n_themes_ = k
        self.selection_ = selection
        themes = self._themes(corpus, features, weights, components, fallback, selection, fitted)
        subthemes = None if fine is None else self._subthemes(themes, fine, fitted)
        self.themes_ = replace(themes, subthemes=subthemes)
        return self

    def _subthemes(self, themes: Themes, fine: np.ndarray, fitted: FeatureMatrix) -> Themes | None:
        """The fine topics as themes of their own (see :attr:`Themes.subthemes`); None when
        there are no more of them than themes."""
        features = themes.features
        if features is None or len(fine) <= themes.n_themes:
            return None
        similarity = np.asarray(features.tfidf @ fine.T)
        hard = np.zeros_like(similarity)
        rows = np.flatnonzero(~features.empty_rows)
        hard[rows, similarity[rows].argmax(axis=1)] = 1.0
        weights, fallback = _place_fallbacks(hard, features)
        order = _theme_order(weights)
        return self._themes(themes.corpus, features, weights[:, order], fine[order], fallback, None, fitted)

    def themes_for(self, corpus: Corpus, features: FeatureMatrix) -> Themes:
        """The fitted themes over every record of ``corpus``, placed from ``features``
        (built in the fitted vocabulary, one row per record), as :meth:`fit` places them.

        A model fitted on part of a corpus (the stability refits fit on a subsample)
        gives this way themes for the whole corpus, in its order.

        Example:
            >>> import socinno_lit as sl
            >>> c = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
            ...     ["Nurse staffing in hospitals", "Municipal climate policy"] * 3)))
            >>> whole = ThemeModel(n_themes=2).fit(c)
            >>> part = ThemeModel(n_themes=2).fit_features(c.filter(lambda r: int(r.key) < 4),
            ...                                            whole.features_.take(range(4)))
            >>> part.themes_for(c, whole.features_).dominant.tolist() == whole.themes_.dominant.tolist()
            True
        """
        weights, fallback = _place_fallbacks(_nnls(features.tfidf, self.components_), features)
        return replace(self.themes_, corpus=corpus, weights=weights, dominant=weights.argmax(axis=1),
                       fallback=fallback, features=features, subthemes=None)

    def _fit_rows(self, corpus: Corpus) -> np.ndarray | None:
        """The records the themes are found in: None for all, else a mask of the reference records."""
        if self.fit_on == "all":
            return None
        focus = str(self.context).lower()
        contexts = [(r.context or "").lower() for r in corpus]
        if not any(contexts):
            raise ConfigurationError(
                "fit_on='reference' needs classified records: run sl.classify(corpus, ...) before fitting")
        rows = np.array([c not in ("", UNKNOWN, focus) for c in contexts])
        if not rows.any():
            raise ConfigurationError(f"fit_on='reference' found no record of another context than {focus!r}")
        return rows

    def transform(self, corpus: Corpus) -> np.ndarray:
        """How much each record of another corpus belongs to each fitted theme.

        The records are read with the fitted vocabulary and weights and expressed as a
        non-negative mix of the themes, as the fitted records were; each row sums to 1.
        A record none of whose words the fitted corpus kept gets a row of zeros.

        Args:
            corpus: new records (or the fitted ones).

        Returns:
            An array of records x themes, in the order of ``themes_``.

        Raises:
            ConfigurationError: the model is not fitted, or ``corpus`` is not a Corpus.

        Example:
            >>> import socinno_lit as sl
            >>> c = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
            ...     ["Nurse staffing in hospitals"] * 3 + ["Municipal climate policy"] * 3)))
            >>> model = ThemeModel(n_themes=2).fit(c)
            >>> new = sl.Corpus((sl.Record(key="n", title="Hospitals and nurse staffing"),))
            >>> int(model.predict(new)[0]) == int(model.themes_.dominant[0])
            True
        """
        if not hasattr(self, "components_"):
            raise ConfigurationError("this ThemeModel is not fitted yet: call fit(corpus) first")
        if not isinstance(corpus, Corpus):
            raise ConfigurationError(f"transform expects a Corpus, not {type(corpus).__name__}")
        if len(corpus) == 0:
            return np.zeros((0, self.n_themes_))
        X = tfidf_of(corpus, self.features_, self.analyzer_)
        with_terms = X.getnnz(axis=1) > 0
        weights = np.zeros((len(corpus), self.n_themes_))
        if with_terms.any():
            weights[with_terms] = _nnls(X[with_terms], self.components_)
        return _normalise(np.maximum(weights, 0))

    def predict(self, corpus: Corpus) -> np.ndarray:
        """The dominant fitted theme of each record, or -1 when none of its words is known.

        Example:
            >>> import socinno_lit as sl
            >>> c = sl.Corpus(tuple(sl.Record(key=str(i), title=t) for i, t in enumerate(
            ...     ["Nurse staffing in hospitals"] * 3 + ["Municipal climate policy"] * 3)))
            >>> ThemeModel(n_themes=2).fit(c).predict(sl.Corpus((sl.Record(key="x", title="Cheese"),))).tolist()
            [-1]
        """
        weights = self.transform(corpus)
        return np.where(weights.sum(axis=1) > 0, weights.argmax(axis=1), -1)

    def _validate(self, corpus: Corpus) -> None:
        if not isinstance(corpus, Corpus):
            raise ConfigurationError(f"fit expects a Corpus, not {type(corpus).__name__}")
        if isinstance(self.method, str) and self.method not in _METHODS:
            names = ", ".join(_METHODS)
            raise ConfigurationError(f"method must be one of {names} or an estimator, not {self.method!r}")
        if not isinstance(self.method, str) and not hasattr(self.method, "fit"):
            raise ConfigurationError("method must be a name or a scikit-learn estimator")
        auto = self.n_themes == "auto"
        whole = isinstance(self.n_themes, (int, np.integer)) and not isinstance(self.n_themes, bool)
        if not auto and not (whole and self.n_themes >= 1):
            raise ConfigurationError(f"n_themes must be a positive integer or 'auto', not {self.n_themes!r}")
        low, high = self.k_range
        if auto and not 1 <= low <= high:
            raise ConfigurationError(f"k_range must be (low, high), 1 <= low <= high, not {self.k_range!r}")
        if self.fit_on not in _FIT_ON:
            raise ConfigurationError(f"fit_on must be 'all' or 'reference', not {self.fit_on!r}")
        if self.fit_on == "reference" and not self.context:
            raise ConfigurationError("fit_on='reference' needs the focus context: ThemeModel(context='denmark', ...)")
        if self.resolution < 1 or self.n_resamples < 1:
            raise ConfigurationError("resolution and n_resamples must be at least 1")
        if len(corpus) == 0:
            raise ConfigurationError("cannot find themes in an empty corpus")

    def _select(self, features: FeatureMatrix, n_usable: int) -> Selection | None:
        if self.n_themes != "auto":
            return None
        candidates = candidate_range(self.k_range[0], self.k_range[1], n_usable)
        candidates = tuple(k for k in candidates if k <= features.tfidf.shape[1]) or (1,)
        if len(candidates) == 1:
            # The records limited the candidates when at least 5 per theme allowed no more.
            usable = n_usable if n_usable // 5 <= candidates[0] else 0
            # Scores of 0 rather than NaN: the curve goes into JSON reports and charts.
            return Selection(candidates, (0.0,), (0.0,), candidates[0], "none", "", n_usable=usable)
        return stability_selection(
            features.tfidf,
            features.counts,
            candidates,
            method=self.method,
            random_state=self.random_state,
            n_resamples=self.n_resamples,
            progress=self._say if self.verbose else None,
        )

    def _weights(self, features: FeatureMatrix, k: int,
                 rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Weights of every record, the theme components and the fine topics' centroids
        (None without merging), found in ``rows`` (None: all)."""
        X, counts = features.tfidf, features.counts
        fit = np.ones(X.shape[0], bool) if rows is None else rows
        if not self.merge:
            estimator = make_estimator(self.method, k, self.random_state)
            active = ~features.empty_rows
            weights = np.zeros((X.shape[0], k))
            weights[active & fit], components = weights_from_estimator(
                estimator, X[active & fit], counts[active & fit])
            placed = active & ~fit
            if placed.any():
                weights[placed] = _placed_by(estimator, X[placed], counts[placed], components)
            return weights, components, None
        _, centroids, fine = partition(
            X[fit], counts[fit], k, self.method, self.random_state, resolution=self.resolution,
            progress=self._say if self.verbose else None,
        )
        return _nnls(X, centroids), centroids, fine

    def _themes(
        self,
        corpus: Corpus,
        features: FeatureMatrix,
        weights: np.ndarray,
        components: np.ndarray,
        fallback: np.ndarray,
        selection: Selection | None,
        fitted: FeatureMatrix,
    ) -> Themes:
        # The background direction of the records the themes were found in.
        terms = _top_terms(components, features.words, self.n_top_terms, background(fitted.tfidf))
        labels = distinct_labels([[w for w, _ in ranked] for ranked in terms])
        method = self.method if isinstance(self.method, str) else type(self.method).__name__
        return Themes(
            corpus=corpus,
            labels=labels,
            weights=weights,
            dominant=weights.argmax(axis=1) if len(weights) else np.zeros(0, int),
            terms=terms,
            selection=selection,
            fallback=fallback,
            method=method,
            features=features,
            fit_on=self.fit_on,
        )

    def _say(self, message: str) -> None:
        if self.verbose:
            print(f"themes: {message}", file=sys.stderr, flush=True)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def _placed_by(estimator: Any, X: Any, counts: Any, components: np.ndarray) -> np.ndarray:
    """Weights of records the estimator was not fitted on: the nearest centre (cosine) for
    a clustering, the estimator's transform for LDA, the NMF mix of the components otherwise."""
    if hasattr(estimator, "cluster_centers_"):
        return np.maximum(np.asarray(X @ components.T), 0)
    if _uses_counts(estimator):
        return np.asarray(estimator.transform(counts), dtype=np.float64)
    return _nnls(X, components)


def _nnls(X: Any, components: np.ndarray) -> np.ndarray:
    """Each record as a non-negative mix of the theme centroids (NMF with H fixed)."""
    from sklearn.decomposition import non_negative_factorization

    W, _, _ = non_negative_factorization(
        X, H=components.astype(X.dtype), n_components=components.shape[0],
        init="custom", update_H=False, solver="cd", max_iter=200, tol=1e-4,
    )
    return np.asarray(W, dtype=np.float64)


def _normalise(weights: np.ndarray) -> np.ndarray:
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    return np.round(shares, _DECIMALS)


def _place_fallbacks(weights: np.ndarray, features: FeatureMatrix) -> tuple[np.ndarray, np.ndarray]:
    """Give every all-zero row a theme: by the themes of records sharing its rarer
    features, else the largest theme's weights (documented on :class:`Themes`)."""
    weights = _normalise(np.maximum(weights, 0))
    empty = weights.sum(axis=1) == 0
    if not empty.any():
        return weights, empty
    k = weights.shape[1]
    placed = ~empty
    votes = _shared_feature_votes(weights, features, empty)
    prior = np.bincount(weights[placed].argmax(axis=1), minlength=k).astype(float)
    prior = prior if placed.any() else np.ones(k)
    for row in np.flatnonzero(empty):
        weights[row] = votes[row] if votes[row].sum() > 0 else prior
    return _normalise(weights), empty


def _shared_feature_votes(weights: np.ndarray, features: FeatureMatrix, empty: np.ndarray) -> np.ndarray:
    """For each empty row: over its features (before the frequency cut), the share of
    placed records with that feature in each theme, summed."""
    k = weights.shape[1]
    wanted = set().union(*(features.documents[row] for row in np.flatnonzero(empty)))
    theme_of: dict[str, np.ndarray] = {}
    for row in np.flatnonzero(~empty):
        theme = weights[row].argmax()
        for feature in wanted.intersection(features.documents[row]):
            theme_of.setdefault(feature, np.zeros(k))[theme] += 1
    votes = np.zeros_like(weights)
    for row in np.flatnonzero(empty):
        # Sorted: a float sum in set order would depend on the string hash seed.
        for feature in sorted(set(features.documents[row]) & theme_of.keys()):
            votes[row] += theme_of[feature] / theme_of[feature].sum()
    return votes


def _theme_order(weights: np.ndarray) -> np.ndarray:
    """Themes by size, largest first; equal sizes by total weight, then index."""
    k = weights.shape[1]
    sizes = np.bincount(weights.argmax(axis=1), minlength=k) if len(weights) else np.zeros(k, int)
    return np.lexsort((np.arange(k), -weights.sum(axis=0), -sizes))


Ranked = tuple[tuple[str, float], ...]


def _top_terms(
    components: np.ndarray, words: Sequence[str], n: int, shared: np.ndarray | None = None
) -> tuple[Ranked, ...]:
    """Each theme's ``n`` best terms, none of which repeats a word of a better one.

    With ``shared`` (the corpus's background direction), terms are ranked by what is left
    of the theme's centroid once that direction is projected out: the words every theme
    shares ("entrepreneurship" in a review of social entrepreneurship) no longer head
    every list.
    """
    rows = components if shared is None else components - np.outer(components @ shared, shared)
    return tuple(_distinct_terms(row, words, n) for row in rows)


_LONGEST_PHRASE = 3  # words; longer chains ("public policy innovation diffusion process") read as run-ons


def _distinct_terms(row: np.ndarray, words: Sequence[str], n: int) -> Ranked:
    """The best terms of one theme, no word said twice.

    A phrase takes the place of the words it contains ("event" then "event history"
    keeps "event history") and joins a phrase it overlaps by a word ("response rates" then
    "survey response": "survey response rates"); any other term that repeats a word
    already said ("publications" twice, "social" in two phrases) is skipped.
    """
    kept: list[tuple[str, float, set[str]]] = []
    for i in np.argsort(-row, kind="stable"):
        if row[i] <= 0 or len(kept) == n:
            break
        forms = _word_forms(words[i])
        overlapping = [j for j, (_, _, said) in enumerate(kept) if said & forms]
        if not overlapping:
            kept.append((words[i], round(float(row[i]), 6), forms))
            continue
        phrase, absorbed = words[i], set(forms)
        for j in overlapping:
            joined = chain(kept[j][0], phrase) if " " in kept[j][0] else None
            joined = joined if joined and joined.count(" ") < _LONGEST_PHRASE else None
            if not (kept[j][2] < forms or joined):
                break
            phrase, absorbed = joined or phrase, absorbed | kept[j][2]
        else:
            first = overlapping[0]
            kept[first] = (phrase, kept[first][1], absorbed)
            kept = [entry for j, entry in enumerate(kept) if j not in overlapping[1:]]
    return tuple((word, score) for word, score, _ in kept)


def _word_forms(term: str) -> set[str]:
    """The words of a term and their English stems ("policies" -> policies, polici)."""
    from .stemming import stem

    parts = term.lower().split()
    return set(parts) | {stem(p) for p in parts}


# --- printing -----------------------------------------------------------------------------


def format_themes(themes: Themes, *, n_terms: int = 8, width: int | None = None) -> str:
    """The themes as a plain-text table: number, size, share, label and top terms, no
    wider than ``width`` when one is given.

    Example:
        >>> t = Themes(Corpus((Record(key="a"),)), ("policy, diffusion",), np.ones((1, 1)),
        ...            np.zeros(1, int), ((("policy", 1.0), ("diffusion", 0.5)),))
        >>> print(format_themes(t, width=80))
        1 themes in 1 records (number of themes fixed)
        <BLANKLINE>
          #  records  share  label              top terms
          0        1   100%  policy, diffusion  policy, diffusion
    """
    lines = [f"{themes.n_themes} themes in {len(themes.dominant)} records"]
    if themes.selection is None:
        lines[0] += " (number of themes fixed)"
    else:
        lines.append(themes.selection.explain())
    lines.append("")
    total = max(1, len(themes.dominant))
    rows = [[str(t), str(int(themes.sizes[t])), f"{int(themes.sizes[t]) / total:.0%}", themes.labels[t],
             ", ".join(themes.top_terms(t, n_terms))] for t in range(themes.n_themes)]
    table = fit_table(["#", "records", "share", "label", "top terms"], rows, align=">>><<", flexible=[4, 3],
                      width=None if width is None else width - 2, minimum=16)
    lines.extend(f"  {line}" for line in table)
    if themes.fallback.any():
        placed = int(themes.fallback.sum())
        lines += ["", f"{placed} records with no usable words were placed by the fallback rule."]
    return "\n".join(lines)


def print_themes(themes: Themes, file: IO[str] | None = None, *, n_terms: int = 8) -> None:
    """Print :func:`format_themes` to ``file`` (standard output by default), as wide as
    the terminal when ``file`` is one.

    Example:
        >>> t = Themes(Corpus(), ("x",), np.zeros((0, 1)), np.zeros(0, int), ((),))
        >>> print_themes(t)  # doctest: +ELLIPSIS
        1 themes in 0 records ...
    """
    file = file or sys.stdout
    print(format_themes(themes, n_terms=n_terms, width=terminal_width(file)), file=file)


def _focus_of(corpus: Corpus) -> str:
    """The context the classified records name most often besides international and unknown."""
    found = Counter(r.context for r in corpus if r.context and r.context not in (INTERNATIONAL, UNKNOWN))
    return found.most_common(1)[0][0] if found else "denmark"
