"""The annex: library citations rendered by their Jinja snippets, free paragraphs as typed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from bot.citations.entries import CitationEntry, CitationKind
from bot.letters.context import AnnexCitation, AnnexItem, AnnexText
from bot.letters.dates import format_date
from bot.letters.document import escape_markdown

_SAFE_NAME = re.compile(r"[^a-z0-9._-]")
_KEY_PARTS = re.compile(r"^(?P<body>[A-Z]+)-[A-Z]*(?P<number>\d.*)$")
_ILO_TEXT = re.compile(
    r"\bILO\b|\bOIT\b|\bILO-?C\d+|International Labou?r Organi[sz]ation|International Labou?r "
    r"Office|Organisation internationale du Travail|Organización Internacional del Trabajo"
)

# Abbreviations a team types in a pinpoint, and the words a letter writes instead.
_PINPOINT_WORDS: dict[str, dict[str, str]] = {
    "en": {"art": "article", "arts": "articles", "para": "paragraph", "paras": "paragraphs"},
    "fr": {
        "art": "l'article",
        "arts": "les articles",
        "para": "le paragraphe",
        "paras": "les paragraphes",
    },
    "es": {
        "art": "el artículo",
        "arts": "los artículos",
        "para": "el párrafo",
        "paras": "los párrafos",
    },
}
_PINPOINT_ALIASES = {"par": "para", "pars": "paras", "párr": "para", "párrs": "paras"}
_PINPOINT_ABBREVIATION = re.compile(r"\b(arts?|paras?|pars?|párrs?)\.?\s*(?=\d)", re.IGNORECASE)
_AND = {"en": " and ", "fr": " et ", "es": " y "}
_RESOLUTION_PARAGRAPHS = {
    "fr": {"OP": "par. {n} du dispositif", "PP": "{n}e alinéa du préambule"},
    "es": {"OP": "párr. {n} de la parte dispositiva", "PP": "párr. {n} del preámbulo"},
}


def citation_template_name(key: str) -> str:
    """The snippet file name for a library key: "HRC-24/5" -> "hrc-24_5"."""
    return _SAFE_NAME.sub("_", key.strip().lower())


def pinpoint_prose(pinpoint: str, language: str) -> str:
    """Turn a pinpoint as typed into words: "arts. 1 and 2" -> "articles 1 and 2"."""
    text = " ".join(pinpoint.split())
    resolution = re.fullmatch(r"(OP|PP)\s*(\d+)", text, re.IGNORECASE)
    if resolution:
        kind, number = resolution[1].upper(), resolution[2]
        pattern = _RESOLUTION_PARAGRAPHS.get(language, {}).get(kind)
        return pattern.format(n=number) if pattern else f"{kind}{number}"

    def expand(match: re.Match[str]) -> str:
        abbreviation = match[1].lower()
        word = _PINPOINT_WORDS[language][_PINPOINT_ALIASES.get(abbreviation, abbreviation)]
        return word + " "

    text = _PINPOINT_ABBREVIATION.sub(expand, text)
    return text.replace(" and ", _AND[language])


@dataclass(frozen=True)
class CitationView:
    """What a citation snippet sees of one citation; user text already escaped for Markdown."""

    entry: CitationEntry
    key: str
    kind: str
    title: str
    short_title: str
    body: str  # "HRC", "GA", "ILO" ... from the key; "" when the key has no such prefix
    number: str  # "24/5", "87" ... from the key
    pinpoint: str | None  # in words: "article 21", "OP2", "paragraph 34"
    pinpoint_as_typed: str | None  # "para. 34"
    topic: str | None
    quote: str | None
    ratified: str | None  # the ratification date in the letter's language


def citation_view(citation: AnnexCitation, language: str) -> CitationView:
    """Prepare one citation for its snippet."""
    entry = citation.entry
    parts = _KEY_PARTS.match(entry.key)

    def clean(text: str | None) -> str | None:
        return escape_markdown(" ".join(text.split())) if text and text.strip() else None

    pinpoint = clean(citation.pinpoint)
    return CitationView(
        entry=entry,
        key=escape_markdown(entry.key),
        kind=str(entry.kind),
        title=escape_markdown(entry.title),
        short_title=escape_markdown(entry.short_title),
        body=parts["body"] if parts else "",
        number=parts["number"] if parts else "",
        pinpoint=pinpoint_prose(pinpoint, language) if pinpoint else None,
        pinpoint_as_typed=pinpoint,
        topic=clean(citation.topic),
        quote=clean(citation.quote),
        ratified=format_date(citation.ratified, language) if citation.ratified else None,
    )


def cites_ilo(annex: tuple[AnnexItem, ...]) -> bool:
    """True when the annex cites an ILO convention or a free paragraph names the ILO."""
    for item in annex:
        if isinstance(item, AnnexCitation) and item.entry.kind is CitationKind.ILO_CONVENTION:
            return True
        if isinstance(item, AnnexText) and _ILO_TEXT.search(item.text):
            return True
    return False


def _citation_groups(annex: tuple[AnnexItem, ...]) -> list[AnnexText | list[AnnexCitation]]:
    """Merge consecutive citations whose entries share a group (ILO) into one list."""
    groups: list[AnnexText | list[AnnexCitation]] = []
    for item in annex:
        if isinstance(item, AnnexText):
            groups.append(item)
            continue
        previous = groups[-1] if groups else None
        if (
            isinstance(previous, list)
            and item.entry.group
            and previous[-1].entry.group == item.entry.group
        ):
            previous.append(item)
        else:
            groups.append([item])
    return groups


def _snippet_names(citations: list[AnnexCitation], language: str) -> list[str]:
    """The entry's own snippet (for a single citation) first, then its kind's default."""
    entry = citations[0].entry
    names = [f"citations/{language}/_{entry.kind.value}.j2"]
    if len(citations) == 1:
        names.insert(0, f"citations/{language}/{citation_template_name(entry.key)}.j2")
    return names


def annex_paragraphs(
    annex: tuple[AnnexItem, ...], env: Environment, context: Mapping[str, Any]
) -> list[str]:
    """Render the annex as Markdown paragraphs, in the order the team gave.

    A free paragraph is a paragraph of its own, unless it was added to run on: then it
    continues the paragraph before it (as in the seed letter: "... ratified by Kazakhstan on
    ... respectively. The ILO has ...").
    """
    language = context["lang"]
    paragraphs: list[str] = []
    first = True
    for group in _citation_groups(annex):
        if isinstance(group, AnnexText):
            text = escape_markdown(group.text.strip())
            if group.runs_on and paragraphs:
                paragraphs[-1] = f"{paragraphs[-1]} {text}"
            else:
                paragraphs.append(text)
            continue
        views = [citation_view(citation, language) for citation in group]
        template = env.select_template(_snippet_names(group, language))
        rendered = template.render(
            {**context, "citations": views, "citation": views[0], "first": first}
        )
        paragraphs.append(" ".join(rendered.split()))
        first = False
    return paragraphs
