"""National contexts: the shipped data, the gazetteer, user files and place mentions."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.context.contexts import (
    Context,
    available_contexts,
    country_label,
    find_mentions,
    gazetteer,
    get_context,
    load_context_file,
)


def test_denmark_ships_complete() -> None:
    dk = get_context("denmark")
    assert (dk.name, dk.label, dk.language, dk.code) == ("denmark", "Denmark", "da", "DK")
    assert {"Denmark", "Danmark"} <= set(dk.names)
    assert {"Danish", "dansk", "danske"} <= set(dk.demonyms)
    assert len(dk.municipalities) == len(set(dk.municipalities)) == 98
    assert {"København", "Aarhus", "Ikast-Brande", "Lyngby-Taarbæk", "Ærø", "Læsø"} <= set(dk.municipalities)
    assert {"Aalborg Univ", "Copenhagen Business School", "CBS", "DTU", "Roskilde Univ", "VIVE", "KORA"} <= set(dk.institutions)
    venues = {"Politica", "Økonomi & Politik", "Samfundsøkonomen", "Dansk Sociologi", "Nordisk Administrativt Tidsskrift",
              "Tidsskrift for Arbejdsliv", "Djøf Forlag", "Samfundslitteratur", "Hans Reitzels Forlag",
              "Aarhus Universitetsforlag", "Akademisk Forlag", "Gyldendal"}
    assert venues <= set(dk.venues)
    for code in ("DK-2000", "DK 1361", "DK2000"):
        assert re.search(dk.postal_pattern, code), code
    assert not re.search(dk.postal_pattern, "D-21335")


@pytest.mark.parametrize("name", ["denmark", "Denmark", "DANMARK", "dk", "Danish", " denmark "])
def test_denmark_by_any_of_its_names(name: str) -> None:
    assert get_context(name) == get_context("denmark")


@pytest.mark.parametrize(
    ("name", "city", "institution", "postcode"),
    [("norway", "Oslo", "University of Oslo", "NO-0317"), ("sweden", "Göteborg", "Lund University", "SE-221 00")],
)
def test_norway_and_sweden_are_usable(name: str, city: str, institution: str, postcode: str) -> None:
    context = get_context(name)
    assert city in context.cities and institution in context.institutions
    assert re.search(context.postal_pattern, postcode)
    assert context.venues and context.regions
    assert name in available_contexts()


@pytest.mark.parametrize(
    ("name", "expected", "language"),
    [("netherlands", "netherlands", "nl"), ("Deutschland", "germany", "de"), ("United Kingdom", "united kingdom", "en"),
     ("uk", "united kingdom", "en"), ("Norwegian", "norway", "no"), ("Sverige", "sweden", "sv"), ("Kenya", "kenya", "sw")],
)
def test_other_countries_from_the_gazetteer(name: str, expected: str, language: str) -> None:
    context = get_context(name)
    assert (context.name, context.language) == (expected, language)


def test_the_gazetteer_holds_every_sovereign_country_with_a_name_and_demonym() -> None:
    countries = [c for c in gazetteer() if c.sovereign]
    assert len(countries) >= 193
    assert len({c.code for c in countries}) == len(countries)
    for country in countries:
        assert country.names and country.demonyms and country.language, country.name
    assert {"Tuvalu", "Bhutan", "Eswatini", "Kosovo", "Vatican City"} <= {c.label for c in countries}
    assert country_label("DK") == "Denmark"


def test_unknown_names_suggest_close_matches() -> None:
    with pytest.raises(sl.ConfigurationError, match="denmark") as info:
        get_context("Denmrak")
    assert "unknown context" in str(info.value)
    with pytest.raises(sl.ConfigurationError):
        get_context("Atlantis")


def test_a_context_is_frozen_and_returned_as_given() -> None:
    context = get_context("denmark")
    assert get_context(context) is context
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.name = "x"  # type: ignore[misc]


def test_user_context_files_in_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "scania.toml"
    toml.write_text('name = "Scania"\nnames = ["Skåne", "Scania"]\ncities = ["Malmö", "Lund"]\nlanguage = "sv"\n', "utf-8")
    assert get_context(toml).cities == ("Malmö", "Lund")
    assert get_context(str(toml)).name == "scania"
    data = {"name": "greenland", "names": ["Greenland", "Kalaallit Nunaat"], "cities": ["Nuuk"], "language": "kl"}
    (tmp_path / "gl.json").write_text(json.dumps(data), "utf-8")
    assert load_context_file(tmp_path / "gl.json").language == "kl"


def test_a_user_file_can_extend_a_built_in_context(tmp_path: Path) -> None:
    path = tmp_path / "dk.toml"
    path.write_text('extends = "denmark"\nvenues = ["Tidsskrift for Noget"]\n', "utf-8")
    context = get_context(path)
    assert context.name == "denmark"
    assert "Tidsskrift for Noget" in context.venues and "Politica" in context.venues


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('names = ["X"]\n', "name"),
        ('name = "x"\ncolour = "red"\n', "colour"),
        ('name = "x"\npostal_pattern = "DK-(["\n', "postal_pattern"),
        ('name = "x"\nlanguage = "Klingon"\n', "language"),
        ('name = "x"\nnames = "X"\n', "list"),
        ('name = "x\n', "cannot read"),
    ],
)
def test_bad_context_files_are_configuration_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(sl.ConfigurationError, match=message):
        get_context(path)


def test_a_missing_context_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(sl.ConfigurationError, match="no such"):
        get_context(str(tmp_path / "nowhere.toml"))


def test_context_data_is_package_data() -> None:
    data = resources.files("socinno_lit.context").joinpath("data")
    assert data.joinpath("contexts", "denmark.json").is_file()
    assert data.joinpath("gazetteer.json").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Co-creation in Danish municipalities", [("denmark", "Danish municipalities")]),
        ("Samskabelse i danske kommuner", [("denmark", "danske kommuner")]),
        ("Alliance MBS, Denmark Road, Manchester", []),
        ("The Copenhagen criteria and Hungary", [("HU", "Hungary")]),
        ("Latin American social enterprise", []),
        ("Social enterprise in Papua New Guinea and Guinea-Bissau", [("PG", "Papua New Guinea"), ("GW", "Guinea-Bissau")]),
        ("Reforms in the US and the UK", [("US", "US"), ("GB", "UK")]),
        ("Let us see what they told us", []),
        ("Vejen til velfærd", []),
        ("Københavns Kommune", [("denmark", "Københavns")]),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.country, m.text) for m in find_mentions(text)] == expected


def test_find_mentions_for_another_context() -> None:
    found = find_mentions("Norske kommuner og danske regioner", "norway")
    assert [(m.country, m.kind) for m in found] == [("norway", "demonym"), ("DK", "demonym")]


def test_context_round_trips_through_a_mapping() -> None:
    context = get_context("sweden")
    assert Context.from_mapping(context.to_dict()) == context
