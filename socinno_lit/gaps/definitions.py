"""The words that define the columns and figures of a comparison, shared by every output.

The report (every format), the JSON files, the notebook view and the command line's gap
table take their definitions from here, so that they cannot define a figure differently.
"""

from __future__ import annotations

from typing import Any

#: What each column of ``to_frame()`` measures, in the words every output uses.
COLUMN_DEFINITIONS = {
    "theme": "the theme's index",
    "label": "the theme's label (its most typical terms)",
    "n_focus": "focus records in the theme",
    "n_reference": "reference (international) records in the theme",
    "share_focus": "the theme's share of the focus records",
    "share_reference": "the theme's share of the reference records",
    "expected_focus": "focus records the reference share predicts",
    "activity_index": "focus share over reference share (1 = as expected); against the rest of the world, "
                      "not the classic activity index, which divides by the world total",
    "ai_low": "lower end of the activity index's score interval (the inversion of the score test)",
    "ai_high": "upper end of that interval",
    "log_odds_z": "log-odds ratio of the theme in the two groups with an informative Dirichlet prior, as a z "
                  "score (Monroe, Colaresi and Quinn 2008); negative when the focus group is rarer in the theme. "
                  "It is descriptive: the prior pulls it towards 0, and it is not the test behind q",
    "p_value": "two-sided p of the score test that the activity index is 1 (Miettinen-Nurminen)",
    "q_value": "that p adjusted across the themes for the false discovery rate (Benjamini-Hochberg); "
               "the verdicts use q, not z",
    "verdict": "under-researched, over-represented, on par, no clear difference or too few records",
    "stability": "bootstrap stability: the share of bootstrap resamples of the records (drawn with replacement, "
                 "each keeping its theme and group, the Benjamini-Hochberg step redone in each) in which the theme "
                 "gets the same verdict; sampling error of the verdict, given the themes",
    "trend": "emerging gap, growing, stable, declining or no dates",
    "n_unknown": "records of unknown context in the theme (in neither group)",
    "fragility": "how many of the theme's unknown records would have to belong to the missing group to overturn "
                 "the claim",
    "robust": "whether the claim survives as many unknown records as the classified ones predict",
    "note": "why a claim is provisional",
    "detectable_ai": "for no clear difference: the highest activity index below 1 these counts could have shown "
                     "to be a gap",
    "refit_agreement": "refit agreement: the share of refits of the themes (other seeds, one theme fewer or more) "
                       "in which the theme's closest match gets the same verdict; how much the verdict depends on "
                       "those choices, not sampling error",
    "ai_low_fcr": "for a claim: lower end of the score interval adjusted for showing only the claims "
                  "(Benjamini-Yekutieli false coverage rate): level 1 - R(1 - level)/m for R claims among m themes",
    "ai_high_fcr": "for a claim: upper end of that adjusted interval",
    "parent": "for a sub-theme: the index of the theme that holds most of its records",
    "parent_label": "for a sub-theme: that theme's label",
}


def definitions(thresholds: Any, n_refits: int, counting: str = "dominant", n_subthemes: int = 0) -> dict[str, str]:
    """The words that define the repeat figures and the selection-adjusted interval, per output.

    Example:
        >>> from socinno_lit.gaps.compare import Thresholds
        >>> definitions(Thresholds(), 0)["stability"].startswith("Bootstrap stability: ")
        True
    """
    resamples = thresholds.bootstrap
    stability = ("Bootstrap stability: the share of " + (f"{resamples} " if resamples else "")
                 + "bootstrap resamples of the records (drawn with replacement, each keeping its theme and its "
                 "group, the Benjamini–Hochberg step redone in each) in which the theme gets the same verdict: "
                 "the sampling error of the verdict, given the themes"
                 + ("" if resamples else " (not measured in this report)") + ".")
    refits = ("Refit agreement: the share of " + (f"{n_refits} " if n_refits else "")
              + "refits of the themes (other seeds, one theme fewer or more) in which the theme's closest match "
              "gets the same verdict: how much the verdict depends on those choices, not sampling error"
              + ("" if n_refits else " (no refits in this report)") + ".")
    return {
        "counting": ("Counts: each record counts once, in its dominant theme." if counting == "dominant" else
                     "Counts: each record's theme weights, normalised to sum to 1, are added to every theme "
                     "(soft membership), so counts need not be whole numbers."),
        "stability": stability,
        "refit_agreement": refits,
        "fcr": (f"FCR-adjusted {thresholds.level:.0%} CI: for the themes listed as claims, the score interval "
                "widened for having been selected (Benjamini and Yekutieli 2005): with R claims among m themes, "
                f"at level 1 − R × {1 - thresholds.level:.2f} / m, so that on average at most "
                f"{1 - thresholds.level:.0%} of the listed intervals miss."),
        "z_and_q": ("z and q answer different questions. z: the log-odds ratio of the theme in the two groups with "
                    "an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), negative when the focus group "
                    "is rarer in the theme; a descriptive effect size, pulled towards 0 by the prior. p: the score "
                    "test (Miettinen–Nurminen) of an activity index of 1, whose inversion is the 95% interval; q: "
                    "that p adjusted by Benjamini–Hochberg for testing every theme. Only q and the interval decide "
                    "a verdict, so a z above 2 or below −2 can stand beside a large q."),
        "ranking": ("Gaps are listed by strength of evidence (the smallest p first, provisional ones last), "
                    "never by bootstrap stability or refit agreement."),
        "subthemes": _subthemes(thresholds, n_subthemes),
    }


def _subthemes(thresholds: Any, n_subthemes: int) -> str:
    """What the sub-theme tests are (the measured cost in false claims is in the report's method note)."""
    if not n_subthemes:
        return "Sub-themes: none were tested (the themes were not merged from finer topics)."
    return (f"Sub-themes: each theme was merged from finer topics; these {n_subthemes} sub-themes (each record "
            "in the one it is closest to) were tested as well, with the same test, as a second family with its own "
            f"Benjamini–Hochberg step at {thresholds.alpha}. A field that shares its theme with another can show "
            "its gap there when the theme as a whole does not. The themes and their verdicts are the same with or "
            "without them. On simulated focus groups in real exports of five fields (300 focus records), the "
            "sub-themes raised the runs in which a planted gap came first from 24 to 28 of 30, and random focus "
            "groups got a claim in 4.6% of 900 runs in either family (2.9% among the themes alone).")
