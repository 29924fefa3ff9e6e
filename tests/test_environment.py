"""The suite sees only the packages its own environment installed.

A fresh machine's ``python3`` has nothing installed. A test that imports a package from the
base interpreter's global site-packages passes on a machine that has one and fails for
every new user, so these checks fail as soon as anything outside the README's virtual
environment becomes importable to the suite or to the environments its tests create.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from importlib import import_module, metadata
from pathlib import Path

import pytest
from conftest import PROJECT, isolated_venv, own_site_dirs

BASE_SITE = Path(sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_prefix})["purelib"])
IN_VENV = sys.prefix != sys.base_prefix
needs_venv = pytest.mark.skipif(not IN_VENV, reason="the suite is meant to run in the README's virtual environment")


def _inside(path: str | Path, folder: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def _site_dirs(paths: list[str]) -> list[str]:
    return [p for p in paths if Path(p).name in ("site-packages", "dist-packages")]


def _required_modules() -> list[str]:
    """The top-level modules of every package the project and its test extra require."""
    wanted = {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower().replace("_", "-")
              for r in metadata.requires("socinno-lit") or []}
    return sorted(module for module, dists in metadata.packages_distributions().items()
                  if not module.startswith("_") and wanted & {d.lower().replace("_", "-") for d in dists})


@needs_venv
def test_no_site_packages_outside_the_environment_are_on_the_path() -> None:
    outside = [p for p in _site_dirs(sys.path) if not _inside(p, sys.prefix)]
    assert outside == [], "the test environment sees global packages (was it made with --system-site-packages?)"


@needs_venv
def test_every_dependency_is_imported_from_the_environment() -> None:
    modules = _required_modules()
    assert {"bibtexparser", "sklearn", "pandas", "pytest", "hypothesis"} <= set(modules)
    foreign = {}
    for name in modules:
        module = import_module(name)
        where = getattr(module, "__file__", None) or next(iter(getattr(module, "__path__", [])), "")
        if not _inside(where, sys.prefix):
            foreign[name] = where
    assert foreign == {}


def test_a_new_environment_made_by_the_tests_sees_no_global_packages(tmp_path: Path) -> None:
    python = isolated_venv(tmp_path / "venv")
    shown = subprocess.run([str(python), "-c", "import json, sys; print(json.dumps(sys.path))"],
                           capture_output=True, text=True, check=True).stdout
    path = json.loads(shown)
    assert str(BASE_SITE) not in path or str(BASE_SITE) in own_site_dirs()
    assert set(own_site_dirs()) <= set(path)
    # A package that only the base interpreter has must not import there.
    own = {p.name for d in own_site_dirs() for p in Path(d).iterdir()}
    only_global = sorted(p.stem for p in BASE_SITE.glob("*") if p.is_dir() and p.name.isidentifier()
                         and p.name not in own and (p / "__init__.py").exists()) if BASE_SITE.is_dir() else []
    if IN_VENV and only_global:
        probe = subprocess.run([str(python), "-c", f"import {only_global[0]}"], capture_output=True, text=True)
        assert probe.returncode != 0, f"{only_global[0]} from the base interpreter is importable"


def test_no_test_runs_an_interpreter_from_outside_its_environment() -> None:
    """Tests start Python as ``sys.executable``: ``python3`` on the PATH may be the base interpreter."""
    leaky = re.compile(r"""system_site_packages\s*=\s*True|--system-site-packages|\[\s*["']python3?["']""")
    offenders = [f"{path.name}:{number}" for path in sorted((PROJECT / "tests").glob("*.py"))
                 if path.name != Path(__file__).name
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if leaky.search(line)]
    assert offenders == []
