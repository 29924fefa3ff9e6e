"""Calibration of the gap analysis on real exports: power, false claims and leaks.

Joins real exports of five distinct fields (../shared/data), marks a focus group through
``overrides`` (the rest "international") and runs, per simulated focus group, what
``socinno-lit report`` runs at its default settings: the themes refitted (``"auto"``,
capped by ``resolvable_themes``) and compared. Four simulations:

* planted: 150 focus records of which 5% come from one field, whose share of the
  reference is subsampled to 12%; is the top under-researched theme the theme of that field?
* random: 150 focus records drawn at random; does any theme get a claim?
* no abstracts / setting sentence: random focus records with their abstracts removed, or
  with "Data come from Denmark." added to them; is a claim made that ``warnings`` does not
  qualify (a claim is qualified when it is provisional, or a warning names its theme)?

Every run fits the themes twice (``fit_on="all"`` and ``"reference"``) and compares each
fit twice (``counting="dominant"`` and ``"weights"``), with the same seed, so that the four
settings are measured on the same focus groups. It also checks that no theme's top terms
name Denmark or the Danes, and that no "on par" verdict stands for an interval reaching
outside 2/3 to 3/2. The stability refits are left out: they add a column and change no
verdict.

Run from the project root::

    python3 benchmarks/bench_calibration.py [--planted 10] [--random 60] [--leak 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from socinno_lit.context.classify import classify
from socinno_lit.corpus import Corpus
from socinno_lit.gaps.compare import Comparison, compare
from socinno_lit.pipeline import _fit_themes
from socinno_lit.read.loading import load
from socinno_lit.records import Record

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FIELDS: dict[str, tuple[str, ...]] = {
    "social entrepreneurship": ("domain/scopus_social_entrepreneurship.bib",),
    "policy diffusion": ("domain/scopus_policy_diffusion.bib",),
    "health economics": ("formats/wos_healthecon_part1.bib", "formats/wos_healthecon_part2.bib"),
    "absorptive capacity": ("formats/scopus_absorptive_capacity.ris",),
    "public history": ("formats/zotero_public_history.bib",),
}
FOCUS = "denmark"
CAP = 300  # records per field: keeps a run's fit to seconds, and every field's share between 8% and 25%
N_FOCUS = 150  # the top of a realistic focus group; at 100 a 5%-against-12% plant cannot be significant
PLANT_FOCUS, PLANT_REFERENCE = 0.05, 0.12
SETTING_SENTENCE = "Data come from Denmark."
COUNTRY_WORDS = re.compile(r"\b(denmark|danish|dansk\w*|danmark|danes?|d\wnemark)\b", re.IGNORECASE)
FIT_ON = ("all", "reference")
COUNTING = ("dominant", "weights")
SIMULATIONS = ("planted", "random", "no abstracts", "setting sentence")


def load_fields(data: Path = DATA) -> dict[str, list[Record]]:
    """Each field's deduplicated records, keyed by field, with keys unique across fields."""
    fields = {}
    for name, files in FIELDS.items():
        corpus = load(*(data / f for f in files)).deduplicate()
        slug = name.split()[0]
        fields[name] = [r.replace(key=f"{slug}-{i}") for i, r in enumerate(corpus)]
    return fields


def _sample(records: Sequence[Record], n: int, rng: np.random.Generator) -> list[Record]:
    chosen = rng.choice(len(records), size=min(n, len(records)), replace=False)
    return [records[i] for i in sorted(chosen)]


def planted_sample(fields: dict[str, list[Record]], planted: str, rng: np.random.Generator,
                   n_focus: int = N_FOCUS, cap: int = CAP,
                   plant: tuple[float, float] = (PLANT_FOCUS, PLANT_REFERENCE)) -> tuple[list[Record], set[str]]:
    """Records and focus keys: ``planted`` makes up ``plant[0]`` of the focus group (5%)
    and ``plant[1]`` of the reference (12%).

    The other fields give ``cap`` records each (fewer when the planted field is too small
    to reach 12% of them), and the focus group's other records come from them at random.
    """
    own = list(fields[planted])
    share_focus, share_reference = plant
    n_plant = round(share_focus * n_focus)
    others = [name for name in fields if name != planted]
    # The largest reference the planted field can still be 12% of.
    room = (len(own) - n_plant) * (1 - share_reference) / share_reference + (n_focus - n_plant)
    scale = min(1.0, room / sum(min(cap, len(fields[o])) for o in others))
    pool = [r for o in others for r in _sample(fields[o], int(min(cap, len(fields[o])) * scale), rng)]
    n_reference_rest = len(pool) - (n_focus - n_plant)
    n_reference_own = round(share_reference / (1 - share_reference) * n_reference_rest)
    own = _sample(own, n_reference_own + n_plant, rng)
    focus = {r.key for r in own[:n_plant]} | {r.key for r in _sample(pool, n_focus - n_plant, rng)}
    return own + pool, focus


def random_sample(fields: dict[str, list[Record]], rng: np.random.Generator, n_focus: int = N_FOCUS,
                  cap: int = CAP) -> tuple[list[Record], set[str]]:
    """Records of every field (``cap`` each at most) and a focus group drawn at random."""
    records = [r for name in fields for r in _sample(fields[name], cap, rng)]
    return records, {r.key for r in _sample(records, n_focus, rng)}


def leaked(records: Iterable[Record], focus: set[str], simulation: str) -> list[Record]:
    """The records with the focus records changed in form: no abstract, or a setting sentence."""
    if simulation == "no abstracts":
        return [r.replace(abstract="") if r.key in focus else r for r in records]
    if simulation == "setting sentence":
        return [r.replace(abstract=f"{r.abstract} {SETTING_SENTENCE}".strip()) if r.key in focus else r
                for r in records]
    return list(records)


def marked(records: Sequence[Record], focus: set[str]) -> Corpus:
    """The records classified with every one marked through overrides: focus or international."""
    overrides = {r.key: FOCUS if r.key in focus else "international" for r in records}
    return classify(Corpus(tuple(records)), FOCUS, overrides=overrides)


def tested_rows(comparison: Comparison) -> list[Any]:
    """The rows of the themes and of the sub-themes: every test the comparison made."""
    return [*comparison.rows, *(comparison.subthemes.rows if comparison.subthemes is not None else ())]


def unqualified_claims(comparison: Comparison) -> list[str]:
    """Labels of claims (themes or sub-themes) that are robust and that no warning names."""
    return [r.label for r in tested_rows(comparison)
            if r.claim and r.robust and not any(r.label in w for w in comparison.warnings)]


def country_terms(themes: Any) -> list[str]:
    """Top terms of any theme or sub-theme that name the focus country or its people."""
    found = [t for i in range(themes.n_themes) for t in themes.top_terms(i, 30) if COUNTRY_WORDS.search(t)]
    subthemes = getattr(themes, "subthemes", None)
    return found + (country_terms(subthemes) if subthemes is not None else [])


def false_parity(comparison: Comparison) -> int:
    """"On par" verdicts whose interval reaches outside the equivalence band."""
    low, high = comparison.thresholds.equivalence
    return sum(1 for r in tested_rows(comparison)
               if r.verdict == "on par" and not low <= r.ai_low <= r.ai_high <= high)


def dominated_by(themes: Any, field_of: dict[str, str]) -> list[str]:
    """Each theme's most common field among its records (dominant theme)."""
    fields = np.array([field_of[r.key] for r in themes.corpus])
    out = []
    for t in range(themes.n_themes):
        names, counts = np.unique(fields[themes.dominant == t], return_counts=True)
        out.append(str(names[counts.argmax()]) if len(names) else "")
    return out


@dataclass(frozen=True)
class Outcome:
    """What one setting (fit_on, counting) gave in one run."""

    simulation: str
    run: int
    fit_on: str
    counting: str
    n_themes: int
    claims: int
    unqualified: int
    top_gap_is_plant: bool
    top_theme_gap_is_plant: bool
    plant_gap: bool
    plant_ai: float
    plant_purity: float
    country_terms: tuple[str, ...]
    false_parity: int


def top_gap_is(comparison: Comparison, planted: str, field_of: dict[str, str]) -> bool:
    """Whether the report's first gap is the planted field's: the first theme gap, or with
    none, the first sub-theme gap (the order in which the report lists them)."""
    for found in (comparison, comparison.subthemes):
        if found is not None and found.gaps():
            return dominated_by(found.themes, field_of)[found.gaps()[0].theme] == planted
    return False


def _plant_figures(comparison: Comparison, owner: list[str], planted: str | None,
                   field_of: dict[str, str]) -> tuple[bool, bool, bool, float, float]:
    """Whether the top gap (of themes and sub-themes; of the themes alone) / any theme gap
    is the planted field's, the AI and purity of its theme."""
    if planted is None:
        return False, False, False, float("nan"), float("nan")
    gaps = comparison.gaps()
    own = [t for t, name in enumerate(owner) if name == planted]
    top = bool(gaps) and gaps[0].theme in own
    themes = comparison.themes
    # The theme holding most of the planted field's records: its AI and its share of them.
    counts = np.bincount([themes.dominant[i] for i, r in enumerate(themes.corpus) if field_of[r.key] == planted],
                         minlength=themes.n_themes)
    best = int(counts.argmax())
    purity = counts[best] / max(1, int((themes.dominant == best).sum()))
    return (top_gap_is(comparison, planted, field_of), top, any(g.theme in own for g in gaps),
            comparison.rows[best].activity_index, float(purity))


def run_one(fields: dict[str, list[Record]], simulation: str, run: int, *, n_focus: int = N_FOCUS,
            cap: int = CAP, fit_on: Sequence[str] = FIT_ON, counting: Sequence[str] = COUNTING,
            plant: tuple[float, float] = (PLANT_FOCUS, PLANT_REFERENCE),
            n_themes: int | str = "auto") -> list[Outcome]:
    """One simulated focus group: every setting's outcome, with the run's own seed.

    The planted field goes round the fields, one per run. A fixed ``n_themes`` skips the
    choice of the number of themes (for quick checks; the report's default is "auto").
    """
    rng = np.random.default_rng([SIMULATIONS.index(simulation), run])
    planted = list(fields)[run % len(fields)] if simulation == "planted" else None
    if planted:
        records, focus = planted_sample(fields, planted, rng, n_focus, cap, plant)
    else:
        records, focus = random_sample(fields, rng, n_focus, cap)
    field_of = {r.key: name for name, rs in fields.items() for r in rs}
    corpus = marked(leaked(records, focus, simulation), focus)
    out = []
    for where in fit_on:
        themes = _fit_themes(corpus, FOCUS, n_themes, "nmf", run, where).themes_
        owner = dominated_by(themes, field_of)
        for how in counting:
            comparison = compare(themes, FOCUS, counting=how)  # type: ignore[arg-type]
            top, top_theme, any_gap, ai, purity = _plant_figures(comparison, owner, planted, field_of)
            out.append(Outcome(simulation, run, where, how, themes.n_themes,
                               sum(r.claim for r in tested_rows(comparison)), len(unqualified_claims(comparison)),
                               top, top_theme, any_gap, ai, purity, tuple(country_terms(themes)),
                               false_parity(comparison)))
    return out


def run_all(fields: dict[str, list[Record]], runs: dict[str, int], jobs: int, n_focus: int = N_FOCUS,
            cap: int = CAP, fit_on: Sequence[str] = FIT_ON, counting: Sequence[str] = COUNTING) -> list[Outcome]:
    """Every run of every simulation, on ``jobs`` processes."""
    from joblib import Parallel, delayed

    tasks = [(s, i) for s in SIMULATIONS for i in range(runs.get(s, 0))]
    batches = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(run_one)(fields, s, i, n_focus=n_focus, cap=cap, fit_on=fit_on, counting=counting)
        for s, i in tasks)
    outcomes = []
    for done, batch in enumerate(batches, 1):
        outcomes += batch
        print(f"{done} of {len(tasks)} runs", file=sys.stderr, flush=True)  # a long run shows it is alive
    return outcomes


def null_claims(fields: dict[str, list[Record]], samples: int, relabels: int, n_focus: int = N_FOCUS,
                cap: int = CAP) -> dict[str, int]:
    """Runs with a claim when the focus group is random, counted per family of tests.

    Fitted on every record, the themes do not depend on which records are focus records,
    so each sample of records is fitted once and compared with ``relabels`` random focus
    groups: many null runs for the price of a few fits. Returns the runs with a claim among
    the themes, among the sub-themes, in either, and the number of runs.
    """
    counts = {"themes": 0, "sub-themes": 0, "either": 0, "runs": 0}
    for sample in range(samples):
        rng = np.random.default_rng([len(SIMULATIONS), sample])
        records, focus = random_sample(fields, rng, n_focus, cap)
        themes = _fit_themes(marked(records, focus), FOCUS, "auto", "nmf", sample, "all").themes_
        for _ in range(relabels):
            focus = {r.key for r in _sample(records, n_focus, rng)}
            comparison = compare(replace(themes, corpus=marked(records, focus)), FOCUS)
            found = (any(r.claim for r in comparison.rows),
                     any(r.claim for r in (comparison.subthemes.rows if comparison.subthemes else ())))
            counts["themes"] += found[0]
            counts["sub-themes"] += found[1]
            counts["either"] += any(found)
            counts["runs"] += 1
    return counts


def table(outcomes: Sequence[Outcome], runs: dict[str, int]) -> list[str]:
    """The results as Markdown: one row per setting."""
    lines = ["| fit on | counting | planted gap first | planted gap first (themes alone) | planted gap found | AI of the plant's theme (median) | "
             "purity (median) | random: runs with a claim | no abstracts: unqualified claims (any claim) | "
             "setting sentence: unqualified claims (any claim) | themes (median) | country words | "
             "false 'on par' |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for where in FIT_ON:
        for how in COUNTING:
            mine = [o for o in outcomes if o.fit_on == where and o.counting == how]
            if not mine:
                continue

            def of(simulation: str, mine: list[Outcome] = mine) -> list[Outcome]:
                return [o for o in mine if o.simulation == simulation]

            plant = of("planted")
            leaks = [f"{sum(o.unqualified > 0 for o in of(s))} of {len(of(s))} ({sum(o.claims > 0 for o in of(s))})"
                     for s in ("no abstracts", "setting sentence")]
            lines.append(
                f"| {where} | {how} | {sum(o.top_gap_is_plant for o in plant)} of {len(plant)} | "
                f"{sum(o.top_theme_gap_is_plant for o in plant)} of {len(plant)} | "
                f"{sum(o.plant_gap for o in plant)} of {len(plant)} | "
                f"{np.nanmedian([o.plant_ai for o in plant]) if plant else float('nan'):.2f} | "
                f"{np.nanmedian([o.plant_purity for o in plant]) if plant else float('nan'):.2f} | "
                f"{sum(o.claims > 0 for o in of('random'))} of {len(of('random'))} | {leaks[0]} | {leaks[1]} | "
                f"{np.median([o.n_themes for o in mine]):.0f} | {sum(len(o.country_terms) for o in mine)} | "
                f"{sum(o.false_parity for o in mine)} |")
    return lines


def main() -> None:
    from bench_loading import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--planted", type=int, default=10, help="planted-gap runs")
    parser.add_argument("--random", type=int, default=60, help="random-focus runs")
    parser.add_argument("--leak", type=int, default=20, help="runs of each leak simulation")
    parser.add_argument("--focus", type=int, default=N_FOCUS, help="records in the focus group")
    parser.add_argument("--cap", type=int, default=CAP, help="records per field at most")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    parser.add_argument("--fit-on", default=",".join(FIT_ON), help="settings of fit_on, comma-separated")
    parser.add_argument("--counting", default=",".join(COUNTING), help="settings of counting, comma-separated")
    parser.add_argument("--null", nargs=2, type=int, metavar=("SAMPLES", "RELABELS"),
                        help="instead: random focus groups relabelled on each of SAMPLES fits (see null_claims)")
    args = parser.parse_args()
    if args.null:
        start = time.perf_counter()
        counts = null_claims(load_fields(), *args.null, n_focus=args.focus, cap=args.cap)
        print(f"Machine: {machine()}; {args.focus} focus records; at most {args.cap} records per field; "
              f"{time.perf_counter() - start:.0f} s")
        print(f"Random focus groups on {args.null[0]} fits, {counts['runs']} runs: a claim among the themes in "
              f"{counts['themes']}, among the sub-themes in {counts['sub-themes']}, in either in {counts['either']}")
        return
    runs = {"planted": args.planted, "random": args.random, "no abstracts": args.leak,
            "setting sentence": args.leak}
    start = time.perf_counter()
    outcomes = run_all(load_fields(), runs, args.jobs, args.focus, args.cap, args.fit_on.split(","),
                       args.counting.split(","))
    print(f"Machine: {machine()}; {args.focus} focus records; at most {args.cap} records per field; "
          f"{args.jobs} processes; "
          f"{time.perf_counter() - start:.0f} s\n")
    print("\n".join(table(outcomes, runs)))
    words = sorted({w for o in outcomes for w in o.country_terms})
    print(f"\nCountry words in top terms: {', '.join(words) or 'none'}")


if __name__ == "__main__":
    main()
