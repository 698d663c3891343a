"""Parse the text of /case subcommands into typed arguments (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.cases.enums import LetterType
from bot.cases.service import parse_letter_type
from bot.errors import Invalid

_TYPE_WORDS = {"AL", "UA", "OL", "JAL", "JUA", "JOL"}


@dataclass(frozen=True)
class OpenArgs:
    """Arguments of /case open."""

    country: str
    letter_type: LetterType
    mandates: list[str]
    subject: str


def parse_open(text: str) -> OpenArgs:
    """Parse ``<COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>``.

    The country may be several words (``United Kingdom``); it ends at the letter type.
    """
    words = text.split()
    position = next((i for i, w in enumerate(words) if w.upper() in _TYPE_WORDS and i > 0), None)
    if not words or position is None:
        raise Invalid("I need a country, a letter type (AL, UA or OL), the mandates and a subject.")
    country = " ".join(words[:position])
    letter_type = parse_letter_type(words[position])
    rest = words[position + 1 :]
    mandate_words: list[str] = []
    while rest and (
        not mandate_words or mandate_words[-1].endswith(",") or rest[0].startswith(",")
    ):
        mandate_words.append(rest.pop(0))
    mandates = [m for m in "".join(mandate_words).split(",") if m]
    if not mandates:
        raise Invalid("Name the co-signing mandates, e.g. FOAA,HRD.")
    return OpenArgs(country, letter_type, mandates, " ".join(rest))
