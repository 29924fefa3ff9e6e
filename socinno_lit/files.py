"""Writing output files atomically: a half-written report never replaces a good one.

:func:`check_output_file` and :func:`check_output_folder` tell, before any work is done,
whether the outputs can be written, and say what to do when they cannot.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError, OutputError


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or what a plain ``open`` would give under the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: str | os.PathLike[str], text: str | Iterable[str], *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    ``text`` may also be pieces of text, written one after the other, so that a large
    file is never held whole in memory.

    The parent folder is created when missing. An interruption leaves either the old
    file or the new one, never a mixture.

    Raises:
        InputError: the folder cannot be created or written to.

    Example:
        >>> import tempfile
        >>> p = atomic_write_text(Path(tempfile.mkdtemp()) / "out" / "a.txt", "done")
        >>> p.read_text()
        'done'
        >>> atomic_write_text(p, (part for part in ["do", "ne"])).read_text()
        'done'
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise InputError(f"{target}: cannot write here ({err.strerror or err})") from None
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="\n") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
        os.chmod(temporary, _mode_for(target))  # mkstemp makes 0600; a report is for others too
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _probe(folder: Path) -> None:
    """Fail unless a file can be created in ``folder`` or, when it does not exist yet, its
    nearest existing ancestor: trying is the only test that holds for every user and file system."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{existing} is a file, not a folder; choose another place for the output")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as err:
        raise OutputError(f"cannot write to {existing} ({err.strerror or err}); choose another folder") from None


def check_output_file(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Check, before any work, that ``path`` can be written and would overwrite nothing unasked.

    Raises:
        OutputError: ``path`` is a folder, exists (without ``force``), or its folder
            cannot be written; the message says what to do.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> check_output_file(folder / "new" / "clean.bib").name
        'clean.bib'
        >>> _ = (folder / "old.bib").write_text("")
        >>> check_output_file(folder / "old.bib")
        Traceback (most recent call last):
        ...
        socinno_lit.errors.OutputError: ... exists; choose another name, or add --force to overwrite it
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target} is a folder; name a file to write")
    if target.exists() and not force:
        raise OutputError(f"{target} exists; choose another name, or add --force to overwrite it")
    _probe(target.parent)
    return target


def check_output_folder(folder: str | os.PathLike[str], names: Iterable[str], *, force: bool = False) -> Path:
    """Check, before any work, that the files ``names`` can be written into ``folder``.

    Raises:
        OutputError: ``folder`` is a file, cannot be written, or already holds some of
            the files (without ``force``); the message says what to do.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "report.md").write_text("")
        >>> check_output_folder(folder, ["report.html", "report.md"])
        Traceback (most recent call last):
        ...
        socinno_lit.errors.OutputError: ... already holds report.md; choose another folder, or add --force to overwrite
        >>> check_output_folder(folder, ["report.md"], force=True) == folder
        True
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file, not a folder; choose another folder")
    present = [name for name in names if (target / name).exists()]
    if present and not force:
        raise OutputError(f"{target} already holds {', '.join(present)}; "
                          "choose another folder, or add --force to overwrite")
    _probe(target)
    return target
