"""Country names as a letter prints them: the UN short name, with the article running text needs."""

from __future__ import annotations

from bot.countries import un_names

NON_STATE = "OTH"
_GOVERNMENT = {"en": "the Government of", "fr": "le Gouvernement", "es": "el Gobierno de"}
_VOWELS = tuple("AEIOUYÉÈÊÎÏÔÂHaeiouyéèêîïôâh")


class UnknownCountryError(ValueError):
    """The code is not the alpha-3 code of a UN Member or Observer State."""


def _article_and_name(code: str, language: str) -> tuple[str, str]:
    """The article for running text and the UN short name in the letter's language."""
    state = un_names().get(code.upper())
    if state is None:
        raise UnknownCountryError(
            f"{code!r} is not the ISO 3166-1 alpha-3 code of a UN Member or Observer State"
        )
    return state.article(language), state.name(language)


def country_name(code: str, language: str) -> str:
    """The UN short name of a State: "Kazakhstan", "Kazajstán"; "" for a non-State addressee."""
    if code.upper() == NON_STATE:
        return ""
    return _article_and_name(code, language)[1]


def country_in_text(code: str, language: str) -> str:
    """The name with its article for running text: "the Philippines", "le Kazakhstan", "l'Iraq"."""
    if code.upper() == NON_STATE:
        return ""
    article, name = _article_and_name(code, language)
    if not article:
        return name
    return f"{article}{name}" if article.endswith("'") else f"{article} {name}"


def government_of(code: str, language: str) -> str:
    """ "the Government of the Netherlands", "le Gouvernement des Pays-Bas", "el Gobierno del Brasil"."""
    if code.upper() == NON_STATE:
        return ""
    article, name = _article_and_name(code, language)
    lead = _GOVERNMENT[language]
    if language == "fr":
        joined = {"le": "du", "les": "des", "la": "de la", "l'": "de l'"}.get(article)
        if joined is None:
            joined = "d'" if name.startswith(_VOWELS) else "de"
        return f"{lead} {joined}{name}" if joined.endswith("'") else f"{lead} {joined} {name}"
    if language == "es" and article == "el":
        return f"{lead[:-3]} del {name}"
    return f"{lead} {article} {name}" if article else f"{lead} {name}"
