"""Countries a team types (code, UN name or common alias), resolved against the UN's own table."""

from __future__ import annotations

import difflib

from bot.cases.enums import NON_STATE_CODE
from bot.countries import name_index, normalise, un_names


def country_name(code: str) -> str:
    """The English UN short name of an alpha-3 code; OTH reads as non-State actor."""
    if code == NON_STATE_CODE:
        return "non-State actor"
    state = un_names().get(code)
    return state.name("en") if state else code


def resolve_country(text: str) -> str | None:
    """The alpha-3 code for an alpha-3 or alpha-2 code, a UN name or an alias; None if unknown.

    Case, accents and a leading "the" do not matter: "cote d'ivoire", "Turkiye", "the Netherlands".
    """
    value = text.strip()
    if not value:
        return None
    if value.upper() == NON_STATE_CODE:
        return NON_STATE_CODE
    states = un_names()
    if len(value) == 3 and value.upper() in states:
        return value.upper()
    if len(value) == 2 and value.isalpha():
        for code, state in states.items():
            if state.iso2 == value.upper():
                return code
    return name_index().get(normalise(value))


def suggest_countries(text: str, limit: int = 3) -> list[str]:
    """Codes whose names contain the text or come close to it, to suggest after a miss."""
    needle = normalise(text) if text.strip() else ""
    if len(needle) < 3:
        return []
    index = name_index()
    found: list[str] = []
    close = difflib.get_close_matches(needle, list(index), n=limit * 2, cutoff=0.75)
    contains = sorted(name for name in index if needle in name)
    for name in [*close, *contains]:
        if index[name] not in found:
            found.append(index[name])
    return found[:limit]
