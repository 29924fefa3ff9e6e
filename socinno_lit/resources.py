"""Where the packaged data lives: ``corpus/`` and ``templates/``.

In a wheel both are inside the package (the build maps the top-level folders there);
in an editable install or a source checkout they are beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError


def packaged_folder(name: str) -> Path:
    """The folder ``name`` shipped with the library (``"corpus"`` or ``"templates"``).

    Raises:
        InputError: when the installation lacks the folder.

    Example:
        >>> packaged_folder("corpus").name
        'corpus'
    """
    inside = Path(str(resources.files("socinno_lit"))) / name
    if inside.is_dir():
        return inside
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    raise InputError(f"the installation of socinno_lit has no '{name}' folder; reinstall the package")
