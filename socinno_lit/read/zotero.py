"""The user's Zotero library, read where it lives: ``zotero.sqlite`` in the Zotero data folder.

Every regular item (not an attachment, note or annotation, not in the trash, not in a
feed) becomes a record; its child notes become its annotation, its tags its keywords,
and the collections it is filed in go to the ``collections`` field. Field and type names
are mapped with Zotero's own schema (``data/zotero_schema.json``, derived from Zotero's
global ``schema.json`` by ``scripts/zotero_schema.py``) into CSL, and from CSL into the
BibTeX names every other reader gives (:mod:`socinno_lit.read.csljson`).

The user's database is never opened: Zotero keeps it in exclusive locking mode while it
runs, so it is copied (with its journal, if any) into a temporary folder and the copy is
read. Schemas from Zotero 4 (userdata 77) to Zotero 7 (userdata 129) are known.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..errors import InputError
from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .abstracts import missing_abstract_problems
from .csljson import csl_fields, csl_key, csl_names, csl_record

DATABASE_NAME = "zotero.sqlite"
BETTER_BIBTEX_NAME = "better-bibtex.sqlite"
KNOWN_USERDATA = range(77, 130)  # Zotero 4.0 (2013) to Zotero 7
_SQLITE_MAGIC = b"SQLite format 3\x00"
_USER_NAMES = frozenset({"user", "my library", "personal", "mine"})


@lru_cache(maxsize=1)
def zotero_schema() -> dict[str, Any]:
    """The compact mapping derived from Zotero's schema (types, base fields, CSL names).

    Example:
        >>> zotero_schema()["types"]["journalArticle"], zotero_schema()["base"]["bookTitle"]
        ('article-journal', 'publicationTitle')
    """
    text = resources.files("socinno_lit.read").joinpath("data", "zotero_schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def is_zotero_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite file that is not Better BibTeX's (read by its first bytes).

    Example:
        >>> is_zotero_database(Path("no/such/zotero.sqlite"))
        False
    """
    if path.name == BETTER_BIBTEX_NAME or not path.is_file():
        return False
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def zotero_database(path: Path) -> Path | None:
    """The ``zotero.sqlite`` a path names: the file itself, or the one in a Zotero data folder.

    Example:
        >>> zotero_database(Path("no/such/folder")) is None
        True
    """
    if path.is_dir():
        path = path / DATABASE_NAME
    return path if is_zotero_database(path) else None


@contextmanager
def read_only_copy(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a private copy of an SQLite database; the original is only read.

    The copy takes the rollback journal or write-ahead log beside the file along, so
    that SQLite gives the last committed state. Reading bytes needs no SQLite lock, so
    it works while Zotero holds its exclusive lock.

    Raises:
        InputError: the file cannot be read or is not an SQLite database.
    """
    with tempfile.TemporaryDirectory(prefix="socinno-zotero-") as folder:
        copy = Path(folder) / path.name
        try:
            shutil.copyfile(path, copy)
            for suffix in ("-wal", "-journal"):
                if Path(f"{path}{suffix}").is_file():
                    shutil.copyfile(f"{path}{suffix}", f"{copy}{suffix}")
        except OSError as err:
            raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
        connection = sqlite3.connect(copy)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            yield connection
        except sqlite3.DatabaseError as err:
            raise InputError(f"{path}: cannot be read as an SQLite database ({err})") from None
        finally:
            connection.close()


class _NoteText(HTMLParser):
    """Plain text of a Zotero note: one line per paragraph, heading, list item or break.

    The standard library's parser is enough: notes are simple HTML written by Zotero's
    editor, and text is all that is kept.
    """

    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def note_text(html: str) -> str:
    """A note's HTML as plain text, one line per paragraph.

    Example:
        >>> note_text('<div class="zotero-note znv1"><h1>Why</h1><p>Trust &amp; <b>co-creation</b>.</p></div>')
        'Why\\nTrust & co-creation.'
    """
    parser = _NoteText()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


@dataclass
class _Library:
    """What one query pass gives: the rows of the tables that make up an item."""

    items: list[tuple[int, str, int | None, str]]
    trashed: int = 0
    fields: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    creators: dict[int, list[tuple[str, str, int, str]]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    collections: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(con: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in con.execute(f"PRAGMA table_info({table})")}


def userdata_version(con: sqlite3.Connection) -> int | None:
    """The database's ``userdata`` schema version, or None when it does not say."""
    try:
        row = con.execute("SELECT version FROM version WHERE schema = 'userdata'").fetchone()
    except sqlite3.Error:
        return None
    return int(row[0]) if row and str(row[0]).isdigit() else None


def _libraries(con: sqlite3.Connection) -> dict[int | None, str]:
    """Library id -> name: "My Library" for the user's, the group's name for groups; feeds left out."""
    names: dict[int | None, str] = {}
    kind = "type" if "type" in _columns(con, "libraries") else "libraryType"
    for library_id, library_type in con.execute(f"SELECT libraryID, {kind} FROM libraries"):
        if library_type != "feed":
            names[library_id] = "My Library" if library_type == "user" else f"library {library_id}"
    for library_id, name, group_id in con.execute("SELECT libraryID, name, groupID FROM groups"):
        names[library_id] = f"{name} (group {group_id})"
    names.setdefault(None, "My Library")  # Zotero 4 files its own items under no library
    names.setdefault(0, "My Library")
    return names


def _feeds(con: sqlite3.Connection) -> set[int]:
    """The ids of feed libraries: items Zotero fetched from RSS feeds, not the user's own."""
    if "type" not in _columns(con, "libraries"):
        return set()
    return {r[0] for r in con.execute("SELECT libraryID FROM libraries WHERE type = 'feed'")}


def _left_out(lib: _Library, feeds: set[int], file: str) -> list[Problem]:
    """Info problems that say how many items were not read because they are not works of the library."""
    fed = sum(1 for row in lib.items if row[2] in feeds)
    counts = ((lib.trashed, "in Zotero's trash"), (fed, "from feeds (not saved to a library)"))
    return [Problem(file, None, None, "zotero-left-out", "info",
                    f"{n} {'item' if n == 1 else 'items'} {what} {'was' if n == 1 else 'were'} left out")
            for n, what in counts if n]


def _choose_libraries(con: sqlite3.Connection, library: str | None, path: Path) -> set[int | None]:
    """The libraries read: all but feeds, or the one ``library`` names (name, group or library id)."""
    names = _libraries(con)
    if library is None:
        return set(names)
    wanted = library.strip().casefold()
    chosen = {i for i, name in names.items()
              if wanted in (name.casefold(), name.split(" (group ")[0].casefold(), str(i))
              or name.casefold().endswith(f"(group {wanted})")
              or (wanted in _USER_NAMES and name == "My Library")}
    if not chosen:
        shown = sorted({f"'{n}'" for n in names.values()})
        raise InputError(f"{path}: no library '{library}'; its libraries: {', '.join(shown)}")
    return chosen


def _collection_paths(con: sqlite3.Connection) -> dict[int, tuple[str, int | None]]:
    """Collection id -> (path "Parent/Child", parent id)."""
    rows = {cid: (name, parent) for cid, name, parent in
            con.execute("SELECT collectionID, collectionName, parentCollectionID FROM collections")}

    def path_of(cid: int, seen: frozenset[int] = frozenset()) -> str:
        name, parent = rows[cid]
        if parent not in rows or parent in seen:
            return str(name)
        return f"{path_of(parent, seen | {cid})}/{name}"

    return {cid: (path_of(cid), parent) for cid, (_, parent) in rows.items()}


def _collection_items(con: sqlite3.Connection, collection: str, path: Path) -> set[int]:
    """The items filed in the collection named (by name or path) and in its sub-collections."""
    paths = _collection_paths(con)
    wanted = collection.strip().strip("/").casefold()
    chosen = {cid for cid, (p, _) in paths.items() if wanted in (p.casefold(), p.rsplit("/", 1)[-1].casefold())}
    if not chosen:
        shown = sorted(f"'{p}'" for p, _ in paths.values())
        listed = ", ".join(shown[:30]) + (" ..." if len(shown) > 30 else "") if shown else "none"
        raise InputError(f"{path}: no collection '{collection}'; its collections: {listed}")
    grown = True
    while grown:  # add sub-collections until none is left
        children = {cid for cid, (_, parent) in paths.items() if parent in chosen} - chosen
        chosen |= children
        grown = bool(children)
    marks = ",".join("?" * len(chosen))
    return {r[0] for r in con.execute(f"SELECT itemID FROM collectionItems WHERE collectionID IN ({marks})",
                                      tuple(chosen))}


def _read_rows(con: sqlite3.Connection) -> _Library:
    """Every regular, non-deleted item and what belongs to it, whatever the schema generation."""
    tables = _tables(con)
    types = "itemTypesCombined" if "itemTypesCombined" in tables else "itemTypes"
    fields = "fieldsCombined" if "fieldsCombined" in tables else "fields"
    deleted = "SELECT itemID FROM deletedItems" if "deletedItems" in tables else "SELECT NULL WHERE 0"
    skip = zotero_schema()["skip"]
    lib = _Library(items=[
        (item_id, key, library_id, type_name) for item_id, key, library_id, type_name in con.execute(
            f"SELECT i.itemID, i.key, i.libraryID, t.typeName FROM items i JOIN {types} t USING (itemTypeID) "
            f"WHERE i.itemID NOT IN ({deleted}) ORDER BY i.itemID")
        if type_name not in skip])
    lib.trashed = con.execute(f"SELECT count(*) FROM items i JOIN {types} t USING (itemTypeID) "
                              f"WHERE i.itemID IN ({deleted}) AND t.typeName NOT IN (?, ?, ?)", skip).fetchone()[0]
    for item_id, name, value in con.execute(
            f"SELECT d.itemID, f.fieldName, v.value FROM itemData d JOIN {fields} f USING (fieldID) "
            "JOIN itemDataValues v USING (valueID)"):
        lib.fields[item_id].append((name, str(value)))
    # Zotero 4 keeps names in creatorData; Zotero 5 and later in creators itself.
    names = ("creators c USING (creatorID) JOIN creatorData n USING (creatorDataID)" if "creatorData" in tables
             else "creators n USING (creatorID)")
    for item_id, first, last, mode, kind in con.execute(
            f"SELECT ic.itemID, n.firstName, n.lastName, n.fieldMode, ct.creatorType FROM itemCreators ic "
            f"JOIN {names} JOIN creatorTypes ct USING (creatorTypeID) "
            "ORDER BY ic.itemID, ic.orderIndex"):
        lib.creators[item_id].append((first or "", last or "", int(mode or 0), kind))
    parent = "parentItemID" if "parentItemID" in _columns(con, "itemNotes") else "sourceItemID"
    for item_id, note in con.execute(
            f"SELECT {parent}, note FROM itemNotes WHERE {parent} IS NOT NULL AND itemID NOT IN ({deleted}) "
            "ORDER BY itemID"):
        text = note_text(note or "")
        if text:
            lib.notes[item_id].append(text)
    for item_id, name in con.execute("SELECT it.itemID, t.name FROM itemTags it JOIN tags t USING (tagID) "
                                     "ORDER BY it.itemID, t.name"):
        lib.tags[item_id].append(str(name))
    paths = _collection_paths(con)
    for cid, item_id in con.execute("SELECT collectionID, itemID FROM collectionItems"):
        if cid in paths:
            lib.collections[item_id].append(paths[cid][0])
    return lib


def better_bibtex_keys(path: Path) -> dict[str, list[tuple[int | None, str]]]:
    """Better BibTeX's citation keys: Zotero item key -> [(library id, citation key)].

    Raises:
        InputError: the file is not an SQLite database.
    """
    keys: dict[str, list[tuple[int | None, str]]] = defaultdict(list)
    with read_only_copy(path) as con:
        if "citationkey" not in _tables(con):
            return {}
        for item_key, library_id, key in con.execute("SELECT itemKey, libraryID, citationKey FROM citationkey"):
            keys[str(item_key)].append((library_id, str(key)))
    return dict(keys)


def _better_bibtex(database: Path, file: str) -> tuple[dict[str, list[tuple[int | None, str]]], list[Problem]]:
    beside = database.with_name(BETTER_BIBTEX_NAME)
    if not beside.is_file():
        return {}, []
    try:
        keys = better_bibtex_keys(beside)
    except (InputError, sqlite3.Error) as err:
        return {}, [Problem(file, None, None, "better-bibtex-unread", "warning",
                            f"{beside.name} could not be read ({err}); keys were taken from the items")]
    if not keys:
        return {}, [Problem(file, None, None, "better-bibtex-unread", "warning",
                            f"{beside.name} has no citationkey table (an older Better BibTeX); "
                            "keys were taken from the items")]
    return keys, []


def _bbt_key(keys: dict[str, list[tuple[int | None, str]]], item_key: str, library_id: int | None) -> str:
    found = keys.get(item_key, [])
    same = [k for lib, k in found if lib == library_id]
    if same:
        return same[0]
    return found[0][1] if len(found) == 1 else ""  # Zotero 4 files its own items under no library id


def _zotero_date(value: str) -> dict[str, Any]:
    """Zotero's stored date ``"2019-05-00 May 2019"`` as a CSL date.

    Example:
        >>> _zotero_date("2019-05-00 May 2019"), _zotero_date("0000-00-00 Spring")
        ({'date-parts': [[2019, 5]], 'raw': 'May 2019'}, {'raw': 'Spring'})
    """
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?: (.*))?$", value.strip(), re.S)
    if not match:
        return {"raw": value.strip()}
    parts = [int(p) for p in match.groups()[:3]]
    while parts and parts[-1] == 0:
        parts.pop()
    date: dict[str, Any] = {"date-parts": [parts]} if parts and parts[0] else {}
    if match.group(4):
        date["raw"] = match.group(4).strip()
    return date


def csl_item(type_name: str, fields: list[tuple[str, str]],
             creators: list[tuple[str, str, int, str]]) -> dict[str, Any]:
    """One Zotero item as a CSL item, named by Zotero's schema; unmapped fields keep their Zotero name.

    Example:
        >>> csl_item("bookSection", [("bookTitle", "Handbook"), ("date", "2001-00-00 2001")],
        ...          [("Eva", "Sørensen", 0, "author"), ("", "World Bank", 1, "editor")])
        {'type': 'chapter', 'container-title': 'Handbook', 'issued': {'date-parts': [[2001]], 'raw': '2001'}, \
'author': [{'family': 'Sørensen', 'given': 'Eva'}], 'editor': [{'literal': 'World Bank'}]}
    """
    schema = zotero_schema()
    item: dict[str, Any] = {"type": schema["types"].get(type_name, "document")}
    for name, value in fields:
        base = schema["base"].get(name, name)
        if base in schema["dates"]:
            item[schema["dates"][base]] = _zotero_date(value)
        else:
            item.setdefault(schema["fields"].get(base, name), value)
    primary = schema["primary"].get(type_name)
    for first, last, mode, kind in creators:
        role = "author" if kind == primary else schema["creators"].get(kind, kind)
        name = {"literal": last} if mode == 1 or not first else {"family": last, "given": first}
        item.setdefault(role, []).append(name)
    return item


def _record(lib: _Library, row: tuple[int, str, int | None, str], keys: dict[str, list[tuple[int | None, str]]],
            registry: KeyRegistry, file: str) -> tuple[Record, Problem | None]:
    item_id, item_key, library_id, type_name = row
    item = csl_item(type_name, lib.fields.get(item_id, []), lib.creators.get(item_id, []))
    source = Source(file, None)
    stated = _bbt_key(keys, item_key, library_id) or csl_key({**item, "id": ""})
    if stated:
        key, problem = registry.claim(stated, source)
    else:
        values = csl_fields(item)
        year = int(values["year"]) if values.get("year", "").isdigit() else None
        key, problem = registry.claim(fallback_key(values.get("title", ""), year, tuple(csl_names(item.get("author")))),
                                      source, generated=True)
    record = csl_record(item, key, source)
    tags = tuple(dict.fromkeys(lib.tags.get(item_id, [])))
    annotation = "\n\n".join(lib.notes.get(item_id, []))
    added = {"keywords": "; ".join(tags), "collections": "; ".join(sorted(set(lib.collections.get(item_id, [])))),
             "annote": annotation, "zotero-key": item_key}
    fields = {**record.fields, **{n: v for n, v in added.items() if v}}
    return record.replace(keywords=tags or record.keywords, annotation=annotation or record.annotation,
                          fields=fields), problem


def read_zotero(path: Path, registry: KeyRegistry | None = None, *, collection: str | None = None,
                library: str | None = None) -> tuple[list[Record], list[Problem]]:
    """Records and problems from a Zotero database, read from a private copy.

    Args:
        path: ``zotero.sqlite``.
        registry: the key registry shared with the other inputs.
        collection: only the items in this collection (name or ``Parent/Child`` path) and
            its sub-collections.
        library: only this library: ``"My Library"`` (or ``"user"``), a group's name or id.

    Raises:
        InputError: not a Zotero database, or an unknown collection or library.

    Example:
        >>> read_zotero(Path(__file__))
        Traceback (most recent call last):
        ...
        socinno_lit.errors.InputError: zotero.py: not a Zotero database (zotero.sqlite)
    """
    if not is_zotero_database(path):
        raise InputError(f"{path.name}: not a Zotero database ({DATABASE_NAME})")
    registry = registry or KeyRegistry()
    file = str(path)
    keys, problems = _better_bibtex(path, file)
    with read_only_copy(path) as con:
        version = userdata_version(con)
        try:
            libraries = _choose_libraries(con, library, path)
            wanted = _collection_items(con, collection, path) if collection else None
            lib = _read_rows(con)
            problems.extend(_left_out(lib, _feeds(con), file))
        except sqlite3.Error as err:
            raise InputError(f"{path}: not a Zotero database this reader knows (userdata schema {version}): "
                             f"{err}") from None
    records: list[Record] = []
    for row in lib.items:
        if row[2] in libraries and (wanted is None or row[0] in wanted):
            record, problem = _record(lib, row, keys, registry, file)
            records.append(record)
            problems.extend([problem] if problem else [])
    if not records:
        where = f"collection '{collection}'" if collection else "library"
        problems.append(Problem(file, None, None, "empty-file", "warning", f"the Zotero {where} holds no items"))
    if version not in KNOWN_USERDATA:
        stated = f"schema version {version} (userdata)" if version else "no schema version (userdata)"
        problems.append(Problem(file, None, None, "zotero-schema", "warning",
                                f"the database states {stated}, not one this reader knows "
                                f"({KNOWN_USERDATA.start}-{KNOWN_USERDATA.stop - 1}); {len(records)} items were "
                                "read as for the known versions: check them"))
    return records, problems


def load_zotero(path: str | Path, *, collection: str | None = None, library: str | None = None) -> Corpus:
    """Load a Zotero library: ``zotero.sqlite`` or the Zotero data folder that holds it.

    Notes become annotations, tags keywords; keys come from Better BibTeX
    (``better-bibtex.sqlite`` beside the database, or ``Citation Key:`` in Extra) or are
    generated. The database is read from a copy, so it loads while Zotero runs.

    Args:
        path: ``zotero.sqlite`` or its folder (``~/Zotero``).
        collection: only this collection (name or ``Parent/Child``) and its sub-collections.
        library: only this library: ``"My Library"`` or a group's name or id.

    Raises:
        InputError: no Zotero database there, or no such collection or library.

    Example:
        >>> load_zotero("no/such/folder")
        Traceback (most recent call last):
        ...
        socinno_lit.errors.InputError: no/such/folder: no Zotero database (zotero.sqlite) here
    """
    database = zotero_database(Path(path).expanduser())
    if database is None:
        raise InputError(f"{path}: no Zotero database ({DATABASE_NAME}) here")
    records, problems = read_zotero(database, collection=collection, library=library)
    problems.extend(missing_abstract_problems(records))
    return Corpus(tuple(records), tuple(problems), {}, (str(database),))
