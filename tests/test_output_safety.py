"""Text from input files is inert in every output, and outputs are reproducible."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.cli import main
from socinno_lit.gaps.compare import _toy_themes, compare
from socinno_lit.read.abstracts import write_abstracts

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ATTACKS = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<svg onload=\"document.title='PWNED'\"></svg>",
    "</title><script>document.title='PWNED'</script>",
]


def chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={cwd / 'profile'}", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def hostile_report(tmp_path: Path) -> Path:
    themes = _toy_themes()
    records = tuple(r.replace(title=ATTACKS[i % len(ATTACKS)]) for i, r in enumerate(themes.corpus))
    labels = (ATTACKS[0], ATTACKS[1], ATTACKS[2])
    hostile = type(themes)(sl.Corpus(records), labels, themes.weights, themes.dominant)
    return sl.write_report(compare(hostile), tmp_path / "report.html")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_hostile_titles_run_no_script_in_a_real_browser(tmp_path: Path) -> None:
    page = hostile_report(tmp_path)
    result = chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<title>PWNED</title>" not in dom
    assert "Where is Danish research thin?" in dom
    assert "&lt;script&gt;" in dom


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_on_real_exports_opens_and_screenshots(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "domain"
    if not data.is_dir():
        pytest.skip("real data not available")
    status = main(["report", str(data / "mendeley_digital_government.bib"), str(data / "scopus_policy_diffusion.bib"),
                   "-o", str(tmp_path / "out"), "--themes", "6", "--no-stability", "--quiet"])
    assert status == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names >= {"report.html", "report.md", "report.tex", "report.json", "gaps.csv", "gaps.json",
                     "annotated-bibliography.html", "annotated-bibliography.md", "enriched.bib"}
    shot = tmp_path / "shot.png"
    result = chromium("--window-size=1200,2400", f"--screenshot={shot}", (tmp_path / "out" / "report.html").as_uri(),
                      cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_citation_keys_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    records = [sl.Record(key=key, abstract=f"Abstract {i}.") for i, key in
               enumerate(["../../etc/passwd", "/absolute/path", "C:\\\\windows\\\\x", "..", "a/../../b", "ok"])]
    folder = tmp_path / "abstracts"
    written = write_abstracts(records, folder)
    assert len(written) == len(records)
    for path in written:
        assert path.resolve().parent == folder.resolve()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    reloaded = sl.load(_bib(tmp_path, records), abstracts=folder)
    assert [r.abstract for r in reloaded] == [r.abstract for r in records]


def _bib(tmp_path: Path, records: list[sl.Record]) -> Path:
    return sl.write_bibtex(sl.Corpus(tuple(r.replace(fields={"title": "t"}) for r in records)), tmp_path / "k.bib")


def test_same_inputs_and_seed_give_byte_identical_outputs(tmp_path: Path) -> None:
    for run in ("first", "second"):
        assert main(["report", "-o", str(tmp_path / run), "--themes", "5", "--seed", "3", "--quiet"]) == 0
    first = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert first == sorted(p.name for p in (tmp_path / "second").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "first", tmp_path / "second", first, shallow=False)
    assert mismatch == [] and errors == []


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    target = tmp_path / "report.html"
    target.write_text("the good old report")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt  # the user pressed Ctrl-C just before the rename

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        sl.write_report(compare(_toy_themes()), target)
    assert target.read_text() == "the good old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
