"""Coverage of the activity index's 95% interval, and its agreement with the test.

Draws the focus and reference groups' theme counts as binomials with a known activity
index, at group sizes and theme shares like those of real exports, and counts how often
the interval holds the true index (its coverage) and how often the interval and the test
disagree about 1. The score interval (the one the comparison uses) is set beside the
Clopper-Pearson interval on the conditional binomial that the project used before, in
the same run.

Run from the project root: ``python benchmarks/bench_intervals.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from bench_loading import machine
from scipy import stats

from socinno_lit.gaps.stats import score_interval, score_p

SIZES = ((60, 170), (50, 1950), (300, 3000))  # (focus, reference) records: bundled, one field, large
SHARES = (0.05, 0.2, 0.4)  # the theme's share of the reference records
INDICES = (0.5, 1.0, 1.5)  # the true activity index


def clopper_pearson(a: int, nf: int, c: int, nr: int) -> tuple[float, float]:
    """The earlier interval: Clopper-Pearson on a | a + c, turned into an activity index."""
    m = a + c
    low = 0.0 if a == 0 else stats.beta.ppf(0.025, a, m - a + 1)
    high = 1.0 if c == 0 else stats.beta.ppf(0.975, a + 1, m - a)
    odds = nr / nf
    return low / (1 - low) * odds, (math.inf if high >= 1 else high / (1 - high) * odds)


def run(runs: int, seed: int) -> list[dict[str, float]]:
    rng = np.random.default_rng(seed)
    rows = []
    for nf, nr in SIZES:
        for share in SHARES:
            for index in INDICES:
                p_focus = min(share * index, 1.0)
                hits = {"score": 0, "clopper-pearson": 0}
                disagree = {"score": 0, "clopper-pearson": 0}
                done = 0
                for _ in range(runs):
                    a, c = int(rng.binomial(nf, p_focus)), int(rng.binomial(nr, share))
                    if a + c == 0:
                        continue
                    done += 1
                    rejects = stats.fisher_exact([[a, nf - a], [c, nr - c]]).pvalue < 0.05
                    for name, (low, high), test in (
                            ("score", score_interval(a, nf, c, nr), score_p(a, nf, c, nr) < 0.05),
                            ("clopper-pearson", clopper_pearson(a, nf, c, nr), rejects)):
                        hits[name] += low <= index <= high
                        disagree[name] += test == (low <= 1 <= high)
                rows.append({"focus": nf, "reference": nr, "share": share, "index": index, "runs": done,
                             **{f"coverage {k}": v / done for k, v in hits.items()},
                             **{f"disagree {k}": v / done for k, v in disagree.items()}})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="samples per configuration")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    rows = run(args.runs, args.seed)
    print(f"Machine: {machine()}; {args.runs} samples per row; {time.perf_counter() - start:.0f} s\n")
    print("| focus | reference | theme share | true AI | coverage, score | coverage, Clopper-Pearson | "
          "test and interval disagree, score | ... Fisher with Clopper-Pearson |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['focus']} | {r['reference']} | {r['share']:.2f} | {r['index']:.1f} | "
              f"{r['coverage score']:.3f} | {r['coverage clopper-pearson']:.3f} | "
              f"{r['disagree score']:.3f} | {r['disagree clopper-pearson']:.3f} |")
    for name in ("score", "clopper-pearson"):
        values = [r[f"coverage {name}"] for r in rows]
        print(f"\n{name}: coverage from {min(values):.3f} to {max(values):.3f}, mean {np.mean(values):.3f}")


if __name__ == "__main__":
    main()
