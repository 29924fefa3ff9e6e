"""The offline language detector, the stop-word lists and language-field parsing."""

from __future__ import annotations

from importlib import resources

import pytest

import socinno_lit as sl
from socinno_lit.context.language import (
    detect_language,
    detectable_languages,
    language_name,
    parse_language,
    parse_languages,
    stopwords,
)

DANISH = [
    "Formålet med artiklen er at undersøge, hvordan frivillige foreninger og kommunen samarbejder om "
    "indsatsen for udsatte borgere. Undersøgelsen viser, at samarbejdet ofte bliver styret af kommunens "
    "behov, og at foreningerne derfor har svært ved at bevare deres selvstændighed.",
    "Denne rapport belyser udviklingen i den offentlige sektor efter strukturreformen. Vi har interviewet "
    "ledere i 12 kommuner, og de peger på, at mange af de nye opgaver er blevet løst uden ekstra ressourcer.",
    "Hvordan kan sociale virksomheder bidrage til beskæftigelsen af mennesker, der står uden for arbejdsmarkedet?",
]
NORWEGIAN = [
    "Formålet med artikkelen er å undersøke hvordan frivillige organisasjoner og kommunen samarbeider om "
    "innsatsen for utsatte innbyggere. Undersøkelsen viser at samarbeidet ofte blir styrt av kommunens "
    "behov, og at organisasjonene derfor har vanskelig for å bevare sin selvstendighet.",
    "Denne rapporten belyser utviklingen i offentlig sektor etter kommunereformen. Vi har intervjuet ledere "
    "i 12 kommuner, og de peker på at mange av de nye oppgavene ble løst uten ekstra ressurser.",
    "Korleis kan sosiale verksemder bidra til at folk som står utanfor arbeidslivet, får seg jobb? Vi har "
    "snakka med leiarar i fire kommunar, og dei meiner at det ikkje finst nok tid til oppfølging.",
    "Hvordan kan sosiale entreprenører bidra til sysselsetting av mennesker som står utenfor arbeidslivet?",
]
SWEDISH = [
    "Syftet med artikeln är att undersöka hur ideella föreningar och kommunen samarbetar kring insatser för "
    "utsatta medborgare. Undersökningen visar att samarbetet ofta styrs av kommunens behov, och att "
    "föreningarna därför har svårt att bevara sin självständighet.",
    "Denna rapport belyser utvecklingen i den offentliga sektorn efter kommunreformen. Vi har intervjuat "
    "chefer i 12 kommuner, och de pekar på att många av de nya uppgifterna har lösts utan extra resurser.",
    "Hur kan sociala företag bidra till sysselsättning för människor som står utanför arbetsmarknaden?",
]
OTHERS = {
    "en": "The aim of this article is to examine how voluntary associations and the municipality work together "
    "on services for vulnerable citizens, and why this collaboration is often shaped by the needs of the state.",
    "de": "Ziel des Beitrags ist es zu untersuchen, wie Vereine und die Kommune bei den Hilfen für benachteiligte "
    "Bürger zusammenarbeiten, und warum diese Zusammenarbeit oft von den Bedürfnissen der Verwaltung bestimmt wird.",
    "nl": "Het doel van dit artikel is om te onderzoeken hoe vrijwilligersorganisaties en de gemeente samenwerken "
    "bij de zorg voor kwetsbare burgers, en waarom die samenwerking vaak door de behoeften van de gemeente wordt bepaald.",
    "fr": "L'objectif de cet article est d'examiner comment les associations et la commune coopèrent pour les "
    "services aux citoyens vulnérables, et pourquoi cette coopération est souvent dictée par les besoins de l'État.",
    "es": "El objetivo de este artículo es examinar cómo las asociaciones y el municipio colaboran en los servicios "
    "para los ciudadanos vulnerables, y por qué esta colaboración está a menudo determinada por las necesidades del Estado.",
}


@pytest.mark.parametrize("text", DANISH)
def test_danish_is_danish(text: str) -> None:
    assert detect_language(text) == "da"


@pytest.mark.parametrize("text", NORWEGIAN)
def test_norwegian_is_never_danish(text: str) -> None:
    assert detect_language(text) in ("no", "")
    assert detect_language(text) != "da"


@pytest.mark.parametrize("text", NORWEGIAN[:3])
def test_longer_norwegian_texts_are_norwegian(text: str) -> None:
    assert detect_language(text) == "no"


@pytest.mark.parametrize("text", SWEDISH)
def test_swedish_is_swedish(text: str) -> None:
    assert detect_language(text) == "sv"


@pytest.mark.parametrize(("code", "text"), sorted(OTHERS.items()))
def test_other_languages(code: str, text: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "Social innovation", "Co-creation in Danish municipalities", "2019 - 42 (3)"])
def test_too_little_text_gives_no_answer(text: str) -> None:
    assert detect_language(text) == ""


def test_the_danish_stop_word_list() -> None:
    words = stopwords("da")
    assert isinstance(words, frozenset)
    assert 100 <= len(words) <= 250
    assert {"og", "ikke", "af", "det", "at", "på", "mellem", "hvordan"} <= words
    assert all(w == w.lower() and " " not in w and not w.startswith("#") for w in words)
    assert stopwords("Danish") == stopwords("dan") == words
    text = resources.files("socinno_lit.context").joinpath("data", "stopwords", "da.txt").read_text("utf-8")
    assert text.startswith("#")


def test_every_detectable_language_has_a_stop_word_list() -> None:
    assert {"da", "no", "sv", "en", "de", "nl", "fr", "es"} <= set(detectable_languages())
    for code in detectable_languages():
        assert len(stopwords(code)) >= 50, code
    assert stopwords("nb") == stopwords("no")


def test_an_unknown_stop_word_list_is_a_configuration_error() -> None:
    with pytest.raises(sl.ConfigurationError, match="available"):
        stopwords("xx")
    with pytest.raises(sl.ConfigurationError):
        stopwords("ja")  # a real language without a list


@pytest.mark.parametrize(
    ("value", "code"),
    [("Danish", "da"), ("dan", "da"), ("da", "da"), ("Dansk", "da"), ("DANISH", "da"), ("Norwegian Bokmål", "no"),
     ("nob", "no"), ("nn", "no"), ("Svenska", "sv"), ("swe", "sv"), ("English", "en"), ("eng", "en"), ("Deutsch", "de"),
     ("ger", "de"), ("", ""), ("Klingon", ""), ("English; Danish", "en")],
)
def test_parse_language(value: str, code: str) -> None:
    assert parse_language(value) == code


def test_parse_languages_and_names() -> None:
    assert parse_languages("English; Danish") == ("en", "da")
    assert parse_languages("Danish and English") == ("da", "en")
    assert language_name("da") == "Danish"
    assert language_name("Dansk") == "Danish"
    assert language_name("nb") == "Norwegian"
    assert language_name("zz") == ""
