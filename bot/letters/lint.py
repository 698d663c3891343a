"""Check a letter before review: missing parts, bad dates, placeholders, named sources,
fields whose shape breaks the sentence they complete, and text in another language.

Each finding says what is wrong (its ``LintCode`` and message) and where (a ``Place``); the
command that fixes it is the Slack side's to tell (``handlers/letters/fixes.py``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from bot.citations.entries import CitationKind
from bot.letters.context import AnnexCitation, AnnexText, LetterInput
from bot.letters.countries import NON_STATE, country_name
from bot.letters.dates import DateProblem, find_date_problems
from bot.letters.languages import LANGUAGE_NAMES, other_language
from bot.letters.roles import subject_completes, urge_completes
from bot.letters.shapes import (
    as_clause,
    as_sentence_end,
    as_sentence_start,
    ends_as_sentence,
    ends_with_full_stop,
    opens_a_sentence,
    starts_as_sentence,
)
from bot.letters.stock import urge_lead


class LintCode(StrEnum):
    """What kind of problem a lint issue is."""

    NO_SIGNATORIES = "no-signatories"
    NO_HOLDER = "no-holder"
    UNTRANSLATED_TITLE = "untranslated-title"
    UNTRANSLATED_PARAGRAPH = "untranslated-paragraph"
    NO_ADDRESSEE = "no-addressee"
    EMPTY_SUBJECT = "empty-subject"
    NO_ALLEGATIONS = "no-allegations"
    EMPTY_CONCERN = "empty-concern"
    NO_QUESTIONS = "no-questions"
    EMPTY_URGE = "empty-urge"
    MISSING_RATIFICATION = "missing-ratification"
    BAD_DATE = "bad-date"
    PLACEHOLDER = "placeholder"
    SOURCE_NAMED = "source-named"
    PARAGRAPH_START = "paragraph-start"  # a concern or body paragraph starts in lower case
    PARAGRAPH_END = "paragraph-end"  # ... or does not end as a sentence
    CLAUSE_START = "clause-start"  # a subject or urge starts as a sentence of its own
    CLAUSE_END = "clause-end"  # ... or ends with a full stop
    OTHER_LANGUAGE = "other-language"  # typed text in another language than the letter's
    FUNCTION_LANGUAGE = "function-language"  # a holder function in another language
    # the mandate registry (bot/letters/registry_checks.py)
    UNCONFIRMED_MANDATE = "unconfirmed-mandate"
    OLD_CONFIRMATION = "old-confirmation"
    EXPIRED_BASIS = "expired-basis"
    UNTRANSLATED_FUNCTION = "untranslated-function"
    UNTRANSLATED_BASIS = "untranslated-basis"
    # the public version (bot/reviews/public.py)
    WITHHELD_NAME = "withheld-name"  # a withheld name still in the public version
    WITHHELD_NOT_FOUND = "withheld-not-found"  # a withheld name the letter never prints


class Part(StrEnum):
    """A part of the letter, as the team changes it."""

    MANDATES = "mandates"  # the co-signing mandates
    MANDATE = "mandate"  # one mandate's record: holders, titles, own paragraph
    ADDRESSEE = "addressee"
    SUBJECT = "subject"
    ALLEGATIONS = "allegations"
    ALLEGATION = "allegation"
    CONCERN = "concern"
    BODY = "body"
    QUESTIONS = "questions"
    QUESTION = "question"
    URGE = "urge"
    ANNEX = "annex"
    LETTER = "letter"  # the letter as sent (a public version's paragraph)


@dataclass(frozen=True)
class Place:
    """Where in the letter a problem is: a part, which one of several (numbered from 1), and
    the key of what it names (a mandate's code, an annex citation's treaty). ``runs_on``: a
    free annex paragraph that continues the paragraph before it."""

    part: Part
    number: int | None = None
    key: str | None = None
    runs_on: bool = False

    def __str__(self) -> str:
        """ "subject", "allegation 2", "annex 3 (CAT)", "mandate FOAA"."""
        if self.part is Part.MANDATE:
            return f"mandate {self.key}"
        text = self.part.value if self.number is None else f"{self.part.value} {self.number}"
        return f"{text} ({self.key})" if self.key else text


@dataclass(frozen=True)
class LintIssue:
    """One problem found in a letter: what kind, what is wrong, and where."""

    code: LintCode
    message: str  # what is wrong, naming no command: the Slack side adds the fix
    place: Place
    offered: str | None = None  # the text to type instead, where the check can tell it

    @property
    def where(self) -> str:
        return str(self.place)


class _FreeText(NamedTuple):  # one per paragraph of a long letter: quick to make
    """A piece of text the team typed, and where it is."""

    place: Place
    text: str
    is_quote: bool = False
    is_reference: bool = False  # a pinpoint ("art. 21"): in no language


_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_BRACKETS = re.compile(r"(?P<before>\w?)\[(?P<inner>[^\]]*)\](?P<after>\w?)")
_PLACEHOLDERS = (
    re.compile(r"\b[Xx]{3,}\b"),
    re.compile(r"\b(?:TBC|TBD|TODO|FIXME)\b"),
    re.compile(r"\b(?:tbc|tbd)\b"),
    re.compile(r"\{\{|\}\}|\{%|%\}"),
    re.compile(r"<[A-Za-z][A-Za-z _-]*>"),
)
_ELLIPSIS = re.compile(r"\.\.\.|…")
_SOURCE_PHRASES = re.compile(
    r"\bour sources?\b|\bthe sources? (?:told|said|reported|stated|indicated|informed|explained"
    r"|claimed|alleged|added)\b|\baccording to (?:the|our) sources?\b|\binformants?\b"
    r"|\bnotre source\b|\bnos sources\b|\bselon (?:la|notre|nos) sources?\b"
    r"|\bla source (?:a|nous a) (?:indiqué|déclaré|dit|rapporté|informé|expliqué)\b"
    r"|\binformat(?:eur|rice)s?\b|\bnuestras? fuentes?\b|\bsegún (?:la|las|nuestra|nuestras) "
    r"fuentes?\b|\bla fuente (?:dijo|indicó|informó|señaló|afirmó|explicó|declaró)\b"
    r"|\binformantes?\b",
    re.IGNORECASE,
)


def _free_texts(letter: LetterInput) -> Iterator[_FreeText]:
    """Every piece of free text in the letter, in reading order."""
    if letter.addressee:
        yield _FreeText(Place(Part.ADDRESSEE), letter.addressee)
    yield _FreeText(Place(Part.SUBJECT), letter.subject)
    for n, allegation in enumerate(letter.allegations, start=1):
        yield _FreeText(Place(Part.ALLEGATION, n), allegation)
    yield _FreeText(Place(Part.CONCERN), letter.concern)
    for n, paragraph in enumerate(letter.body, start=1):
        yield _FreeText(Place(Part.BODY, n), paragraph)
    for n, question in enumerate(letter.questions, start=1):
        yield _FreeText(Place(Part.QUESTION, n), question)
    yield _FreeText(Place(Part.URGE), letter.urge)
    for n, item in enumerate(letter.annex, start=1):
        if isinstance(item, AnnexText):
            yield _FreeText(Place(Part.ANNEX, n, runs_on=item.runs_on), item.text)
            continue
        place = Place(Part.ANNEX, n, item.entry.key)
        if item.pinpoint:
            yield _FreeText(place, item.pinpoint, is_reference=True)
        if item.topic:
            yield _FreeText(place, item.topic)
        if item.quote:
            yield _FreeText(place, item.quote, is_quote=True)


# What every placeholder holds: a mark, or one of these words (lower-cased).
_PLACEHOLDER_MARKS = ("[", "<", "{", "}", "...", "…")
_PLACEHOLDER_WORDS = ("xxx", "tbc", "tbd", "todo", "fixme")
# What every phrase _SOURCE_PHRASES matches holds, ignoring case.
_SOURCE_WORDS = ("source", "informa", "fuente")
# The only characters that re, ignoring case, takes for an ASCII letter other than its two
# cases are these three and the Kelvin sign (which lower-cases to "k").
_LIKE_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _folded(text: str) -> str:
    """The text lower-cased so that an ASCII word a pattern finds in it ignoring case is in
    it as written in lower case: a quick test before the pattern itself."""
    return (text if text.isascii() else text.translate(_LIKE_ASCII)).lower()


def _placeholders(text: str, *, is_quote: bool) -> Iterator[str]:
    """Placeholders left in a text; quotations may use "..." and bracketed edits ("[r]emind")."""
    if not any(mark in text for mark in _PLACEHOLDER_MARKS):
        lowered = text.lower()
        if not any(word in lowered for word in _PLACEHOLDER_WORDS):
            return
    unquoted = text if is_quote else _QUOTED.sub(" ", text)
    for match in _BRACKETS.finditer(unquoted):
        inner = match["inner"].strip()
        edit = inner.isalpha() and inner.islower() and len(inner) <= 3
        if (edit and (match["before"] or match["after"])) or inner.lower() == "sic":
            continue
        if not inner or any(char.isalpha() for char in inner) or _ELLIPSIS.fullmatch(inner):
            yield f"[{match['inner']}]"
    for pattern in _PLACEHOLDERS:
        yield from (match.group(0) for match in pattern.finditer(text))
    if not is_quote:
        yield from (match.group(0) for match in _ELLIPSIS.finditer(_BRACKETS.sub(" ", unquoted)))


@lru_cache(maxsize=256)
def _term_pattern(term: str) -> re.Pattern[str]:
    """A source term as a whole word or phrase, ignoring case."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def _source_mentions(text: str, source_terms: Sequence[str]) -> Iterator[str]:
    """Words in a text that name or point at the source of information."""
    folded = _folded(text)
    for term in source_terms:
        term = term.strip()
        if term and (not term.isascii() or term.lower() in folded):
            yield from (m.group(0) for m in _term_pattern(term).finditer(text))
    if any(word in folded for word in _SOURCE_WORDS):
        yield from (match.group(0) for match in _SOURCE_PHRASES.finditer(text))


@lru_cache(maxsize=8192)
def _findings(
    text: str, is_quote: bool, source_terms: tuple[str, ...]
) -> tuple[tuple[DateProblem, ...], tuple[str, ...], tuple[str, ...]]:
    """Bad dates, placeholders and source mentions of one text, each once. Kept for the next
    draft: a case's paragraphs are checked again at every draft, mostly unchanged."""
    return (
        tuple(find_date_problems(text)),
        tuple(dict.fromkeys(_placeholders(text, is_quote=is_quote))),
        tuple(dict.fromkeys(_source_mentions(text, source_terms))),
    )


def _missing_parts(letter: LetterInput) -> Iterator[LintIssue]:
    """Parts every letter needs."""
    if not letter.signatories:
        yield LintIssue(
            LintCode.NO_SIGNATORIES, "No mandate signs this letter", Place(Part.MANDATES)
        )
    for signatory in letter.signatories:
        if not signatory.holders:
            yield LintIssue(
                LintCode.NO_HOLDER,
                f"Mandate {signatory.code} has no holder to sign",
                Place(Part.MANDATE, key=signatory.code),
            )
    if letter.country_code.upper() == NON_STATE and not (letter.addressee or "").strip():
        yield LintIssue(
            LintCode.NO_ADDRESSEE,
            "A letter to a non-State actor needs the addressee's name",
            Place(Part.ADDRESSEE),
        )
    required = (
        (LintCode.EMPTY_SUBJECT, letter.subject, Part.SUBJECT),
        (LintCode.NO_ALLEGATIONS, "".join(letter.allegations), Part.ALLEGATIONS),
        (LintCode.EMPTY_CONCERN, letter.concern, Part.CONCERN),
        (LintCode.NO_QUESTIONS, "".join(letter.questions), Part.QUESTIONS),
        (LintCode.EMPTY_URGE, letter.urge, Part.URGE),
    )
    labels = {
        LintCode.EMPTY_SUBJECT: "The subject is empty",
        LintCode.NO_ALLEGATIONS: "The letter has no allegations",
        LintCode.EMPTY_CONCERN: "The concern paragraph is empty",
        LintCode.NO_QUESTIONS: "The letter asks no questions",
        LintCode.EMPTY_URGE: f'Nothing completes "{urge_lead()}"',
    }
    for code, value, part in required:
        if not value.strip():
            yield LintIssue(code, labels[code], Place(part))


def _missing_ratifications(letter: LetterInput) -> Iterator[LintIssue]:
    """Ratifiable citations without the addressee State's ratification date."""
    code = letter.country_code.upper()
    if code == NON_STATE:
        return
    try:
        country = country_name(code, "en")
    except ValueError:
        country = code
    for n, item in enumerate(letter.annex, start=1):
        if not isinstance(item, AnnexCitation) or not item.entry.ratifiable or item.ratified:
            continue
        key = item.entry.key
        if item.entry.mtdsg:
            message = (
                f"{key}: {country} is not a party according to UN Treaty Collection data as of "
                f"March 2015, so the annex omits the ratification clause (it must not say "
                f"{country} ratified {key}). If it has become a party since, record the date"
            )
        elif item.entry.kind is CitationKind.ILO_CONVENTION:
            message = (
                f"{key}: no ratification date by {country} is known, so the annex omits the "
                f"ratification clause. If {country} has ratified it, record the date (see ILO "
                "NORMLEX)"
            )
        else:
            message = (
                f"{key}: no ratification date by {country} is known, so the annex omits the "
                "ratification clause. Record the date"
            )
        yield LintIssue(LintCode.MISSING_RATIFICATION, message, Place(Part.ANNEX, n, key))


_LANGUAGE_NAMES = {"fr": "French", "es": "Spanish"}


def _untranslated_titles(letter: LetterInput, codes: Sequence[str]) -> Iterator[LintIssue]:
    """Mandate titles printed in English as none is recorded in the letter's language."""
    name = _LANGUAGE_NAMES.get(letter.language, letter.language)
    for code in codes:
        yield LintIssue(
            LintCode.UNTRANSLATED_TITLE,
            f"{code} has no {name} title, so the English one is printed. Record it",
            Place(Part.MANDATE, key=code),
        )


def _untranslated_paragraphs(letter: LetterInput, codes: Sequence[str]) -> Iterator[LintIssue]:
    """Mandate paragraphs printed in English in a French or Spanish letter."""
    if letter.language == "en":
        return
    name = _LANGUAGE_NAMES.get(letter.language, letter.language)
    for code in codes:
        yield LintIssue(
            LintCode.UNTRANSLATED_PARAGRAPH,
            f"{code}'s own paragraph has no {name} text, so the English one is printed. Record it",
            Place(Part.MANDATE, key=code),
        )


def _opening(text: str, words: int = 8) -> str:
    """The first words of a paragraph, to show how it should start."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _closing(text: str, words: int = 8) -> str:
    """The last words of a paragraph, to show how it should end."""
    parts = text.split()
    return ("… " if len(parts) > words else "") + " ".join(parts[-words:])


def _paragraph_shapes(letter: LetterInput) -> Iterator[LintIssue]:
    """A concern or body paragraph typed as a clause: it prints as a paragraph of its own."""
    paragraphs = [(Place(Part.CONCERN), "The concern", letter.concern)]
    paragraphs += [
        (Place(Part.BODY, n), f"Body paragraph {n}", text)
        for n, text in enumerate(letter.body, start=1)
    ]
    for place, label, text in paragraphs:
        text = text.strip()
        if not text:
            continue
        if not starts_as_sentence(text):
            yield LintIssue(
                LintCode.PARAGRAPH_START,
                f"{label} prints as a paragraph of its own but starts in lower case: start it "
                f'as a sentence, "{_opening(as_sentence_start(text))}"',
                place,
            )
        if not ends_as_sentence(text):
            yield LintIssue(
                LintCode.PARAGRAPH_END,
                f"{label} prints as a paragraph of its own but does not end as a sentence: "
                f'end it with a full stop, "{_closing(as_sentence_end(text))}"',
                place,
            )


def _clause_shapes(letter: LetterInput) -> Iterator[LintIssue]:
    """A subject or urge typed as a sentence: it completes a stock sentence of the letter."""
    clauses = (
        (Part.SUBJECT, "The subject", f'"{subject_completes(letter.letter_type)}"', letter.subject),
        (Part.URGE, "The urge", f'"{urge_completes()}"', letter.urge),
    )
    for part, label, completes, text in clauses:
        text = text.strip()
        if not text:
            continue
        urge = part is Part.URGE
        clause = as_clause(text, urge=urge)
        offered = clause if len(clause) <= 300 else None
        if opens_a_sentence(text, any_capital=urge):
            yield LintIssue(
                LintCode.CLAUSE_START,
                f"{label} completes {completes} but starts as a sentence of its own: type "
                f'what follows those words, in lower case ("{_opening(clause)}")',
                Place(part),
                offered,
            )
        if ends_with_full_stop(text):
            yield LintIssue(
                LintCode.CLAUSE_END,
                f"{label} completes {completes}, which the letter ends with its own full stop: "
                "type it without one",
                Place(part),
                offered,
            )


def _other_languages(
    letter: LetterInput,
    untranslated_paragraphs: Sequence[str],
    untranslated_functions: Collection[tuple[str, str]],
) -> Iterator[LintIssue]:
    """Typed text the letter prints in another language than the letter's. A function with
    no form in the language at all is the registry's finding (untranslated-function), not
    this one's."""
    language = letter.language
    if language not in LANGUAGE_NAMES:
        return
    letter_name = LANGUAGE_NAMES[language]
    for piece in _free_texts(letter):
        if piece.place.part is Part.ADDRESSEE or piece.is_reference:
            continue  # a name, a reference: in no language
        found = other_language(piece.text, language)
        if found is not None:
            where = str(piece.place)
            yield LintIssue(
                LintCode.OTHER_LANGUAGE,
                f"{where[:1].upper()}{where[1:]} reads as {LANGUAGE_NAMES[found]}, not "
                f'{letter_name} (the letter\'s language): "{_opening(piece.text)}". Type it in '
                f"{letter_name}",
                piece.place,
            )
    for signatory in letter.signatories:
        place = Place(Part.MANDATE, key=signatory.code)
        for holder, function in zip(signatory.holders, signatory.functions, strict=False):
            if not function or (signatory.code, holder) in untranslated_functions:
                continue
            found = other_language(function, language, names=False)
            if found is not None:
                yield LintIssue(
                    LintCode.FUNCTION_LANGUAGE,
                    f'{holder}\'s function "{function}" reads as {LANGUAGE_NAMES[found]}, not '
                    f"{letter_name} (the letter's language). Record its {letter_name} form",
                    place,
                    f'"{holder} | <function in {letter_name}>"',
                )
        if signatory.paragraph and signatory.code not in untranslated_paragraphs:
            found = other_language(signatory.paragraph, language)
            if found is not None:
                yield LintIssue(
                    LintCode.UNTRANSLATED_PARAGRAPH,
                    f"{signatory.code}'s own paragraph reads as {LANGUAGE_NAMES[found]}, not "
                    f"{letter_name} (the letter's language). Record its {letter_name} text",
                    place,
                )


def lint(
    letter: LetterInput,
    *,
    source_terms: Sequence[str] = (),
    untranslated_titles: Sequence[str] = (),
    untranslated_paragraphs: Sequence[str] = (),
    untranslated_functions: Collection[tuple[str, str]] = (),
) -> list[LintIssue]:
    """List the problems to fix before review, each with where it is.

    Args:
        letter: the letter as it would be rendered.
        source_terms: names that identify the case's source (checked case-insensitively).
        untranslated_titles: codes of mandates with no title in the letter's language.
        untranslated_paragraphs: codes of mandates whose own paragraph has no text in the
            letter's language.
        untranslated_functions: (mandate code, holder name) of functions with no form in the
            letter's language (the registry's findings name them).
    """
    issues = [
        *_missing_parts(letter),
        *_missing_ratifications(letter),
        *_untranslated_paragraphs(letter, untranslated_paragraphs),
        *_paragraph_shapes(letter),
        *_clause_shapes(letter),
        *_other_languages(letter, untranslated_paragraphs, untranslated_functions),
    ]
    terms = tuple(source_terms)
    for piece in _free_texts(letter):
        dates, placeholders, mentions = _findings(piece.text, piece.is_quote, terms)
        for problem in dates:
            issues.append(
                LintIssue(
                    LintCode.BAD_DATE,
                    f'"{problem.text}" is not a valid date ({problem.reason})',
                    piece.place,
                )
            )
        for placeholder in placeholders:
            issues.append(
                LintIssue(
                    LintCode.PLACEHOLDER,
                    f'Placeholder "{placeholder}" left in the text',
                    piece.place,
                )
            )
        for mention in mentions:
            issues.append(
                LintIssue(
                    LintCode.SOURCE_NAMED,
                    f'"{mention}" may identify the source, which must stay confidential',
                    piece.place,
                )
            )
    issues += _untranslated_titles(letter, untranslated_titles)
    return issues
