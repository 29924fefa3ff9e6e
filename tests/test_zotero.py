"""Zotero libraries read where they live: real zotero.sqlite files of several schema versions."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import PROJECT, shared

import socinno_lit as sl
from socinno_lit.cli import main
from socinno_lit.read.names import split_authors
from socinno_lit.read.zotero import better_bibtex_keys, note_text

LIBRARIES = {  # folder: userdata schema version
    "thiagohonorato_referencias": 77,
    "hsteinshiromoto_bibliography": 120,
    "sqlabunipatras_test": 121,
    "tasmimmedha_Enriched_HIDMS": 125,
}
NOT_WORKS = ("attachment", "note", "annotation")


def database(folder: str) -> Path:
    return shared("zotero", folder, "zotero.sqlite")


def query(path: Path, sql: str, *args: object) -> list[tuple]:
    """The test's own look into the database: read-only, never through the code under test."""
    with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as con:
        return con.execute(sql, args).fetchall()


def regular_items(path: Path, *, trash: bool = False) -> dict[str, str]:
    """Zotero key -> title of every item that is a work and not in the trash (or, with ``trash``, in it)."""
    where = "IN" if trash else "NOT IN"
    rows = query(path, "SELECT i.key, (SELECT v.value FROM itemData d JOIN fields f USING (fieldID) "
                       "JOIN itemDataValues v USING (valueID) WHERE d.itemID = i.itemID AND f.fieldName = 'title') "
                       "FROM items i JOIN itemTypes t USING (itemTypeID) "
                       f"WHERE t.typeName NOT IN (?, ?, ?) AND i.itemID {where} (SELECT itemID FROM deletedItems)",
                 *NOT_WORKS)
    return {key: title or "" for key, title in rows}


def surnames(path: Path, item_key: str) -> list[str]:
    table = "creatorData" if query(path, "SELECT 1 FROM sqlite_master WHERE name = 'creatorData'") else "creators"
    join = "JOIN creators c USING (creatorID) JOIN creatorData n USING (creatorDataID)" if table == "creatorData" \
        else "JOIN creators n USING (creatorID)"
    rows = query(path, f"SELECT n.lastName FROM itemCreators ic {join} JOIN items i USING (itemID) "
                       "WHERE i.key = ? ORDER BY ic.orderIndex", item_key)
    return [r[0] for r in rows]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", sorted(LIBRARIES))
def test_records_are_the_regular_items_with_their_titles_and_creators(folder: str) -> None:
    path = database(folder)
    assert query(path, "SELECT version FROM version WHERE schema = 'userdata'")[0][0] == LIBRARIES[folder]
    expected = regular_items(path)
    corpus = sl.load(path)
    by_key = {r.fields["zotero-key"]: r for r in corpus}
    assert len(corpus) == len(expected) and set(by_key) == set(expected)
    for item_key, title in expected.items():
        record = by_key[item_key]
        assert record.title == title.strip()
        people = [*record.authors, *split_authors(record.fields.get("editor", ""))]
        for surname in surnames(path, item_key):
            assert any(surname.strip() in person for person in people), (item_key, surname)
    assert len(set(corpus.keys)) == len(corpus)


def test_empty_library_gives_no_records_and_says_so() -> None:
    corpus = sl.load(database("FranziZimm_Literaturedatabase"))
    assert len(corpus) == 0
    assert [p.code for p in corpus.problems] == ["empty-file"]


def test_items_in_the_trash_are_left_out() -> None:
    path = database("sqlabunipatras_test")
    trashed = {r[0] for r in query(path, "SELECT i.key FROM items i JOIN deletedItems USING (itemID)")}
    assert len(trashed) == 13
    corpus = sl.load(path)
    keys = {r.fields["zotero-key"] for r in corpus}
    assert keys and not keys & trashed
    regular_trashed = len(regular_items(path, trash=True))
    (said,) = corpus.problems_with(code="zotero-left-out")
    assert said.severity == "info" and said.message.startswith(f"{regular_trashed} items in Zotero's trash")


def test_child_notes_become_annotations_as_plain_text() -> None:
    path = database("hsteinshiromoto_bibliography")
    parents = query(path, "SELECT i.key, n.note FROM itemNotes n JOIN items i ON i.itemID = n.parentItemID")
    assert len(parents) == 2
    by_key = {r.fields["zotero-key"]: r for r in sl.load(path)}
    for item_key, html in parents:
        annotation = by_key[item_key].annotation
        assert annotation and "<" not in annotation and "zotero-note" not in annotation
    assert any("withdrawn by the authors" in r.annotation for r in by_key.values())


def test_note_html_to_text_keeps_paragraphs_and_entities() -> None:
    html = ("<div><h2>Method</h2><p>Interviews &amp; surveys</p>"
            "<ul><li>n = 12</li><li>Aarhus &lt;2019&gt;</li></ul></div>")
    assert note_text(html) == "Method\nInterviews & surveys\nn = 12\nAarhus <2019>"
    assert note_text('<div class="zotero-note znv1"></div>') == ""


def test_old_schema_reads_notes_tags_and_collections() -> None:
    path = database("thiagohonorato_referencias")
    corpus = sl.load(path)
    note_owner = query(path, "SELECT i.key FROM itemNotes n JOIN items i ON i.itemID = n.sourceItemID")[0][0]
    assert "Zotero" in next(r for r in corpus if r.fields["zotero-key"] == note_owner).annotation
    tagged = query(path, "SELECT i.key, t.name FROM itemTags it JOIN tags t USING (tagID) JOIN items i USING (itemID) "
                         "JOIN itemTypes y USING (itemTypeID) WHERE y.typeName NOT IN (?, ?, ?)", *NOT_WORKS)
    by_key = {r.fields["zotero-key"]: r for r in corpus}
    assert tagged and all(tag in by_key[key].keywords for key, tag in tagged)
    assert any("Requisitos/" in r.fields.get("collections", "") for r in corpus)


def subtree_items(path: Path, name: str) -> set[str]:
    rows = query(path, "WITH RECURSIVE tree(id) AS (SELECT collectionID FROM collections WHERE collectionName = ? "
                       "UNION SELECT c.collectionID FROM collections c JOIN tree ON c.parentCollectionID = tree.id) "
                       "SELECT DISTINCT i.key FROM collectionItems ci JOIN items i USING (itemID) "
                       "JOIN itemTypes t USING (itemTypeID) WHERE ci.collectionID IN (SELECT id FROM tree) "
                       "AND t.typeName NOT IN (?, ?, ?) AND i.itemID NOT IN (SELECT itemID FROM deletedItems)",
                 name, *NOT_WORKS)
    return {r[0] for r in rows}


@pytest.mark.parametrize(("folder", "name"), [("thiagohonorato_referencias", "Requisitos"),
                                              ("sqlabunipatras_test", "vr ai marketing")])
def test_collection_filter_gives_the_collection_and_its_sub_collections(folder: str, name: str) -> None:
    path = database(folder)
    expected = subtree_items(path, name)
    corpus = sl.load_zotero(path, collection=name)
    assert expected and {r.fields["zotero-key"] for r in corpus} == expected
    assert len(corpus) < len(sl.load(path))


def test_unknown_collection_or_library_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = database("thiagohonorato_referencias")
    with pytest.raises(sl.InputError, match="no collection .Nope.; its collections: .*'Requisitos'"):
        sl.load_zotero(path, collection="Nope")
    assert main(["inspect", str(path), "--library", "Nope"]) == 1
    assert "no library 'Nope'" in capsys.readouterr().err
    with pytest.raises(sl.InputError, match="only be chosen in a Zotero library"):
        sl.load(shared("formats", "zotero_public_history.ris"), collection="Thesis")


def test_library_chooses_the_user_library_or_a_group() -> None:
    path = database("tasmimmedha_Enriched_HIDMS")
    group_items = query(path, "SELECT count(*) FROM items i JOIN groups g USING (libraryID)")[0][0]
    assert len(sl.load_zotero(path, library="My Library")) == len(regular_items(path))
    assert len(sl.load_zotero(path, library="HIDMS")) == group_items == 0


def test_data_folder_reads_its_database() -> None:
    folder = database("sqlabunipatras_test").parent
    assert sl.load(folder).keys == sl.load(folder / "zotero.sqlite").keys


def test_loads_while_another_connection_holds_an_exclusive_lock(tmp_path: Path) -> None:
    path = tmp_path / "zotero.sqlite"
    shutil.copyfile(database("sqlabunipatras_test"), path)
    before = sha256(path)
    zotero = sqlite3.connect(path, isolation_level=None)
    zotero.execute("PRAGMA locking_mode = EXCLUSIVE")
    zotero.execute("BEGIN EXCLUSIVE")  # what Zotero holds while it runs
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sqlite3.connect(path, timeout=0).execute("SELECT count(*) FROM items").fetchone()
        corpus = sl.load(path)
    finally:
        zotero.execute("ROLLBACK")
        zotero.close()
    assert len(corpus) == len(regular_items(database("sqlabunipatras_test")))
    assert sha256(path) == before
    assert not list(tmp_path.glob("zotero.sqlite-*"))


@pytest.mark.parametrize("folder", sorted(LIBRARIES))
def test_the_users_file_is_left_byte_identical(folder: str) -> None:
    path = database(folder)
    before, stat = sha256(path), path.stat()
    sl.load(path)
    assert sha256(path) == before and path.stat().st_mtime_ns == stat.st_mtime_ns


def test_unknown_schema_version_warns_and_reads(tmp_path: Path) -> None:
    path = tmp_path / "zotero.sqlite"
    shutil.copyfile(database("hsteinshiromoto_bibliography"), path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE version SET version = 200 WHERE schema = 'userdata'")
    corpus = sl.load(path)
    assert len(corpus) == len(regular_items(path))
    warning = corpus.problems_with(code="zotero-schema")[0]
    assert warning.severity == "warning" and "200" in warning.message and str(len(corpus)) in warning.message


def test_a_database_that_is_not_zotero_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "zotero.sqlite"
    shutil.copyfile(shared("zotero", "pathologicalhandwaving_Bibliography", "Zotero", "better-bibtex.sqlite"), path)
    with pytest.raises(sl.InputError, match="not a Zotero database this reader knows"):
        sl.load(path)
    assert main(["inspect", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_better_bibtex_keys_from_its_real_database() -> None:
    keys = better_bibtex_keys(shared("zotero", "pathologicalhandwaving_Bibliography", "Zotero", "better-bibtex.sqlite"))
    assert sum(len(v) for v in keys.values()) == 225
    assert keys["SU34IWLN"] == [(1, "rozenkrantzEnhancedRationalityAutism2021")]


def test_keys_come_from_better_bibtex_beside_the_library_then_from_extra(tmp_path: Path) -> None:
    path = tmp_path / "zotero.sqlite"
    shutil.copyfile(database("sqlabunipatras_test"), path)
    first, second, *_ = sorted(regular_items(path))
    second_id = query(path, "SELECT itemID FROM items WHERE key = ?", second)[0][0]
    with sqlite3.connect(tmp_path / "better-bibtex.sqlite") as con:  # Better BibTeX's own table layout
        con.execute("CREATE TABLE citationkey (itemID NOT NULL PRIMARY KEY, itemKey NOT NULL, libraryID NOT NULL, "
                    "citationKey NOT NULL CHECK (citationKey <> ''), pinned CHECK (pinned in (0, 1)))")
        con.execute("INSERT INTO citationkey VALUES (1, ?, 1, 'bbtFirstKey2020', 0)", (first,))
    with sqlite3.connect(path) as con:
        extra = con.execute("SELECT fieldID FROM fields WHERE fieldName = 'extra'").fetchone()[0]
        value = con.execute("INSERT INTO itemDataValues (valueID, value) VALUES "
                            "((SELECT max(valueID) + 1 FROM itemDataValues), 'tex.x: y\nCitation Key: fromExtra2021')"
                            ).lastrowid
        con.execute("DELETE FROM itemData WHERE itemID = ? AND fieldID = ?", (second_id, extra))
        con.execute("INSERT INTO itemData VALUES (?, ?, (SELECT valueID FROM itemDataValues WHERE rowid = ?))",
                    (second_id, extra, value))
    by_key = {r.fields["zotero-key"]: r.key for r in sl.load(path)}
    assert by_key[first] == "bbtFirstKey2020"
    assert by_key[second] == "fromExtra2021"


def test_bib_command_prints_the_users_notes(tmp_path: Path) -> None:
    output = tmp_path / "x.md"
    assert main(["bib", str(database("hsteinshiromoto_bibliography")), "-o", str(output), "--group", "none"]) == 0
    text = output.read_text(encoding="utf-8")
    assert "withdrawn by the authors" in text and "please cite it as below" in text


def test_shipped_mapping_is_what_the_script_derives_from_zoteros_schema() -> None:
    schema = shared("zotero", "zotero_zotero-schema", "schema.json")
    spec = importlib.util.spec_from_file_location("zotero_schema", PROJECT / "scripts" / "zotero_schema.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shipped = PROJECT / "socinno_lit" / "read" / "data" / "zotero_schema.json"
    assert shipped.read_text(encoding="utf-8") == script.render(schema)


def copy_of(folder: str, tmp_path: Path) -> Path:
    """A private copy of a real library for a test that must change it."""
    path = tmp_path / "zotero.sqlite"
    shutil.copyfile(database(folder), path)
    return path


def outside_collections(path: Path) -> list[str]:
    return sorted(key for key in regular_items(path) if not query(
        path, "SELECT 1 FROM collectionItems JOIN items i USING (itemID) WHERE i.key = ?", key))


def test_group_libraries_are_read_and_chosen_by_name_or_id(tmp_path: Path) -> None:
    path = copy_of("tasmimmedha_Enriched_HIDMS", tmp_path)
    moved = outside_collections(path)[0]
    with sqlite3.connect(path) as con:
        con.execute("UPDATE items SET libraryID = 2 WHERE key = ?", (moved,))
    keys = lambda corpus: {r.fields["zotero-key"] for r in corpus}  # noqa: E731
    assert keys(sl.load(path)) == set(regular_items(path))
    assert keys(sl.load_zotero(path, library="HIDMS")) == keys(sl.load_zotero(path, library="6627688")) == {moved}
    assert keys(sl.load_zotero(path, library="My Library")) == set(regular_items(path)) - {moved}


def test_feed_items_are_not_the_users_library(tmp_path: Path) -> None:
    path = copy_of("sqlabunipatras_test", tmp_path)
    fed = outside_collections(path)[0]
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (9, 'feed', 0, 0)")
        con.execute("UPDATE items SET libraryID = 9 WHERE key = ?", (fed,))
    corpus = sl.load(path)
    assert {r.fields["zotero-key"] for r in corpus} == set(regular_items(path)) - {fed}
    assert any(p.message.startswith("1 item from feeds") for p in corpus.problems_with(code="zotero-left-out"))


def test_committed_changes_still_in_the_write_ahead_log_are_read(tmp_path: Path) -> None:
    path = copy_of("hsteinshiromoto_bibliography", tmp_path)
    title = next(t for t in regular_items(path).values() if t)
    zotero = sqlite3.connect(path, isolation_level=None)
    zotero.execute("PRAGMA journal_mode = WAL")
    zotero.execute("PRAGMA wal_autocheckpoint = 0")
    zotero.execute("UPDATE itemDataValues SET value = 'Changed while Zotero runs' WHERE value = ?", (title,))
    before = {p.name: sha256(p) for p in tmp_path.iterdir()}
    try:
        titles = [r.title for r in sl.load(path)]
        after = {p.name: sha256(p) for p in tmp_path.iterdir()}
    finally:
        zotero.close()
    assert "Changed while Zotero runs" in titles and title not in titles
    assert after == before


def test_zoteros_own_citation_key_field_is_the_key(tmp_path: Path) -> None:
    path = copy_of("sqlabunipatras_test", tmp_path)
    item = sorted(regular_items(path))[0]
    with sqlite3.connect(path) as con:
        value = con.execute("INSERT INTO itemDataValues (valueID, value) VALUES "
                            "((SELECT max(valueID) + 1 FROM itemDataValues), 'zoteroSevenKey')").lastrowid
        con.execute("INSERT INTO itemData SELECT itemID, (SELECT fieldID FROM fields WHERE fieldName = 'citationKey'), "
                    "(SELECT valueID FROM itemDataValues WHERE rowid = ?) FROM items WHERE key = ?", (value, item))
    assert {r.fields["zotero-key"]: r.key for r in sl.load(path)}[item] == "zoteroSevenKey"


def test_collection_option_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = database("thiagohonorato_referencias")
    assert main(["inspect", str(path), "--collection", "Requisitos", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == len(subtree_items(path, "Requisitos"))


def field_values(path: Path) -> list[tuple[str, str, str]]:
    rows = query(path, "SELECT i.key, f.fieldName, v.value FROM itemData d JOIN items i USING (itemID) "
                       "JOIN fields f USING (fieldID) JOIN itemDataValues v USING (valueID)")
    return [(key, name, str(value)) for key, name, value in rows]


# Zotero field -> where the record keeps it (BibTeX names, as for every other input).
KEPT_AS = {"volume": "volume", "issue": "number", "pages": "pages", "ISBN": "isbn", "url": "url",
           "language": "language", "extra": "note", "abstractNote": "abstract", "publicationTitle": "journal",
           "bookTitle": "booktitle", "proceedingsTitle": "booktitle", "university": "school", "publisher": "publisher"}


@pytest.mark.parametrize("folder", sorted(LIBRARIES))
def test_publication_details_agree_with_the_database(folder: str) -> None:
    path = database(folder)
    by_key = {r.fields["zotero-key"]: r for r in sl.load(path)}
    checked = 0
    for item_key, name, value in field_values(path):
        record = by_key.get(item_key)
        if record is None or name not in KEPT_AS and name not in ("DOI", "date"):
            continue
        if name == "DOI":  # a user may type anything there: the DOI is what looks like one
            assert record.fields["doi"] == value.strip() and record.doi in ("", value.strip().lower())
        elif name == "date":
            assert record.year == (int(value[:4]) if value[:4].isdigit() and value[:4] != "0000" else None)
        else:
            assert " ".join(record.fields[KEPT_AS[name]].split()) == " ".join(value.split()), (item_key, name)
        checked += 1
    assert checked > 0
