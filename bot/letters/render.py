"""Render a letter once to Markdown with the Jinja templates, then parse it into a Document.

Templates live in ``templates/letters/<lang>/`` (``al.md.j2``, ``ua.md.j2``, ``ol.md.j2``
extending ``base.md.j2``, stock paragraphs in ``stock/``) and ``templates/citations/<lang>/``.
A team folder laid out the same way is searched first, so a team can override any template,
stock paragraph or citation snippet. Team templates are untrusted: they run in Jinja's sandbox,
and user text only ever reaches them as data, already escaped for Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from bot.cases.clauses import completing_clause
from bot.config import DEFAULT_LETTERHEAD, LANGUAGES
from bot.letters.annex import annex_paragraphs, cites_ilo
from bot.letters.context import FollowedLetter, LetterInput, Signatory
from bot.letters.countries import NON_STATE, country_in_text, country_name, government_of
from bot.letters.dates import format_date, today
from bot.letters.document import Document, escape_markdown, parse_markdown, to_markdown
from bot.letters.document import to_plain_text as document_to_plain_text
from bot.letters.word import WordProperties, word_properties
from bot.letters.word import to_docx as document_to_docx
from bot.mandates.bases import grouped_bases

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
LETTER_TYPES = ("AL", "UA", "OL")
EDITIONS = ("current", "2017")  # "2017" is the seed letter's wording, kept word for word

# How the letter names its addressee in the annex ("we would like to refer ... to").
_ADDRESSEE_PHRASES = {
    "en": ("your Excellency's Government", "you"),
    "fr": ("le Gouvernement de Votre Excellence", "vous"),
    "es": ("el Gobierno de Su Excelencia", "usted"),
}


class LetterRenderError(ValueError):
    """The letter cannot be rendered as asked (unknown language or letter type)."""


@dataclass(frozen=True)
class SignatoryView:
    """A co-signing mandate as the templates see it."""

    code: str
    title: str
    resolutions: tuple[str, ...]
    holders: tuple[str, ...]
    functions: tuple[str, ...] = ()  # per holder, "" for none
    paragraph: str = ""  # the mandate's own paragraph(s), escaped


@dataclass(frozen=True)
class RenderedLetter:
    """One rendering of a letter, and the formats derived from its Document."""

    markdown: str
    document: Document
    word: WordProperties = WordProperties()  # what the Word file says of itself, its letterhead

    def to_markdown(self) -> str:
        """The letter as Markdown."""
        return self.markdown

    def to_plain_text(self) -> str:
        """The letter as plain text."""
        return document_to_plain_text(self.document)

    def to_docx(self) -> bytes:
        """The letter as a Word document."""
        return document_to_docx(self.document, self.word)


@lru_cache(maxsize=32)
def letter_environment(templates_dir: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed Jinja environment, with a team's folder (if any) before the shipped one."""
    loaders = [FileSystemLoader(str(TEMPLATES_DIR))]
    if templates_dir is not None:
        loaders.insert(0, FileSystemLoader(str(templates_dir)))
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def _inline(text: str) -> str:
    """User text that sits inside a sentence: one line, escaped for Markdown."""
    return escape_markdown(" ".join(text.split()))


@lru_cache(maxsize=4096)
def _paragraphs(text: str) -> tuple[str, ...]:
    """User text that may hold several paragraphs, each escaped for Markdown (kept for the
    next draft, which has mostly the same paragraphs)."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(escape_markdown(block.strip()) for block in blocks if block.strip())


def _signatory_view(signatory: Signatory) -> SignatoryView:
    """Escape a signatory's title, holders, functions and paragraph."""
    functions = tuple(signatory.functions) + ("",) * len(signatory.holders)
    return SignatoryView(
        code=signatory.code,
        title=_inline(signatory.title),
        resolutions=tuple(_inline(r) for r in signatory.resolutions),
        holders=tuple(_inline(h) for h in signatory.holders),
        functions=tuple(_inline(f) for f in functions[: len(signatory.holders)]),
        paragraph="\n\n".join(_paragraphs(signatory.paragraph)),
    )


def letter_context(letter: LetterInput) -> dict[str, Any]:
    """The variables every letter template and citation snippet receives."""
    language = letter.language
    state = letter.country_code.upper() != NON_STATE
    signatories = [_signatory_view(s) for s in letter.signatories]
    resolutions = list(dict.fromkeys(r for s in signatories for r in s.resolutions))
    bases = grouped_bases([r for s in letter.signatories for r in s.resolutions])
    return {
        "lang": language,
        "letter_type": letter.letter_type,
        "reference": _inline(letter.reference) if letter.reference else None,
        "date": format_date(letter.date or today(), language),
        "state": state,
        "country": country_name(letter.country_code, language),
        "country_in_text": country_in_text(letter.country_code, language),
        "government_of": government_of(letter.country_code, language),
        "addressee": _inline(letter.addressee) if letter.addressee else "",
        "addressee_phrase": _ADDRESSEE_PHRASES[language][0 if state else 1],
        "plural": len(signatories) > 1 or any(len(s.holders) > 1 for s in signatories),
        "signatories": signatories,
        "titles": [s.title for s in signatories],
        "resolutions": resolutions,
        "bases": [(kind.value, [_inline(v) for v in values]) for kind, values in bases],
        "edition": letter.edition,
        "body": [p for paragraph in letter.body for p in _paragraphs(paragraph)],
        "mandate_paragraphs": [s.paragraph for s in signatories if s.paragraph],
        "press_release": letter.press_release,
        "subject": _inline(completing_clause(letter.subject)),
        "allegations": [p for allegation in letter.allegations for p in _paragraphs(allegation)],
        "concern": "\n\n".join(_paragraphs(letter.concern)),
        "questions": [_inline(q) for q in letter.questions if q.strip()],
        "urge": _inline(completing_clause(letter.urge)),
        "reply_days": letter.reply_days,
        "cites_ilo": cites_ilo(letter.annex),
        "follows": _followed(letter.follows, language),
    }


def _followed(follows: FollowedLetter | None, language: str) -> dict[str, Any] | None:
    """The earlier communication a follow-up cites, its dates written as the letter writes
    them: its reference, the day it was sent, and the days of its replies."""
    if follows is None:
        return None
    return {
        "reference": _inline(follows.reference),
        "date": format_date(follows.sent_on, language),
        "replies": [format_date(day, language) for day in follows.replies],
    }


def render_markdown(letter: LetterInput, *, templates_dir: Path | None = None) -> str:
    """Render the letter's templates to Markdown, as written (before parsing)."""
    if letter.language not in LANGUAGES:
        raise LetterRenderError(
            f"Letters are written in {', '.join(LANGUAGES)}, not {letter.language!r}."
        )
    if letter.letter_type not in LETTER_TYPES:
        raise LetterRenderError(
            f"Letter types are {', '.join(LETTER_TYPES)}, not {letter.letter_type!r}."
        )
    if not letter.signatories:
        raise LetterRenderError("A letter needs at least one signing mandate.")
    if letter.edition not in EDITIONS:
        raise LetterRenderError(f"Editions are {', '.join(EDITIONS)}, not {letter.edition!r}.")
    env = letter_environment(templates_dir)
    context = letter_context(letter)
    context["annex"] = annex_paragraphs(letter.annex, env, context)
    template = env.get_template(f"letters/{letter.language}/{letter.letter_type.lower()}.md.j2")
    return template.render(context)


def render_letter(
    letter: LetterInput,
    *,
    templates_dir: Path | None = None,
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD,
    team: str | None = None,
) -> RenderedLetter:
    """Render a letter once; every export format derives from the resulting Document.

    ``letterhead`` and ``team`` are the team's settings for the Word file (its first-page
    letterhead and its author)."""
    document = parse_markdown(render_markdown(letter, templates_dir=templates_dir))
    word = word_properties(
        language=letter.language,
        reference=letter.reference,
        subject=completing_clause(letter.subject),
        letterhead=letterhead,
        team=team,
        date=letter.date or today(),
    )
    return RenderedLetter(markdown=to_markdown(document), document=document, word=word)
