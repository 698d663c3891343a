"""Countries by ISO 3166-1 alpha-3 code or English name, with pycountry."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from bot.cases.enums import NON_STATE_CODE

# UN short names where they differ from ISO's common names, for letters and lists.
UN_SHORT_NAMES = {
    "BOL": "Bolivia (Plurinational State of)",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
    "LAO": "Lao People's Democratic Republic",
    "MDA": "Republic of Moldova",
    "RUS": "Russian Federation",
    "SYR": "Syrian Arab Republic",
    "TZA": "United Republic of Tanzania",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VNM": "Viet Nam",
    "FSM": "Micronesia (Federated States of)",
    "PSE": "State of Palestine",
    "TUR": "Türkiye",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "USA": "United States of America",
    "COD": "Democratic Republic of the Congo",
    "CIV": "Côte d'Ivoire",
    "VAT": "Holy See",
}


def country_name(code: str) -> str:
    """The English (UN) short name of an alpha-3 code; OTH reads as non-State actor."""
    if code == NON_STATE_CODE:
        return "non-State actor"
    if code in UN_SHORT_NAMES:
        return UN_SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.casefold()] = country.alpha_3
    for code, name in UN_SHORT_NAMES.items():
        names[name.casefold()] = code
    return names


def resolve_country(text: str) -> str | None:
    """Return the alpha-3 code for a code or an English name, or None if unknown."""
    value = text.strip()
    if not value:
        return None
    if value.upper() == NON_STATE_CODE:
        return NON_STATE_CODE
    if len(value) == 3 and value.isalpha():
        country = pycountry.countries.get(alpha_3=value.upper())
        if country is not None:
            return country.alpha_3
    if len(value) == 2 and value.isalpha():
        country = pycountry.countries.get(alpha_2=value.upper())
        if country is not None:
            return country.alpha_3
    return _names().get(value.casefold())


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """Codes whose names contain the text, to suggest after a miss."""
    needle = text.strip().casefold()
    if len(needle) < 3:
        return []
    found = sorted({code for name, code in _names().items() if needle in name})
    return found[:limit]
