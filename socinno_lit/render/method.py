"""What a report says about its own method, in sentences that cannot contradict the tables.

Three figures in the report repeat something and are easily confused, so each has its
own name everywhere:

- *topic stability* (Greene, O'Callaghan and Cunningham 2014) chose the number of themes:
  a property of the themes, measured before any verdict;
- *bootstrap stability* (the ``stability`` column): how often a theme's verdict holds in
  bootstrap resamples of the records, the sampling error of the verdict;
- *refit agreement* (``refit_agreement``): how often the verdict recurs when the themes
  are fitted again with other seeds and one theme fewer or more.
"""

from __future__ import annotations

import math
import re
from typing import Any

#: How each theme method is described: what it is fitted on.
METHODS = {"nmf": "NMF on TF-IDF", "lda": "LDA on word counts", "kmeans": "k-means on TF-IDF"}


def repeats(stability: float | None, resamples: int, refit_agreement: float | None, n_refits: int) -> str:
    """The sentence saying how often a verdict repeats, each figure named for what it measures.

    Example:
        >>> repeats(0.93, 200, 0.75, 4)
        'verdict holds in 93% of 200 bootstrap resamples of the records; recurs in 3 of 4 refits'
        >>> repeats(None, 0, None, 0)
        ''
    """
    parts = []
    if stability is not None and not math.isnan(stability) and resamples:
        parts.append(f"verdict holds in {stability:.0%} of {resamples} bootstrap resamples of the records")
    if refit_agreement is not None and not math.isnan(refit_agreement) and n_refits:
        parts.append(f"recurs in {round(refit_agreement * n_refits)} of {n_refits} refits")
    return "; ".join(parts)


def themes_text(themes: Any, n_themes: int) -> str:
    """How the themes were found and how their number came about, for "What was analysed".

    Example:
        >>> from socinno_lit.gaps.compare import _toy_themes
        >>> themes_text(_toy_themes(), 3)
        '3 themes, a number set by the user (topic stability did not choose it).'
    """
    method = getattr(themes, "method", "")
    how = f", by {METHODS.get(method, method)} of titles, keywords and abstracts" if method else ""
    return f"{n_themes} themes{how}{_selection_text(getattr(themes, 'selection', None), n_themes)}"


def _selection_text(selection: Any, n_themes: int) -> str:
    if selection is None:
        return ", a number set by the user (topic stability did not choose it)."
    if not selection.measured:
        return selection.not_measured()
    score = selection.score_of(selection.chosen)
    best_score, best = max(zip(selection.scores, selection.candidates), key=lambda pair: (pair[0], -pair[1]))
    if best == selection.chosen:
        head = f". {selection.chosen} themes had the highest topic stability ({score:.2f})"
    else:
        head = (f". {selection.chosen} themes had a topic stability of {score:.2f}, within one standard error "
                f"of the highest ({best_score:.2f}, at {best} themes)")
    others = sorted((s, k) for k, s in zip(selection.candidates, selection.scores) if k not in (selection.chosen, best))
    runner = f"; next best {others[-1][1]} themes ({others[-1][0]:.2f})" if others and best == selection.chosen else ""
    description = re.sub(r"^Stability \(", "Topic stability (", selection.description)
    chosen = "" if n_themes == selection.chosen else f" The comparison uses {n_themes} themes."
    return (f"{head} among {selection.candidates[0]} to {selection.candidates[-1]} themes{runner}. "
            f"{description}{chosen}")

