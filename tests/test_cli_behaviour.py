"""The command line as a careful user meets it: pipes, output formats, output checks, widths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.cli import main


def export_500() -> Path:
    """A 500-record Web of Science export."""
    return shared("formats", "wos_healthecon_part1.bib")


def command(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line with its output in a pipe; ``COLUMNS`` only when ``env`` sets it."""
    base = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return subprocess.run([sys.executable, "-m", "socinno_lit", *argv], capture_output=True, text=True,
                          check=False, timeout=300, env={**base, **(env or {})})


def test_a_reader_that_closes_the_pipe_ends_the_command_quietly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "socinno_lit", "inspect", "--json", "--evidence", str(export_500())],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(100)  # what `| head -c 100` reads
    process.stdout.close()
    status = process.wait(timeout=300)
    error = process.stderr.read().decode()
    assert first.startswith(b"{")
    assert "Traceback" not in error and "BrokenPipeError" not in error
    assert status == 141


def test_dedupe_to_ris_reads_back_as_ris_with_every_record(tmp_path: Path) -> None:
    source = shared("domain", "mendeley_digital_government.bib")
    status = main(["dedupe", str(source), "-o", str(tmp_path / "clean.ris")], out=io.StringIO())
    assert status == 0
    text = (tmp_path / "clean.ris").read_text(encoding="utf-8")
    assert text.startswith("TY  - ") and "@" not in text.split("\n", 1)[0]
    expected = sl.load(source).deduplicate()
    back = sl.load(tmp_path / "clean.ris")
    assert not [p for p in back.problems if p.severity == "error"]
    assert back.keys == expected.keys
    for old, new in zip(expected, back, strict=True):
        assert (new.title, new.year, new.doi, new.keywords, new.abstract) == (
            old.title, old.year, old.doi, old.keywords, old.abstract)
        # RIS has no braces: a name BibTeX kept whole ("{Muhammad Yusuf}") reads as "Last, First".
        assert len(new.authors) == len(old.authors)
        for was, now in zip(old.authors, new.authors, strict=True):
            assert now == was or ("," not in was and now == ", ".join(reversed(was.rsplit(" ", 1))))
        assert new.venue == old.venue and new.entry_type == old.entry_type


def test_ris_keeps_awkward_text_on_one_line_per_tag(tmp_path: Path) -> None:
    record = sl.Record(key="x", entry_type="book", title="Two\nlines and ER  - inside", authors=("Ærø, Åse",),
                       abstract="First paragraph.\n\nSecond paragraph.", year=2020, fields={"pages": "3--9"})
    path = sl.write_ris(sl.Corpus((record,)), tmp_path / "x.ris")
    (back,) = sl.load(path)
    assert (back.key, back.entry_type, back.authors, back.year) == ("x", "book", ("Ærø, Åse",), 2020)
    assert back.title == "Two lines and ER - inside" and back.abstract == "First paragraph. Second paragraph."
    assert back.fields["pages"] == "3--9"


def test_csl_json_output_is_written_or_refused_before_any_work(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = shared("domain", "mendeley_digital_government.bib")
    try:
        status = main(["dedupe", str(source), "-o", str(tmp_path / "x.json")], out=io.StringIO())
    except SystemExit as stop:  # a version without the CSL-JSON writer: a usage error
        assert stop.code == 2
        assert "CSL-JSON output is not available" in capsys.readouterr().err
        assert not (tmp_path / "x.json").exists()
        return
    assert status == 0
    assert len(json.loads((tmp_path / "x.json").read_text())) == len(sl.load(source).deduplicate())


@pytest.mark.parametrize("argv", [["bib", "-o", "{tmp}/refs.docx"], ["dedupe", "-o", "{tmp}/clean.txt"]])
def test_an_unknown_suffix_is_a_usage_error_before_the_inputs_are_read(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([argv[0], str(tmp_path / "missing.bib"), *(a.format(tmp=tmp_path) for a in argv[1:])])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "cannot tell the format from its suffix" in error and "no such file" not in error


def test_on_a_500_record_export_bad_outputs_fail_at_once() -> None:
    started = time.monotonic()
    bad_suffix = command("bib", str(export_500()), "-o", "refs.docx")
    unwritable = command("report", str(export_500()), "-o", str(export_500() / "report"))
    took = time.monotonic() - started
    assert bad_suffix.returncode == 2 and "use one of" in bad_suffix.stderr
    assert unwritable.returncode == 1 and "choose another" in unwritable.stderr
    assert "Traceback" not in bad_suffix.stderr + unwritable.stderr
    assert took < 8, f"two refusals took {took:.1f} s"


def test_an_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.bib"
    source.write_text("@article{a, title={A}}\n")
    target = tmp_path / "clean.bib"
    target.write_text("keep me\n")
    assert main(["dedupe", str(source), "-o", str(target)], out=io.StringIO()) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "add --force to overwrite" in error
    assert target.read_text() == "keep me\n"
    assert main(["dedupe", str(source), "-o", str(target), "--force"], out=io.StringIO()) == 0
    assert sl.load(target).keys == ("a",)


def test_report_refuses_a_folder_that_holds_a_report_and_a_path_under_a_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.html").write_text("old")
    assert main(["report", "-o", str(tmp_path / "out"), "--quiet"]) == 1
    assert "choose another folder, or add --force to overwrite" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main(["report", "-o", str(tmp_path / "file" / "out"), "--quiet"]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "out" / "report.html").read_text() == "old"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions stop")
def test_report_refuses_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        assert main(["report", "-o", str(folder / "out"), "--quiet"]) == 1
    finally:
        folder.chmod(0o700)
    assert "cannot write to" in capsys.readouterr().err


def test_terminal_tables_fit_the_width_with_ellipses() -> None:
    source = str(shared("domain", "mendeley_digital_government.bib"))
    for argv in (["themes", source, "--themes", "6"], ["inspect", source, "--evidence"]):
        result = command(*argv, env={"COLUMNS": "60"})
        assert result.returncode == 0, result.stderr
        text = result.stdout
        tables = text.split("\n\n")[1] if argv[0] == "themes" else text.split("\n\n")[0] + text.split("record:")[1]
        lines = tables.splitlines()
        assert len(lines) > 6 and max(len(line) for line in lines) <= 60
        assert any(line.endswith("…") or "… " in line for line in lines)
    wide = command("themes", source, "--themes", "6").stdout  # a pipe: nothing cut
    themes = sl.ThemeModel(n_themes=6, random_state=0).fit(sl.load(source).deduplicate()).themes_
    assert all(label in wide for label in themes.labels) and "…" not in wide
    narrow = command("themes", source, "--themes", "6", env={"COLUMNS": "60"}).stdout
    full = {line.split()[0]: line for line in wide.splitlines() if line[:3].strip().isdigit()}
    for line in narrow.splitlines():
        if line[:3].strip().isdigit():  # a cut cell ends in an ellipsis and is a start of the full one
            label = line[21:].split("  ")[0].strip()
            assert label in full[line.split()[0]] or label.endswith("…") and label[:-1] in full[line.split()[0]]
