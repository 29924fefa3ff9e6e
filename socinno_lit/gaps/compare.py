"""The gap analysis: per theme, how much focus research is there against what the
reference literature would lead one to expect, and is the difference more than noise?

The focus group (records whose ``context`` is the focus, e.g. ``"denmark"``) is compared
with every other record (never with a total that includes the focus itself). Counts come
from each record's dominant theme by default (``counting="dominant"``: a record counts
once, in one theme); ``counting="weights"`` sums each record's theme weights, normalised
to 1 per record, and rounds the sums for Fisher's test.

A theme's verdict, with the default thresholds:

- ``"too few records"``: neither the observed nor the expected focus count reaches
  ``min_expected`` (3): no test could show a gap;
- ``"under-researched"``: Benjamini-Hochberg q < ``alpha`` (0.025) on Fisher's exact test
  and the whole 95% interval of the activity index lies below 1;
- ``"over-represented"``: q < ``alpha`` and the interval lies above 1;
- ``"on par"``: otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from ..context.contexts import focus_names
from ..corpus import Corpus
from ..errors import ConfigurationError
from ..records import Record
from ..views import comparison_html
from .robustness import with_stability
from .stats import (
    activity_index,
    activity_interval,
    benjamini_hochberg,
    fisher_p,
    log_odds_z,
)
from .terms import TermCounts, counts_from_features, distinguishing_terms

if TYPE_CHECKING:
    import pandas as pd

Counting = Literal["dominant", "weights"]
VERDICTS = ("under-researched", "on par", "over-represented", "too few records")
COLUMNS = ("theme", "label", "n_focus", "n_reference", "share_focus", "share_reference", "expected_focus",
           "activity_index", "ai_low", "ai_high", "log_odds_z", "p_value", "q_value", "verdict")
RECENT_YEARS = 5


class ThemesLike(Protocol):
    """What the comparison needs of fitted themes (see :class:`socinno_lit.themes.model.Themes`)."""

    corpus: Corpus
    labels: Sequence[str]
    weights: np.ndarray
    dominant: np.ndarray

    def top_terms(self, theme: int, n: int = 10) -> list[str]: ...


@dataclass(frozen=True)
class Thresholds:
    """When a difference is called a gap. Defaults are documented in the module."""

    #: A false discovery rate of 2.5%: with random focus groups (no real gap) BH at 5%
    #: raised an alarm in 3-5.5% of runs on real exports, too close to the 5% a reader
    #: may expect; at 2.5% it was 1% (tests/test_compare.py, benchmarks/README.md).
    alpha: float = 0.025
    min_expected: float = 3.0
    level: float = 0.95
    prior_total: float = 10.0


@dataclass(frozen=True)
class ThemeRow:
    """The statistics of one theme; the first fields are the columns of ``to_frame``."""

    theme: int
    label: str
    n_focus: float
    n_reference: float
    share_focus: float
    share_reference: float
    expected_focus: float
    activity_index: float
    ai_low: float
    ai_high: float
    log_odds_z: float
    p_value: float
    q_value: float
    verdict: str
    stability: float = math.nan
    trend: str = "no dates"


@dataclass(frozen=True)
class ThemeDetail:
    """What a reader needs to act on a theme's gap.

    Attributes:
        theme: the theme index.
        terms: words and phrases more frequent in the reference than in the focus group
            inside the theme, with their log-odds z (largest first).
        reference_works: the reference records most typical of the theme.
        focus_works: the focus records in the theme, most typical first.
        years: per year, (focus count, reference count) of the theme.
        trend: "emerging gap", "growing", "stable", "declining" or "no dates".
    """

    theme: int
    terms: tuple[tuple[str, float], ...]
    reference_works: tuple[Record, ...]
    focus_works: tuple[Record, ...]
    years: tuple[tuple[int, int, int], ...]
    trend: str


@dataclass(frozen=True)
class Comparison:
    """The comparison of a focus group with the reference literature, theme by theme.

    Attributes:
        themes: the fitted themes compared.
        focus: the focus context (``"denmark"``).
        reference: the reference context, or None for every other record.
        counting: ``"dominant"`` or ``"weights"``.
        rows: one :class:`ThemeRow` per theme, in theme order.
        details: one :class:`ThemeDetail` per theme, in theme order.
        n_focus: records in the focus group.
        n_reference: records in the reference group.
        thresholds: the thresholds the verdicts used.
    """

    themes: Any
    focus: str
    reference: str | None
    counting: str
    rows: tuple[ThemeRow, ...]
    details: tuple[ThemeDetail, ...]
    n_focus: int
    n_reference: int
    thresholds: Thresholds = field(default_factory=Thresholds)
    term_counts: TermCounts | None = field(default=None, compare=False, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per theme: the columns of DESIGN.md, then ``stability`` and ``trend``.

        Example:
            >>> list(compare(_toy_themes()).to_frame().columns)[:4]
            ['theme', 'label', 'n_focus', 'n_reference']
        """
        import pandas as pd

        frame = pd.DataFrame([row.__dict__ for row in self.rows])
        return frame[[*COLUMNS, "stability", "trend"]]

    def gaps(self) -> list[ThemeRow]:
        """The under-researched themes, the most stable and strongest (lowest z) first.

        Example:
            >>> [row.verdict for row in compare(_toy_themes()).gaps()]
            ['under-researched']
        """
        found = [r for r in self.rows if r.verdict == "under-researched"]
        return sorted(found, key=lambda r: (-(1.0 if math.isnan(r.stability) else r.stability), r.log_odds_z))

    def detail(self, theme: int) -> ThemeDetail:
        """The detail of one theme (terms, works to read, trend)."""
        return self.details[theme]

    def verdicts(self) -> dict[str, int]:
        """How many themes got each verdict.

        Example:
            >>> compare(_toy_themes()).verdicts()["under-researched"]
            1
        """
        return {v: sum(1 for r in self.rows if r.verdict == v) for v in VERDICTS}

    def _repr_html_(self) -> str:
        """How a notebook shows the comparison: the report's theme table, verdicts coloured
        as in the report (see :mod:`socinno_lit.views`)."""
        return comparison_html(self, focus_names(self.focus)[1])


def _groups(corpus: Corpus, focus: str, reference: str | None) -> tuple[np.ndarray, np.ndarray]:
    contexts = [(r.context or "").lower() for r in corpus]
    if not any(contexts):
        raise ConfigurationError("the records have no context yet: run sl.classify(corpus, ...) before sl.compare")
    is_focus = np.array([c == focus for c in contexts])
    if reference is None:
        is_reference = ~is_focus
    else:
        is_reference = np.array([c == reference for c in contexts])
    if not is_focus.any():
        found = ", ".join(sorted(set(contexts))) or "none"
        raise ConfigurationError(
            f"no record has the context '{focus}' (contexts found: {found}), so there is nothing to compare; "
            "see why each record got its context with `socinno-lit inspect --evidence`, or mark records "
            "with `overrides` or a `context` field")
    return is_focus, is_reference


def resolvable_themes(corpus: Corpus, focus: str = "denmark", *, low: int = 4, high: int = 20,
                      alpha: float = Thresholds.alpha) -> int:
    """The most themes at which a theme could still be shown to be a gap.

    The fewer focus records there are, the larger a theme must be before finding none of
    them there is significant. This is the largest number of themes ``k`` in
    ``low..high`` at which a theme of average size holding no focus record at all would
    still be called under-researched: Fisher's exact p below ``alpha / k`` (what
    Benjamini-Hochberg asks of the smallest of ``k`` p values). More themes than this only
    split the literature into themes that can never show a gap; ``low`` when even ``low``
    themes are too many. Use it as the top of ``ThemeModel(k_range=...)``.

    Args:
        corpus: a classified corpus.
        focus: the focus context's name.
        low: the fewest themes to consider.
        high: the most themes to consider.
        alpha: the false discovery rate of :func:`compare`.

    Example:
        >>> from socinno_lit.corpus import Corpus, Record
        >>> records = [Record(key=f"k{i}", context="denmark" if i < 50 else "international")
        ...            for i in range(2000)]
        >>> resolvable_themes(Corpus(records), "denmark")
        7
    """
    contexts = [(r.context or "").lower() for r in corpus]
    n_focus = sum(1 for c in contexts if c == focus.lower())
    n_reference = len(contexts) - n_focus
    if not n_focus or not n_reference:
        return low
    for k in range(high, low, -1):
        if fisher_p(0, n_focus, round(n_reference / k), n_reference) < alpha / k:
            return k
    return low


def _memberships(themes: ThemesLike, counting: Counting) -> np.ndarray:
    """Records x themes matrix of how much each record counts in each theme."""
    n, k = len(themes.dominant), len(themes.labels)
    one_hot = np.zeros((n, k))
    one_hot[np.arange(n), np.asarray(themes.dominant, dtype=int)] = 1.0
    if counting == "dominant":
        return one_hot
    if counting != "weights":
        raise ConfigurationError(f"counting must be 'dominant' or 'weights', not {counting!r}")
    weights = np.clip(np.asarray(themes.weights, dtype=float), 0, None)
    totals = weights.sum(axis=1, keepdims=True)
    return np.where(totals > 0, weights / np.where(totals > 0, totals, 1), one_hot)


def _verdict(row: ThemeRow, q: float, t: Thresholds) -> str:
    if max(row.expected_focus, row.n_focus) < t.min_expected:
        return "too few records"
    if q < t.alpha and row.ai_high < 1:
        return "under-researched"
    if q < t.alpha and row.ai_low > 1:
        return "over-represented"
    return "on par"


def _theme_row(t: int, label: str, a: float, c: float, nf: int, nr: int, share_all: float,
               thresholds: Thresholds) -> ThemeRow:
    low, high = activity_interval(a, nf, c, nr, thresholds.level)
    prior = thresholds.prior_total * share_all
    return ThemeRow(
        theme=t, label=label, n_focus=a, n_reference=c,
        share_focus=a / nf, share_reference=c / nr if nr else math.nan,
        expected_focus=(c / nr) * nf if nr else math.nan,
        activity_index=activity_index(a, nf, c, nr), ai_low=low, ai_high=high,
        log_odds_z=log_odds_z(a, nf, c, nr, prior, thresholds.prior_total),
        p_value=fisher_p(round(a), nf, round(c), nr), q_value=math.nan, verdict="",
    )


def _rows(themes: ThemesLike, member: np.ndarray, is_focus: np.ndarray, is_reference: np.ndarray,
          thresholds: Thresholds) -> list[ThemeRow]:
    nf, nr = int(is_focus.sum()), int(is_reference.sum())
    focus_counts = member[is_focus].sum(axis=0)
    reference_counts = member[is_reference].sum(axis=0)
    share_all = (focus_counts + reference_counts) / max(nf + nr, 1)
    rows = [_theme_row(t, str(themes.labels[t]), float(focus_counts[t]), float(reference_counts[t]), nf, nr,
                       float(share_all[t]), thresholds) for t in range(member.shape[1])]
    q_values = benjamini_hochberg([r.p_value for r in rows])
    rows = [replace(r, q_value=float(q)) for r, q in zip(rows, q_values, strict=True)]
    return [replace(r, verdict=_verdict(r, r.q_value, thresholds)) for r in rows]


def _years(records: Sequence[Record], in_theme: np.ndarray, is_focus: np.ndarray,
           is_reference: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    counts: dict[int, list[int]] = {}
    for i, record in enumerate(records):
        if record.year is None or not in_theme[i]:
            continue
        slot = counts.setdefault(record.year, [0, 0])
        slot[0] += int(is_focus[i])
        slot[1] += int(is_reference[i])
    return tuple((year, f, r) for year, (f, r) in sorted(counts.items()))


def trend(records: Sequence[Record], in_theme: np.ndarray, is_focus: np.ndarray, is_reference: np.ndarray,
          recent: int = RECENT_YEARS) -> str:
    """Is the theme growing in the reference literature while the focus group stays out?

    The last ``recent`` years of the corpus are compared with the years before: the
    theme's share of reference records grows by a quarter or more ("growing"), falls by
    a fifth or more ("declining"), or neither ("stable"). A growing theme whose recent
    focus count is under half of what the recent reference share predicts is an
    "emerging gap".

    Example:
        >>> recs = [Record(key=str(i), year=2000 + i // 2) for i in range(40)]
        >>> focus = np.array([i % 2 == 1 for i in range(40)])
        >>> in_theme = np.array([(i >= 30 and i % 2 == 0) or i % 5 == 0 for i in range(40)])
        >>> trend(recs, in_theme, focus, ~focus)
        'emerging gap'
    """
    years = np.array([r.year if r.year is not None else -1 for r in records])
    if (years > 0).sum() < 10:
        return "no dates"
    cut = years.max() - recent + 1
    new, old = years >= cut, (years > 0) & (years < cut)

    def share(mask: np.ndarray) -> float:
        return in_theme[mask].sum() / mask.sum() if mask.sum() else math.nan

    recent_ref, earlier_ref = share(new & is_reference), share(old & is_reference)
    if math.isnan(recent_ref) or math.isnan(earlier_ref) or in_theme[new & is_reference].sum() < 3:
        return "stable"
    growth = recent_ref / earlier_ref if earlier_ref > 0 else math.inf
    if growth >= 1.25:
        expected_focus = recent_ref * (new & is_focus).sum()
        return "emerging gap" if in_theme[new & is_focus].sum() < 0.5 * expected_focus else "growing"
    return "declining" if growth <= 0.8 else "stable"


def _representative(records: Sequence[Record], weights: np.ndarray, mask: np.ndarray, t: int,
                    n: int) -> tuple[Record, ...]:
    order = [i for i in np.argsort(-weights[:, t], kind="stable") if mask[i]]
    return tuple(records[i] for i in order[:n])


def term_counts_of(themes: ThemesLike) -> TermCounts:
    """The themes' own feature counts when they carry them, else counts of the texts."""
    features = getattr(themes, "features", None)
    if features is not None and features.counts.shape[0] == len(themes.corpus):
        return counts_from_features(features)
    return TermCounts.from_records(themes.corpus.records)


def _details(themes: ThemesLike, terms: TermCounts, is_focus: np.ndarray, is_reference: np.ndarray,
             n_terms: int, n_works: int) -> list[ThemeDetail]:
    records = themes.corpus.records
    weights = np.asarray(themes.weights, dtype=float)
    dominant = np.asarray(themes.dominant, dtype=int)
    out = []
    for t in range(len(themes.labels)):
        in_theme = dominant == t
        out.append(ThemeDetail(
            theme=t,
            terms=distinguishing_terms(terms, in_theme & is_reference, in_theme & is_focus, n_terms),
            reference_works=_representative(records, weights, in_theme & is_reference, t, n_works),
            focus_works=_representative(records, weights, in_theme & is_focus, t, len(records)),
            years=_years(records, in_theme, is_focus, is_reference),
            trend=trend(records, in_theme, is_focus, is_reference),
        ))
    return out


def compare(
    themes: ThemesLike,
    focus: str = "denmark",
    reference: str | None = None,
    *,
    counting: Counting = "dominant",
    thresholds: Thresholds | None = None,
    stability: Sequence[ThemesLike] | None = None,
    n_terms: int = 10,
    n_works: int = 5,
) -> Comparison:
    """Compare the focus group with the reference literature, theme by theme.

    Args:
        themes: fitted themes whose corpus has been classified (``sl.classify``).
        focus: the focus context, by name (``"denmark"``) or as a :class:`Context`.
        reference: another context to compare with; None compares with every record
            that is not in the focus group.
        counting: ``"dominant"`` (each record counts once, in its dominant theme) or
            ``"weights"`` (theme weights, normalised per record, are summed).
        thresholds: alpha, minimum expected count, interval level and prior strength.
        stability: refits of the same corpus (other seeds, neighbouring numbers of
            themes, see :func:`socinno_lit.gaps.robustness.refit`); each theme's
            ``stability`` is the share of refits in which its verdict recurs.
        n_terms: distinguishing terms kept per theme.
        n_works: representative reference works kept per theme.

    Returns:
        The comparison; ``to_frame()`` is the gap table, ``gaps()`` the gaps.

    Raises:
        ConfigurationError: the records carry no context or none is in the focus group.

    Example:
        >>> comparison = compare(_toy_themes(), focus="denmark")
        >>> comparison.to_frame()[["label", "n_focus", "n_reference", "verdict"]].values.tolist()
        [['crowdfunding', 0.0, 30.0, 'under-researched'], ['co-creation', 12.0, 30.0, 'on par'], ['welfare', 12.0, 30.0, 'on par']]
    """
    thresholds = thresholds or Thresholds()
    focus_name = str(getattr(focus, "name", focus)).lower()
    reference_name = None if reference is None else str(getattr(reference, "name", reference)).lower()
    is_focus, is_reference = _groups(themes.corpus, focus_name, reference_name)
    member = _memberships(themes, counting)
    rows = _rows(themes, member, is_focus, is_reference, thresholds)
    terms = term_counts_of(themes)
    details = _details(themes, terms, is_focus, is_reference, n_terms, n_works)
    rows = [replace(r, trend=d.trend) for r, d in zip(rows, details, strict=True)]
    comparison = Comparison(themes, focus_name, reference_name, counting, tuple(rows), tuple(details),
                            int(is_focus.sum()), int(is_reference.sum()), thresholds, terms)
    if stability:
        others = [compare(other, focus_name, reference_name, counting=counting, thresholds=thresholds)
                  for other in stability]
        comparison = with_stability(comparison, others)
    return comparison


@dataclass(frozen=True)
class _ToyThemes:
    corpus: Corpus
    labels: tuple[str, ...]
    weights: np.ndarray
    dominant: np.ndarray

    def top_terms(self, theme: int, n: int = 10) -> list[str]:
        return self.labels[theme].split()[:n]


def _toy_themes() -> _ToyThemes:
    """Three themes of 30 international and (but for crowdfunding) 12 Danish records."""
    records: list[Record] = []
    for t, title in enumerate(("crowdfunding platforms", "co-creation in danske kommuner", "welfare services")):
        danish = 0 if t == 0 else 12
        records += [Record(key=f"t{t}-{i}", title=title, year=2000 + i % 20,
                           context="denmark" if i < danish else "international") for i in range(30 + danish)]
    dominant = np.array([int(r.key[1]) for r in records])
    return _ToyThemes(Corpus(tuple(records)), ("crowdfunding", "co-creation", "welfare"), np.eye(3)[dominant], dominant)


def groups_of(records: Iterable[Record], focus: str) -> tuple[list[Record], list[Record]]:
    """Split records into the focus group and the rest.

    Example:
        >>> f, r = groups_of([Record(key="a", context="denmark"), Record(key="b", context="international")], "denmark")
        >>> [x.key for x in f], [x.key for x in r]
        (['a'], ['b'])
    """
    focus_records, others = [], []
    for record in records:
        (focus_records if (record.context or "").lower() == focus.lower() else others).append(record)
    return focus_records, others
