"""The example scripts run as a user would run them, on small real data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, shared

EXAMPLES = PROJECT / "examples"


def run(script: str, *args: str, cwd: Path) -> str:
    result = subprocess.run([sys.executable, str(EXAMPLES / script), *args], cwd=cwd, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_danish_gap_report_from_a_zotero_export(tmp_path: Path) -> None:
    zotero = shared("formats", "zotero_public_history.bib")
    mendeley = shared("domain", "mendeley_digital_government.bib")
    out = run("danish_gap_report.py", str(zotero), str(mendeley), "-o", "out", "--themes", "4", cwd=tmp_path)
    assert "records" in out
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"report.html", "report.md", "report.tex", "report.json"}


def test_norwegian_comparison(tmp_path: Path) -> None:
    out = run("norwegian_comparison.py", str(shared("domain", "scopus_policy_diffusion.bib")), "-o", "out",
              cwd=tmp_path)
    assert "Norway:" in out
    assert (tmp_path / "out" / "report.html").exists()


def test_bibliography_per_theme(tmp_path: Path) -> None:
    run("bibliography_per_theme.py", str(shared("domain", "mendeley_digital_government.bib")), "-o", "bib",
        "--style", "harvard", cwd=tmp_path)
    written = {p.name for p in (tmp_path / "bib").iterdir()}
    assert written >= {"by-theme.html", "by-theme.md", "by-theme.tex", "by-context.md", "enriched.bib"}


def test_lda_instead_of_nmf(tmp_path: Path) -> None:
    out = run("lda_themes.py", str(shared("domain", "mendeley_digital_government.bib")), "--themes", "4",
              cwd=tmp_path)
    assert "== nmf" in out and "== lda" in out and "== LatentDirichletAllocation" in out


def test_results_as_dataframes(tmp_path: Path) -> None:
    run("results_as_dataframes.py", str(shared("domain", "mendeley_digital_government.bib")), "-o", "frames",
        cwd=tmp_path)
    for name in ("records", "problems", "evidence", "themes", "themes_by_year", "gaps", "subthemes", "term_gaps"):
        assert (tmp_path / "frames" / f"{name}.csv").stat().st_size > 0, name
