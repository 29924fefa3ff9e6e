"""The command line: the main job, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_inspect_without_input_reports_on_the_bundled_corpus() -> None:
    status, text = run("inspect")
    assert status == 0
    assert "social_entrepreneurship.bib" in text
    assert "records read" in text


def test_inspect_json_for_scripts(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={A}, doi={10.1000/x}}\n@article{b, title={A}, doi={10.1000/X}}\n@article{c, title={broken\n\n")
    status, text = run("inspect", str(bib), "--json")
    data = json.loads(text)
    assert status == 0
    (row,) = data["files"]
    assert row["records"] == 2 and row["duplicates"] == 1
    assert row["problems"]["unparsable-entry"] == 1
    assert data["after_deduplication"] == 1
    assert len(data["errors"]) == 1


def test_dedupe_writes_clean_bibtex(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, title={A}, doi={10.1000/x}}\n@article{b, title={A}, doi={10.1000/X}, abstract={Text}}\n")
    status, text = run("dedupe", str(bib), "-o", str(tmp_path / "clean.bib"))
    assert status == 0 and "1 duplicates merged" in text
    clean = sl.load(tmp_path / "clean.bib")
    assert clean.keys == ("a",) and clean["a"].abstract == "Text"


@pytest.mark.parametrize(
    ("argv", "status"),
    [(["inspect", "no/such/file.bib"], 1), (["frobnicate"], 2), (["dedupe", "x.bib"], 2)],
)
def test_exit_status_and_one_line_error(argv: list[str], status: int, capsys: pytest.CaptureFixture[str]) -> None:
    if status == 2:
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 2
        return
    assert main(argv) == status
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("socinno-lit: error:")
    assert "Traceback" not in err


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "socinno_lit", "inspect", str(tmp_path / "nope.bib")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no such file" in result.stderr


def test_report_writes_every_file_and_prints_the_gap_table(tmp_path: Path) -> None:
    from conftest import shared

    status, text = run("report", str(shared("domain", "mendeley_digital_government.bib")), "-o", str(tmp_path / "out"),
                       "--themes", "4", "--no-stability")
    assert status == 0
    assert text.splitlines()[0].startswith("theme")
    assert "Wrote 11 files" in text
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {"report.html", "report.md", "report.tex", "report.json", "gaps.csv", "gaps.json",
                     "gaps-columns.csv", "subthemes.csv",
                     "annotated-bibliography.html", "annotated-bibliography.md", "enriched.bib"}
    gaps = json.loads((tmp_path / "out" / "gaps.json").read_text())
    assert len(gaps) == 4 and {"theme", "verdict", "q_value"} <= set(gaps[0])
    with (tmp_path / "out" / "subthemes.csv").open(encoding="utf-8", newline="") as f:
        subthemes = list(csv.DictReader(f))
    assert len(subthemes) > 4 and {int(r["parent"]) for r in subthemes} <= set(range(4))
    # Every column of gaps.csv, gaps.json and subthemes.csv is defined, the two repeat figures by what they measure.
    with (tmp_path / "out" / "gaps-columns.csv").open(encoding="utf-8", newline="") as f:
        meaning = {row["column"]: row["definition"] for row in csv.DictReader(f)}
    assert list(meaning) == list(subthemes[0]) and set(gaps[0]) < set(meaning)
    assert all(meaning.values())
    assert meaning["stability"].startswith("Bootstrap stability: the share of 200 bootstrap resamples of the records")
    assert meaning["refit_agreement"].startswith("Refit agreement:") and "no refits" in meaning["refit_agreement"]


def test_themes_and_bib_commands(tmp_path: Path) -> None:
    from conftest import shared

    path = str(shared("domain", "mendeley_digital_government.bib"))
    status, text = run("themes", path, "--themes", "4")
    assert status == 0 and "4 themes in" in text
    status, text = run("bib", path, "-o", str(tmp_path / "refs.md"), "--style", "chicago", "--group", "context")
    assert status == 0 and (tmp_path / "refs.md").read_text().count("\n") > 90


@pytest.mark.parametrize("bad", [["report", "--themes", "1"], ["report", "--themes", "many"], ["report", "--method", "x"]])
def test_bad_option_values_are_usage_errors(bad: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(bad)
    assert caught.value.code == 2


def test_unknown_context_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--context", "narnia"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("socinno-lit: error: unknown context 'narnia'") and err.count("\n") == 1


def test_a_folder_of_folders_is_read_with_recursive_and_named_in_the_error_without(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zotero" / "Exported Items").mkdir(parents=True)
    (tmp_path / "scopus").mkdir()
    (tmp_path / "zotero" / "Exported Items" / "items.bib").write_text("@article{a, title={A}}\n")
    (tmp_path / "scopus" / "scopus.ris").write_text("TY  - JOUR\nTI  - B\nER  - \n")
    status, _ = run("inspect", str(tmp_path))
    assert status == 1
    assert "its sub-folders hold 2" in capsys.readouterr().err
    status, text = run("inspect", "--recursive", str(tmp_path), "--json")
    assert status == 0
    assert sorted(Path(row["file"]).name for row in json.loads(text)["files"]) == ["items.bib", "scopus.ris"]
    assert len(sl.load(tmp_path, recursive=True)) == 2
