"""Reading bibliography files as text, whatever encoding their exporter chose.

bibtexparser's ``parse_file`` raises ``UnicodeDecodeError`` on anything that is not
UTF-8, so files are read as bytes here: byte-order marks (UTF-8, UTF-16, UTF-32) are
honoured and BOM-less UTF-16 is recognised by its zero bytes. Everything else is read as
UTF-8 wherever it is valid UTF-8, and the bytes that are not are read one by one as
Windows-1252 (or the single-byte encoding the file declares), with a warning. So an old
Windows-1252 JabRef file reads as before, and a UTF-8 file with a few pasted Windows-1252
bytes keeps every UTF-8 character intact instead of turning into mojibake as a whole.

:class:`TextDecoder` does this chunk by chunk for files too large to hold twice in memory;
:func:`decode_bytes` is the same decoder run once over the whole file.
"""

from __future__ import annotations

import codecs
import re
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Problem

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# JabRef's "% Encoding: X" and "jabref-meta: encoding", and Emacs's "-*- coding: X -*-".
_DECLARED = re.compile(
    rb"(?:%\s*Encoding|@comment\{jabref-meta: encoding|-\*-[^\n]*?\bcoding)\s*:\s*([\w.-]+)", re.I)
_EMACS_EOL = re.compile(r"-(?:unix|dos|mac)$")
# Control bytes that text files do not contain (tab, line ends, form feed, DOS's end-of-file
# mark and ESC excepted).
_CONTROL = bytes([*range(0, 9), *range(14, 26), *range(28, 32), 127])
# What a bibliography looks like: ``@type{key,``, a ``name = {`` line, or a RIS tag
# (``AU  -``) or Web of Science tag (``AU ``) at a line start.
_STRUCTURE = re.compile(rb"@[ \t]*[A-Za-z][\w-]+[ \t]*[{(][^\x00-\x20\x7f-\xff,{}()=]{0,80}[ \t]*[,})=]"
                        rb"|(?:^|[\r\n])(?:[ \t]*[A-Za-z][\w:.+/-]{2,}[ \t]*=[ \t]*[{\"\w]|[A-Z][A-Z0-9]  -"
                        rb"|(?:PT|FN|VR|AU|AF|TI|SO|PY|ER)(?: |\r|\n))")
_SAMPLE = 8192
_FALLBACK = "cp1252"

# Byte positions of decoding errors met by the active decoder (see _handler).
_ERRORS: ContextVar[list[int] | None] = ContextVar("socinno_lit_decoding_errors", default=None)


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
    """Guess UTF-16 without a BOM: ASCII text has a zero in every other byte.

    The zeros must run through the whole sample, not sit in one part of it: a UTF-16
    fragment pasted at the top of a UTF-8 file does not make the file UTF-16.
    """
    sample = data[:4096]
    if len(sample) < 16:  # too short to tell "\x00a\x00b" from a stray NUL or two
        return None
    for name, zeros, others in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        if sample[zeros::2].count(0) > 0.4 * len(sample[zeros::2]) \
                and sample[others::2].count(0) < 0.2 * len(sample[others::2]) \
                and _zeros_throughout(sample, zeros):
            return name
    return None


def _zeros_throughout(sample: bytes, parity: int) -> bool:
    """Whether three blocks of four (64 bytes each) have zeros at ``parity`` positions."""
    blocks = [sample[i:i + 64] for i in range(0, len(sample), 64)]
    return sum(1 for block in blocks if block[parity::2].count(0) * 4 > len(block)) * 4 >= len(blocks) * 3


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:2048])
    if not match:
        return None
    name = _EMACS_EOL.sub("", match.group(1).decode("ascii", "replace"))
    for candidate in (name, name.replace("latin-", "latin")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def looks_binary(sample: bytes) -> bool:
    """True for data that is not text: control bytes throughout and no bibliography structure.

    A text file with a few stray control bytes (a NUL, a pasted UTF-16 fragment) is still
    text, above all when it plainly holds entries: in binary data the control bytes are
    spread over the whole sample, in damaged text they sit in a few places.

    Example:
        >>> looks_binary(bytes(range(256)) * 4), looks_binary(b"@article{a,\\x00 title={T}}")
        (True, False)
    """
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls < max(4, len(sample) // 100) or _STRUCTURE.search(sample):
        return False
    blocks = [sample[i:i + 64] for i in range(0, len(sample), 64)]
    dirty = sum(1 for block in blocks if len(block.translate(None, _CONTROL)) < len(block))
    return dirty * 3 > len(blocks)


def _single_byte(codec: str) -> bool:
    """One character per byte, nearly every byte defined (cp1252 leaves five undefined)."""
    return len(bytes(range(256)).decode(codec, errors="ignore")) >= 250


def _handler(fallback: str) -> str:
    """The name of a codec error handler that reads each bad byte in ``fallback``."""
    name = f"socinno-lit-{fallback}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        table = {b: bytes([b]).decode(fallback, errors="replace") for b in range(256)}
        # Bytes the fallback leaves undefined (0x81 in cp1252) keep their Latin-1 meaning.
        table = {b: (chr(b) if ch == "\ufffd" else ch) for b, ch in table.items()}

        def handle(err: UnicodeError) -> tuple[str, int]:
            assert isinstance(err, UnicodeDecodeError)
            _record(err.start)
            return "".join(table[b] for b in err.object[err.start:err.end]), err.end

        codecs.register_error(name, handle)
    return name


def _replace_handler() -> str:
    """The name of an error handler that replaces bad bytes by U+FFFD and records them."""
    name = "socinno-lit-replace"
    try:
        codecs.lookup_error(name)
    except LookupError:
        def handle(err: UnicodeError) -> tuple[str, int]:
            assert isinstance(err, UnicodeDecodeError)
            _record(err.start)
            return "\ufffd", err.end

        codecs.register_error(name, handle)
    return name


def _record(position: int) -> None:
    errors = _ERRORS.get()
    if errors is not None and not errors:
        errors.append(position)  # the first one is all a message needs


def _valid_utf8(head: bytes, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final)
    except UnicodeDecodeError:
        return False
    return True


class TextDecoder:
    """Decodes the bytes of one file, whole or in consecutive chunks, always the same way.

    The encoding is chosen from the first bytes given (``head``): the whole file for
    :func:`decode_bytes`, the first chunk of a large file.

    Args:
        head: the first bytes of the file.
        file: the name used in problems and errors.
        final: whether ``head`` is the whole file.

    Raises:
        InputError: when the bytes are binary data rather than text.

    Example:
        >>> data = "Sørensen\\n".encode() + "Ærø".encode("cp1252")
        >>> decoder = TextDecoder(data[:5], "mixed.bib")
        >>> decoder.decode(data[:5]) + decoder.decode(data[5:], final=True)
        'Sørensen\\nÆrø'
        >>> [(p.code, p.line) for p in decoder.problems]
        [('encoding-fallback', 2)]
    """

    def __init__(self, head: bytes, file: str, *, final: bool = False) -> None:
        self.file = file
        self._skip = 0
        self._fallback: str | None = None
        self._problems: list[Problem] = []
        self._lines = 0  # line breaks in the text decoded so far
        self._ends_in_cr = False
        self._bytes_in = 0
        self._chars_out = 0
        self.codec = self._choose(head, final)
        errors = _handler(self._fallback) if self._fallback else _replace_handler()
        self._decoder = codecs.getincrementaldecoder(self.codec)(errors=errors)

    def _choose(self, head: bytes, final: bool) -> str:
        found = _bom(head)
        if found and found[0] != "utf-8":
            self._skip = found[1]
            return found[0]
        if found:
            self._skip = found[1]
        elif utf16 := _bomless_utf16(head):
            return utf16
        if looks_binary(head[self._skip:self._skip + _SAMPLE]):
            raise InputError(f"{self.file}: this is a binary file, not a BibTeX, RIS or CSV export")
        declared = _declared(head)
        if declared and declared != "utf-8" and not _single_byte(declared) \
                and not _valid_utf8(head[self._skip:], final) and _decodes(head[self._skip:], declared, final):
            return declared
        self._fallback = declared if declared and _single_byte(declared) else _FALLBACK
        return "utf-8"

    @property
    def encoding(self) -> str:
        """The encoding used so far: ``utf-8``, ``cp1252`` (no UTF-8 at all), ``utf-8+cp1252`` ..."""
        if not (self._fallback and self._fell_back):
            return self.codec
        return self._fallback if self._chars_out == self._bytes_in - self._skip else f"utf-8+{self._fallback}"

    @property
    def _fell_back(self) -> bool:
        return any(p.code == "encoding-fallback" for p in self._problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What decoding met: bytes read in the fallback encoding, bytes replaced, NUL bytes."""
        return tuple(self._problems)

    def decode(self, data: bytes, *, final: bool = False) -> str:
        """The text of the next chunk of bytes (a multi-byte character may span chunks)."""
        start = 0
        if self._bytes_in < self._skip:  # the BOM, possibly split over the first chunks
            start = min(len(data), self._skip - self._bytes_in)
        self._bytes_in += len(data)
        errors: list[int] = []
        token = _ERRORS.set(errors)
        try:
            text = self._decoder.decode(data[start:] if start else data, final)
        finally:
            _ERRORS.reset(token)
        if errors:
            self._note_error(data, start + errors[0])
        if "\x00" in text:
            self._note_nul(text)
            text = text.replace("\x00", "\ufffd")
        self._chars_out += len(text)
        self._lines += text.count("\n") + text.count("\r") - text.count("\r\n")
        if self._ends_in_cr and text.startswith("\n"):
            self._lines -= 1  # a CRLF split between two chunks is one line end
        self._ends_in_cr = text.endswith("\r") or (self._ends_in_cr and not text)
        return text

    def _line_at(self, data: bytes, position: int) -> int:
        before = data[:max(0, position)]
        if self.codec != "utf-8":
            before = before.decode(self.codec, errors="ignore").encode("utf-8")
        split_crlf = self._ends_in_cr and before.startswith(b"\n")  # its CR was counted already
        return self._lines + before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") - split_crlf + 1

    def _note_error(self, data: bytes, position: int) -> None:
        codes = {p.code for p in self._problems}
        line = self._line_at(data, position)
        if self._fallback and "encoding-fallback" not in codes:
            self._problems.append(Problem(
                self.file, line, None, "encoding-fallback", "warning",
                f"the file is not valid UTF-8 (first bad byte on line {line}); "
                f"the bytes that are not were read as {self._fallback}"))
        elif not self._fallback and "invalid-bytes" not in codes:
            self._problems.append(Problem(
                self.file, line, None, "invalid-bytes", "warning",
                f"the file has bytes that are not valid {self.codec} (the first on line {line}); "
                "they were replaced by U+FFFD"))

    def _note_nul(self, text: str) -> None:
        if not any(p.code == "nul-bytes" for p in self._problems):
            self._problems.append(Problem(
                self.file, None, None, "nul-bytes", "warning",
                "the file contains NUL bytes, which text never holds; they were replaced by U+FFFD"))


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)().decode(data, final)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


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
        >>> decode_bytes("Sørensen and ".encode() + "Ærø".encode("cp1252")).text
        'Sørensen and Ærø'
    """
    if data.isascii() and not looks_binary(data[:_SAMPLE]) and b"\x00" not in data:
        return DecodedText(data.decode("ascii"), "utf-8")  # most files: nothing to decide
    decoder = TextDecoder(data, file, final=True)
    text = decoder.decode(data, final=True)
    return DecodedText(text, decoder.encoding, decoder.problems)


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
