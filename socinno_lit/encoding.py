"""Reading bibliography files as text, whatever encoding their exporter chose.

bibtexparser's ``parse_file`` raises ``UnicodeDecodeError`` on anything that is not
UTF-8, so files are read as bytes here: byte-order marks (UTF-8, UTF-16, UTF-32) are
honoured, BOM-less UTF-16 is recognised by its zero bytes, a declared JabRef encoding is
tried, and the rest falls back to Windows-1252 (then Latin-1) with a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .records import Problem

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"(?:%\s*Encoding|@comment\{jabref-meta: encoding)\s*:\s*([\w.-]+)", re.I)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text of a file and the encoding it was read with."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: ASCII text has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:2048])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, file: str = "<bytes>") -> DecodedText:
    """Decode the bytes of a bibliography file.

    Args:
        data: the file's bytes.
        file: the name used in problems and errors.

    Returns:
        The text (BOM removed) with the encoding used and any warning.

    Raises:
        InputError: when the bytes are binary data rather than text.

    Example:
        >>> decode_bytes("Sørensen".encode("utf-16")).text
        'Sørensen'
        >>> d = decode_bytes("Sørensen".encode("cp1252"), "old.bib")
        >>> d.text, d.encoding, d.problems[0].code
        ('Sørensen', 'cp1252', 'encoding-fallback')
    """
    found = _bom(data)
    if found:
        name, skip = found
        return DecodedText(data[skip:].decode(name, errors="replace"), name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return DecodedText(data.decode(utf16, errors="replace"), utf16)
    if b"\x00" in data[:8192]:
        raise InputError(f"{file}: this is a binary file, not a BibTeX, RIS or CSV export")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        position = err.start
    return _fallback(data, file, position)


def _fallback(data: bytes, file: str, position: int) -> DecodedText:
    line = data.count(b"\n", 0, position) + 1
    for name in filter(None, (_declared(data), "cp1252")):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return DecodedText(text, name, (_fallback_problem(file, line, name),))
    return DecodedText(data.decode("latin-1"), "latin-1", (_fallback_problem(file, line, "latin-1"),))


def _fallback_problem(file: str, line: int, encoding: str) -> Problem:
    return Problem(
        file, line, None, "encoding-fallback", "warning",
        f"the file is not valid UTF-8 (first bad byte on line {line}); it was read as {encoding}",
    )


def read_text(path: Path) -> DecodedText:
    """Read a file as text with :func:`decode_bytes`.

    Raises:
        InputError: when the file cannot be read or is binary.

    Example:
        >>> import tempfile, os
        >>> p = Path(tempfile.mkdtemp()) / "a.bib"; _ = p.write_bytes(b"\\xef\\xbb\\xbf@misc{a,}")
        >>> read_text(p).text
        '@misc{a,}'
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    return decode_bytes(data, str(path))


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line ends into LF, so line numbers mean the same everywhere.

    Example:
        >>> normalise_newlines("a\\r\\nb\\rc")
        'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")
