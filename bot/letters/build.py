"""From a case in the database to the plain data the renderer needs."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import CompoundSelect, literal_column, select, union_all
from sqlalchemy.orm import Session

from bot.cases.enums import NON_STATE_CODE, CitationForm
from bot.cases.models import Allegation, BodyParagraph, Case, Question
from bot.citations.library import get_entry
from bot.citations.service import ratification_for
from bot.letters.context import (
    AnnexCitation,
    AnnexItem,
    AnnexText,
    FollowedLetter,
    LetterInput,
    Signatory,
)
from bot.mandates.bases import parse_holder
from bot.mandates.models import Mandate


def letter_input(
    *, session: Session, case: Case, language: str | None = None, date: dt.date | None = None
) -> LetterInput:
    """The letter of a case; the date defaults to its sending date (or today for a draft)."""
    language = language or case.language
    allegations, questions, body = _paragraph_texts(session, case.id)
    return LetterInput(
        letter_type=case.letter_type.value,
        language=language,
        country_code=case.country_code,
        signatories=tuple(_signatory(m, language) for m in case.mandates),
        subject=case.subject,
        reference=case.printed,
        date=date or case.sent_on,
        addressee=case.addressee,
        allegations=allegations,
        concern=case.concern or "",
        questions=questions,
        urge=case.urge or "",
        reply_days=case.reply_days,
        annex=tuple(_annex(session, case)),
        body=body,
        edition=case.edition,
        press_release=case.press_release,
        follows=followed_letter(case),
    )


def followed_letter(case: Case) -> FollowedLetter | None:
    """What a follow-up's letter cites of the communication it follows up: its reference,
    sending date and replies (None for a case that follows none, or one never sent)."""
    earlier = case.follows if case.follows_case_id is not None else None
    if earlier is None or earlier.sent_on is None:
        return None
    return FollowedLetter(
        reference=earlier.printed,
        sent_on=earlier.sent_on,
        replies=tuple(reply.received_on for reply in earlier.replies),
    )


def _paragraph_texts(
    session: Session, case_id: int
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The texts of the case's allegations, questions and body paragraphs, in order: one
    query of text alone (a long case's paragraphs are not made into objects to be read once)."""
    models: tuple[type[Allegation] | type[Question] | type[BodyParagraph], ...] = (
        Allegation,
        Question,
        BodyParagraph,
    )
    query: CompoundSelect = union_all(
        *(
            select(literal_column(str(kind)).label("kind"), model.position, model.text).where(
                model.case_id == case_id
            )
            for kind, model in enumerate(models)
        )
    ).order_by(literal_column("kind"), literal_column("position"))
    texts: tuple[list[str], ...] = tuple([] for _ in models)
    for kind, _position, text in session.execute(query):
        texts[kind].append(text)
    allegations, questions, body = (tuple(kind_texts) for kind_texts in texts)
    return allegations, questions, body


def _signatory(mandate: Mandate, language: str) -> Signatory:
    """A mandate as it signs: a Working Group signs with one member (the first listed).
    Functions and treaty provisions are printed in the letter's language where the registry
    has their form in it, and as recorded otherwise (the linter says so)."""
    holders = signing_holders(mandate)
    return Signatory(
        code=mandate.code,
        title=mandate.title_in(language) or mandate.title,
        resolutions=tuple(
            mandate.basis_in(basis, language) or basis for basis in mandate.resolutions or ()
        ),
        holders=tuple(parse_holder(h).name for h in holders),
        functions=tuple(
            mandate.function_in(h, language) or parse_holder(h).function for h in holders
        ),
        paragraph=mandate.paragraph_in(language) or mandate.paragraph_in("en") or "",
    )


def signing_holders(mandate: Mandate) -> list[str]:
    """The stored holders who sign the letter: all, or a Working Group's first."""
    holders = list(mandate.holders or ())
    return holders[:1] if is_working_group(mandate) else holders


def is_working_group(mandate: Mandate) -> bool:
    """A Working Group (its English title says so) rather than a single mandate holder."""
    return mandate.title.lower().startswith("working group")


def _annex(session: Session, case: Case) -> list[AnnexItem]:
    items: list[AnnexItem] = []
    for citation in case.citations:
        if citation.form == CitationForm.TEXT:
            items.append(AnnexText(text=citation.text or "", runs_on=citation.runs_on))
            continue
        entry = get_entry(citation.key or "")
        if entry is None:  # a key dropped from the library since it was cited
            items.append(AnnexText(text=citation.key or ""))
            continue
        ratified = None
        if entry.ratifiable and case.country_code != NON_STATE_CODE:
            info = ratification_for(session=session, key=entry.key, country=case.country_code)
            ratified = info.date if info else None
        items.append(
            AnnexCitation(
                entry=entry,
                pinpoint=citation.pinpoint,
                topic=citation.topic,
                quote=citation.quote,
                ratified=ratified,
            )
        )
    return items


def untranslated_titles(case: Case, language: str) -> list[str]:
    """Codes of the case's mandates with no title recorded in the letter's language."""
    return [m.code for m in case.mandates if m.title_in(language) is None]


def untranslated_paragraphs(case: Case, language: str) -> list[str]:
    """Codes of the case's mandates whose own paragraph is not recorded in the letter's language."""
    return [
        m.code for m in case.mandates if (m.paragraphs or {}) and m.paragraph_in(language) is None
    ]


def untranslated_functions(case: Case, language: str) -> list[tuple[str, str]]:
    """(mandate code, holder name) of each signing holder whose function has no form in the
    letter's language, so that it is printed as recorded."""
    return [
        (mandate.code, holder.name)
        for mandate in case.mandates
        for stored in signing_holders(mandate)
        if (holder := parse_holder(stored)).function
        and mandate.function_in(stored, language) is None
    ]


def source_terms(case: Case) -> tuple[str, ...]:
    """Names and contacts from the confidential sources note, for the linter to look for."""
    if not case.sources:
        return ()
    parts = re.split(r"[,;\n]+|\s+-\s+", case.sources)
    return tuple(p.strip() for p in parts if len(p.strip()) >= 4)
