"""What a mandate acts under, and how its holders sign: parsing and the stored forms.

Legal bases are stored as text, one per entry: ``33/30`` (a Human Rights Council resolution,
as every entry stored before other kinds existed), ``CHR 2004/37`` (Commission on Human
Rights), ``GA 60/251`` (General Assembly), or a treaty provision written out as the letter
prints it, e.g. ``article 41 of the American Convention on Human Rights`` (or, typed in
Spanish, ``artículo 41 de la Convención Americana sobre Derechos Humanos``). A treaty provision
has a form per letter language (``Mandate.forms``); resolutions are printed the same in all.

Holders are stored as ``Name`` or ``Name | Function`` (e.g. ``Elina Steinerte | Vice-Chair``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class BasisKind(StrEnum):
    """The body (or instrument) a mandate acts under."""

    HRC = "HRC"  # Human Rights Council resolution
    CHR = "CHR"  # Commission on Human Rights resolution
    GA = "GA"  # General Assembly resolution
    TREATY = "treaty"  # an article of a treaty, written out


@dataclass(frozen=True)
class LegalBasis:
    """One basis: a resolution number of a kind, or a treaty provision's words."""

    kind: BasisKind
    text: str  # "33/30", "2004/37", or "article 41 of the American Convention on Human Rights"

    @property
    def stored(self) -> str:
        """The form kept in the registry; HRC resolutions stay bare, as they always were."""
        if self.kind is BasisKind.HRC:
            return self.text
        if self.kind is BasisKind.TREATY:
            return self.text
        return f"{self.kind.value} {self.text}"


_HRC = re.compile(r"^(?:HRC\s*|A/HRC/RES/)?(\d{1,3}/\d{1,4})$", re.IGNORECASE)
_CHR = re.compile(r"^(?:CHR\s*|E/CN\.4/RES/)(\d{4}/\d{1,3})$", re.IGNORECASE)
_GA = re.compile(r"^(?:GA\s*|A/RES/)(\d{1,3}/\d{1,4})$", re.IGNORECASE)
_TREATY = re.compile(
    r"^(?:art\.|arts\.|article|articles|artículo|artículos)\s+\S+.*\s\S+", re.IGNORECASE
)
_SPANISH_TREATY = re.compile(r"^(?:artículo|artículos)\s", re.IGNORECASE)
MAX_BASIS = 200


def parse_basis(text: str) -> LegalBasis | None:
    """A legal basis from what a team typed or stored; None when it is none of the kinds."""
    value = " ".join(text.split()).strip('"“”')
    for kind, pattern in ((BasisKind.HRC, _HRC), (BasisKind.CHR, _CHR), (BasisKind.GA, _GA)):
        if match := pattern.match(value):
            return LegalBasis(kind, match[1])
    if _TREATY.match(value) and len(value) <= MAX_BASIS:
        return LegalBasis(BasisKind.TREATY, value)
    return None


def treaty_language(text: str) -> str:
    """The language a treaty provision was typed in, told by its first word: "es" for
    "artículo", otherwise "en" (an "article ..." typed where English is asked for)."""
    return "es" if _SPANISH_TREATY.match(text.strip('"“” ')) else "en"


def stored_basis(text: str) -> LegalBasis:
    """A basis as stored; anything unrecognised is printed as written."""
    return parse_basis(text) or LegalBasis(BasisKind.TREATY, text)


def grouped_bases(stored: list[str] | tuple[str, ...]) -> list[tuple[BasisKind, list[str]]]:
    """Bases grouped by kind in order of first appearance, each value once."""
    groups: dict[BasisKind, list[str]] = {}
    for text in stored:
        basis = stored_basis(text)
        values = groups.setdefault(basis.kind, [])
        if basis.text not in values:
            values.append(basis.text)
    return list(groups.items())


_PAREN = re.compile(r"^(?P<name>[^()|]+?)\s*\((?P<function>[^()|]+)\)$")


@dataclass(frozen=True)
class Holder:
    """A holder who signs, with the function printed before the title, if any."""

    name: str
    function: str = ""

    @property
    def stored(self) -> str:
        return f"{self.name} | {self.function}" if self.function else self.name


def parse_holder(text: str) -> Holder:
    """``Name``, ``Name | Function`` or ``Name (Function)``."""
    value = " ".join(text.split())
    if "|" in value:
        name, _, function = value.partition("|")
        return Holder(name.strip(), function.strip())
    if match := _PAREN.match(value):
        return Holder(match["name"].strip(), match["function"].strip())
    return Holder(value)
