"""The gap report: every format renders, stays self-contained and keeps input text inert."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.gaps.compare import _toy_themes, compare
from socinno_lit.render.report import gap_table, report_data

HOSTILE = r"<script>alert(1)</script> & 100% {\bf x} \input{/etc/passwd} \write18{rm -rf /} \catcode`\^^M"


@pytest.fixture(scope="module")
def bundled() -> sl.Comparison:
    corpus = sl.classify(sl.load_corpus(), "denmark")
    themes = sl.ThemeModel(n_themes=5, random_state=0).fit(corpus).themes_
    return sl.compare(themes, "denmark")


def hostile_comparison() -> sl.Comparison:
    themes = _toy_themes()
    records = tuple(r.replace(title=HOSTILE) if i == 0 else r for i, r in enumerate(themes.corpus))
    labelled = type(themes)(sl.Corpus(records), (HOSTILE, "co-creation", "welfare"), themes.weights, themes.dominant)
    return compare(labelled)


@pytest.mark.parametrize("suffix", ["html", "md", "tex", "json"])
def test_every_format_is_written_and_names_the_gaps(bundled: sl.Comparison, tmp_path: Path, suffix: str) -> None:
    path = sl.write_report(bundled, tmp_path / f"report.{suffix}")
    text = path.read_text(encoding="utf-8")
    assert len(text) > 1000
    for row in bundled.rows:
        assert row.verdict in text
    for gap in bundled.gaps():
        label = gap.label if suffix != "md" else gap.label.replace("_", "\\_")
        assert label in text


def test_json_report_is_the_report_data(bundled: sl.Comparison, tmp_path: Path) -> None:
    data = json.loads(sl.write_report(bundled, tmp_path / "r.json").read_text())
    assert [t["verdict"] for t in data["themes"]] == [r.verdict for r in bundled.rows]
    assert data["focus"]["n_records"] == bundled.n_focus
    assert data["analysed"]["n_records"] == len(bundled.themes.corpus)


def test_html_is_self_contained_without_scripts_or_fetches(bundled: sl.Comparison, tmp_path: Path) -> None:
    html = sl.write_report(bundled, tmp_path / "r.html").read_text()
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html
    assert html.count("<svg") >= 2
    assert "@media print" in html


def test_hostile_title_is_inert_in_html_and_escaped_in_latex_and_markdown(tmp_path: Path) -> None:
    comparison = hostile_comparison()
    html = sl.write_report(comparison, tmp_path / "r.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tex = sl.write_report(comparison, tmp_path / "r.tex").read_text()
    for command in (r"\input{", r"\write18{", r"\catcode", r"{\bf x}"):
        assert command not in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    md = sl.write_report(comparison, tmp_path / "r.md").read_text()
    assert "<script>" not in md


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_report_with_hostile_text_compiles_without_shell_escape(tmp_path: Path) -> None:
    sl.write_report(hostile_comparison(), tmp_path / "r.tex")
    result = subprocess.run(["pdflatex", "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode", "r.tex"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "r.pdf").stat().st_size > 5000


def test_user_template_folder_is_searched_first(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.md.j2").write_text('{% extends "default/report.md.j2" %}\n', encoding="utf-8")
    (folder / "report.html.j2").write_text("<p>{{ gaps|length }} gaps for {{ focus.country }}</p>\n")
    comparison = compare(_toy_themes())
    assert sl.write_report(comparison, tmp_path / "r.html", template_dir=folder).read_text() == "<p>1 gaps for Denmark</p>\n"
    assert "crowdfunding" in sl.write_report(comparison, tmp_path / "r.md", template_dir=folder).read_text()


def test_unknown_suffix_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(sl.ConfigurationError, match="suffix"):
        sl.write_report(compare(_toy_themes()), tmp_path / "r.docx")


def test_terminal_gap_table_lists_every_theme() -> None:
    comparison = compare(_toy_themes())
    lines = gap_table(comparison).splitlines()
    assert "under-researched" in lines[1]
    # Below the rows, what the two repeat columns measure, named for it.
    legend = lines[1 + len(comparison.rows):]
    assert legend[0].startswith("q = the score test's p") and "q below 0.025" in legend[0]
    assert legend[1].startswith("boot. = Bootstrap stability: the share of 200 bootstrap resamples of the records")
    assert legend[2].startswith("refit = Refit agreement:") and "no refits in this report" in legend[2]


def test_report_data_counts_problems_duplicates_and_evidence(bundled: sl.Comparison) -> None:
    data = report_data(bundled)
    assert data["analysed"]["contexts"]["denmark"] == bundled.n_focus
    assert sum(data["analysed"]["focus_evidence"].values()) >= bundled.n_focus


@pytest.mark.parametrize("suffix", ["html", "md", "tex"])
def test_gap_sentence_agrees_in_number_with_its_count(bundled: sl.Comparison, tmp_path: Path, suffix: str) -> None:
    text = sl.write_report(bundled, tmp_path / f"report.{suffix}").read_text(encoding="utf-8")
    for gap in bundled.gaps():
        noun = "record" if gap.n_focus == 1 else "records"
        assert f"{gap.n_focus:.0f} Danish {noun} where" in text
    assert not re.search(r"(?<!\d)1 Danish records", text)  # "11 Danish records" is right
