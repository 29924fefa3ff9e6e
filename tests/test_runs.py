"""Work in contiguous runs on every core: the same result for any number of processes."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit import runs

LINUX = sys.platform.startswith("linux")


def test_runs_are_joined_in_order_whatever_the_number_of_processes() -> None:
    items = list(range(1000))
    for processes in (1, 2, 3):
        parts = runs.in_runs(lambda run: [x * x for x in run], items, processes, minimum=100)
        assert len(parts) == (processes if LINUX else 1)
        assert [x for part in parts for x in part] == [x * x for x in items]


def test_a_failed_process_is_replaced_and_an_error_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "_child", lambda *_: os._exit(1))
    assert runs.in_runs(sum, list(range(10)), 2, minimum=5) == ([10, 35] if LINUX else [45])

    def fails_on_nine(run: list[int]) -> int:
        if 9 in run:
            raise ValueError("nine")
        return sum(run)

    with pytest.raises(ValueError, match="nine"):
        runs.in_runs(fails_on_nine, list(range(10)), 2, minimum=5)


def test_classifying_in_runs_labels_every_record_as_one_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = sl.load(shared("domain", "scopus_social_entrepreneurship.bib")).deduplicate()
    corpus = sl.Corpus(corpus.records[:1500])
    overrides = {corpus.records[3].key: "denmark"}  # an override in the middle of a run
    monkeypatch.setattr(runs, "MIN_PER_PROCESS", 10**9)
    alone = sl.classify(corpus, "denmark", overrides=overrides)
    monkeypatch.setattr(runs, "MIN_PER_PROCESS", 300)
    together = sl.classify(corpus, "denmark", overrides=overrides)
    assert [(r.key, r.context, r.evidence) for r in together] == [(r.key, r.context, r.evidence) for r in alone]
    assert together.records[3].evidence[0].startswith("override: user mapping")
    assert {r.context for r in together} >= {"denmark", "international", "unknown"}


def test_a_bad_context_field_in_a_later_run_is_a_clear_error(
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    records = [sl.Record(key=f"r{i}", title="Social enterprise") for i in range(600)]
    records[-1] = records[-1].replace(fields={"context": "atlantis"})
    monkeypatch.setattr(runs, "MIN_PER_PROCESS", 200)
    with pytest.raises(sl.ConfigurationError, match="atlantis"):
        sl.classify(records, "denmark")
    assert "Traceback" not in capfd.readouterr().err  # the process that met it first stays quiet
