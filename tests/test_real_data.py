"""Every real export in ../shared/data loads, and every entry is accounted for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED_DATA, shared

import socinno_lit as sl
from socinno_lit.read.bibtex import count_entries
from socinno_lit.read.encoding import read_text
from socinno_lit.read.loading import SUFFIXES, _format

SUPPORTED = set(SUFFIXES)
ALL_FILES = sorted(p for p in SHARED_DATA.rglob("*") if p.suffix in SUPPORTED) if SHARED_DATA.is_dir() else []
FORMATS = {p: _format(read_text(p).text, p.suffix) for p in ALL_FILES}  # by content, as the loader reads them
BIB_FILES = [p for p in ALL_FILES if FORMATS[p] == "bibtex"]
RIS_FILES = [p for p in ALL_FILES if FORMATS[p] == "ris"]
PUBMED_FILES = [p for p in ALL_FILES if FORMATS[p] == "medline"]
DOMAIN = ["mendeley_digital_government.bib", "scopus_policy_diffusion.bib", "scopus_social_entrepreneurship.bib"]
RESIDUAL_LATEX = re.compile(r"\\[A-Za-z'\"`^~=.]|\{\\|\\\\")


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(SHARED_DATA)) for p in paths]


def unreadable(corpus: sl.Corpus) -> int:
    return sum(1 for p in corpus.problems if p.code == "unparsable-entry")


@pytest.mark.parametrize("path", ALL_FILES, ids=ids(ALL_FILES))
def test_every_real_file_loads_without_an_exception(path: Path) -> None:
    corpus = sl.load(path)
    assert len(corpus) + unreadable(corpus) > 0 or corpus.problems
    assert all(p.file == str(path) for p in corpus.problems if p.code != "missing-abstract")


@pytest.mark.parametrize("path", BIB_FILES, ids=ids(BIB_FILES))
def test_bibtex_records_plus_entry_problems_account_for_every_entry(path: Path) -> None:
    entries = count_entries(read_text(path).text)
    corpus = sl.load(path)
    assert len(corpus) + unreadable(corpus) == entries


@pytest.mark.parametrize("path", RIS_FILES, ids=ids(RIS_FILES))
def test_ris_records_plus_problems_account_for_every_record(path: Path) -> None:
    text = read_text(path).text.replace("\r\n", "\n").replace("\r", "\n")
    ends = len(re.findall(r"^ER {1,2}-", text, flags=re.M))
    corpus = sl.load(path)
    assert len(corpus) + unreadable(corpus) >= ends


@pytest.mark.parametrize("path", PUBMED_FILES, ids=ids(PUBMED_FILES))
def test_pubmed_records_plus_problems_account_for_every_pmid(path: Path) -> None:
    pmids = len(re.findall(r"^PMID- ?\d", read_text(path).text, flags=re.M))
    corpus = sl.load(path)
    assert len(corpus) + unreadable(corpus) == pmids


@pytest.mark.parametrize("name", DOMAIN)
def test_no_latex_left_in_titles_and_names_of_domain_exports(name: str) -> None:
    corpus = sl.load(shared("domain", name))
    leftovers = [t for r in corpus for t in (r.title, *r.authors) if RESIDUAL_LATEX.search(t)]
    assert leftovers == []


def test_domain_exports_have_their_known_sizes_and_traps() -> None:
    se = sl.load(shared("domain", "scopus_social_entrepreneurship.bib"))
    assert len(se) == 2000
    assert not se.problems_with(severity="error")
    assert len(se.problems_with(code="duplicate-key")) >= 5
    suite = [r for r in se if "Suite # 3" in " ".join(r.affiliations)]
    assert suite, "the literal # inside braces must survive"
    pd = sl.load(shared("domain", "scopus_policy_diffusion.bib"))
    assert len(pd) == count_entries(read_text(shared("domain", "scopus_policy_diffusion.bib")).text)
    assert pd[0].key == "Zimm202154"
    mendeley = sl.load(shared("domain", "mendeley_digital_government.bib"))
    assert len(mendeley.problems_with(code="empty-key")) == 3
    assert len(mendeley) == 93


def test_web_of_science_plain_text_export() -> None:
    corpus = sl.load(shared("domain", "wos_policy_diffusion.txt"))
    assert len(corpus) == 144
    assert sum(1 for r in corpus if r.abstract) == 123
    assert all(r.title and r.authors and r.year for r in corpus)


def test_ris_abstracts_in_n2_with_untagged_continuation_lines() -> None:
    corpus = sl.load(shared("formats", "wos_healthecon_all.ris"))
    assert len(corpus) == 1000
    first = corpus[0]
    assert first.abstract.startswith("This article analyzes selection incentives")
    assert first.abstract.endswith("an important direction for further research.")


@pytest.mark.parametrize("name", ["encoding-windows-1252-with-header.bib",
                                  "encoding-windows-1252-without-header.bib",
                                  "encoding-windows-1252-but-utf-8-declared--decoding-fails.bib"])
def test_windows_1252_jabref_files_are_decoded_with_a_fallback_warning(name: str) -> None:
    corpus = sl.load(shared("messy", "jabref", name))
    assert len(corpus) == 1
    assert corpus.problems_with(code="encoding-fallback")
    text = " ".join(corpus[0].fields.values())
    assert "\ufffd" not in text
    if "abstract" in corpus[0].fields:
        assert corpus[0].fields["abstract"] == "25° C"
