"""Country names as a letter prints them, with the article running text needs ("ratified by the ...")."""

from __future__ import annotations

import pycountry
from babel import Locale

NON_STATE = "OTH"

# UN names for running text where pycountry's ISO name or Babel's everyday name differs from
# UN usage: code -> language -> (article, name). Article "" means the name takes none.
_UN_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "BOL": {
        "en": ("the ", "Plurinational State of Bolivia"),
        "fr": ("l'", "État plurinational de Bolivie"),
        "es": ("el ", "Estado Plurinacional de Bolivia"),
    },
    "IRN": {
        "en": ("the ", "Islamic Republic of Iran"),
        "fr": ("la ", "République islamique d'Iran"),
        "es": ("la ", "República Islámica del Irán"),
    },
    "KOR": {
        "en": ("the ", "Republic of Korea"),
        "fr": ("la ", "République de Corée"),
        "es": ("la ", "República de Corea"),
    },
    "PRK": {
        "en": ("the ", "Democratic People's Republic of Korea"),
        "fr": ("la ", "République populaire démocratique de Corée"),
        "es": ("la ", "República Popular Democrática de Corea"),
    },
    "VEN": {
        "en": ("the ", "Bolivarian Republic of Venezuela"),
        "fr": ("la ", "République bolivarienne du Venezuela"),
        "es": ("la ", "República Bolivariana de Venezuela"),
    },
    "TZA": {
        "en": ("the ", "United Republic of Tanzania"),
        "fr": ("la ", "République-Unie de Tanzanie"),
        "es": ("la ", "República Unida de Tanzanía"),
    },
    "MDA": {
        "en": ("the ", "Republic of Moldova"),
        "fr": ("la ", "République de Moldova"),
        "es": ("la ", "República de Moldova"),
    },
    "COD": {
        "en": ("the ", "Democratic Republic of the Congo"),
        "fr": ("la ", "République démocratique du Congo"),
        "es": ("la ", "República Democrática del Congo"),
    },
    "COG": {"en": ("the ", "Congo"), "fr": ("le ", "Congo"), "es": ("el ", "Congo")},
    "LAO": {
        "en": ("the ", "Lao People's Democratic Republic"),
        "fr": ("la ", "République démocratique populaire lao"),
        "es": ("la ", "República Democrática Popular Lao"),
    },
    "SYR": {
        "en": ("the ", "Syrian Arab Republic"),
        "fr": ("la ", "République arabe syrienne"),
        "es": ("la ", "República Árabe Siria"),
    },
    "RUS": {
        "en": ("the ", "Russian Federation"),
        "fr": ("la ", "Fédération de Russie"),
        "es": ("la ", "Federación de Rusia"),
    },
    "GBR": {
        "en": ("the ", "United Kingdom of Great Britain and Northern Ireland"),
        "fr": ("le ", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"),
        "es": ("el ", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
    },
    "USA": {
        "en": ("the ", "United States of America"),
        "fr": ("les ", "États-Unis d'Amérique"),
        "es": ("los ", "Estados Unidos de América"),
    },
    "PSE": {
        "en": ("the ", "State of Palestine"),
        "fr": ("l'", "État de Palestine"),
        "es": ("el ", "Estado de Palestina"),
    },
    "FSM": {"en": ("", "Micronesia (Federated States of)")},
    "VNM": {"fr": ("le ", "Viet Nam"), "es": ("", "Viet Nam")},
    "SLV": {"fr": ("", "El Salvador"), "es": ("", "El Salvador")},
    "GNB": {"fr": ("la ", "Guinée-Bissau")},
    "MKD": {"fr": ("la ", "Macédoine du Nord")},
}

# English names that take "the" in running text.
_EN_THE = {
    "ARE", "BHS", "CAF", "COM", "DOM", "GMB", "MDV", "MHL", "NER", "NLD", "PHL", "SDN", "SLB",
    "VAT",
}  # fmt: skip
# French: names without article, plural names, and masculine names ending in -e.
_FR_NONE = {
    "ATG", "BHR", "BRN", "CPV", "CUB", "CYP", "DJI", "HTI", "ISR", "KIR", "KNA", "LCA", "MCO",
    "MDG", "MLT", "MUS", "NRU", "OMN", "SGP", "SMR", "STP", "TON", "TTO", "TUV", "VCT", "VUT",
    "WSM",
}  # fmt: skip
_FR_PLURAL = {"ARE", "BHS", "COM", "FJI", "MDV", "MHL", "NLD", "PHL", "PLW", "SLB", "SYC", "USA"}
_FR_MASCULINE_E = {"BLZ", "KHM", "MEX", "MOZ", "SUR", "ZWE"}
# Spanish: UN Spanish names that take an article.
_ES_ARTICLES = {
    "ARG": "la ", "BRA": "el ", "CMR": "el ", "ECU": "el ", "IND": "la ", "IRQ": "el ",
    "JPN": "el ", "LBN": "el ", "NER": "el ", "PAK": "el ", "PER": "el ", "PRY": "el ",
    "SDN": "el ", "TCD": "el ", "URY": "el ", "YEM": "el ", "NLD": "los ", "ARE": "los ",
    "BHS": "las ", "COM": "las ",
}  # fmt: skip
_VOWELS = tuple("AEIOUYÉÈÊÎÔÂ")


class UnknownCountryError(ValueError):
    """The code is not an ISO 3166-1 alpha-3 country code."""


def _iso_country(code: str) -> pycountry.db.Country:
    """The pycountry record for an alpha-3 code."""
    country = pycountry.countries.get(alpha_3=code.upper())
    if country is None:
        raise UnknownCountryError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return country


def _english_name(country: pycountry.db.Country) -> str:
    """The ISO short name, turned round where ISO writes "Korea, Republic of"."""
    name: str = country.name
    if "," in name:
        name = getattr(country, "official_name", None) or " ".join(reversed(name.split(", ")))
    return name


def _french_article(code: str, name: str) -> str:
    """The article a French country name takes: le, la, l', les or none."""
    if code in _FR_NONE:
        return ""
    if code in _FR_PLURAL:
        return "les "
    if name.upper().startswith(_VOWELS) and not name.startswith("Y"):
        return "l'"
    if name.endswith("e") and code not in _FR_MASCULINE_E:
        return "la "
    return "le "


def _article_and_name(code: str, language: str) -> tuple[str, str]:
    """The article for running text and the country's name in the letter's language."""
    code = code.upper()
    if code in _UN_NAMES and language in _UN_NAMES[code]:
        return _UN_NAMES[code][language]
    country = _iso_country(code)
    if language == "en":
        return ("the " if code in _EN_THE else ""), _english_name(country)
    name = Locale.parse(language).territories.get(country.alpha_2) or _english_name(country)
    if language == "fr":
        return _french_article(code, name), name
    return _ES_ARTICLES.get(code, ""), name


def country_name(code: str, language: str) -> str:
    """The localized name of a State: "Kazakhstan", "Kazajistán"; "" for a non-State addressee."""
    if code.upper() == NON_STATE:
        return ""
    return _article_and_name(code, language)[1]


def country_in_text(code: str, language: str) -> str:
    """The name with its article for running text: "the Philippines", "le Kazakhstan"."""
    if code.upper() == NON_STATE:
        return ""
    article, name = _article_and_name(code, language)
    return article + name
