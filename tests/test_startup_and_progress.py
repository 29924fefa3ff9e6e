"""Commands start without the heavy libraries, and show honest progress on a terminal only."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared

from socinno_lit.cli import main

HEAVY = ("sklearn", "pandas", "scipy")
_PROBE = """
import contextlib, io, json, sys
from socinno_lit.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_modules_after(*args: str) -> list[str]:
    probe = _PROBE.format(heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("report", "--help")])
def test_version_and_help_import_no_heavy_library(args: tuple[str, ...]) -> None:
    assert _heavy_modules_after(*args) == []


def test_inspect_imports_no_heavy_library() -> None:
    assert _heavy_modules_after("inspect", str(shared("domain", "scopus_policy_diffusion.bib"))) == []


def test_the_library_imports_stages_only_when_used() -> None:
    probe = ("import sys, socinno_lit as sl; before = [m for m in ('sklearn', 'pandas', 'scipy') if m in sys.modules];"
             "sl.ThemeModel; print(before, 'sklearn' in sys.modules or 'scipy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]", "False"]  # ThemeModel itself imports scikit-learn only to fit


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _counters(text: str) -> list[tuple[int, int]]:
    return [(int(n), int(total)) for n, total in re.findall(r"\b(\d+)/(\d+) \[", text)]


@pytest.mark.parametrize("extra", [(), ("--no-stability",)])
def test_report_progress_counts_every_step_and_never_overruns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              extra: tuple[str, ...]) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bib = shared("domain", "mendeley_digital_government.bib")
    assert main(["report", str(bib), "-o", str(tmp_path / "out"), "--themes", "4", *extra], out=io.StringIO()) == 0
    seen = _counters(terminal.getvalue())
    assert "/?" not in terminal.getvalue()
    totals = {total for _, total in seen}
    assert len(totals) == 1
    total = totals.pop()
    # n counts finished steps: every step but the last has finished when the last starts.
    assert max(n for n, _ in seen) == total - 1


@pytest.mark.parametrize("command", [["themes", "--themes", "3"], ["dedupe", "-o", "{out}/clean.bib"],
                                     ["bib", "-o", "{out}/annotated.md", "--themes", "3"], ["inspect"]])
def test_other_commands_show_progress_on_a_terminal_and_not_with_quiet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    bib = str(shared("domain", "mendeley_digital_government.bib"))
    for quiet, run in ((False, "a"), (True, "b")):
        (tmp_path / run).mkdir()
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        args = [part.format(out=tmp_path / run) for part in command] + [bib] + (["--quiet"] if quiet else [])
        assert main(args, out=io.StringIO()) == 0
        seen = _counters(terminal.getvalue())
        if quiet:
            assert terminal.getvalue() == ""
        else:
            total = seen[0][1]
            assert max(n for n, _ in seen) == total - 1 and all(t == total for _, t in seen)


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    bib = str(shared("domain", "mendeley_digital_government.bib"))
    result = subprocess.run([sys.executable, "-m", "socinno_lit", "dedupe", bib, "-o", str(tmp_path / "c.bib")],
                            capture_output=True, text=True, check=True)
    assert result.stderr == ""
