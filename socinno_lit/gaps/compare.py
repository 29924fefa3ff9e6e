"""The gap analysis: per theme, how much focus research is there against what the
reference literature would lead one to expect, and is the difference more than noise?

The focus group (records whose ``context`` is the focus, e.g. ``"denmark"``) is compared
with the records of known other context (``"international"``; never with a total that
includes the focus itself). Records whose context is ``"unknown"`` are in neither group:
they are counted per theme (``n_unknown``), and every claim says how many of them would
have to be focus records to overturn it (``fragility``, see :mod:`socinno_lit.gaps.coverage`). Counts come
from each record's dominant theme by default (``counting="dominant"``: a record counts
once, in one theme); ``counting="weights"`` sums each record's theme weights, normalised
to 1 per record.

A theme's verdict, with the default thresholds:

- ``"too few records"``: neither the observed nor the expected focus count reaches
  ``min_expected`` (3): no test could show a gap;
- ``"under-researched"``: Benjamini-Hochberg q < ``alpha`` (0.025) on the score test of the activity index
  and the whole 95% interval of the activity index lies below 1;
- ``"over-represented"``: q < ``alpha`` and the interval lies above 1;
- ``"on par"``: otherwise, when the whole interval lies inside the equivalence band
  (2/3 to 3/2 by default): shown to be about as common as expected;
- ``"no clear difference"``: otherwise: neither a difference nor parity is shown, and
  ``detectable_ai`` says how strong a gap these counts could have shown at all.

A claim (under-researched or over-represented) is ``robust`` when more of the theme's
unknown records would have to belong to the missing group than the classified records
predict; otherwise it is provisional, with the reason in ``note``. With no focus record at
all every theme is ``"too few records"`` and ``warnings`` says why.

How often a verdict repeats is measured twice, under two names: ``stability``, the share
of bootstrap resamples of the records that give the theme the same verdict (sampling
error, :mod:`socinno_lit.gaps.bootstrap`), and ``refit_agreement``, the share of refits of
the themes that do (:mod:`socinno_lit.gaps.robustness`). Neither ranks the gaps. A claim's
interval adjusted for being shown because it is a claim is ``ai_low_fcr``-``ai_high_fcr``
(Benjamini-Yekutieli false coverage rate).

Themes merged from finer topics carry them as sub-themes; these are compared the same way,
as a second family with its own Benjamini-Hochberg step (``Comparison.subthemes``,
``subtheme_gaps()``): a field that shares its theme with another field can be a gap that
the theme as a whole hides. The themes' rows are the same with or without them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

import numpy as np

from ..context.classify import INTERNATIONAL, UNKNOWN
from ..context.contexts import focus_names
from ..corpus import Corpus
from ..errors import ConfigurationError
from ..records import Record
from ..views import comparison_html
from .bootstrap import bootstrap_stability
from .coverage import (
    MIN_COVERAGE,
    coverage,
    fragility,
    predicted_at_most,
    provisional_reason,
)
from .definitions import definitions
from .form import FormDifference, explained_by_form, form_differences
from .robustness import with_refit_agreement
from .stats import (
    activity_index,
    benjamini_hochberg,
    detectable_index,
    fcr_level,
    log_odds_z,
    period_interaction_p,
    score_interval,
    score_p,
)
from .terms import TermCounts, counts_from_features, distinguishing_terms

if TYPE_CHECKING:
    import pandas as pd

Counting = Literal["dominant", "weights"]
VERDICTS = ("under-researched", "on par", "no clear difference", "over-represented", "too few records")
COLUMNS = ("theme", "label", "n_focus", "n_reference", "share_focus", "share_reference", "expected_focus",
           "activity_index", "ai_low", "ai_high", "log_odds_z", "p_value", "q_value", "verdict")
EXTRA_COLUMNS = ("stability", "trend", "n_unknown", "fragility", "robust", "note", "detectable_ai",
                 "refit_agreement", "ai_low_fcr", "ai_high_fcr")
RECENT_YEARS = 5
CLAIMS = ("under-researched", "over-represented")


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

    #: A false discovery rate of 2.5%: with random focus groups (no real gap) on real
    #: exports, the score test claimed a difference in 4 of 200 and 12 of 400 runs (2%, 3%);
    #: Fisher's test, used before, in 2.5% and 1% at 2.5% and 5.5% and 3% at 5% (the slow
    #: runs of tests/test_compare.py, table in benchmarks/README.md).
    alpha: float = 0.025
    min_expected: float = 3.0
    level: float = 0.95
    prior_total: float = 10.0
    #: "On par" needs the whole interval of the activity index inside this band.
    equivalence: tuple[float, float] = (2 / 3, 3 / 2)
    #: Bootstrap resamples of the records behind ``stability`` (0: not measured, NaN).
    bootstrap: int = 200


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
    n_unknown: float = 0.0
    fragility: float = math.nan
    robust: bool = False
    note: str = ""
    detectable_ai: float = math.nan
    refit_agreement: float = math.nan
    ai_low_fcr: float = math.nan
    ai_high_fcr: float = math.nan

    @property
    def claim(self) -> bool:
        """Whether the verdict claims a difference (under-researched or over-represented)."""
        return self.verdict in CLAIMS


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
        n_unknown: records whose context is unknown (in neither group).
        warnings: sentences that qualify the verdicts (coverage, provisional claims, no
            focus records); every output shows them.
        n_refits: how many refits ``refit_agreement`` was measured on (0: none).
        subthemes: the comparison of the sub-themes (the fine topics the themes were merged
            from, :attr:`socinno_lit.themes.model.Themes.subthemes`), a second family of tests
            with its own Benjamini-Hochberg step at the same alpha; None when the themes
            have none. A field that shares its theme with another can be a gap there when
            its theme is not; the themes and their verdicts stay as they are.
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
    n_unknown: int = 0
    warnings: tuple[str, ...] = ()
    n_refits: int = 0
    subthemes: Comparison | None = field(default=None, compare=False, repr=False)

    @property
    def coverage(self) -> float:
        """The share of records whose context is known (focus or reference)."""
        return coverage(self.n_focus, self.n_reference, self.n_unknown)

    def to_frame(self) -> pd.DataFrame:
        """One row per theme: the columns of DESIGN.md, then :data:`EXTRA_COLUMNS`.

        :data:`socinno_lit.gaps.definitions.COLUMN_DEFINITIONS` says what each column measures.

        Example:
            >>> list(compare(_toy_themes()).to_frame().columns)[:4]
            ['theme', 'label', 'n_focus', 'n_reference']
        """
        import pandas as pd

        frame = pd.DataFrame([row.__dict__ for row in self.rows])
        return frame[[*COLUMNS, *EXTRA_COLUMNS]]

    def definitions(self) -> dict[str, str]:
        """What the repeat figures, the adjusted interval, z and q mean, in this comparison's numbers.

        Example:
            >>> compare(_toy_themes()).definitions()["refit_agreement"].startswith("Refit agreement: ")
            True
        """
        n_subthemes = len(self.subthemes.rows) if self.subthemes is not None else 0
        return definitions(self.thresholds, self.n_refits, self.counting, n_subthemes)

    def subtheme_frame(self) -> pd.DataFrame:
        """The sub-themes' table: the columns of :meth:`to_frame`, with each sub-theme's
        ``parent`` theme and its label after ``label`` (no row without sub-themes).

        Example:
            >>> len(compare(_toy_themes()).subtheme_frame())
            0
        """
        import pandas as pd

        if self.subthemes is None:
            return pd.DataFrame(columns=[*COLUMNS[:2], "parent", "parent_label", *COLUMNS[2:], *EXTRA_COLUMNS])
        frame = self.subthemes.to_frame()
        parents = [self.parent(t) for t in frame["theme"]]
        frame.insert(2, "parent", parents)
        frame.insert(3, "parent_label", [self.rows[p].label for p in parents])
        return frame

    def gaps(self) -> list[ThemeRow]:
        """The under-researched themes: robust before provisional, then by strength of evidence.

        Strength of evidence is the score test's p (smallest first), then the log-odds z.
        Neither ``stability`` (bootstrap) nor ``refit_agreement`` ranks the gaps: they say
        how often a verdict repeats, not how strong the evidence for it is.

        Example:
            >>> [row.verdict for row in compare(_toy_themes()).gaps()]
            ['under-researched']
        """
        found = [r for r in self.rows if r.verdict == "under-researched"]
        return sorted(found, key=lambda r: (not r.robust, r.p_value, r.log_odds_z))

    def subtheme_gaps(self) -> list[ThemeRow]:
        """The under-researched sub-themes, ordered as :meth:`gaps` orders the themes.

        Their ``theme`` is the sub-theme's index in ``subthemes``; :meth:`parent` names
        the theme that holds most of its records.

        Example:
            >>> compare(_toy_themes()).subtheme_gaps()
            []
        """
        return self.subthemes.gaps() if self.subthemes is not None else []

    def parent(self, subtheme: int) -> int:
        """The theme that holds most of a sub-theme's records.

        Example:
            >>> compare(_toy_themes()).parent(0)
            Traceback (most recent call last):
            ...
            ValueError: this comparison has no sub-themes
        """
        if self.subthemes is None:
            raise ValueError("this comparison has no sub-themes")
        inside = np.asarray(self.themes.dominant)[np.asarray(self.subthemes.themes.dominant) == subtheme]
        return int(np.bincount(inside.astype(int), minlength=len(self.rows)).argmax())

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


def _groups(corpus: Corpus, focus: str, reference: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of the focus, reference and unknown records."""
    contexts = [(r.context or "").lower() for r in corpus]
    if not any(contexts):
        raise ConfigurationError("the records have no context yet: run sl.classify(corpus, ...) before sl.compare")
    is_focus = np.array([c == focus for c in contexts])
    is_unknown = np.array([c in ("", UNKNOWN) for c in contexts])
    if reference is None:
        is_reference = ~is_focus & ~is_unknown
    else:
        is_reference = np.array([c == reference for c in contexts])
    return is_focus, is_reference, is_unknown


def _no_focus_warning(corpus: Corpus, focus: str) -> str:
    found = ", ".join(f"{c} {n}" for c, n in Counter((r.context or UNKNOWN) for r in corpus).most_common())
    return (f"No record has the context '{focus}' (contexts found: {found}), so no comparison was possible: "
            "every theme is shown without a verdict. See why each record got its context with "
            "`socinno-lit inspect --evidence`, or mark records with `overrides` or a `context` field.")


def resolvable_themes(corpus: Corpus, focus: str = "denmark", *, low: int = 4, high: int = 20,
                      alpha: float = Thresholds.alpha) -> int:
    """The most themes at which a theme could still be shown to be a gap.

    The fewer focus records there are, the larger a theme must be before finding none of
    them there is significant. This is the largest number of themes ``k`` in
    ``low..high`` at which a theme of average size holding no focus record at all would
    still be called under-researched: the score test's p below ``alpha / k`` (what
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
        6
    """
    contexts = [(r.context or "").lower() for r in corpus]
    n_focus = sum(1 for c in contexts if c == focus.lower())
    n_reference = sum(1 for c in contexts if c not in ("", UNKNOWN, focus.lower()))
    if not n_focus or not n_reference:
        return low
    for k in range(high, low, -1):
        if score_p(0, n_focus, round(n_reference / k), n_reference) < alpha / k:
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
    low, high = t.equivalence
    return "on par" if low <= row.ai_low and row.ai_high <= high else "no clear difference"


def _theme_row(t: int, label: str, a: float, c: float, nf: int, nr: int, share_all: float,
               thresholds: Thresholds) -> ThemeRow:
    low, high = score_interval(a, nf, c, nr, thresholds.level)
    prior = thresholds.prior_total * share_all
    return ThemeRow(
        theme=t, label=label, n_focus=a, n_reference=c,
        share_focus=a / nf, share_reference=c / nr if nr else math.nan,
        expected_focus=(c / nr) * nf if nr else math.nan,
        activity_index=activity_index(a, nf, c, nr), ai_low=low, ai_high=high,
        log_odds_z=log_odds_z(a, nf, c, nr, prior, thresholds.prior_total),
        p_value=score_p(a, nf, c, nr), q_value=math.nan, verdict="",
    )


@dataclass(frozen=True)
class _Counts:
    """Per theme, the focus, reference and unknown records it holds, and the group sizes."""

    labels: tuple[str, ...]
    focus: np.ndarray
    reference: np.ndarray
    unknown: np.ndarray
    n_focus: int
    n_reference: int

    def moved(self, theme: int, n: int, *, to_focus: bool) -> _Counts:
        """These counts with ``n`` of the theme's unknown records given to one group."""
        extra = np.zeros_like(self.focus)
        extra[theme] = n
        if to_focus:
            return replace(self, focus=self.focus + extra, n_focus=self.n_focus + n)
        return replace(self, reference=self.reference + extra, n_reference=self.n_reference + n)


def _judge(counts: _Counts, thresholds: Thresholds) -> list[ThemeRow]:
    """Every theme's statistics and verdict from its counts."""
    nf, nr = counts.n_focus, counts.n_reference
    if nf == 0:
        return [ThemeRow(t, label, 0.0, float(counts.reference[t]), math.nan, float(counts.reference[t]) / nr
                         if nr else math.nan, 0.0, math.nan, math.nan, math.nan, math.nan, 1.0, 1.0,
                         "too few records") for t, label in enumerate(counts.labels)]
    share_all = (counts.focus + counts.reference) / max(nf + nr, 1)
    rows = [_theme_row(t, label, float(counts.focus[t]), float(counts.reference[t]), nf, nr,
                       float(share_all[t]), thresholds) for t, label in enumerate(counts.labels)]
    q_values = benjamini_hochberg([r.p_value for r in rows])
    rows = [replace(r, q_value=float(q)) for r, q in zip(rows, q_values, strict=True)]
    rows = [replace(r, verdict=_verdict(r, r.q_value, thresholds)) for r in rows]
    # The strictest Benjamini-Hochberg rank: what a single gap among k themes must reach.
    level = thresholds.alpha / len(rows)
    return [replace(r, detectable_ai=detectable_index(nf, round(r.n_reference), nr, level))
            if r.verdict == "no clear difference" else r for r in rows]


def _verdict_of(counts: _Counts, theme: int, thresholds: Thresholds) -> str:
    """``_judge(counts, thresholds)[theme].verdict``, without every other theme's interval."""
    nf, nr = counts.n_focus, counts.n_reference
    if nf == 0:
        return "too few records"
    a, c = float(counts.focus[theme]), float(counts.reference[theme])
    share = (counts.focus[theme] + counts.reference[theme]) / max(nf + nr, 1)
    row = _theme_row(theme, counts.labels[theme], a, c, nf, nr, float(share), thresholds)
    p_values = [score_p(float(f), nf, float(r), nr) for f, r in zip(counts.focus, counts.reference, strict=True)]
    return _verdict(row, float(benjamini_hochberg(p_values)[theme]), thresholds)


def _rows(themes: ThemesLike, member: np.ndarray, masks: tuple[np.ndarray, np.ndarray, np.ndarray],
          thresholds: Thresholds, focus_adjective: str) -> list[ThemeRow]:
    is_focus, is_reference, is_unknown = masks
    counts = _Counts(tuple(str(label) for label in themes.labels), member[is_focus].sum(axis=0),
                     member[is_reference].sum(axis=0), member[is_unknown].sum(axis=0),
                     int(is_focus.sum()), int(is_reference.sum()))
    rows = [replace(r, n_unknown=float(counts.unknown[r.theme])) for r in _judge(counts, thresholds)]
    rows = [_with_fragility(r, counts, thresholds, focus_adjective) if r.claim else r for r in rows]
    return _with_fcr(rows, counts, thresholds)


def _with_fcr(rows: list[ThemeRow], counts: _Counts, thresholds: Thresholds) -> list[ThemeRow]:
    """The claims with their false-coverage-rate adjusted intervals (Benjamini-Yekutieli 2005)."""
    level = fcr_level(thresholds.level, sum(r.claim for r in rows), len(rows))
    out = []
    for r in rows:
        if r.claim:
            low, high = score_interval(r.n_focus, counts.n_focus, r.n_reference, counts.n_reference, level)
            r = replace(r, ai_low_fcr=low, ai_high_fcr=high)
        out.append(r)
    return out


def _with_fragility(row: ThemeRow, counts: _Counts, thresholds: Thresholds, focus_adjective: str) -> ThemeRow:
    """The claim's fragility: how many of the theme's unknown records would overturn it."""
    gap = row.verdict == "under-researched"
    unknown = int(round(row.n_unknown))

    def still_holds(n: int) -> bool:
        return _verdict_of(counts.moved(row.theme, n, to_focus=gap), row.theme, thresholds) == row.verdict

    value = fragility(still_holds, unknown)
    known = counts.n_focus + counts.n_reference
    rate = (counts.n_focus if gap else counts.n_reference) / known
    robust = value > predicted_at_most(unknown, rate)
    group = focus_adjective if gap else INTERNATIONAL
    note = "" if robust else provisional_reason(value, unknown, group)
    return replace(row, fragility=float(value), robust=robust, note=note)


def _held_back(row: ThemeRow, differences: Sequence[FormDifference], in_theme: np.ndarray,
               masks: tuple[np.ndarray, np.ndarray, np.ndarray], thresholds: Thresholds) -> ThemeRow:
    """The claim, provisional when a difference of form between the groups could explain it."""
    more = row.verdict == "over-represented"
    explained = [d for d in differences
                 if explained_by_form(d, in_theme, masks[0], masks[1], thresholds.alpha, focus_more=more)]
    if not explained:
        return row
    why = "could be an effect of form: not significant when compared within each " + \
        " and ".join(f"'{d.form}'" for d in explained)
    return replace(row, robust=False, note="; ".join(n for n in (row.note, why) if n))


def _warnings(comparison: Comparison, focus_adjective: str) -> tuple[str, ...]:
    """The sentences that qualify the verdicts, most important first."""
    found = []
    if comparison.n_focus == 0:
        found.append(_no_focus_warning(comparison.themes.corpus, comparison.focus))
    if comparison.n_unknown and comparison.coverage < MIN_COVERAGE:
        found.append(
            f"Only {comparison.coverage:.0%} of the records have a known context ({comparison.n_unknown} of "
            f"{comparison.n_focus + comparison.n_reference + comparison.n_unknown} are unclassified): too few for "
            "firm verdicts. Classify more of them: enrich them by DOI from OpenAlex (`--enrich openalex`, "
            "`sl.enrich`), export them with "
            "affiliations, or mark records with an override (a `context` field or an overrides CSV).")
    found += _provisional(comparison.rows, "claims")
    if comparison.subthemes is not None:
        found += _provisional(comparison.subthemes.rows, "sub-theme claims")
    return tuple(found)


def _provisional(rows: Sequence[ThemeRow], what: str) -> list[str]:
    """The sentence naming the provisional claims among ``rows`` and why (none if none is)."""
    provisional = [r for r in rows if r.claim and not r.robust]
    if not provisional:
        return []
    claims = sum(r.claim for r in rows)
    return [f"{len(provisional)} of {claims} {what} {'is' if len(provisional) == 1 else 'are'} provisional: "
            + "; ".join(f"'{r.label}' {r.note}" for r in provisional) + "."]


def _years(records: Sequence[Record], in_theme: np.ndarray, is_focus: np.ndarray,
           is_reference: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    counts: dict[int, list[int]] = {}
    for i in np.flatnonzero(in_theme).tolist():
        record = records[i]
        if record.year is None:
            continue
        slot = counts.setdefault(record.year, [0, 0])
        slot[0] += int(is_focus[i])
        slot[1] += int(is_reference[i])
    return tuple((year, f, r) for year, (f, r) in sorted(counts.items()))


def trend(records: Sequence[Record], in_theme: np.ndarray, is_focus: np.ndarray, is_reference: np.ndarray,
          recent: int = RECENT_YEARS, *, alpha: float = Thresholds.alpha, this_year: int | None = None) -> str:
    """Is the theme growing in the reference literature while the focus group stays out?

    The last ``recent`` complete years of the corpus are compared with the years before
    (the current calendar year is left out: its records are still being published). The
    theme's share of reference records grows by a quarter or more ("growing"), falls by a
    fifth or more ("declining"), or neither ("stable"). A growing theme is an "emerging
    gap" only when the focus group's recent count is under half of what the recent
    reference share predicts *and* the change of the focus-against-reference odds ratio
    between the two periods is significant (Woolf's test, p below ``alpha``): without
    the test, random focus groups showed an "emerging gap" in a third of themes.

    Example:
        >>> recs = [Record(key=str(i), year=2000 + i // 40) for i in range(800)]
        >>> focus = np.array([i % 4 == 0 for i in range(800)])
        >>> in_theme = np.array([(i % 5 == 0) if i < 600 else (i % 4 in (1, 2)) for i in range(800)])
        >>> trend(recs, in_theme, focus, ~focus, this_year=2030)
        'emerging gap'
        >>> trend(recs[:40], in_theme[:40], focus[:40], ~focus[:40], this_year=2030)
        'no dates'
    """
    this_year = this_year or date.today().year
    years = np.array([r.year if r.year is not None else -1 for r in records])
    dated = (years > 0) & (years < this_year)
    if dated.sum() < 10 or len(set(years[dated])) < 2:
        return "no dates"
    cut = years[dated].max() - recent + 1
    new, old = dated & (years >= cut), dated & (years < cut)

    def share(mask: np.ndarray) -> float:
        return in_theme[mask].sum() / mask.sum() if mask.sum() else math.nan

    recent_ref, earlier_ref = share(new & is_reference), share(old & is_reference)
    if math.isnan(recent_ref) or math.isnan(earlier_ref) or in_theme[new & is_reference].sum() < 3:
        return "stable"
    growth = recent_ref / earlier_ref if earlier_ref > 0 else math.inf
    if growth >= 1.25:
        lags = in_theme[new & is_focus].sum() < 0.5 * recent_ref * (new & is_focus).sum()
        return "emerging gap" if lags and _widening_p(in_theme, is_focus, is_reference, old, new) < alpha else "growing"
    return "declining" if growth <= 0.8 else "stable"


def _widening_p(in_theme: np.ndarray, is_focus: np.ndarray, is_reference: np.ndarray, old: np.ndarray,
                new: np.ndarray) -> float:
    """Woolf's p for the change of the theme's focus-against-reference odds ratio between periods."""
    def table(period: np.ndarray) -> tuple[float, float, float, float]:
        focus, reference = period & is_focus, period & is_reference
        return (float(in_theme[focus].sum()), float((~in_theme[focus]).sum()),
                float(in_theme[reference].sum()), float((~in_theme[reference]).sum()))

    return period_interaction_p(table(old), table(new))


def _representative(records: Sequence[Record], weights: np.ndarray, mask: np.ndarray, t: int,
                    n: int) -> tuple[Record, ...]:
    order = np.argsort(-weights[:, t], kind="stable")
    return tuple(records[i] for i in order[mask[order]][:n].tolist())


def term_counts_of(themes: ThemesLike) -> TermCounts:
    """The themes' own feature counts when they carry them, else counts of the texts."""
    features = getattr(themes, "features", None)
    if features is not None and features.counts.shape[0] == len(themes.corpus):
        return counts_from_features(features)
    return TermCounts.from_records(themes.corpus.records)


def _details(themes: ThemesLike, terms: TermCounts, is_focus: np.ndarray, is_reference: np.ndarray,
             n_terms: int, n_works: int, with_terms: set[int] | None = None) -> list[ThemeDetail]:
    """Each theme's detail; distinguishing terms only for the themes in ``with_terms`` (None: all)."""
    records = themes.corpus.records
    weights = np.asarray(themes.weights, dtype=float)
    dominant = np.asarray(themes.dominant, dtype=int)
    out = []
    for t in range(len(themes.labels)):
        in_theme = dominant == t
        out.append(ThemeDetail(
            theme=t,
            terms=(distinguishing_terms(terms, in_theme & is_reference, in_theme & is_focus, n_terms)
                   if with_terms is None or t in with_terms else ()),
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
    refits: Sequence[ThemesLike] | None = None,
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
        thresholds: alpha, minimum expected count, interval level, prior strength and
            the number of bootstrap resamples behind each theme's ``stability`` (the share
            of resamples of the records that repeat its verdict, see
            :mod:`socinno_lit.gaps.bootstrap`; ``Thresholds(bootstrap=0)`` leaves it NaN).
        refits: themes refitted on the same corpus (other seeds, neighbouring numbers of
            themes, see :func:`socinno_lit.gaps.robustness.refit`); each theme's
            ``refit_agreement`` is the share of refits in which its verdict recurs.
        stability: the former name of ``refits``, still accepted.
        n_terms: distinguishing terms kept per theme.
        n_works: representative reference works kept per theme.

    Returns:
        The comparison; ``to_frame()`` is the gap table, ``gaps()`` the gaps.

    Raises:
        ConfigurationError: the records carry no context (classify them first).

    Example:
        >>> comparison = compare(_toy_themes(), focus="denmark")
        >>> comparison.to_frame()[["label", "n_focus", "n_reference", "verdict"]].values.tolist()
        [['crowdfunding', 0.0, 30.0, 'under-researched'], ['co-creation', 12.0, 30.0, 'no clear difference'], ['welfare', 12.0, 30.0, 'no clear difference']]
    """
    focus_name = str(getattr(focus, "name", focus)).lower()
    reference_name = None if reference is None else str(getattr(reference, "name", reference)).lower()
    comparison, differences = _compare(themes, focus_name, reference_name, counting, thresholds or Thresholds(),
                                       refits or stability or (), n_terms, n_works)
    adjective = focus_names(focus_name)[1]
    finer = getattr(themes, "subthemes", None)
    if finer is not None and len(finer.dominant) == len(themes.dominant) and comparison.n_focus:
        # The themes' own corpus: it holds the groups, the sub-themes' may be an older copy.
        sub, _ = _compare(replace(finer, corpus=themes.corpus), focus_name, reference_name, counting,
                          comparison.thresholds, (), n_terms, n_works, differences=differences,
                          terms=comparison.term_counts, terms_of_claims_only=True)
        comparison = replace(comparison, subthemes=sub)
    form_notes = tuple(f"The {adjective} records differ in form from the international ones: {d.sentence} "
                       f"({d.form}, Cramér's V {d.cramers_v:.2f}). A claim that disappears when the records are "
                       "compared within each form is held back as provisional." for d in differences)
    return replace(comparison, warnings=form_notes + _warnings(comparison, adjective))


def _compare(themes: ThemesLike, focus: str, reference: str | None, counting: Counting, thresholds: Thresholds,
             refits: Sequence[ThemesLike], n_terms: int, n_works: int, *,
             differences: Sequence[FormDifference] | None = None, terms: TermCounts | None = None,
             terms_of_claims_only: bool = False) -> tuple[Comparison, Sequence[FormDifference]]:
    """The comparison without warnings or sub-themes, and the groups' differences of form.

    The sub-themes reuse the themes' differences of form and term counts, and find
    distinguishing terms for their claims only (no output shows the others').
    """
    masks = _groups(themes.corpus, focus, reference)
    is_focus, is_reference, is_unknown = masks
    adjective = focus_names(focus)[1]
    rows = _rows(themes, _memberships(themes, counting), masks, thresholds, adjective)
    if differences is None:
        differences = form_differences(themes.corpus.records, is_focus, is_reference, adjective)
    rows = [_held_back(r, differences, np.asarray(themes.dominant) == r.theme, masks, thresholds) if r.claim else r
            for r in rows]
    terms = terms if terms is not None else term_counts_of(themes)
    with_terms = {r.theme for r in rows if r.claim or not terms_of_claims_only}
    details = _details(themes, terms, is_focus, is_reference, n_terms, n_works, with_terms)
    rows = [replace(r, trend=d.trend) for r, d in zip(rows, details, strict=True)]
    comparison = Comparison(themes, focus, reference, counting, tuple(rows), tuple(details),
                            int(is_focus.sum()), int(is_reference.sum()), thresholds, terms, int(is_unknown.sum()))
    return _with_repeats(comparison, _memberships(themes, counting), masks, refits), differences


def _with_repeats(comparison: Comparison, member: np.ndarray, masks: tuple[np.ndarray, np.ndarray, np.ndarray],
                  refits: Sequence[ThemesLike]) -> Comparison:
    """The comparison with how often each verdict repeats: in bootstrap resamples of the
    records (``stability``) and in refits of the themes (``refit_agreement``)."""
    if not comparison.n_focus:
        return comparison  # every theme is "too few records" by construction: nothing to repeat
    is_focus, is_reference, is_unknown = masks
    groups = np.select([is_focus, is_reference, is_unknown], [0, 1, 2], default=3)
    shares = bootstrap_stability(member, groups, tuple(r.verdict for r in comparison.rows), comparison.thresholds,
                                 resamples=comparison.thresholds.bootstrap, dominant=comparison.counting == "dominant")
    comparison = replace(comparison, rows=tuple(replace(r, stability=float(s))
                                                for r, s in zip(comparison.rows, shares, strict=True)))
    if not refits:
        return comparison
    quick = replace(comparison.thresholds, bootstrap=0)  # the refits' own bootstrap is never read
    # Only their verdicts are read: no warnings, no sub-themes.
    others = [_compare(other, comparison.focus, comparison.reference, cast(Counting, comparison.counting), quick, (),
                       1, 1, terms_of_claims_only=True)[0] for other in refits]
    return with_refit_agreement(comparison, others)


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
