"""The shipped table of the UN's names of States, and how typed input resolves against it."""

from __future__ import annotations

import pycountry
import pytest

from bot.cases.countries import country_name, resolve_country, suggest_countries
from bot.config import LANGUAGES
from bot.countries import un_names

ARTICLES = {
    "en": {"", "the"},
    "fr": {"", "le", "la", "les", "l'"},
    "es": {"", "el", "la", "los", "las"},
}


def test_every_member_and_observer_state_has_three_names() -> None:
    states = un_names()
    assert len(states) == 195
    assert sorted(s.status for s in states.values()).count("member") == 193
    assert {c for c, s in states.items() if s.status == "observer"} == {"PSE", "VAT"}
    for code, state in states.items():
        assert pycountry.countries.get(alpha_3=code).alpha_2 == state.iso2
        for language in LANGUAGES:
            assert state.name(language).strip() == state.name(language) != ""
            assert state.article(language) in ARTICLES[language], (code, language)


@pytest.mark.parametrize(
    ("code", "en", "fr", "es"),
    [
        ("TUR", ("", "Türkiye"), ("la", "Türkiye"), ("", "Türkiye")),
        ("CIV", ("", "Côte d'Ivoire"), ("la", "Côte d'Ivoire"), ("", "Côte d'Ivoire")),
        ("USA", ("the", "United States of America"), ("les", "États-Unis d'Amérique"), ("los", "Estados Unidos de América")),
        ("MMR", ("", "Myanmar"), ("le", "Myanmar"), ("", "Myanmar")),
        ("COD", ("the", "Democratic Republic of the Congo"), ("la", "République démocratique du Congo"), ("la", "República Democrática del Congo")),
    ],
)  # fmt: skip
def test_un_short_names(code: str, en: tuple, fr: tuple, es: tuple) -> None:
    state = un_names()[code]
    for language, (article, name) in zip(LANGUAGES, (en, fr, es), strict=True):
        assert (state.article(language), state.name(language)) == (article, name)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("TUR", "TUR"), ("tr", "TUR"), ("Türkiye", "TUR"), ("turkiye", "TUR"), ("Turkey", "TUR"),
        ("Ivory Coast", "CIV"), ("cote d'ivoire", "CIV"), ("CÔTE D’IVOIRE", "CIV"),
        ("UK", "GBR"), ("Britain", "GBR"), ("Burma", "MMR"), ("Swaziland", "SWZ"),
        ("Czech Republic", "CZE"), ("Holland", "NLD"), ("the Netherlands", "NLD"),
        ("Pays-Bas", "NLD"), ("USA", "USA"), ("U.S.A.", "USA"), ("DRC", "COD"),
        ("Russia", "RUS"), ("Syria", "SYR"), ("Iran", "IRN"), ("Bolivia", "BOL"),
        ("Venezuela", "VEN"), ("Vietnam", "VNM"), ("Viet Nam", "VNM"), ("Laos", "LAO"),
        ("South Korea", "KOR"), ("North Korea", "PRK"), ("Moldova", "MDA"),
        ("Tanzania", "TZA"), ("Cape Verde", "CPV"), ("Cabo Verde", "CPV"),
        ("Holy See", "VAT"), ("Palestine", "PSE"), ("Kazajstán", "KAZ"), ("oth", "OTH"),
    ],
)  # fmt: skip
def test_resolve_country(typed: str, code: str) -> None:
    assert resolve_country(typed) == code


@pytest.mark.parametrize("typed", ["", "XYZ", "Atlantis", "ZZ"])
def test_unknown_input_resolves_to_nothing(typed: str) -> None:
    assert resolve_country(typed) is None


@pytest.mark.parametrize(
    ("typed", "code"), [("Kazakstan", "KAZ"), ("Turkei", "TUR"), ("Phillipines", "PHL")]
)
def test_a_near_miss_suggests_the_state(typed: str, code: str) -> None:
    assert resolve_country(typed) is None
    assert code in suggest_countries(typed)


def test_country_name_is_the_english_un_short_name() -> None:
    assert country_name("TUR") == "Türkiye"
    assert country_name("NLD") == "Netherlands"
    assert country_name("OTH") == "non-State actor"
