"""Stemming per record language, and readable words for stems.

Records are stemmed with NLTK's Snowball stemmer for their language (English or Danish;
it works offline, no download). A stem such as ``"innov"`` is never shown to a user:
:func:`surface_forms` remembers, for each stem or stem pair, the real word or phrase
that stood for it most often, and labels are made from those.

Example:
    >>> analyze = Analyzer.default()
    >>> [f for f, _ in analyze("Social innovations in the public sector")]
    ['social', 'innov', 'public', 'sector', 'social innov', 'public sector']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import compress
from operator import mul

from .text import TOKEN, clean, field_words, stop_words

__all__ = [
    "Analyzer",
    "Feature",
    "bigram_mask",
    "guess_language",
    "language_code",
    "most_frequent_forms",
    "nordic_terms",
    "stem",
    "surface_forms",
]

Feature = tuple[str, str]
"""A feature as analysed: (stemmed feature, the real words it came from)."""

# NLTK's Snowball stemmers by ISO 639-1 code. English and Danish are what the library is
# for; the others cost nothing and keep a Swedish or German record from being stemmed as
# English.
_SNOWBALL = {
    "en": "english", "da": "danish", "no": "norwegian", "sv": "swedish", "de": "german",
    "nl": "dutch", "fr": "french", "es": "spanish", "it": "italian", "pt": "portuguese",
    "fi": "finnish",
}  # fmt: skip

_CODES = {
    "en": "en", "eng": "en", "english": "en", "engelsk": "en",
    "da": "da", "dan": "da", "danish": "da", "dansk": "da",
}  # fmt: skip

# Very frequent function words, enough to tell a Danish abstract from an English one
# when an export gives no language.
_DANISH_MARKERS = frozenset("og i at det en den til er som på de med af for ikke der har om et".split())
_ENGLISH_MARKERS = frozenset("the of and to in is that for with as on are this by be from".split())
_WORDS = re.compile(r"[^\W\d_]+")


def language_code(value: str) -> str | None:
    """The stemmer code (``"en"``, ``"da"`` ...) for an exported language field, else None.

    Example:
        >>> language_code("Danish"), language_code("en-GB"), language_code("Klingon")
        ('da', 'en', None)
    """
    if not value:
        return None
    try:
        from ..context.language import parse_language
    except ImportError:  # pragma: no cover - the language module ships with the package
        code = ""
    else:
        code = parse_language(value)
    if not code:
        head = re.split(r"[-_;,\s]", value.strip().lower(), maxsplit=1)[0]
        code = _CODES.get(head, head if head in _SNOWBALL else "")
    return code if code in _SNOWBALL else None


def guess_language(text: str) -> str:
    """The stemmer language of a text: the language detector's answer when it has one
    and a stemmer exists for it, else ``"da"`` when Danish function words (and letters)
    outnumber English ones, else ``"en"``.

    Example:
        >>> guess_language("Samskabelse og innovation i den offentlige sektor")
        'da'
        >>> guess_language("Social innovation")
        'en'
    """
    try:
        from ..context.language import detect_language
    except ImportError:  # pragma: no cover
        detected = ""
    else:
        detected = detect_language(text)
    if detected in _SNOWBALL:
        return detected
    words = _WORDS.findall(text.lower())
    danish = sum(w in _DANISH_MARKERS for w in words) + 2 * sum(c in "æøå" for c in text.lower())
    english = sum(w in _ENGLISH_MARKERS for w in words)
    return "da" if danish > english else "en"


@lru_cache(maxsize=4)
def _stemmer(code: str) -> Callable[[str], str]:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_SNOWBALL[code]).stem


@lru_cache(maxsize=1 << 18)
def stem(word: str, language: str = "en") -> str:
    """The Snowball stem of a lower-case word in ``language`` (``"en"`` or ``"da"``).

    Hyphenated words are stemmed on their last part ("co-creations" -> "co-creation").

    Example:
        >>> stem("policies"), stem("kommunerne", "da")
        ('polici', 'kommun')
    """
    head, _, tail = word.rpartition("-")
    stemmed = _stemmer(language if language in _SNOWBALL else "en")(tail)
    return f"{head}-{stemmed}" if head else stemmed


_NORDIC = ("da", "no", "sv")


@lru_cache(maxsize=1)
def nordic_terms() -> dict[str, dict[str, str]]:
    """Per Nordic language, the stems of its domain words and the English stem they stand for.

    From ``themes/data/nordic_terms.txt``. A Danish, Norwegian or Swedish record is then
    described by the same features as English records on its subject ("samskabelse" is
    analysed as "co-creation"), so that it joins their theme instead of a theme of its
    language.

    Example:
        >>> nordic_terms()["da"][stem("kommunerne", "da")], nordic_terms()["sv"][stem("välfärd", "sv")]
        ('municip', 'welfar')
    """
    from importlib import resources

    text = resources.files("socinno_lit.themes").joinpath("data", "nordic_terms.txt").read_text(encoding="utf-8")
    table: dict[str, dict[str, str]] = {code: {} for code in _NORDIC}
    for line in text.splitlines():
        english, _, words = line.split("#", 1)[0].partition(":")
        for word in words.split():
            for code in _NORDIC:
                table[code].setdefault(stem(word.lower(), code), stem(english.strip().lower(), "en"))
    return table


def _field_stems() -> dict[str, frozenset[str]]:
    words = field_words()
    return {code: frozenset(stem(w, code) for w in words) for code in _SNOWBALL}


@lru_cache(maxsize=16)
def _own_stop_words(language: str) -> frozenset[str]:
    """The shipped stop words of a language other than English and Danish, if any."""
    if language in ("en", "da"):
        return frozenset()
    try:
        from ..context.language import stopwords
    except ImportError:
        return frozenset()
    try:
        return frozenset(stopwords(language))
    except (OSError, LookupError, ValueError):
        return frozenset()


@dataclass(frozen=True)
class Analyzer:
    """Turns a text into features: stems, and pairs of adjacent stems (bigrams).

    Bigrams join two content words that stand next to each other inside one phrase, so
    "social innovation" and "public sector" become features of their own while nothing
    is joined across a stop word or punctuation.

    Attributes:
        stop: lower-case words dropped before stemming.
        field_stems: per language, stems dropped after stemming (the field word list).
        stemming: stem words (otherwise features are the words themselves).
        bigrams: add adjacent pairs.
        cleaner: the ``str -> str`` cleaning applied first.
        english_words: words that a Danish, Norwegian or Swedish text stems as English:
            the words of the corpus's English records (names, acronyms, loanwords), so
            that "governance" in a Danish abstract is the "governance" of English ones.

    Example:
        >>> Analyzer.default(bigrams=False)("Kommunerne og samskabelse", "da")
        [('municip', 'kommunerne'), ('co-creation', 'samskabelse')]
    """

    stop: frozenset[str]
    field_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    stemming: bool = True
    bigrams: bool = True
    cleaner: Callable[[str], str] = clean
    english_words: frozenset[str] = frozenset()
    _tables: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def default(cls, *, extra_stop_words: Iterable[str] = (), **options: object) -> Analyzer:
        """English and Danish stop words, the field word list, stems and bigrams.

        Example:
            >>> Analyzer.default(extra_stop_words=["Denmark"]).stop >= {"denmark", "the"}
            True
        """
        return cls(stop=stop_words(extra_stop_words), field_stems=_field_stems(), **options)  # type: ignore[arg-type]

    def __call__(self, text: str, language: str = "en") -> list[Feature]:
        """The features of ``text``: its words, then its bigrams, with their real words."""
        features, surfaces = self.split(text, language)
        return list(zip(features, surfaces))

    def split(self, text: str, language: str = "en") -> tuple[list[str], list[str]]:
        """The features of ``text`` and, in parallel, the real words they came from.

        Faster than :meth:`__call__` (no tuple per feature).

        Example:
            >>> Analyzer.default().split("Public sectors", "en")
            (['public', 'sector', 'public sector'], ['public', 'sectors', 'public sectors'])
        """
        tokens, stems = self.tokens(text, language)
        # map/filter/compress rather than comprehensions: the loops run in C, and this
        # runs on every word of every record.
        features = list(filter(None, stems))
        surfaces = list(compress(tokens, stems))
        if self.bigrams:
            pairs = bigram_mask(stems)
            features += map(" ".join, compress(zip(stems, stems[1:]), pairs))
            surfaces += map(" ".join, compress(zip(tokens, tokens[1:]), pairs))
        return features, surfaces

    def tokens(self, text: str, language: str = "en") -> tuple[list[str], list[str]]:
        """The tokens of the cleaned ``text`` and, in parallel, each one's feature
        (``""`` for a stop word, field word or punctuation).

        :func:`socinno_lit.themes.features.build_features` reads every record through
        this and counts the tokens themselves, not (feature, word) pairs.

        Example:
            >>> Analyzer.default().tokens("The public sectors.", "en")
            (['the', 'public', 'sectors', '.'], ['', 'public', 'sector', ''])
        """
        tokens = TOKEN.findall(self.cleaner(text))
        return tokens, self.features_of(tokens, language)

    def features_of(self, tokens: Iterable[str], language: str = "en") -> list[str]:
        """The feature of each token as :meth:`tokens` gives it (``""`` when dropped).

        Example:
            >>> Analyzer.default().features_of(["public", "sectors", "the"])
            ['public', 'sector', '']
        """
        return list(map(self._table(language).__getitem__, tokens))

    def _table(self, language: str) -> dict[str, str]:
        """The features of the tokens met so far in ``language``; a new token is stemmed
        when first looked up (so a record's tokens are looked up once, in C)."""
        table = self._tables.get(language)
        if table is None:
            table = self._tables[language] = _Table(partial(self._stem_or_drop, language=language))
        return table

    def _stem_or_drop(self, token: str, language: str) -> str:
        """The feature for one token, or ``""`` when the token is dropped."""
        if len(token) < 2 or not token[0].isalpha() or token in self.stop:
            return ""
        if token in _own_stop_words(language):
            return ""
        if language in _NORDIC and token in self.english_words:
            language = "en"  # a name, acronym or loanword the English records use too
        stemmed = stem(token, language) if self.stemming else token
        if self.stemming and language in _NORDIC:
            stemmed = nordic_terms()[language].get(stemmed, stemmed)
        # Field words are matched on their stem so that every inflection goes.
        if stemmed in self.field_stems.get(language, ()) or len(stemmed) < 2:
            return ""
        return stemmed


class _Table(dict[str, str]):
    """A dict that computes and keeps the value of a missing key."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> str:
        value = self[key] = self.compute(key)
        return value


def bigram_mask(stems: list[str]) -> list[int]:
    """For each pair of adjacent tokens, 1 when both are kept (neither stem is ``""``), else 0.

    Example:
        >>> bigram_mask(["social", "innov", "", "public", "sector"])
        [1, 0, 0, 1]
    """
    # "" (a stop word, field word or punctuation) breaks a chain of content words.
    kept = list(map(bool, stems))
    return list(map(mul, kept, kept[1:]))


def surface_forms(documents: Iterable[Iterable[Feature]]) -> dict[str, str]:
    """For each feature, the real word or phrase that stood for it most often.

    Ties go to the alphabetically first form, so labels do not depend on input order.

    Example:
        >>> docs = [[("polici", "policy")], [("polici", "policies"), ("polici", "policies")]]
        >>> surface_forms(docs)
        {'polici': 'policies'}
    """
    counts: Counter[Feature] = Counter()
    for doc in documents:
        counts.update(doc)
    return most_frequent_forms(counts)


def most_frequent_forms(counts: Mapping[Feature, int]) -> dict[str, str]:
    """For each feature, its real word or phrase counted most often in ``counts``, ties to
    the alphabetically first; sorted by feature.

    Example:
        >>> most_frequent_forms({("polici", "policy"): 2, ("polici", "policies"): 2})
        {'polici': 'policies'}
    """
    best: dict[str, tuple[int, str]] = {}
    for (feature, surface), n in counts.items():
        held = best.get(feature)
        if held is None or n > held[0] or (n == held[0] and surface < held[1]):
            best[feature] = (n, surface)
    return {feature: surface for feature, (_, surface) in sorted(best.items())}
