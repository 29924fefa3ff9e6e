"""Shared fixtures: the real data beside the project (``../shared/data``), read in place."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """The path of a file in the shared real data; the test is skipped when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path.relative_to(SHARED_DATA.parent.parent)}")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real bibliographic exports, or skip when it is not beside the project."""
    if not SHARED_DATA.is_dir():
        pytest.skip("the shared real data folder is not beside the project")
    return SHARED_DATA
