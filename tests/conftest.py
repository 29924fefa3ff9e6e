"""Shared fixtures: the real data beside the project (``../shared/data``), read in place.

The sweeps and damage tests read every file in that folder. To run them on other real
exports, point ``SOCINNO_REAL_DATA`` at a folder of them::

    SOCINNO_REAL_DATA=~/exports python3 -m pytest -q tests/test_real_data.py tests/test_damage.py
"""

from __future__ import annotations

import os
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("SOCINNO_REAL_DATA") or PROJECT.parent / "shared" / "data").expanduser().resolve()


def shared(*parts: str) -> Path:
    """The path of a file in the shared real data; the test is skipped when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {os.path.join(*parts)}")
    return path


def own_site_dirs() -> list[str]:
    """The site-packages folders of the environment running the tests."""
    return sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})


def isolated_venv(env_dir: Path) -> Path:
    """A new virtual environment that sees this test environment's packages and nothing else.

    Sharing the system site-packages would be wrong here: created from inside a virtual
    environment, its "system" is the base interpreter, whose global packages a fresh
    machine does not have. Instead the test environment's own site-packages folders are
    added as plain paths (a ``.pth`` line), so the packages installed by the README's
    command are importable, while that folder's own ``.pth`` files, such as the editable
    install of this checkout, are not run.

    Returns:
        The new environment's ``python``.
    """
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_test_environment.pth").write_text("\n".join(own_site_dirs()) + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real bibliographic exports, or skip when it is not beside the project."""
    if not SHARED_DATA.is_dir():
        pytest.skip("the shared real data folder is not beside the project")
    return SHARED_DATA


# Hypothesis profiles for the property tests (tests/test_damage.py, tests/test_fuzz.py).
# "ci" is the default: derandomized, so every CI run tries the same cases and finishes in
# a few minutes. "long" is for a run by hand, selected with ``--hypothesis-profile=long``
# or ``SOCINNO_HYPOTHESIS_PROFILE=long``; tests scale their example counts from the
# profile's ``max_examples`` (see ``examples`` in tests/test_damage.py).
from hypothesis import HealthCheck, settings  # noqa: E402

_QUIET_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                 HealthCheck.large_base_example]
settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, database=None,
                          print_blob=True, suppress_health_check=_QUIET_CHECKS)
settings.register_profile("long", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=_QUIET_CHECKS)
settings.load_profile(os.environ.get("SOCINNO_HYPOTHESIS_PROFILE", "ci"))
