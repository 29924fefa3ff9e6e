"""What the bootstrap stability of the verdicts costs, against the comparison without it.

Builds themes of ``--records`` records in ``--themes`` themes (5% focus, 80% reference,
15% unknown, one theme with a planted deficit) and times ``compare`` with its default
200 bootstrap resamples and with ``Thresholds(bootstrap=0)`` (the baseline, in the same
run), for dominant-theme counting and for weights; then the bootstrap alone.

Run from the project root: ``python benchmarks/bench_bootstrap.py [--records N] [--themes K]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from bench_loading import machine

from socinno_lit.corpus import Corpus
from socinno_lit.gaps.bootstrap import bootstrap_stability
from socinno_lit.gaps.compare import Thresholds, _ToyThemes, compare
from socinno_lit.records import Record


def build(n: int, k: int, seed: int = 0) -> _ToyThemes:
    """Themes of the shape a fit gives (no fit needed to time the comparison)."""
    rng = np.random.default_rng(seed)
    contexts = rng.choice(["denmark", "international", "unknown"], size=n, p=[0.05, 0.8, 0.15])
    weights = rng.dirichlet(np.full(k, 0.3), size=n)
    dominant = weights.argmax(axis=1)
    danish = contexts == "denmark"
    moved = danish & (dominant == 0) & (rng.random(n) < 0.6)  # a planted deficit in theme 0
    dominant[moved] = 1
    records = tuple(Record(key=f"r{i}", title=f"theme {dominant[i]}", year=2000 + i % 20, context=str(contexts[i]))
                    for i in range(n))
    return _ToyThemes(Corpus(records), tuple(f"theme {t}" for t in range(k)), weights, dominant)


def best_of(repeat: int, call: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--themes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    themes = build(args.records, args.themes)
    print(f"{args.records:,} records, {args.themes} themes; {machine()}; best of {args.repeat}")
    for counting in ("dominant", "weights"):
        base = best_of(args.repeat, lambda: compare(themes, counting=counting, thresholds=Thresholds(bootstrap=0)))
        full = best_of(args.repeat, lambda: compare(themes, counting=counting))
        print(f"  compare, counting={counting}: {full:.3f} s with 200 resamples, {base:.3f} s without "
              f"(baseline), difference {full - base:+.3f} s")
    groups = np.select([np.array([r.context == c for r in themes.corpus]) for c in ("denmark", "international",
                                                                                    "unknown")], [0, 1, 2])
    verdicts = tuple(r.verdict for r in compare(themes, thresholds=Thresholds(bootstrap=0)).rows)
    one_hot = np.eye(args.themes)[themes.dominant]
    weights = themes.weights / themes.weights.sum(axis=1, keepdims=True)
    for name, member, dominant in (("dominant (cells)", one_hot, True), ("weights (rows)", weights, False)):
        alone = best_of(args.repeat, lambda: bootstrap_stability(member, groups, verdicts, Thresholds(),
                                                                 resamples=200, dominant=dominant))
        print(f"  bootstrap alone, {name}: {alone:.3f} s")


if __name__ == "__main__":
    main()
