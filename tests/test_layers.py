"""The package reads like the flow: stages import only the stages below them, without cycles.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and are checked by
import-linter, the tool made for it; these tests run it and make sure that every module at
the top of the package has its place in a layer, so that a new one cannot slip past.
"""

from __future__ import annotations

import pkgutil
import re
import tomllib

import pytest
from conftest import PROJECT

import socinno_lit

CONFIG = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def _contract(kind: str) -> dict:
    (contract,) = [c for c in CONFIG["contracts"] if c["type"] == kind]
    return contract


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(PROJECT)
    status = lint_imports(config_filename=str(PROJECT / "pyproject.toml"), no_cache=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "2 kept, 0 broken" in report


def test_every_top_level_module_has_a_layer() -> None:
    layered = {name.strip() for layer in _contract("layers")["layers"] for name in re.split(r"[|:]", layer)}
    modules = {f"socinno_lit.{m.name}" for m in pkgutil.iter_modules(socinno_lit.__path__)} - {"socinno_lit.__main__"}
    assert modules - layered == set()
    assert layered - modules == set()


def test_every_stage_is_checked_for_cycles() -> None:
    stages = {f"socinno_lit.{m.name}" for m in pkgutil.iter_modules(socinno_lit.__path__) if m.ispkg}
    assert stages == {"socinno_lit.read", "socinno_lit.context", "socinno_lit.themes", "socinno_lit.gaps",
                      "socinno_lit.render", "socinno_lit.enrich"}
    assert set(_contract("acyclic_siblings")["ancestors"]) == stages | {"socinno_lit"}
