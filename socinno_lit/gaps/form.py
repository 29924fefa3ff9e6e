"""Differences of form between the focus and the reference records, and what they explain.

When the focus records differ in form from the reference ones (exported without
abstracts, written in another language, from another database or file, of another record
type), the themes can sort records by form rather than by subject, and a theme built from
abstract-less records then looks "over-represented" in the group that lacks abstracts. A
simulation on real exports found such false claims about three times as often as with
random focus groups.

:func:`form_differences` finds the forms in which the two groups differ clearly
(chi-square p below 0.001 and Cramér's V of at least 0.2). For each claim,
:func:`explained_by_form` repeats the test of the theme within each stratum of such a form
(the Cochran-Mantel-Haenszel test, which compares the groups within "with abstract" and
"without abstract" separately); a claim that is no longer significant there could be an
effect of form, and is held back as provisional.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..records import Record

#: Two groups differ in a form when chi-square p is below this ...
FORM_P = 0.001
#: ... and Cramér's V reaches this (a difference a reader would notice).
FORM_V = 0.2
_SHORT_ABSTRACT = 50  # words: below this an "abstract" is a line of text, not a summary


def _abstract(record: Record) -> str:
    words = len(record.abstract.split())
    return "none" if not words else ("short" if words < _SHORT_ABSTRACT else "full")


def _language(record: Record) -> str:
    return (record.language or record.fields.get("language", "") or "not given").strip().lower()[:20]


FORMS: dict[str, Callable[[Record], str]] = {
    "abstract": _abstract,
    "language": _language,
    "source file": lambda r: r.source.file.rsplit("/", 1)[-1] if r.source.file else "",
    "record type": lambda r: r.entry_type.lower(),
}
"""Each form's name and how to read it off a record."""


@dataclass(frozen=True)
class FormDifference:
    """A form in which the focus and reference records differ.

    Attributes:
        form: the form's name (``"abstract"``, ``"language"``, ``"source file"``, ``"record type"``).
        values: each record's value of the form, in corpus order.
        cramers_v: the strength of the difference (0: none, 1: complete).
        p_value: the chi-square test's p.
        sentence: the difference in words, for the report.
    """

    form: str
    values: tuple[str, ...]
    cramers_v: float
    p_value: float
    sentence: str


def form_differences(records: Sequence[Record], is_focus: np.ndarray, is_reference: np.ndarray,
                     focus_adjective: str) -> list[FormDifference]:
    """The forms in which the focus records differ clearly from the reference records.

    Example:
        >>> recs = [Record(key=str(i), abstract="" if i < 40 else "word " * 60) for i in range(200)]
        >>> focus = np.arange(200) < 50
        >>> [d.form for d in form_differences(recs, focus, ~focus, "Danish")]
        ['abstract']
    """
    found: list[FormDifference] = []
    if not is_focus.any() or not is_reference.any():
        return found  # no second group to differ from
    for form, read in FORMS.items():
        values = tuple(read(r) for r in records)
        table, kinds = _table(values, is_focus, is_reference)
        if table.shape[1] < 2:
            continue
        chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
        v = math.sqrt(chi2 / table.sum())  # two groups: Cramér's V with min(rows, columns) - 1 = 1
        if p < FORM_P and v >= FORM_V:
            found.append(FormDifference(form, values, v, float(p), _sentence(form, table, kinds, focus_adjective)))
    return found


def explained_by_form(difference: FormDifference, in_theme: np.ndarray, is_focus: np.ndarray,
                      is_reference: np.ndarray, alpha: float, *, focus_more: bool) -> bool:
    """Whether a theme's difference between the groups disappears within the strata of a form.

    The claim stands only when the Mantel-Haenszel test is significant within the strata
    *and* the common odds ratio points the claim's way (``focus_more``: the focus group is
    more often in the theme, as in "over-represented").

    Example:
        >>> values = ("none",) * 100 + ("full",) * 100
        >>> focus = np.array([i < 80 or 150 <= i < 160 for i in range(200)])
        >>> in_theme = np.array([i < 100 for i in range(200)])  # the theme is the abstract-less records
        >>> d = FormDifference("abstract", values, 0.6, 0.0, "")
        >>> explained_by_form(d, in_theme, focus, ~focus, 0.025, focus_more=True)
        True
    """
    strata = []
    for value in sorted(set(difference.values)):
        stratum = np.array([v == value for v in difference.values])
        f, r = stratum & is_focus, stratum & is_reference
        strata.append((in_theme[f].sum(), (~in_theme[f]).sum(), in_theme[r].sum(), (~in_theme[r]).sum()))
    same_way = (mantel_haenszel_odds_ratio(strata) > 1) == focus_more
    return mantel_haenszel_p(strata) >= alpha or not same_way


def mantel_haenszel_odds_ratio(tables: Sequence[tuple[float, float, float, float]]) -> float:
    """The Mantel-Haenszel common odds ratio of 2x2 tables ``(a, b, c, d)``.

    Example:
        >>> round(mantel_haenszel_odds_ratio([(10, 20, 20, 10), (12, 18, 22, 8)]), 3)
        0.246
    """
    numerator = sum(a * d / n for a, b, c, d in tables if (n := a + b + c + d))
    denominator = sum(b * c / n for a, b, c, d in tables if (n := a + b + c + d))
    return numerator / denominator if denominator else math.inf


def mantel_haenszel_p(tables: Sequence[tuple[float, float, float, float]]) -> float:
    """Cochran-Mantel-Haenszel test of 2x2 tables ``(a, b, c, d)``, with continuity correction.

    Strata with fewer than two records, or with one empty margin, carry no information and
    are left out; with none left the p value is 1.

    Example:
        >>> round(mantel_haenszel_p([(10, 20, 20, 10), (12, 18, 22, 8)]), 4)
        0.0005
    """
    observed = expected = variance = 0.0
    for a, b, c, d in tables:
        n = a + b + c + d
        row1, row2, col1, col2 = a + b, c + d, a + c, b + d
        if n < 2 or min(row1, row2, col1, col2) == 0:
            continue
        observed += a
        expected += row1 * col1 / n
        variance += row1 * row2 * col1 * col2 / (n * n * (n - 1))
    if variance <= 0:
        return 1.0
    statistic = (abs(observed - expected) - 0.5) ** 2 / variance
    return float(stats.chi2.sf(max(statistic, 0.0), 1))


def _table(values: Sequence[str], is_focus: np.ndarray, is_reference: np.ndarray) -> tuple[np.ndarray, list[str]]:
    kinds = sorted({v for v, f, r in zip(values, is_focus, is_reference, strict=True) if f or r})
    array = np.array(values)
    table = np.array([[np.sum((array == k) & group) for k in kinds] for group in (is_focus, is_reference)], float)
    keep = table.sum(axis=0) > 0
    return table[:, keep], [k for k, kept in zip(kinds, keep, strict=True) if kept]


def _sentence(form: str, table: np.ndarray, kinds: list[str], adjective: str) -> str:
    """The value the focus records have most more often than the reference ones, in words."""
    shares = table / table.sum(axis=1, keepdims=True)
    i = int(np.argmax(shares[0] - shares[1]))
    label = {"abstract": {"none": "have no abstract", "short": "have only a short abstract",
                          "full": "have a full abstract"}}.get(form, {}).get(kinds[i], f"have {form} '{kinds[i]}'")
    return (f"{shares[0, i]:.0%} of the {adjective} records {label}, against {shares[1, i]:.0%} of the "
            f"international records")
