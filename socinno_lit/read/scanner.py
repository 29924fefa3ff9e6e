"""A fast scanner for well-formed BibTeX entries, with bibtexparser v2 for everything else.

Measured on 20,391 real Scopus and Mendeley entries (benchmarks/README.md): bibtexparser
v2's splitter alone took 7-8 s of a 13 s load, because it visits every brace, quote,
comma and newline from Python. This scanner jumps between delimiters with compiled
regular expressions and reads a well-formed entry in one pass. Any block it is not sure
of (unbalanced braces, a new ``@entry`` inside a value, odd keys) is handed, as a region
of text, to bibtexparser v2, which stays the parser of record for broken input and
produces the error messages. A few defects whose reading is plain (no key, a field
without a value, a missing comma between fields, ``{`` closed by ``)``) are read here,
with a note that becomes a warning.

The rules follow bibtexparser's splitter, so both paths read the same values: a brace
or quote preceded by a backslash is not a delimiter, and an ``@type{`` at the start of a
line ends whatever was open before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A value piece: ("{", text) braced, ('"', text) quoted, ("w", word) a macro or number.
Piece = tuple[str, str]

# An entry may start a line, follow the closing brace of the previous one ("}@ARTICLE{"),
# or stand after text that is not part of a word, an e-mail address or a command. As in
# BibTeX itself, white space between "@", the type and the brace may include line breaks.
ENTRY_START = re.compile(r"(?<![\w.@\-+\\])@\s*([A-Za-z][\w-]*)\s*([{(])")
_LINE_START_ENTRY = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")
_KEY = re.compile(r"[ \t\r\n]*([^,\s{}()=\"#%]*(?:[ \t]+[^,\s{}()=\"#%]+)*)[ \t\r\n]*([,})])")
_FIELD = re.compile(r"\s*((?:,\s*)*)([A-Za-z_][\w:.+\-/]*)\s*=\s*")
_BARE = re.compile(r"[^\s,#{}()\"=]+")
# A field name alone on its line ("  day,"), as EndNote writes an empty field; a key with
# commas ("@article{Lenssen,Mollie,2013,") stays on the entry's first line.
_NO_VALUE = re.compile(r"[ \t]*\n\s*([A-Za-z_][\w:.+\-/]*)(?=\s*[,})])")
_HASH = re.compile(r"\s*#\s*")
_AFTER_VALUE = re.compile(r"\s*([,})])")
_BRACE = re.compile(r"(?<!\\)[{}]")
_QUOTE_OR_BRACE = re.compile(r'(?<!\\)[{}"]')
_SKIP_TYPES = frozenset({"comment", "preamble"})


@dataclass(frozen=True, slots=True)
class ScannedEntry:
    """A well-formed entry (or ``@string``): type, key and fields as value pieces."""

    entry_type: str
    key: str
    fields: tuple[tuple[str, tuple[Piece, ...]], ...]
    line: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """Text the scanner leaves to bibtexparser, and the 1-based line it starts on."""

    text: str
    line: int


class _Unsure(Exception):
    """The entry is not plainly well-formed; bibtexparser shall read it."""


def match_brace(text: str, start: int, limit: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start``, or -1 within ``limit``.

    Example:
        >>> match_brace("{a {b} c} d", 0, 11)
        8
    """
    end = text.find("}", start + 1, limit)
    if end > 0 and text[end - 1] != "\\" and text.find("{", start + 1, end) < 0:
        return end  # the common case, a value without inner braces, found at C speed
    depth = 0
    for match in _BRACE.finditer(text, start, limit):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    return -1


def match_quote(text: str, start: int, limit: int) -> int:
    """Index of the ``"`` closing the quoted value at ``start`` (braces may hold quotes).

    Example:
        >>> match_quote('"a {"} b" c', 0, 11)
        8
    """
    depth = 0
    for match in _QUOTE_OR_BRACE.finditer(text, start + 1, limit):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return -1
        elif depth == 0:
            return match.start()
    return -1


class _Reader:
    """Reads the entries of one text; ``limit`` is where the current block must end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.limit = len(text)

    def value(self, pos: int) -> tuple[tuple[Piece, ...], int]:
        text, pieces = self.text, []
        while True:
            char = text[pos] if pos < self.limit else ""
            if char == "{":
                end = match_brace(text, pos, self.limit)
                kind = "{"
            elif char == '"':
                end = match_quote(text, pos, self.limit)
                kind = '"'
            else:
                word = _BARE.match(text, pos, self.limit)
                if not word:
                    raise _Unsure
                pieces.append(("w", word.group()))
                pos = word.end()
                end = None
            if end is not None:
                if end < 0:
                    raise _Unsure
                pieces.append((kind, text[pos + 1 : end]))
                pos = end + 1
            joined = _HASH.match(text, pos, self.limit)
            if not joined:
                return tuple(pieces), pos
            pos = joined.end()

    def entry(self, pos: int, close: str) -> tuple[str, list[tuple[str, tuple[Piece, ...]]], int]:
        """Key, fields and the end position of an entry whose body starts at ``pos``.

        ``self.note`` says what was tolerated that bibtexparser would reject.
        """
        self.note: str | None = None
        key, pos = self._key(pos, close)
        fields: list[tuple[str, tuple[Piece, ...]]] = []
        if pos < 0:
            return key, fields, -pos
        while True:
            name = _FIELD.match(self.text, pos, self.limit)
            if not name:
                bare = _NO_VALUE.match(self.text, pos, self.limit)
                if bare:  # "day," (EndNote): a field name without "=" or value
                    self._tolerate(f"field '{bare.group(1)}' had no value and was left out")
                end = _AFTER_VALUE.match(self.text, bare.end() if bare else pos, self.limit)
                if end and end.group(1) == "," and bare:
                    pos = end.end()
                    continue
                if end and self._closes(end, close):
                    return key, fields, end.end()
                raise _Unsure
            if name.group(1):
                self._tolerate("an empty field between two commas was ignored")
            pieces, pos = self.value(name.end())
            fields.append((name.group(2), pieces))
            after = _AFTER_VALUE.match(self.text, pos, self.limit)
            if not after and _FIELD.match(self.text, pos, self.limit):
                self._tolerate(f"the comma after field '{name.group(2)}' was missing")
                continue
            if not after:
                raise _Unsure
            if self._closes(after, close):
                return key, fields, after.end()
            if after.group(1) != ",":
                raise _Unsure
            pos = after.end()

    def _key(self, pos: int, close: str) -> tuple[str, int]:
        """The key and where the fields start; the position is negated when the entry ends there.

        EndNote and Mendeley write ``@article{`` and the first field with no key between.
        """
        key_match = _KEY.match(self.text, pos, self.limit)
        if key_match and key_match.group(2) == ",":
            return key_match.group(1), key_match.end()
        if key_match and self._closes(key_match, close):
            return key_match.group(1), -key_match.end()
        field = _FIELD.match(self.text, pos, self.limit)
        if field and not field.group(1):
            self._tolerate("it had no citation key")
            return "", pos
        raise _Unsure

    def _closes(self, match: re.Match[str], close: str) -> bool:
        """Whether the ``}`` or ``)`` matched ends the entry; the other one of the two does
        only where nothing but white space follows it in the block."""
        char = match.group(match.lastindex or 0)
        if char == close:
            return True
        if char in "})" and not self.text[match.end() : self.limit].strip():
            self._tolerate(f"it was opened with '{'{' if close == '}' else '('}' and closed with '{char}'")
            return True
        return False

    def _tolerate(self, note: str) -> None:
        self.note = note if self.note is None else f"{self.note}; {note}"


class _BlockLimits:
    """Where a block starting at ``body`` must end: before the next line-start ``@type{``.

    The last answer is kept: the entries of one line (``}@article{`` ...) share their
    limit, and searching again from each of them would be quadratic in the line length.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.searched_from = self.found = -1

    def __call__(self, body: int) -> int:
        if not self.searched_from <= body <= self.found:
            nxt = _LINE_START_ENTRY.search(self.text, body)
            self.searched_from, self.found = body, (nxt.start() if nxt else len(self.text))
        return min(self.found + 1, len(self.text))


def count_entries(text: str) -> int:
    """How many ``@type{`` entries (not @string, @preamble, @comment) a BibTeX text starts.

    What a ``@comment{...}`` or ``@preamble{...}`` holds is skipped, as :func:`scan` skips it.

    Example:
        >>> count_entries("@string{a={b}}\\n@article{x,}\\n @Book(y,)\\n@comment{@misc{z,}}")
        2
    """
    limit = _BlockLimits(text)
    pos, count = 0, 0
    while start := ENTRY_START.search(text, pos):
        kind = start.group(1).lower()
        pos = start.end()
        if kind in _SKIP_TYPES and start.group(2) == "{":
            end = match_brace(text, start.end() - 1, limit(start.end()))
            pos = end + 1 if end >= 0 else limit(start.end())
        count += kind not in _SKIP_TYPES and kind != "string"
    return count


def scan(text: str) -> Iterator[ScannedEntry | Region]:
    """Split BibTeX text into well-formed entries and regions for bibtexparser.

    ``@comment`` and ``@preamble`` blocks and text between entries are skipped.

    Example:
        >>> items = list(scan('@string{j = "Politica"}\\n@article{a, title = {T}, journal = j # " 2"}\\n'
        ...                   '@article{b, title = {never closed\\n@book{c, title={C}}'))
        >>> [type(i).__name__ for i in items]
        ['ScannedEntry', 'ScannedEntry', 'Region', 'ScannedEntry']
        >>> items[1].fields
        (('title', (('{', 'T'),)), ('journal', (('w', 'j'), ('"', ' 2'))))
        >>> items[2].line, items[3].key
        (3, 'c')
    """
    reader = _Reader(text)
    block_limit = _BlockLimits(text)
    pos, line, counted = 0, 1, 0
    while True:
        start = ENTRY_START.search(text, pos)
        if not start:
            return
        line += text.count("\n", counted, start.start())
        counted = start.start()
        kind = start.group(1).lower()
        close = "}" if start.group(2) == "{" else ")"
        reader.limit = block_limit(start.end())
        if kind in _SKIP_TYPES:
            end = match_brace(text, start.end() - 1, reader.limit) if close == "}" else text.find(")", start.end())
            pos = end + 1 if end >= 0 else reader.limit
            continue
        try:
            if kind == "string":
                item, pos = _string_entry(reader, start.end(), close, line)
            else:
                key, fields, pos = reader.entry(start.end(), close)
                item = ScannedEntry(start.group(1), key, tuple(fields), line, reader.note)
        except _Unsure:
            pos = reader.limit
            item = Region(text[start.start() : pos], line)
        yield item


def _string_entry(reader: _Reader, body: int, close: str, line: int) -> tuple[ScannedEntry, int]:
    """``@string{name = value}``, as an entry of type ``string`` whose key is the name."""
    name = _FIELD.match(reader.text, body, reader.limit)
    if not name:
        raise _Unsure
    pieces, pos = reader.value(name.end())
    end = _AFTER_VALUE.match(reader.text, pos, reader.limit)
    if not end or end.group(1) != close:
        raise _Unsure
    return ScannedEntry("string", name.group(2), (("value", pieces),), line), end.end()
