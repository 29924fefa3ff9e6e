"""CSL-JSON in and out: Zotero's real export, round trips, and output citeproc can format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.cli import main
from socinno_lit.read.csljson import looks_like_csl_json

# The item types of the CSL 1.0.2 specification.
CSL_TYPES = set(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection "
    "dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case "
    "legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance "
    "periodical personal_communication post post-weblog regulation report review review-book software song "
    "speech standard thesis treaty webpage".split())


def armenian_export() -> Path:
    return shared("zotero", "armen-bibliography_ArmEnBib", "Exported Items.json")


def issued_year(item: dict) -> int | None:
    parts = item.get("issued", {}).get("date-parts", [[None]])
    return int(parts[0][0]) if parts and parts[0] and str(parts[0][0]).isdigit() else None


def test_zoteros_csl_json_export_loads_with_all_its_items() -> None:
    items = json.loads(armenian_export().read_text(encoding="utf-8"))
    corpus = sl.load(armenian_export())
    assert len(corpus) == len(items) == 250
    assert not corpus.problems_with(severity="error")
    for record, item in zip(corpus, items, strict=True):
        assert record.title == item["title"].strip()
        assert record.year == issued_year(item)
        families = [a["family"] for a in item.get("author", [])] or [e["family"] for e in item.get("editor", [])]
        assert [a.split(",")[0] for a in record.authors] == families
    assert len(set(corpus.keys)) == 250  # Zotero's ids are item URIs, not keys: keys were generated
    assert not any("/" in key for key in corpus.keys)


def test_containers_and_types_become_bibtex_names() -> None:
    corpus = sl.load(armenian_export())
    items = json.loads(armenian_export().read_text(encoding="utf-8"))
    chapter, item = next((r, i) for r, i in zip(corpus, items, strict=True) if i["type"] == "chapter")
    assert chapter.entry_type == "incollection"
    assert chapter.fields["booktitle"] == " ".join(item["container-title"].split())
    article, item = next((r, i) for r, i in zip(corpus, items, strict=True) if i["type"] == "article-journal")
    assert article.entry_type == "article" and article.venue == " ".join(item["container-title"].split())


def assert_round_trip(corpus: sl.Corpus, path: Path) -> sl.Corpus:
    sl.write_csl_json(corpus, path)
    again = sl.load(path)
    assert again.keys == corpus.keys
    for before, after in zip(corpus, again, strict=True):
        assert (after.title, after.authors, after.year) == (before.title, before.authors, before.year)
    return again


def test_round_trip_of_the_real_export_keeps_titles_authors_years(tmp_path: Path) -> None:
    assert_round_trip(sl.load(armenian_export()), tmp_path / "again.json")


def test_round_trip_of_a_zotero_library_keeps_notes_and_keywords(tmp_path: Path) -> None:
    corpus = sl.load(shared("zotero", "thiagohonorato_referencias", "zotero.sqlite"))
    again = assert_round_trip(corpus, tmp_path / "library.json")
    assert [r.annotation for r in again] == [r.annotation for r in corpus]
    assert [set(r.keywords) for r in again] == [set(r.keywords) for r in corpus]


def test_bibtex_round_trip_through_csl_json(tmp_path: Path) -> None:
    corpus = sl.load(shared("formats", "zotero_public_history.bib"))
    assert_round_trip(corpus, tmp_path / "theses.json")


def test_written_items_are_valid_csl(tmp_path: Path) -> None:
    corpus = sl.load(shared("zotero", "hsteinshiromoto_bibliography", "zotero.sqlite"),
                     shared("formats", "wos_healthecon_part1.bib"))
    items = json.loads(sl.write_csl_json(corpus, tmp_path / "x.json").read_text(encoding="utf-8"))
    assert len(items) == len(corpus)
    for item in items:
        assert item["type"] in CSL_TYPES
        assert isinstance(item["id"], str) and item["id"]
        for person in item.get("author", []) + item.get("editor", []):
            assert set(person) <= {"family", "given", "suffix", "literal"}
            assert person.get("family") or person.get("literal")
        if "issued" in item:
            assert all(isinstance(p, int) for p in item["issued"]["date-parts"][0])


def test_citeproc_formats_every_written_item(tmp_path: Path) -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    corpus = sl.load(shared("zotero", "thiagohonorato_referencias", "zotero.sqlite"))
    items = json.loads(sl.write_csl_json(corpus, tmp_path / "x.json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py names the CSL variables it does not use
        style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
        for item in items:
            bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(corpus)
    first = corpus.records[1]
    assert any(first.title in text and first.first_author_surname in text for text in rendered)


def test_enrichment_goes_into_note_lines(tmp_path: Path) -> None:
    corpus = sl.classify(sl.load(shared("zotero", "sqlabunipatras_test", "zotero.sqlite")), "denmark")
    items = json.loads(sl.write_csl_json(corpus, tmp_path / "x.json").read_text(encoding="utf-8"))
    contexts = [line for item in items for line in item.get("note", "").splitlines()
                if line.startswith("socinno-context: ")]
    assert len(contexts) == len(corpus)


def test_commands_write_csl_json(tmp_path: Path) -> None:
    library = str(shared("zotero", "hsteinshiromoto_bibliography", "zotero.sqlite"))
    assert main(["dedupe", library, "-o", str(tmp_path / "clean.json")]) == 0
    assert len(sl.load(tmp_path / "clean.json")) == len(sl.load(library).deduplicate())
    assert main(["bib", library, "-o", str(tmp_path / "bib.json"), "--group", "context"]) == 0
    items = json.loads((tmp_path / "bib.json").read_text(encoding="utf-8"))
    assert any("withdrawn by the authors" in item.get("annote", "") for item in items)
    contexts = [re.search(r"socinno-context: (\S+)", item["note"]) for item in items]
    assert all(contexts)
    # A Zotero library without affiliations: most records have no evidence, and say so.
    assert {m.group(1) for m in contexts} <= {"denmark", "international", "unknown"}
    assert "unknown" in {m.group(1) for m in contexts}


def test_openalex_json_is_not_taken_for_csl() -> None:
    work = shared("openalex", "b-vitamins_openalex-python", "tests", "fixtures", "data", "W2741809807.json")
    data = json.loads(work.read_text(encoding="utf-8"))
    assert data["type"] and data["title"] and data["id"]  # what a CSL item has too
    assert not looks_like_csl_json(data) and not looks_like_csl_json([data])
    assert looks_like_csl_json(json.loads(armenian_export().read_text(encoding="utf-8")))


def test_broken_items_are_problems_not_tracebacks(tmp_path: Path) -> None:
    path = tmp_path / "library.json"
    path.write_text('[{"id": "a", "type": "book", "title": "One", "author": "not a list", "issued": 2001},'
                    ' {"id": "b", "type": "book", "title": "Two", "issued": {"date-parts": []}}, "stray"]',
                    encoding="utf-8")
    corpus = sl.load(path)
    assert [r.title for r in corpus] == ["One", "Two"] and corpus["a"].year == 2001
    assert [p.code for p in corpus.problems_with(severity="error")] == ["unparsable-entry"]


def test_pandoc_cites_every_written_item(tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc") or pytest.skip("pandoc is not installed")
    corpus = (sl.load(armenian_export()) + sl.load(shared("zotero", "hsteinshiromoto_bibliography", "zotero.sqlite"))
              + sl.load(shared("formats", "zotero_public_history.bib")))
    library = sl.write_csl_json(corpus, tmp_path / "library.json")
    document = tmp_path / "doc.md"
    document.write_text('---\nnocite: "@*"\n---\n\n# References\n', encoding="utf-8")
    html = subprocess.run([pandoc, str(document), "--citeproc", "--bibliography", str(library), "-t", "html"],
                          capture_output=True, text=True, check=True).stdout
    assert html.count('class="csl-entry"') == len(corpus)
