"""Reading BibTeX: bibtexparser v2 splits the file, this module does the rest.

bibtexparser runs with an empty parse stack: its string-resolving middleware does not
handle ``#`` concatenation and its LaTeX middleware is slow, so values are resolved
(``@string`` macros, month names, ``#``) and decoded here. Blocks bibtexparser could not
read become :class:`~socinno_lit.records.Problem` values; entries whose key repeats an
earlier one are kept under a disambiguated key; a few common defects are repaired.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from bibtexparser import model

from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .encoding import normalise_newlines
from .mapping import MAX_FIELD_CHARS, make_record, too_long
from .scanner import Piece, Region, ScannedEntry, match_brace, match_quote, scan
from .scanner import (
    count_entries as count_entries,  # re-exported: tests and benchmarks count with it
)

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
#: Brace nesting deeper than this is reported instead of being decoded.
MAX_BRACE_DEPTH = 64

_NOT_INHERITED = frozenset({"crossref", "ids", "title", "shorttitle", "subtitle", "abstract", "annote", "keywords"})
_NON_ENTRY_TYPES = frozenset({"string", "preamble", "comment"})
_KEY_WITH_SEPARATORS = re.compile(
    r"^([ \t]*@[ \t]*\w+[ \t]*[{(])([^\n=,{}]*(?:,[^\n=,{}]*)+),(?=[ \t]*\n[ \t]*[\w-]+[ \t]*=)", re.M)
_BAD_KEY_CHARS = re.compile(r"[\s,{}()\"'#%~\\]+")
_BLOCK_TYPE = re.compile(r"\s*@\s*(\w[\w-]*)")
_PLACEHOLDER_TYPE = "socinnolittype"
_LINE_START_TYPE = re.compile(r"^([ \t]*)@(\s*)([A-Za-z][\w-]*)(\s*)([{(])", re.M)


@dataclass
class _Context:
    """What the reading of one file shares between its entries.

    ``offset`` is the number of lines before the piece of text being read (0 unless a
    large file is read in pieces); lines given to :meth:`problem` count from the piece.
    """

    file: str
    strings: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    offset: int = 0

    def problem(self, line: int | None, key: str | None, code: str, severity: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.at(line), key, code, severity, message))  # type: ignore[arg-type]

    def at(self, line: int | None) -> int | None:
        """The line in the file of a line in the piece being read."""
        return None if line is None else line + self.offset


def _quiet_parse(text: str) -> bibtexparser.Library:
    """Split with bibtexparser; its log lines duplicate the problems recorded here."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text, parse_stack=[])
    finally:
        logger.setLevel(level)


def _split_concatenation(value: str) -> list[str]:
    """Split a raw value on top-level ``#`` (outside braces and quotes)."""
    parts: list[str] = []
    depth, in_quote, start = 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0 and (i == 0 or value[i - 1] != "\\"):
            in_quote = not in_quote
        elif ch == "#" and depth == 0 and not in_quote:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def _unenclose(piece: str) -> str | None:
    """The inside of a ``{...}`` or ``"..."`` piece, the piece itself if numeric, else None."""
    if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
        return piece[1:-1]
    if piece.isdigit():
        return piece
    return None


def _pieces(value: str) -> list[Piece]:
    """The pieces of a raw value as bibtexparser returns it (``{a} # b # "c"``)."""
    out: list[Piece] = []
    for piece in (_split_concatenation(value) if "#" in value else [value]):
        piece = piece.strip()
        inner = _unenclose(piece)
        out.append(("w", piece) if inner is None or piece.isdigit() else ("{", inner))
    return out


def resolve_pieces(pieces: Iterable[Piece], strings: Mapping[str, str], unknown: list[str] | None = None,
                   *, limit: int = MAX_FIELD_CHARS) -> str:
    """Join value pieces, replacing ``@string`` macros and month names by their text.

    Joining stops once the text is longer than ``limit``: macros that repeat each other
    (``@string{b = a # a}``, ``@string{c = b # b}`` ...) would otherwise double the text
    at every step. The caller sees a text of ``limit + 1`` characters and cuts it.

    Example:
        >>> resolve_pieces([("w", "pub"), ('"', " and "), ("{", "Sons")], {"pub": "Wiley"})
        'Wiley and Sons'
        >>> len(resolve_pieces([("w", "m")] * 10**6, {"m": "xy"}, limit=1000))
        1001
    """
    out: list[str] = []
    size = 0
    for kind, text in pieces:
        if kind != "w" or text.isdigit():
            value = text
        else:
            name = text.lower()
            value = strings.get(name) or MONTHS.get(name)  # type: ignore[assignment]
            if value is None:
                if unknown is not None and text:
                    unknown.append(text)
                value = text
        out.append(value)
        size += len(value)
        if size > limit:
            return "".join(out)[:limit + 1]
    return "".join(out)


def resolve_value(value: str, strings: Mapping[str, str], unknown: list[str] | None = None) -> str:
    """Resolve a raw BibTeX value: enclosing, ``@string`` macros, months and ``#``.

    Args:
        value: the raw value as written after ``=``.
        strings: the ``@string`` macros defined so far, lower-case names.
        unknown: if given, receives the names of macros that were not defined.

    Example:
        >>> resolve_value('pub # " and " # {Sons}', {"pub": "Wiley"})
        'Wiley and Sons'
        >>> resolve_value("jan", {})
        'January'
    """
    value = value.strip()
    if "#" not in value:
        inner = _unenclose(value)
        if inner is not None:
            return inner
    return resolve_pieces(_pieces(value), strings, unknown)


def _nests_deeper(value: str, limit: int) -> bool:
    """Whether braces in ``value`` nest deeper than ``limit``."""
    if value.count("{") <= limit:
        return False  # cannot: skip the loop over characters (nearly every value)
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
            if depth > limit:
                return True
        elif ch == "}":
            depth -= 1
    return False


def _raw_fields(key: str, fields: Iterable[tuple[str, list[Piece] | tuple[Piece, ...]]], ctx: _Context,
                line: int) -> dict[str, str]:
    """Resolved, size-checked raw values by lower-case field name."""
    raw: dict[str, str] = {}
    for name, pieces in fields:
        name = name.strip().lower()
        unknown: list[str] = []
        value = resolve_pieces(pieces, ctx.strings, unknown)
        for macro in unknown:
            ctx.problem(line, key, "unknown-macro", "warning",
                        f"field '{name}' uses the undefined macro '{macro}'; its name was kept as text")
        if name in raw:
            ctx.problem(line, key, "duplicate-field", "warning",
                        f"field '{name}' appears twice; the last value was kept")
        raw[name] = _checked_size(value, name, key, line, ctx)
    return raw


def _entry_fields(entry: model.Entry) -> tuple[list[tuple[str, list[Piece]]], str | None]:
    """Fields as pieces, and a note when a field swallowed the next one (missing comma)."""
    fields: list[tuple[str, list[Piece]]] = []
    notes: list[str] = []
    for field_ in entry.fields:
        parts = _split_glued(field_.key, field_.value if isinstance(field_.value, str) else str(field_.value))
        notes.extend(f"the comma after field '{name}' was missing" for name, _ in parts[:-1])
        fields.extend((name, _pieces(value)) for name, value in parts)
    return fields, "; ".join(notes) or None


_GLUED_NAME = re.compile(r"\s+([A-Za-z_][\w:.+\-/]*)\s*=\s*")


def _split_glued(name: str, value: str) -> list[tuple[str, str]]:
    """``{A}\\n file = {x}``, one value to bibtexparser when the comma after ``{A}`` is
    missing, as the two fields it is; the scanner reads the same text the same way.

    Example:
        >>> _split_glued("title", "{A}\\n  file = {x.pdf}")
        [('title', '{A}'), ('file', '{x.pdf}')]
        >>> _split_glued("title", "{A = B}")
        [('title', '{A = B}')]
    """
    value = value.strip()
    end = {"{": lambda: match_brace(value, 0, len(value)), '"': lambda: match_quote(value, 0, len(value))}.get(
        value[:1], lambda: -1)()
    glued = _GLUED_NAME.match(value, end + 1) if end > 0 else None
    if glued is None:
        return [(name, value)]
    return [(name, value[: end + 1]), *_split_glued(glued.group(1), value[glued.end():])]


def _checked_size(value: str, name: str, key: str, line: int, ctx: _Context) -> str:
    if len(value) > MAX_FIELD_CHARS:
        ctx.problems.append(too_long(name, len(value), Source(ctx.file, ctx.at(line)), key))
        value = value[:MAX_FIELD_CHARS]
    if _nests_deeper(value, MAX_BRACE_DEPTH):
        ctx.problem(line, key, "brace-nesting", "warning",
                    f"field '{name}' nests braces deeper than {MAX_BRACE_DEPTH}; its braces were removed")
        value = value.replace("{", "").replace("}", "")
    return value


def _inherit_crossrefs(entries: list[tuple[str, str, dict[str, str], int]], ctx: _Context) -> None:
    """Copy fields missing in an entry from the entry its ``crossref`` names (in place)."""
    if not any("crossref" in raw for _, _, raw, _ in entries):
        return  # most files: no index of every key needed
    by_key = {key.lower(): (entry_type.lower(), raw) for key, entry_type, raw, _ in entries}
    for key, _, raw, line in entries:
        parent_key = raw.get("crossref", "").strip()
        if not parent_key:
            continue
        parent_type, parent = by_key.get(parent_key.lower(), ("", None))
        if parent is None:
            ctx.problem(line, key, "unknown-crossref", "info",
                        f"crossref '{parent_key}' is not in this file; nothing was inherited")
            continue
        if parent is raw:
            continue
        titles = _INHERITED_TITLES.get(parent_type, _INHERITED_TITLES["book"])
        for name, value in sorted(parent.items(), key=lambda item: item[0] not in titles):  # titles first
            target = titles.get(name, name if name not in _NOT_INHERITED else "")
            if target and not raw.get(target, "").strip():  # an empty field is a missing one
                raw[target] = value


# What the parent's titles are to the child, as biblatex inherits them: a book's title
# is the title of the book the child is in, a periodical's the journal's.
_INHERITED_TITLES: dict[str, dict[str, str]] = {
    "book": {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"},
    "periodical": {"title": "journaltitle", "subtitle": "journalsubtitle"},
    **{kind: {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
       for kind in ("mvbook", "mvcollection", "mvproceedings", "mvreference")},
}


def _failed_line(block: model.Block) -> int | None:
    return None if block.start_line is None else block.start_line + 1


def _guess_key(raw: str | None) -> str | None:
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\n]*)", raw or "")
    return match.group(1).strip() or None if match else None


_NO_KEY = re.compile(r"^([ \t]*@[ \t]*\w[\w-]*[ \t]*[{(])(?=[ \t]*\n[ \t]*[\w-]+[ \t]*=)", re.M)


def repair_missing_keys(text: str) -> tuple[str, set[int]]:
    """Give an empty key to entries that have none (``@article{`` and a field on the next
    line, as EndNote and Mendeley write them), as the scanner reads them; bibtexparser
    would skip them. Lines keep their number.

    Returns:
        The repaired text and the 1-based lines repaired.

    Example:
        >>> repair_missing_keys("@article{\\n title = {x}}")
        ('@article{,\\n title = {x}}', {1})
    """
    repaired: set[int] = set()

    def fix(match: re.Match[str]) -> str:
        repaired.add(text.count("\n", 0, match.start()) + 1)
        return match.group(1) + ","

    return _NO_KEY.sub(fix, text), repaired


def repair_keys(text: str) -> tuple[str, dict[int, str]]:
    """Remove commas (and the spaces around them) from citation keys; bibtexparser rejects them.

    A real Scopus export has ``@ARTICLE{Lenssen,MolliePainter,...2013467,``. Only a
    header line that ends in a comma and is followed by a ``name =`` line is changed, so
    line numbers stay as they were.

    Returns:
        The repaired text and, per 1-based line repaired, the original key.

    Example:
        >>> repair_keys("@article{a b,c,\\n title={x}}")
        ('@article{abc,\\n title={x}}', {1: 'a b,c'})
    """
    repaired: dict[int, str] = {}

    def fix(match: re.Match[str]) -> str:
        repaired[text.count("\n", 0, match.start()) + 1] = match.group(2)
        return match.group(1) + _BAD_KEY_CHARS.sub("", match.group(2)) + ","

    return _KEY_WITH_SEPARATORS.sub(fix, text), repaired


def _entries_from_blocks(blocks: list[model.Block], ctx: _Context, offset: int = 0) -> Iterator[tuple[model.Entry, int, str | None]]:
    """The entries to turn into records: parsed ones, duplicates, and repaired failures.

    Yields (entry, 1-based line, message of a repair or None).
    """
    for block in blocks:
        if isinstance(block, model.String):
            ctx.strings[block.key.strip().lower()] = resolve_value(block.value, ctx.strings)
        elif isinstance(block, model.Entry):
            yield block, (block.start_line or 0) + 1 + offset, None
        elif isinstance(block, model.ParsingFailedBlock):
            yield from _recover(block, ctx, offset)


def _block_type(raw: str | None) -> str:
    match = _BLOCK_TYPE.match(raw or "")
    return match.group(1) if match else ""


def _recover(block: model.ParsingFailedBlock, ctx: _Context, offset: int) -> Iterator[tuple[model.Entry, int, str | None]]:
    line = _failed_line(block)
    line = None if line is None else line + offset
    inner = block.ignore_error_block
    if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(inner, model.Entry):
        yield inner, line or 1, None  # the key registry renames it and warns
        return
    if isinstance(block, model.DuplicateFieldKeyBlock) and isinstance(inner, model.Entry):
        yield inner, line or 1, None  # _raw_fields reports each repeated field
        return
    if isinstance(inner, model.String):
        ctx.strings[inner.key.strip().lower()] = resolve_value(inner.value, ctx.strings)
        return
    block_type = _block_type(block.raw).lower()
    if block_type in ("comment", "preamble"):
        return  # an unclosed @comment ends at the next line-start entry, as the scanner has it: nothing lost
    kind = "string" if block_type == "string" else "entry"
    reason = str(block.error).strip().splitlines()
    message = reason[-1].strip() if reason else "syntax error"
    ctx.problem(line, _guess_key(block.raw), f"unparsable-{kind}", "error",
                f"this {kind} could not be read and was skipped: {message}")


def _read_entries(text: str, ctx: _Context, fast: bool = True) -> Iterator[tuple[str, str, Any, int, str | None]]:
    """(key, type, field pieces, line, repair note) for every entry, in file order.

    Well-formed entries come from the fast scanner; the regions it is unsure of are
    read by bibtexparser v2, whose failed blocks become problems.
    """
    for item in scan(text) if fast else [Region(text, 1)]:
        if isinstance(item, ScannedEntry):
            if item.entry_type.lower() == "string":
                ctx.strings[item.key.lower()] = resolve_pieces(item.fields[0][1], ctx.strings)
            else:
                yield item.key, item.entry_type, item.fields, item.line, item.note
            continue
        # Repairs run on the regions the scanner gave up on, never on the whole file.
        region, keyless = repair_missing_keys(item.text)
        region, repaired = repair_keys(region)
        region, types = _protect_types(region)
        blocks = sorted(_quiet_parse(region).blocks, key=lambda b: b.start_line or 0)
        for entry, line, note in _entries_from_blocks(blocks, ctx, item.line - 1):
            original = repaired.get(line - item.line + 1)
            if original is not None:
                note = f"its citation key '{original}' contained commas, which were removed"
            if line - item.line + 1 in keyless:
                note = "it had no citation key"
            fields, split = _entry_fields(entry)
            yield entry.key, _restore_type(entry.entry_type, types), fields, line, note or split


def _protect_types(text: str) -> tuple[str, list[str]]:
    """Give each line-start entry the plain form bibtexparser recognises, as the scanner sees it.

    bibtexparser compares only the first letters of a type (``@commentary{...}`` becomes
    a comment, ``@stringent{...}`` a broken macro) and does not see ``@ article{``,
    ``@my-type{`` or an ``@`` with the type on the next line as entries at all: all
    silently lost. So each entry start at the start of
    a line (never part of a value, for either reader) gets a numbered placeholder type, and
    :func:`_restore_type` gives the real type back; ``@string``, ``@comment`` and
    ``@preamble`` only lose the spaces bibtexparser does not allow. Lines keep their number.

    Example:
        >>> _protect_types("@Commentary{a, title={@X{} }}\\n @ comment {x}")
        ('@socinnolittype0{a, title={@X{} }}\\n @comment{x}', ['Commentary'])
    """
    types: list[str] = []

    def plain(match: re.Match[str]) -> str:
        indent, space, kind, more, brace = match.groups()
        breaks = "\n" * (space + more).count("\n")  # moved after the brace: lines keep their number
        if kind.lower() in _NON_ENTRY_TYPES:
            return f"{indent}@{kind}{brace}{breaks}"
        types.append(kind)
        return f"{indent}@{_PLACEHOLDER_TYPE}{len(types) - 1}{brace}{breaks}"

    return _LINE_START_TYPE.sub(plain, text), types


def _restore_type(entry_type: str, types: list[str]) -> str:
    number = entry_type[len(_PLACEHOLDER_TYPE):]
    if entry_type.lower().startswith(_PLACEHOLDER_TYPE) and number.isdigit() and int(number) < len(types):
        return types[int(number)]
    return entry_type


def parse_bibtex(text: str, file: str = "<string>", *, registry: KeyRegistry | None = None,
                 fast: bool = True) -> tuple[list[Record], list[Problem]]:
    """Parse BibTeX text into records and problems; never raises on bad content.

    Args:
        text: the BibTeX text.
        file: the file name recorded in sources and problems.
        registry: the key registry shared by all files of one load (keys stay unique).
        fast: read well-formed entries with the fast scanner; ``False`` sends the whole
            text through bibtexparser (the reference the scanner is tested against).

    Returns:
        The records in file order and the problems met.

    Example:
        >>> records, problems = parse_bibtex('@string{j = "Politica"}\\n'
        ...     '@article{a, title={{\\\\O}konomi}, journal=j, year=2001}\\n'
        ...     '@article{a, title={Again}}')
        >>> [(r.key, r.title, r.venue) for r in records]
        [('a', 'Økonomi', 'Politica'), ('a-2', 'Again', '')]
        >>> problems[0].code
        'duplicate-key'
    """
    reader = BibtexReader(file, registry=registry, fast=fast)
    reader.feed(text)
    return reader.finish()


class BibtexReader:
    """Reads BibTeX given in consecutive pieces exactly as :func:`parse_bibtex` reads it whole.

    A large file is fed piece by piece, each piece ending just before a line-start
    ``@type{`` (which ends any entry left open, so no entry spans two pieces). ``@string``
    macros and keys carry over. Records are made as their entries are read, except those
    with a ``crossref``: they wait for :meth:`finish`, when every parent is known, and
    keep their place in the file order.

    Args:
        file: the file name recorded in sources and problems.
        registry: the key registry shared by all files of one load.
        fast: as in :func:`parse_bibtex`.
        keep: the lower-case keys that ``crossref`` fields name; only those entries' raw
            fields are kept for :meth:`finish`. ``None`` keeps every entry's (small texts).

    Example:
        >>> reader = BibtexReader("big.bib", keep={"proc"})
        >>> reader.feed('@string{p = "Proceedings"}\\n@inproceedings{a, crossref = {proc}}\\n')
        >>> reader.feed("@proceedings{proc, title = p, year = 2001}\\n", first_line=3)
        >>> [(r.key, r.venue, r.year, r.source.line) for r in reader.finish()[0]]
        [('a', 'Proceedings', 2001, 2), ('proc', '', 2001, 3)]
    """

    def __init__(self, file: str = "<string>", *, registry: KeyRegistry | None = None, fast: bool = True,
                 keep: Iterable[str] | None = None) -> None:
        self._ctx = _Context(file)
        self._registry = registry if registry is not None else KeyRegistry()
        self._fast = fast
        self._keep = None if keep is None else {key.lower() for key in keep}
        self._records: list[Record | None] = []  # None: a crossref child, made at finish()
        self._held: list[_Held] = []  # children and possible parents, in file order

    def feed(self, text: str, first_line: int = 1) -> None:
        """Read the next piece of the file; ``first_line`` is its first line's number."""
        ctx = self._ctx
        ctx.offset = first_line - 1
        for key, entry_type, fields, line, note in _read_entries(normalise_newlines(text), ctx, self._fast):
            raw = _raw_fields(key, fields, ctx, line)
            new_key = self._add(key, entry_type, raw, line + ctx.offset)
            if note:
                ctx.problem(line, new_key, "repaired-entry", "warning", f"entry was repaired: {note}")

    def _add(self, key: str, entry_type: str, raw: dict[str, str], line: int) -> str:
        """Make (or hold) the entry's record; returns the key it was given."""
        source = Source(self._ctx.file, line)
        child = bool(raw.get("crossref", "").strip())
        # A child's key is claimed now, in file order, so that keys do not depend on
        # where a large file was cut; without a key it is named from its own fields,
        # and still waits for its parent's.
        record = None if child and key.strip() else make_record(key, entry_type, raw, source)
        hint = fallback_key(record.title, record.year, record.authors) if record else "entry"
        new_key, problem = self._registry.claim(key.strip(), source, empty_hint=hint)
        if problem:
            self._ctx.problems.append(problem)
        if child or self._keep is None or key.lower() in self._keep:
            self._held.append(_Held(key, new_key, entry_type, raw, line, len(self._records) if child else -1))
        if child:
            self._records.append(None)
        else:
            assert record is not None
            self._records.append(record if new_key == key else record.replace(key=new_key))
        return new_key

    def finish(self) -> tuple[list[Record], list[Problem]]:
        """Resolve crossrefs and return the records in file order and the problems met."""
        ctx = self._ctx
        ctx.offset = 0  # held entries carry their lines in the file
        _inherit_crossrefs([(h.key, h.entry_type, h.raw, h.line) for h in self._held], ctx)
        for held in self._held:
            if held.slot >= 0:
                record = make_record(held.key, held.entry_type, held.raw, Source(ctx.file, held.line))
                self._records[held.slot] = record if held.new_key == held.key else record.replace(key=held.new_key)
        return [r for r in self._records if r is not None], ctx.problems


@dataclass(frozen=True, slots=True)
class _Held:
    """An entry kept for crossref resolution: ``slot`` >= 0 for a child waiting for its record."""

    key: str
    new_key: str
    entry_type: str
    raw: dict[str, str]
    line: int
    slot: int


# Matched in lower-cased text: a literal start lets the regex engine skip ahead fast.
_CROSSREF = re.compile(r"crossref\s*=\s*[{\"]?\s*([^\s,{}\"]+)")


def crossref_targets(text: str) -> set[str]:
    """The lower-case keys that ``crossref`` fields in ``text`` name (a quick look, no parsing).

    Example:
        >>> sorted(crossref_targets("@a{x, crossref = {Proc01}}\\n@b{y, Crossref=\\"b2\\"}"))
        ['b2', 'proc01']
    """
    return {match.group(1) for match in _CROSSREF.finditer(text.lower())}
