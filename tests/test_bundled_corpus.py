"""The bundled corpus: real works only, abstracts in the project's own words, a real gap."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, isolated_venv, shared

import socinno_lit as sl

EXPORTS = [("domain", "scopus_social_entrepreneurship.bib"), ("domain", "scopus_policy_diffusion.bib"),
           ("domain", "mendeley_digital_government.bib")]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def norm_title(title: str) -> str:
    return " ".join(words(title))


@pytest.fixture(scope="module")
def exports() -> sl.Corpus:
    return sl.load(*(shared(*p) for p in EXPORTS))


@pytest.fixture(scope="module")
def bundled() -> sl.Corpus:
    return sl.load_corpus()


def source_of(record: sl.Record, exports: sl.Corpus) -> sl.Record | None:
    for candidate in exports:
        if record.doi and candidate.doi == record.doi:
            return candidate
    return next((c for c in exports if norm_title(c.title) == norm_title(record.title)), None)


def test_size_and_balance(bundled: sl.Corpus) -> None:
    assert len(bundled) >= 150
    counts = sl.context_counts(sl.classify(bundled, "denmark"))
    assert counts["denmark"] >= 40
    assert all(r.abstract and r.annotation for r in bundled)


def test_every_record_is_a_real_work_from_the_exports(bundled: sl.Corpus, exports: sl.Corpus) -> None:
    missing = [r.key for r in bundled if source_of(r, exports) is None]
    assert missing == []


def test_facts_are_copied_as_they_stand(bundled: sl.Corpus, exports: sl.Corpus) -> None:
    for record in bundled:
        real = source_of(record, exports)
        assert real is not None
        assert norm_title(record.title) == norm_title(real.title), record.key
        assert record.authors == real.authors, record.key
        assert record.year == real.year, record.key


def test_no_abstract_shares_eight_words_with_the_real_abstract(bundled: sl.Corpus, exports: sl.Corpus) -> None:
    offending = []
    for record in bundled:
        real = source_of(record, exports)
        if real and real.abstract and runs(record.abstract) & runs(real.abstract):
            offending.append(record.key)
    assert offending == []


def test_report_on_the_bundled_corpus_has_a_gap_and_says_what_the_rest_can_show(bundled: sl.Corpus) -> None:
    corpus = sl.classify(bundled, "denmark")
    comparison = sl.compare(sl.ThemeModel(n_themes="auto", random_state=0).fit(corpus).themes_, "denmark")
    verdicts = comparison.verdicts()
    assert verdicts["under-researched"] >= 1
    assert "crowdfunding" in comparison.gaps()[0].label
    low, high = comparison.thresholds.equivalence
    for row in comparison.rows:
        if row.verdict == "on par":
            assert low <= row.ai_low and row.ai_high <= high
        if row.verdict == "no clear difference":
            assert row.detectable_ai < 1 or row.detectable_ai != row.detectable_ai  # a number below 1, or NaN


def test_wheel_ships_corpus_and_templates_and_runs_from_another_folder(tmp_path: Path) -> None:
    """Build the wheel, install it in a fresh virtual environment, run the report elsewhere."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(PROJECT)], check=True)
    (wheel,) = dist.glob("*.whl")
    env_dir = tmp_path / "venv"
    python = isolated_venv(env_dir)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--ignore-installed", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    where = subprocess.run([str(python), "-c", "import socinno_lit; print(socinno_lit.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True, env=env).stdout
    assert str(env_dir) in where
    result = subprocess.run([str(env_dir / "bin" / "socinno-lit"), "report", "-o", "out", "--no-stability",
                             "--quiet"], cwd=elsewhere, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (elsewhere / "out" / "report.html").read_text()
    assert "under-researched" in html
    assert (elsewhere / "out" / "enriched.bib").exists()
