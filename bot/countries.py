"""The UN's names of States (UNTERM short names) in English, French and Spanish, from one shipped table."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale

from bot.config import LANGUAGES
from bot.folding import fold

DATA_DIR = Path(__file__).parent / "data" / "countries"
UN_NAMES_PATH = DATA_DIR / "un_names.csv"
ALIASES_PATH = DATA_DIR / "aliases.csv"


@dataclass(frozen=True)
class UnName:
    """One Member or Observer State: its UN short name and article in each language."""

    iso2: str
    status: str  # "member" or "observer"
    names: dict[str, str]
    articles: dict[str, str]

    def name(self, language: str) -> str:
        """The short name without its article: "Pays-Bas (Royaume des)"."""
        return self.names[language]

    def article(self, language: str) -> str:
        """The article running text puts before the name: "the", "les", "l'", or ""."""
        return self.articles[language]


@lru_cache(maxsize=1)
def un_names() -> dict[str, UnName]:
    """The shipped table, keyed by ISO 3166-1 alpha-3 code."""
    with UN_NAMES_PATH.open(encoding="utf-8", newline="") as handle:
        return {
            row["iso3"]: UnName(
                iso2=row["iso2"],
                status=row["status"],
                names={language: row[language] for language in LANGUAGES},
                articles={language: row[f"{language}_article"] for language in LANGUAGES},
            )
            for row in csv.DictReader(handle)
        }


def normalise(text: str) -> str:
    """Fold case, accents, apostrophes, dots and a leading "the" so names compare loosely."""
    plain = fold(text.replace("’", "'")).replace(".", "").replace("-", " ").replace("'", " ")
    words = plain.split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _iso_names(code: str) -> list[str]:
    """pycountry's and CLDR's English names of a State, as aliases."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return []
    names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    if country.name and ", " in country.name:
        names.append(" ".join(reversed(country.name.split(", "))))
    cldr = Locale.parse("en").territories.get(country.alpha_2)
    if cldr:
        names.append(cldr)
        if "(" in cldr:
            names.append(cldr.split(" (")[0])
            names.append(cldr.split("(")[1].rstrip(")"))
    return [name for name in names if name]


@lru_cache(maxsize=1)
def _aliases() -> list[tuple[str, str]]:
    """The shipped aliases, (alpha-3, alias as written)."""
    with ALIASES_PATH.open(encoding="utf-8", newline="") as handle:
        return [(row["iso3"], row["alias"]) for row in csv.DictReader(handle)]


def _official_spellings(code: str, state: UnName) -> list[str]:
    spellings = [state.name(language) for language in LANGUAGES] + _iso_names(code)
    return spellings + [name.split(" (")[0] for name in spellings if " (" in name]


@lru_cache(maxsize=1)
def name_index() -> dict[str, str]:
    """Every accepted spelling (normalised) -> alpha-3: UN names in three languages, ISO, CLDR, aliases."""
    index: dict[str, str] = {}
    for code, state in un_names().items():
        for spelling in _official_spellings(code, state):
            index.setdefault(normalise(spelling), code)
    for code, alias in _aliases():
        index[normalise(alias)] = code
    return index


@lru_cache(maxsize=1)
def spellings() -> dict[str, list[str]]:
    """Each State's names as written (alpha-3 -> UN names in three languages, ISO and CLDR
    names, the shipped aliases), once each: what a search by country finds it by."""
    found: dict[str, list[str]] = {}
    for code, state in un_names().items():
        found[code] = list(dict.fromkeys(_official_spellings(code, state)))
    for code, alias in _aliases():
        if alias not in found.setdefault(code, []):
            found[code].append(alias)
    return found
