"""From records to the matrices a theme model is fitted on.

Each record's text (title, keywords, abstract) is cleaned, tokenized, stemmed with the
stemmer of its language and turned into features: stems and adjacent stem pairs. The
features are counted (for LDA) and weighted by TF-IDF (for NMF and k-means), and every
feature keeps the real word or phrase that stood for it most often, so that a theme is
never described by a truncated stem.

Example:
    >>> from socinno_lit.corpus import Corpus, Record
    >>> corpus = Corpus(tuple(Record(key=str(i), title=t) for i, t in enumerate(
    ...     ["Social innovations in cities", "Social innovation and welfare", "Welfare cities"])))
    >>> build_features(corpus, min_df=2).words
    ('cities', 'innovation', 'social', 'social innovation', 'welfare')
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..corpus import Corpus
from ..records import Record
from .stemming import Analyzer, guess_language, language_code, surface_forms

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["FeatureMatrix", "auto_min_df", "build_features", "record_language", "record_parts"]


def record_language(record: Record) -> str:
    """The stemmer language of a record: its exported language field, else a guess.

    Example:
        >>> record_language(Record(key="a", language="Danish"))
        'da'
        >>> record_language(Record(key="b", title="Velfærd og samskabelse i kommunerne"))
        'da'
    """
    # The first few hundred characters say which language a text is in; reading them
    # only keeps detection from costing as much as the analysis itself.
    return language_code(record.language) or guess_language(record.text[:400])


_NORDIC = ("da", "no", "sv")


def record_parts(record: Record, language: str) -> list[tuple[str, str]]:
    """The pieces of a record's text, each with the stemmer language it is analysed in.

    One piece in the record's language, except for a Danish, Norwegian or Swedish record:
    its title, keywords and abstract each go in English when they are English (many carry
    an English title or abstract beside their own), so that those words meet the same
    words of the English records.

    Example:
        >>> r = Record(key="a", title="Samskabelse i kommunerne", abstract="Co-creation in the public sector.")
        >>> [lang for _, lang in record_parts(r, "da")]
        ['da', 'en']
    """
    if language not in _NORDIC:
        return [(record.text, language)]
    from ..context.language import detect_record_language

    pieces = [p for p in (record.title, "; ".join(record.keywords), record.abstract) if p]
    return [(p, "en" if detect_record_language(p) == "en" else language) for p in pieces]


def _analyse(analyze: Analyzer, record: Record, language: str) -> tuple[list[str], list[str]]:
    """Features and their real words over every piece of the record (see :func:`record_parts`)."""
    features: list[str] = []
    surfaces: list[str] = []
    for text, lang in record_parts(record, language):
        f, w = analyze.split(text, lang)
        features += f
        surfaces += w
    return features, surfaces


def auto_min_df(n_records: int) -> int:
    """How many records a feature must occur in: 1 in 400, at least 2.

    Rare words and phrases split records by accident rather than by theme; measured on
    mixes of real exports, a floor that grows with the corpus gave the clearest themes.

    Example:
        >>> auto_min_df(100), auto_min_df(4000), auto_min_df(20000)
        (2, 10, 50)
    """
    return max(2, math.ceil(n_records / 400))


@dataclass(frozen=True, eq=False)
class FeatureMatrix:
    """Features of a corpus, as counts and as TF-IDF, with readable names.

    Attributes:
        counts: records x features, raw counts (sparse CSR).
        tfidf: records x features, sublinear TF-IDF, rows of unit length (sparse CSR).
        terms: the stemmed features ("social innov"), in column order.
        words: the readable word or phrase for each feature ("social innovation").
        languages: the stemmer language used for each record.
        documents: each record's features before the document-frequency cut, for
            assigning records none of whose features survived it.
        idf: the inverse document frequency of each feature, to weight new records
            the same way (:func:`tfidf_of`).
        analyzer: the analyzer the features were made with (new records are read with it).
    """

    counts: csr_matrix
    tfidf: csr_matrix
    terms: tuple[str, ...]
    words: tuple[str, ...]
    languages: tuple[str, ...]
    documents: tuple[tuple[str, ...], ...]
    idf: np.ndarray | None = None
    analyzer: Analyzer | None = None

    @property
    def empty_rows(self) -> np.ndarray:
        """Boolean mask of records with no feature left after the frequency cut."""
        return np.asarray(self.counts.getnnz(axis=1) == 0)

    def take(self, rows: Sequence[int] | np.ndarray) -> FeatureMatrix:
        """The features of some records only (in the order of ``rows``); same vocabulary.

        Example:
            >>> from socinno_lit.records import Record
            >>> c = Corpus(tuple(Record(key=str(i), title=t) for i, t in enumerate(["Public sector", "Welfare state"])))
            >>> part = build_features(c, min_df=1).take([1])
            >>> part.tfidf.shape, part.documents
            ((1, 6), (('welfar', 'state', 'welfar state'),))
        """
        index = np.asarray(rows, dtype=np.intp)
        return replace(
            self,
            counts=self.counts[index],
            tfidf=self.tfidf[index],
            languages=tuple(self.languages[i] for i in index),
            documents=tuple(self.documents[i] for i in index),
        )


def _identity(features: Sequence[str]) -> Sequence[str]:
    # Module-level (not a lambda) so that fitted vectorizers can be pickled.
    return features


def build_features(
    corpus: Corpus,
    *,
    analyzer: Analyzer | None = None,
    min_df: int | None = None,
    max_df: float = 0.95,
) -> FeatureMatrix:
    """Analyze every record and build the count and TF-IDF matrices.

    Args:
        corpus: the records.
        analyzer: turns a text into features; :meth:`Analyzer.default` when None.
        min_df: minimum number of records a feature occurs in; :func:`auto_min_df`
            when None. Lowered for tiny corpora so that some features survive.
        max_df: features in a larger share of records than this are dropped.

    Example:
        >>> from socinno_lit.records import Record
        >>> c = Corpus((Record(key="a", title="Public sector"), Record(key="b", title="Public sector")))
        >>> build_features(c, min_df=1).tfidf.shape
        (2, 3)
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    languages = tuple(record_language(r) for r in corpus)
    documents: list[tuple[str, ...]] = [()] * len(corpus)
    analyses = _Analyses(analyzer or Analyzer.default(), corpus, languages, documents)
    # Streamed: each record's real words are counted and dropped as it is analysed, never
    # held for the whole corpus.
    names = surface_forms(analyses)
    analyze = analyses.analyzer
    wanted = auto_min_df(len(corpus)) if min_df is None else min_df
    counts, terms = _count(CountVectorizer, documents, wanted, max_df)
    weighting = TfidfTransformer(sublinear_tf=True)
    tfidf = weighting.fit_transform(counts)
    return FeatureMatrix(
        counts=counts.tocsr(),
        tfidf=tfidf.tocsr(),
        terms=terms,
        words=tuple(names[t] for t in terms),
        languages=languages,
        documents=tuple(documents),
        idf=getattr(weighting, "idf_", np.ones(len(terms))),
        analyzer=analyze,
    )


class _Analyses:
    """Iterating yields each record's (feature, real word) pairs and stores its interned
    features in ``documents``; afterwards ``analyzer`` is the analyzer that was used.

    Records in Danish, Norwegian or Swedish go last when the corpus has records in other
    languages too: they stem as English every word the English records use (taken from
    the English records' analysed words, so no second pass over their texts).
    """

    def __init__(self, analyzer: Analyzer, corpus: Corpus, languages: Sequence[str],
                 documents: list[tuple[str, ...]]) -> None:
        self.analyzer, self.corpus, self.languages, self.documents = analyzer, corpus, languages, documents

    def __iter__(self) -> Iterator[Iterable[tuple[str, str]]]:
        nordic = [i for i, lang in enumerate(self.languages) if lang in _NORDIC]
        later = set(nordic) if nordic and len(nordic) < len(self.languages) else set()
        english: set[str] = set()
        for i, lang in enumerate(self.languages):
            if i not in later:
                surfaces = self._analyse(i)
                if later and lang == "en":
                    english.update(word.lower() for word in surfaces if " " not in word)
                yield zip(self.documents[i], surfaces)
        if later:
            self.analyzer = replace(self.analyzer, english_words=frozenset(english), _tables={})
            for i in nordic:
                surfaces = self._analyse(i)  # before the zip: it sets documents[i]
                yield zip(self.documents[i], surfaces)

    def _analyse(self, i: int) -> list[str]:
        features, surfaces = _analyse(self.analyzer, self.corpus.records[i], self.languages[i])
        # Interned: every record would hold its own copies of the same few thousand
        # strings otherwise (about 200 MB at 20,000 records).
        self.documents[i] = tuple(map(sys.intern, features))
        return surfaces


def tfidf_of(corpus: Corpus, features: FeatureMatrix, analyzer: Analyzer) -> csr_matrix:
    """New records in the TF-IDF space of ``features``: its terms and document frequencies.

    Words the fitted corpus did not keep are ignored, so a record may have an empty row.

    Example:
        >>> from socinno_lit.records import Record
        >>> old = Corpus((Record(key="a", title="Public sector"), Record(key="b", title="Welfare state")))
        >>> fitted = build_features(old, min_df=1)
        >>> new = Corpus((Record(key="c", title="The public sector"), Record(key="d", title="Cheese")))
        >>> tfidf_of(new, fitted, Analyzer.default()).getnnz(axis=1).tolist()
        [3, 0]
    """
    from scipy.sparse import csr_matrix as sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    if not features.terms:
        return sparse((len(corpus), 0))
    vocabulary = {term: i for i, term in enumerate(features.terms)}
    documents = [_analyse(analyzer, r, record_language(r))[0] for r in corpus]
    counts = CountVectorizer(analyzer=_identity, vocabulary=vocabulary).transform(documents)
    weighting = TfidfTransformer(sublinear_tf=True)  # as fitted, with the fitted corpus's weights
    weighting.idf_ = features.idf if features.idf is not None else np.ones(len(features.terms))
    return weighting.transform(counts).tocsr()


def _count(
    vectorizer: type, documents: Sequence[Sequence[str]], min_df: int, max_df: float
) -> tuple[csr_matrix, tuple[str, ...]]:
    """Count features, relaxing the cut-offs step by step if nothing would survive."""
    for floor in [min_df] + [f for f in (2, 1) if f < min_df]:
        try:
            cv = vectorizer(analyzer=_identity, min_df=floor, max_df=max_df if floor > 1 else 1.0)
            counts = cv.fit_transform(documents)
        except ValueError:  # "no terms remain" on tiny or empty corpora
            continue
        # Column order follows the vocabulary's sorted order: deterministic.
        return counts, tuple(cv.get_feature_names_out())
    from scipy.sparse import csr_matrix

    return csr_matrix((len(documents), 0), dtype=np.int64), ()
