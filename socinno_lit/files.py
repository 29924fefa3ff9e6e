"""Writing output files atomically: a half-written report never replaces a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or what a plain ``open`` would give under the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    The parent folder is created when missing. An interruption leaves either the old
    file or the new one, never a mixture.

    Raises:
        InputError: the folder cannot be created or written to.

    Example:
        >>> import tempfile
        >>> p = atomic_write_text(Path(tempfile.mkdtemp()) / "out" / "a.txt", "done")
        >>> p.read_text()
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
            stream.write(text)
        os.chmod(temporary, _mode_for(target))  # mkstemp makes 0600; a report is for others too
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
