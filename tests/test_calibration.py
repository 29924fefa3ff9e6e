"""The calibration simulations of benchmarks/bench_calibration.py, small and fast.

Real exports of five fields, focus groups marked through overrides, themes refitted per
run as ``socinno-lit report`` does. The fast tests run a few small runs and check the
direction: a planted gap is found, random focus groups rarely get a claim, focus records
that differ in form get no claim the warnings leave unqualified, and no theme is named
after the focus country. The slow test runs the benchmark's acceptance sizes, with the
number of themes chosen from the data as the report does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_calibration as bench  # noqa: E402

# 400 records, 60 of them focus records, five themes (the slow test lets the data choose).
SMALL = {"n_focus": 60, "cap": 80, "n_themes": 5}
STRONG_PLANT = (0.0, 0.2)  # no focus record from a field that is a fifth of the reference


@pytest.fixture(scope="module")
def fields(shared_data: Path) -> dict[str, list[object]]:
    return bench.load_fields(shared_data)


def _runs(fields: dict, simulation: str, runs: range, **options: object) -> list[bench.Outcome]:
    return [o for run in runs for o in bench.run_one(fields, simulation, run, counting=("dominant",),
                                                    **SMALL, **options)]


def test_a_planted_gap_is_the_top_gap(fields: dict) -> None:
    outcomes = _runs(fields, "planted", range(3), plant=STRONG_PLANT)
    for fit_on in bench.FIT_ON:
        mine = [o for o in outcomes if o.fit_on == fit_on]
        assert sum(o.top_gap_is_plant for o in mine) >= 2, (fit_on, mine)
        assert all(o.plant_ai < 1 for o in mine)


def test_random_focus_groups_rarely_get_a_claim(fields: dict) -> None:
    outcomes = _runs(fields, "random", range(3))
    assert sum(o.claims > 0 for o in outcomes) <= 1, outcomes


@pytest.mark.parametrize("simulation", ["no abstracts", "setting sentence"])
def test_focus_records_of_another_form_get_no_unqualified_claim(fields: dict, simulation: str) -> None:
    outcomes = _runs(fields, simulation, range(2))
    assert [o.unqualified for o in outcomes] == [0] * len(outcomes)
    assert not [w for o in outcomes for w in o.country_terms]  # the setting sentence's country is masked


def test_the_leak_sentence_would_name_a_theme_without_the_mask() -> None:
    """The country check of the simulations can fail: it finds the words when they are there."""
    assert bench.COUNTRY_WORDS.search("danish data, denmark")
    assert not bench.COUNTRY_WORDS.search("dance, abundance")


@pytest.mark.slow
def test_acceptance_planted_gap_with_300_focus_records(fields: dict) -> None:
    # The default settings; the first gap is the first theme gap, or with none, the first sub-theme gap.
    outcomes = bench.run_all(fields, {"planted": 10}, jobs=2, n_focus=300, cap=600, fit_on=("all",),
                             counting=("dominant",))
    assert sum(o.top_gap_is_plant for o in outcomes) >= 9


@pytest.mark.slow
def test_acceptance_calibration(fields: dict) -> None:
    runs = {"planted": 10, "random": 60, "no abstracts": 20, "setting sentence": 20}
    outcomes = bench.run_all(fields, runs, jobs=2, fit_on=("all",), counting=("dominant",))  # the defaults

    def of(simulation: str) -> list[bench.Outcome]:
        return [o for o in outcomes if o.simulation == simulation]

    assert sum(o.claims > 0 for o in of("random")) <= 6
    for simulation in ("no abstracts", "setting sentence"):
        assert sum(o.unqualified > 0 for o in of(simulation)) <= 0.05 * runs[simulation]
    assert not [w for o in outcomes for w in o.country_terms]
    assert sum(o.false_parity for o in outcomes) == 0
