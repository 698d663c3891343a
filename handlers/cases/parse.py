"""Parse the text of /case subcommands into typed arguments (pure functions)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cases.enums import LetterType
from bot.cases.service import parse_letter_type
from bot.errors import Invalid
from handlers.shared.commands import NEAR_MISS, did_you_mean

_TYPE_WORDS = {"AL", "UA", "OL", "JAL", "JUA", "JOL"}
# The words people type for a letter type (the names of the types in the Special Procedures'
# own communications: allegation letter, urgent appeal, other letter).
_TYPE_NAMES = {
    "urgent": "UA",
    "appeal": "UA",
    "allegation": "AL",
    "allegations": "AL",
    "other": "OL",
}
_MANDATES = re.compile(r"^[A-Z0-9-]+(?:,[A-Z0-9-]*)*$")  # FOAA or FOAA,HRD, as the type's next
_TYPE_LABELS = {"AL": "allegation letter", "UA": "urgent appeal", "OL": "other letter"}


@dataclass(frozen=True)
class OpenArgs:
    """Arguments of /case open."""

    country: str
    letter_type: LetterType
    mandates: list[str]
    subject: str


def _type_hint(words: list[str]) -> str:
    """ " Did you mean UA (urgent appeal)? ..." for a type word or a near spelling where the
    type goes (one of the first words after the country), else nothing."""
    for i, word in enumerate(words[1:4], 1):
        meant = _TYPE_NAMES.get(word.lower()) or (
            (did_you_mean(word, [t.lower() for t in _TYPE_WORDS], cutoff=NEAR_MISS) or "").upper()
        )
        after = i + 1 + (i + 1 < len(words) and words[i + 1].lower() in {"appeal", "letter"})
        if meant and (after == len(words) or _MANDATES.match(words[after])):
            meant = meant.removeprefix("J") if len(meant) == 3 else meant
            country, rest = " ".join(words[:i]), " ".join(words[after:]) or "<MANDATE> <subject>"
            return (
                f" {word!r} is not a letter type: did you mean {meant} ({_TYPE_LABELS[meant]})? "
                f"Type /case open {country} {meant} {rest}"
            )
    return ""


def parse_open(text: str) -> OpenArgs:
    """Parse ``<COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>``.

    The country may be several words (``United Kingdom``); it ends at the letter type.
    """
    words = text.split()
    position = next((i for i, w in enumerate(words) if w.upper() in _TYPE_WORDS and i > 0), None)
    if not words or position is None:
        raise Invalid(
            "I need a country, a letter type (AL, UA or OL), the mandates and a subject."
            + _type_hint(words)
        )
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
