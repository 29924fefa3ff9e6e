"""The national-context classifier: hand-built trap records, overrides, rules, real exports."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.context.classify import (
    INTERNATIONAL,
    UNKNOWN,
    affiliation_country,
    affiliation_segments,
    classify,
    context_counts,
    evidence_table,
    read_overrides,
)
from socinno_lit.context.contexts import Context
from socinno_lit.corpus import Corpus
from socinno_lit.records import Record

LABELS = Path(__file__).parent / "data" / "denmark_labels.csv"

DANISH_ABSTRACT = (
    "Artiklen undersøger, hvordan danske kommuner arbejder med samskabelse af velfærd. Vi viser, at "
    "medarbejderne ofte oplever et pres mellem effektivitet og borgerinddragelse, og at ledelsen spiller "
    "en afgørende rolle for, om samarbejdet lykkes."
)
NORWEGIAN_ABSTRACT = (
    "Artikkelen undersøker hvordan kommunene arbeider med samskaping av velferd. Vi viser at de ansatte "
    "ofte opplever et press mellom effektivitet og brukermedvirkning, og at ledelsen blir avgjørende for "
    "om samarbeidet lykkes."
)
SWEDISH_ABSTRACT = (
    "Artikeln undersöker hur kommunerna arbetar med samskapande av välfärd. Vi visar att de anställda "
    "ofta upplever en press mellan effektivitet och medborgarinflytande, och att ledningen inte alltid "
    "spelar en avgörande roll."
)


def one(record: Record, context: str | Context = "denmark", **options: object) -> Record:
    return classify(Corpus((record,)), context, **options)[0]  # type: ignore[arg-type]


# --- affiliations ----------------------------------------------------------------------


def test_danish_affiliation_is_denmark_with_the_address_as_evidence() -> None:
    address = "Dept of Political Science, Aalborg University, Aalborg, Denmark"
    r = one(Record(key="a", affiliations=(address,)))
    assert r.context == "denmark"
    assert r.evidence == (f'affiliation: "{address}"',)


def test_denmark_road_manchester_is_english() -> None:
    address = (
        "Alliance Manchester Business School, University of Manchester, Denmark Road, Manchester, "
        "M13 9NG, United Kingdom"
    )
    r = one(Record(key="a", affiliations=(address,)))
    assert r.context == INTERNATIONAL
    assert r.evidence == ("affiliations elsewhere: United Kingdom",)
    assert affiliation_country("Denmark Road, Manchester, M13 9NG") is None


@pytest.mark.parametrize(
    "address",
    [
        "Copenhagen Business School (CBS), Porcelaenshaven 18, Frederiksberg",  # no country
        "Dept Polit Sci, Bartholins Allé 7, DK-8000 Aarhus C",  # postal code only
        "Aarhus Univ, Dept Polit Sci, DK-8000 Aarhus C, Denmark.",  # Web of Science
        "University of Southern Denmark, Odense M",
        "VIVE, Herluf Trolles Gade 11, København K",
    ],
)
def test_affiliations_without_a_country_use_postal_codes_institutions_and_places(address: str) -> None:
    assert affiliation_country(address) == "denmark"


def test_a_foreign_abbreviation_or_city_does_not_make_an_address_danish() -> None:
    assert affiliation_country("Statistics Netherlands (CBS), The Hague, Netherlands") == "NL"
    assert affiliation_country("Dept Econ, Copenhagen, NY 13626, USA") == "US"
    assert affiliation_country("Univ Naples Federico II, Dept Econ & Stat, I-80126 Naples, Italy.") == "IT"


def test_scopus_affiliations_joined_by_semicolons_are_split() -> None:
    joined = "Harvard Business School, Boston, MA 02163, United States; Copenhagen Business School, Frederiksberg, Denmark"
    r = Record(key="a", fields={"affiliation": joined})
    assert len(affiliation_segments(r)) == 2
    assert one(r).context == "denmark"


def test_web_of_science_address_lines_are_split_and_the_reprint_address_dropped() -> None:
    c1 = (
        "Holm, A (Reprint Author), Univ Oslo, Oslo, Norway.\n"
        "Iorio, Carmela; D'Ambrosio, Antonio, Univ Naples Federico II, Dept Econ \\& Stat, Via Cinthia, I-80126 Naples, Italy.\n"
        "[Lund, B] Roskilde Univ, Dept Social Sci, DK-4000 Roskilde, Denmark."
    )
    r = Record(key="w", fields={"c1": c1})
    segments = affiliation_segments(r)
    assert not any("Reprint" in s for s in segments)
    assert segments[-1] == "Roskilde Univ, Dept Social Sci, DK-4000 Roskilde, Denmark"
    assert one(r).context == "denmark"


ITALY = "Univ Bologna, Dept Polit Sci, Bologna, Italy"
DENMARK = "Aarhus University, Dept Political Science, Aarhus, Denmark"
GERMANY = "University of Bremen, SOCIUM, Bremen, Germany"


@pytest.mark.parametrize(
    ("affiliations", "rule", "expected"),
    [
        ((ITALY, DENMARK), "any", "denmark"),
        ((ITALY, DENMARK), "first", INTERNATIONAL),
        ((DENMARK, ITALY), "first", "denmark"),
        (("Iorio, Carmela", DENMARK, ITALY), "first", "denmark"),  # WoS author-name fragment skipped
        ((ITALY, DENMARK), "majority", INTERNATIONAL),  # a tie is no majority
        ((DENMARK, ITALY, "Roskilde University, Roskilde, Denmark"), "majority", "denmark"),
        ((DENMARK, ITALY, GERMANY), "majority", INTERNATIONAL),
    ],
)
def test_affiliation_rules(affiliations: tuple[str, ...], rule: str, expected: str) -> None:
    r = one(Record(key="a", affiliations=affiliations), rule=rule)
    assert r.context == expected
    if expected == INTERNATIONAL and rule != "any":
        assert any("not counted" in e for e in r.evidence)


def test_unknown_rule_is_a_configuration_error() -> None:
    with pytest.raises(sl.ConfigurationError, match="rule"):
        classify(Corpus(), rule="last")  # type: ignore[arg-type]


# --- language --------------------------------------------------------------------------


def test_a_danish_abstract_is_denmark() -> None:
    r = one(Record(key="a", title="Samskabelse af velfærd", abstract=DANISH_ABSTRACT))
    assert r.context == "denmark"
    assert "language: Danish (detected in title/abstract)" in r.evidence


@pytest.mark.parametrize("abstract", [NORWEGIAN_ABSTRACT, SWEDISH_ABSTRACT])
def test_norwegian_and_swedish_abstracts_are_not_danish(abstract: str) -> None:
    r = one(Record(key="a", title="Samskaping", abstract=abstract))
    assert r.context == INTERNATIONAL
    assert len(r.evidence) == 1
    assert re.fullmatch(r"language: (Norwegian|Swedish) \(detected in title/abstract\)", r.evidence[0])


def test_the_language_field_is_trusted() -> None:
    assert one(Record(key="a", title="Co-creation", language="Danish")).evidence == ("language: Danish",)
    assert one(Record(key="b", abstract=DANISH_ABSTRACT, language="English")).context == "denmark"  # "danske kommuner"
    assert one(Record(key="c", title="Welfare", fields={"language": "dan"})).context == "denmark"


def test_language_does_not_count_for_a_country_whose_language_is_shared() -> None:
    r = one(Record(key="a", title="Social innovation", abstract="This article studies public services.", language="English"),
            "united kingdom")
    assert r.context == UNKNOWN
    assert r.evidence[0].startswith("no rule fired")


# --- the study's setting ---------------------------------------------------------------


def test_a_title_mentioning_danske_kommuner_is_enough() -> None:
    r = one(Record(key="a", title="Samskabelse i danske kommuner"))
    assert r.context == "denmark"
    assert 'title mentions: "danske kommuner"' in r.evidence


def test_danish_inside_another_word_or_a_county_is_no_mention() -> None:
    for title in ("Danishefsky revisited", "A mundane account of Dane County, Wisconsin", "Great Danes and Guinea pigs"):
        assert one(Record(key="a", title=title)).context == UNKNOWN, title


def test_danish_in_a_norwegian_study_is_not_denmark() -> None:
    r = Record(
        key="faroe",
        title="The Faroese path to a comprehensive education system",
        abstract=(
            "This article traces the Faroese path from Norwegian heritage to Danish rule. We ask how far "
            "the Faroese themselves shaped their schools, and how far Norwegian and Danish influences did. "
            "Faroese sources are few."
        ),
        keywords=("Faroe Islands", "Policy borrowing"),
        affiliations=("Department of Education, NTNU, Trondheim, Norway",),
    )
    assert one(r).context == INTERNATIONAL
    assert one(r, "norway").context == "norway"


def test_a_denmark_mention_among_many_countries_is_not_a_setting() -> None:
    abstract = (
        "We compared Denmark, Sweden, Norway, Finland, Germany, France and 20 other OECD countries "
        "on their adoption of carbon taxes."
    )
    r = one(Record(key="a", title="Carbon taxes in the OECD", abstract=abstract))
    assert r.context == INTERNATIONAL
    assert r.evidence[0].startswith('multi-country setting: the abstract names "Denmark" and 5 other countries')


def test_a_comparison_naming_denmark_beside_other_countries_is_multi_country() -> None:
    title = "Digital transformation: a comparative study of Australia, Denmark and the Republic of Korea"
    r = one(Record(key="a", title=title))
    assert r.context == INTERNATIONAL
    assert r.evidence == ('multi-country setting: title or keywords name "Australia", "Denmark", "Republic of Korea"',)
    abstract = "Four or five countries: Denmark, Sweden, Norway and Finland compared their welfare reforms."
    assert one(Record(key="b", title="Welfare reform", abstract=abstract)).context == INTERNATIONAL


def test_denmark_named_far_more_often_than_another_country_is_the_setting() -> None:
    abstract = "Using survey experiments in Texas and Denmark and a reform of public schools in Denmark, we find ..."
    assert one(Record(key="b", title="Political pressure", abstract=abstract)).context == "denmark"
    abstract = "Danish municipalities differ. We study Denmark's 98 municipalities, unlike earlier work on Sweden."
    r = one(Record(key="c", title="Local reform", abstract=abstract))
    assert r.context == "denmark"
    assert "named less often" in r.evidence[-1]


def test_another_country_as_the_only_setting_is_international_evidence() -> None:
    r = one(Record(key="a", title="Social enterprise in Kenya"))
    assert (r.context, r.evidence) == (INTERNATIONAL, ("setting elsewhere: title or keywords name Kenya",))
    r = one(Record(key="b", title="Crowdfunding", abstract="We study 400 campaigns on a Chinese platform."))
    assert (r.context, r.evidence) == (INTERNATIONAL, ("setting elsewhere: abstract names China",))


def test_eponyms_and_event_names_are_not_settings() -> None:
    for text in ("The Copenhagen criteria and EU enlargement", "After the 2009 climate summit in Copenhagen, states learned."):
        assert one(Record(key="a", title="Enlargement", abstract=text)).context == UNKNOWN


def test_cities_and_municipalities_count_in_titles_and_keywords() -> None:
    assert one(Record(key="a", title="Home help for the elderly in Valby")).context == "denmark"
    assert one(Record(key="b", title="Welfare", keywords=("Ikast-Brande",))).context == "denmark"
    # "the road", not the town: no setting (the Danish title is Danish by its language)
    assert not any("mentions" in e for e in one(Record(key="c", title="Vejen til velfærd")).evidence)
    assert one(Record(key="d", title="Vejen Kommune og velfærd")).context == "denmark"


# --- venues ----------------------------------------------------------------------------


def test_a_danish_venue_counts_and_a_foreign_namesake_does_not() -> None:
    r = one(Record(key="a", title="Kommunalreformen", venue="Politica"))
    assert r.evidence == ("venue: Politica",)
    assert one(Record(key="b", title="Partiti", venue="Rivista Italiana di Scienza Politica")).context == UNKNOWN
    assert one(Record(key="c", title="Ledelse", fields={"publisher": "Hans Reitzels Forlag, København"})).context == "denmark"
    assert one(Record(key="d", title="Ledelse", fields={"publisher": "Gyldendal Norsk Forlag"})).context == UNKNOWN


def test_an_affiliation_elsewhere_outranks_a_danish_venue() -> None:
    r = one(Record(key="a", title="Party politics", venue="Politica", affiliations=("Dept of Government, Harvard University, Cambridge, MA, USA",)))
    assert (r.context, r.evidence) == (INTERNATIONAL, ("affiliations elsewhere: United States",))
    r = one(Record(key="b", title="Partier og vælgere", venue="Politica", affiliations=(ITALY,)))
    assert r.context == "denmark"  # a Danish-language text still places it in Denmark
    assert not any(e.startswith("venue") for e in r.evidence)


# --- overrides -------------------------------------------------------------------------


def test_overrides_win_over_every_rule() -> None:
    danish = Record(key="smith2019", affiliations=(DENMARK,))
    foreign = Record(key="jones2020", doi="10.1/xyz", affiliations=(ITALY,))
    out = classify(Corpus((danish, foreign)), overrides={"smith2019": "international", "https://doi.org/10.1/XYZ": "Denmark"})
    assert [r.context for r in out] == [INTERNATIONAL, "denmark"]
    assert out[0].evidence[0].startswith("override: user mapping")


def test_a_context_field_on_the_entry_overrides_the_rules() -> None:
    r = one(Record(key="a", affiliations=(ITALY,), fields={"context": "Denmark"}))
    assert (r.context, r.evidence) == ("denmark", ("override field: context = Denmark",))
    assert one(Record(key="b", affiliations=(DENMARK,), fields={"context": "sweden"})).context == INTERNATIONAL


def test_bad_override_values_are_configuration_errors() -> None:
    with pytest.raises(sl.ConfigurationError, match="mars"):
        classify(Corpus((Record(key="a"),)), overrides={"a": "mars"})
    with pytest.raises(sl.ConfigurationError, match="entry 'a'"):
        classify(Corpus((Record(key="a", fields={"context": "mars"}),)))


def test_overrides_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("key,context\nsmith2019,international\nnobody,denmark\n", encoding="utf-8")
    assert read_overrides(path) == {"smith2019": "international", "nobody": "denmark"}
    out = classify(Corpus((Record(key="smith2019", affiliations=(DENMARK,)),)), overrides=str(path))
    assert out[0].context == INTERNATIONAL
    assert [(p.key, p.code) for p in out.problems] == [("nobody", "unused-override")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\nx,denmark\n", encoding="utf-8")
    with pytest.raises(sl.ConfigurationError, match="columns"):
        classify(Corpus(), overrides=bad)
    with pytest.raises(sl.ConfigurationError, match="no such"):
        classify(Corpus(), overrides=tmp_path / "missing.csv")


# --- other contexts, outputs -----------------------------------------------------------


def test_norway_context() -> None:
    records = (
        Record(key="oslo", affiliations=("Department of Sociology, University of Oslo, Oslo, Norway",)),
        Record(key="ntnu", affiliations=("NTNU, Trondheim",)),
        Record(key="nor", title="Innovasjon", abstract=NORWEGIAN_ABSTRACT),
        Record(key="dk", affiliations=(DENMARK,), abstract=DANISH_ABSTRACT),
    )
    out = classify(Corpus(records), "norway")
    assert [r.context for r in out] == ["norway", "norway", "norway", INTERNATIONAL]


def test_a_user_context_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "funen.toml"
    path.write_text('name = "funen"\nnames = ["Funen", "Fyn"]\ncities = ["Odense", "Svendborg"]\nlanguage = "da"\n', "utf-8")
    out = classify(Corpus((Record(key="a", title="Co-creation in Svendborg"),)), path)
    assert out[0].context == "funen"


def test_classify_returns_a_new_corpus_and_keeps_the_input() -> None:
    corpus = Corpus((Record(key="a", affiliations=(DENMARK,)), Record(key="b", title="Kenya")))
    out = classify(corpus)
    assert corpus[0].context is None and out[0].context == "denmark"
    assert context_counts(out) == {"denmark": 1, INTERNATIONAL: 1}
    table = evidence_table(out)
    assert list(table.columns) == ["key", "context", "evidence"]
    assert table.loc[0, "evidence"].startswith("affiliation: ")


def test_records_with_nothing_to_go_on_are_unknown_not_international() -> None:
    for record in (Record(key="empty"), Record(key="plain", title="Social innovation", abstract="We study co-creation."),
                   Record(key="journal", title="Co-creation", venue="Public Administration Review")):
        r = one(record)
        assert r.context == UNKNOWN, r.key
        assert r.evidence[0] == "no rule fired: no affiliation, language, setting or venue found"


def test_international_always_has_evidence_on_real_exports() -> None:
    corpus = classify(_load("scopus_social_entrepreneurship.bib"), "denmark")
    international = [r for r in corpus if r.context == INTERNATIONAL]
    assert international and all(r.evidence and not r.evidence[0].startswith("no rule") for r in international)
    stripped = classify(corpus.with_records(r.replace(affiliations=(), fields={k: v for k, v in r.fields.items()
                                                                                if k not in ("affiliation", "affiliations")})
                                            for r in corpus), "denmark")
    unknown = [r for r in stripped if r.context == UNKNOWN]
    assert len(unknown) > len(corpus) / 2  # without affiliations most records have no evidence
    assert all(r.evidence[0].startswith("no rule fired") for r in unknown)


# --- real exports against hand-checked labels ------------------------------------------


@lru_cache(maxsize=None)
def _load(file: str) -> Corpus:
    return sl.load(shared("domain", file))


def _labels(file: str) -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["file"] == file]


def _matches(row: dict[str, str], record: Record) -> bool:
    if row["title"]:
        return record.title.casefold() == row["title"].casefold()
    return record.doi == row["doi"].lower()


def precision_recall(file: str) -> tuple[float, float, list[str]]:
    """Precision and recall of classify(..., "denmark") on a real export against the labels.

    Records the labels do not list mention nothing Danish and count as international.
    """
    out = classify(_load(file), "denmark")
    labels = _labels(file)
    truth = []
    for record in out:
        rows = [row for row in labels if _matches(row, record)]
        truth.append(bool(rows) and rows[0]["label"] == "denmark")
    predicted = [r.context == "denmark" for r in out]
    hits = sum(p and t for p, t in zip(predicted, truth))
    wrong = [f"{r.key}: predicted {r.context}, labelled {'denmark' if t else 'international'}"
             for r, p, t in zip(out, predicted, truth) if p != t]
    return hits / max(1, sum(predicted)), hits / max(1, sum(truth)), wrong


def test_every_label_names_one_record() -> None:
    for file in ("scopus_social_entrepreneurship.bib", "scopus_policy_diffusion.bib", "mendeley_digital_government.bib",
                 "wos_policy_diffusion.txt"):
        corpus = _load(file)
        for row in _labels(file):
            assert sum(_matches(row, r) for r in corpus) == 1, row


@pytest.mark.parametrize(
    "file",
    ["scopus_social_entrepreneurship.bib", "scopus_policy_diffusion.bib", "mendeley_digital_government.bib",
     "wos_policy_diffusion.txt"],
)
def test_precision_and_recall_on_real_exports(file: str) -> None:
    precision, recall, wrong = precision_recall(file)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, wrong)


# --- institution country codes (OpenAlex) ------------------------------------------------


def test_an_institution_in_the_focus_country_decides_with_openalex_evidence() -> None:
    record = Record(key="a", title="Digital welfare", countries=("US", "DK"))
    (out,) = classify([record], "denmark")
    assert out.context == "denmark" and out.evidence == ("OpenAlex: institution in DK",)
    (norway,) = classify([record.replace(countries=("NO",))], "norway")
    assert norway.evidence == ("OpenAlex: institution in NO",)


def test_country_codes_outweigh_the_affiliation_text() -> None:
    # The exported address says Denmark; OpenAlex's institutions say otherwise and win.
    record = Record(key="a", title="Port logistics", affiliations=("Aalborg University, Aalborg, Denmark",),
                    countries=("GB",))
    assert one(record.replace(countries=())).context == "denmark"
    (out,) = classify([record], "denmark")
    assert out.context == "international"
    assert out.evidence == ("OpenAlex: institution in GB, none in DK",)


def test_country_codes_leave_the_other_rules_to_fire() -> None:
    record = Record(key="a", title="Samskabelse i danske kommuner", countries=("US",))
    (out,) = classify([record], "denmark")
    assert out.context == "denmark"
    assert any(e.startswith("title mentions") for e in out.evidence)


@pytest.mark.parametrize(("countries", "rule", "expected"), [
    (("DK", "SE"), "first", "denmark"),
    (("SE", "DK"), "first", "international"),
    (("DK",), "majority", "denmark"),
    (("DK", "SE", "NO"), "majority", "international"),
    (("SE", "DK"), "any", "denmark"),
])
def test_country_codes_follow_the_affiliation_rule(countries: tuple[str, ...], rule: str, expected: str) -> None:
    (out,) = classify([Record(key="a", title="Welfare", countries=countries)], "denmark", rule=rule)
    assert out.context == expected


def test_a_context_without_a_country_code_reads_the_affiliation_text() -> None:
    fyn = Context(name="funen", names=("Funen", "Fyn"), cities=("Odense",))
    record = Record(key="a", affiliations=("University of Southern Denmark, Odense, Fyn",), countries=("DK",))
    (out,) = classify([record], fyn)
    assert out.context == "funen" and not any(e.startswith("OpenAlex") for e in out.evidence)


def test_a_title_match_and_no_match_are_said_in_the_evidence() -> None:
    matched = Record(key="a", countries=("DK",), fields={"openalex_match": "title and year"})
    left = Record(key="b", title="Welfare", fields={"openalex_match": "none: no DOI"})
    out = classify([matched, left], "denmark")
    assert out["a"].evidence == ("OpenAlex: institution in DK (matched by title and year)",)
    assert out["b"].context == "unknown" and "OpenAlex: no match (no DOI)" in out["b"].evidence
