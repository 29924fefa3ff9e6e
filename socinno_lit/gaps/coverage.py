"""Unclassified records: how much of the corpus has a known context, and what that leaves open.

Most libraries exported from Zotero or Mendeley carry no affiliations, so the context of
many records is ``"unknown"``. They are neither focus nor reference, and every claim of
the comparison holds only as long as they would not overturn it. Two figures say so:

- **coverage**: the share of records whose context is known (focus or reference);
- **fragility** of a claim: how many of the theme's unknown records would have to belong
  to the group the claim says is missing (focus records for an under-researched theme,
  reference records for an over-represented one) for the verdict to change. This is the
  fragility index of clinical statistics (Walsh et al. 2014) applied to unclassified
  records instead of changed outcomes.

A claim is **robust** when its fragility exceeds what the classified records predict
for the theme's unknown records: the upper end of the 97.5% binomial range of how many
of them would be focus (or reference) records if they were like the classified ones.
Otherwise it is *provisional*, and every output says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy import stats

#: Below this share of records with a known context, the report warns at its top.
MIN_COVERAGE = 0.5
#: The quantile of the predicted number of focus records among the unknown ones.
ROBUST_QUANTILE = 0.975


def coverage(n_focus: int, n_reference: int, n_unknown: int) -> float:
    """The share of records whose context is known.

    Example:
        >>> coverage(10, 30, 60)
        0.4
    """
    total = n_focus + n_reference + n_unknown
    return (n_focus + n_reference) / total if total else math.nan


def fragility(still_holds: Callable[[int], bool], n_unknown: int) -> float:
    """The fewest unknown records whose relabelling overturns a claim, or ``inf``.

    Args:
        still_holds: whether the claim still stands when ``f`` of the theme's unknown
            records are given to the group the claim says is missing; true for 0 and
            assumed to turn false at most once as ``f`` grows.
        n_unknown: the theme's unknown records.

    Returns:
        The smallest ``f`` at which the claim no longer holds; ``inf`` when it holds even
        with all of them.

    Example:
        >>> fragility(lambda f: f < 4, 10), fragility(lambda f: True, 10)
        (4, inf)
    """
    if still_holds(n_unknown):
        return math.inf
    low, high = 0, n_unknown  # holds at low, fails at high
    while high - low > 1:
        middle = (low + high) // 2
        if still_holds(middle):
            low = middle
        else:
            high = middle
    return high


def predicted_at_most(n_unknown: int, rate: float) -> int:
    """How many of ``n_unknown`` records could plausibly belong to a group of this rate.

    The upper end of the :data:`ROBUST_QUANTILE` binomial range.

    Example:
        >>> predicted_at_most(40, 0.1)
        8
    """
    if n_unknown <= 0 or not 0 <= rate <= 1:
        return 0
    return int(stats.binom.ppf(ROBUST_QUANTILE, n_unknown, rate))


def provisional_reason(value: float, n_unknown: int, group: str) -> str:
    """Why a claim is provisional, in words a reader can check.

    Example:
        >>> provisional_reason(3, 40, "Danish")
        'would disappear if 3 of the 40 unclassified records in this theme were Danish'
    """
    records = "record" if n_unknown == 1 else "records"
    verb = "was" if value == 1 else "were"
    return f"would disappear if {value:.0f} of the {n_unknown} unclassified {records} in this theme {verb} {group}"
