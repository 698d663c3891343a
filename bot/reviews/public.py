"""The public version of a sent letter: the letter as sent, with every withheld victim's name
replaced by its label (``bot.letters.redaction``), checked again for any form of a name still
there, cleared by one team member and then frozen beside the sent letter.

Made only from the stored copy of the sent letter, never from the case as it is now: a sent
letter never changes, and the public version changes nothing else in it. Its reviewer is any
team member other than the person who made it (the letter's content was cleared by every
mandate before sending; what is checked now is the redaction). Versions are numbered per
case; only the latest, made from the withheld names as they are now, can be cleared, and
once one is cleared no other is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.clauses import completing_clause
from bot.cases.letter_models import PublicVersion, SentLetter
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.config import DEFAULT_LETTERHEAD
from bot.db import utcnow
from bot.errors import Conflict, Invalid, NotAllowed, NotFound, UserError
from bot.events import PublicVersionCleared, PublicVersionMade, record_event
from bot.grammar import counted
from bot.letters.document import parse_markdown, to_markdown, to_plain_text
from bot.letters.lint import LintCode, LintIssue, Part, Place
from bot.letters.redaction import (
    Hit,
    Redactor,
    WithheldName,
    document_paragraphs,
    docx_paragraphs,
    find_withheld,
    parse_withheld,
    redact,
)
from bot.letters.word import to_docx, word_properties
from bot.mandates.bases import parse_holder
from bot.reviews.findings import record_findings


class PublicVersionRefused(UserError):
    """A public version cannot be made or cleared now; ``case_id`` for the command's hint."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


class NotSentYet(PublicVersionRefused, Invalid):
    """The letter was not sent: there is nothing to make public."""


class NoWithheldNames(PublicVersionRefused, Invalid):
    """The case withholds no name: the letter as sent is already its public version."""


@dataclass(frozen=True)
class PublicResult:
    """A new public version, the labels that replaced each withheld name, and the findings."""

    version: PublicVersion
    names: list[WithheldName]
    counts: list[int]  # per name: how many times it was replaced
    issues: list[LintIssue]
    before: list[PublicVersion]  # the latest before it (its header shows it is replaced)


def names_hash(withheld: str | None) -> str:
    """What a public version records of the names it replaced (never the names)."""
    return hashlib.sha256(" ".join((withheld or "").split()).encode()).hexdigest()


def cleared_public_version(*, session: Session, case_id: int) -> PublicVersion | None:
    """The case's cleared public version (frozen), or None while none is cleared."""
    return session.scalar(
        select(PublicVersion).where(
            PublicVersion.case_id == case_id, PublicVersion.cleared_at.is_not(None)
        )
    )


def cleared_public_case_ids(*, session: Session, case_ids: Iterable[int]) -> set[int]:
    """Of these cases, those whose public version is cleared, in one query."""
    ids = list(case_ids)
    if not ids:
        return set()
    rows = session.scalars(
        select(PublicVersion.case_id).where(
            PublicVersion.case_id.in_(ids), PublicVersion.cleared_at.is_not(None)
        )
    )
    return set(rows)


def latest_public_version(*, session: Session, case_id: int) -> PublicVersion | None:
    """The case's newest public version, cleared or not."""
    return session.scalar(
        select(PublicVersion)
        .where(PublicVersion.case_id == case_id)
        .order_by(PublicVersion.number.desc())
        .limit(1)
    )


def _sent_copy(session: Session, case: Case) -> SentLetter:
    if case.sent_on is None or case.sent_version_id is None:
        raise NotSentYet(
            f"Case #{case.id} has not been sent: its public version is made from the letter as "
            "sent.",
            case_id=case.id,
        )
    sent = session.get(SentLetter, case.sent_version_id)
    if sent is None:
        raise PublicVersionRefused(
            f"Case #{case.id} was sent before the bot kept the letter as sent, so there is no "
            "stored letter to make its public version from.",
            case_id=case.id,
        )
    return sent


def _frozen(session: Session, case: Case) -> None:
    cleared = cleared_public_version(session=session, case_id=case.id)
    if cleared is not None:
        assert cleared.cleared_at is not None
        raise Conflict(
            f"Public version v{cleared.number} of case #{case.id} was cleared by "
            f"<@{cleared.cleared_by}> on {cleared.cleared_at.date().isoformat()}: it is frozen "
            "beside the sent letter, and no other is made.",
            mentions=(cleared.cleared_by or "",),
        )


def _signatories(case: Case) -> tuple[str, ...]:
    """The names of the case's mandate holders: never replaced."""
    return tuple(parse_holder(h).name for m in case.mandates for h in m.holders or ())


def _describe(hit: Hit, names: list[WithheldName]) -> str:
    if hit.name < 0:
        return f"A part shared by several withheld names ({hit.label})"
    label = names[hit.name].label
    return f"The withheld name {label}" if hit.whole else f"A part of the withheld name {label}"


def public_findings(
    *, document_texts: list[str], docx_texts: list[str], redactor: Redactor, counts: list[int]
) -> list[LintIssue]:
    """What its reviewer must see: any form of a withheld name still in the public version
    (its text or its Word file), and any withheld name the letter never prints."""
    names = list(redactor.names)
    issues = []
    in_text = find_withheld(document_texts, redactor)
    for paragraph, hit in in_text:
        text = document_texts[paragraph - 1]
        how = "" if text[hit.start].isupper() else ", in lower case"
        issues.append(
            LintIssue(
                LintCode.WITHHELD_NAME,
                f"{_describe(hit, names)} is still in paragraph {paragraph}{how}",
                Place(Part.LETTER, paragraph),
            )
        )
    in_word = find_withheld(docx_texts, redactor)
    if len(in_word) > len(in_text):
        issues.append(
            LintIssue(
                LintCode.WITHHELD_NAME,
                f"The Word file holds {counted(len(in_word) - len(in_text), 'more form')} of a withheld "
                "name than its text (its properties, header or footer)",
                Place(Part.LETTER),
            )
        )
    for index, count in enumerate(counts):
        if count == 0:
            issues.append(
                LintIssue(
                    LintCode.WITHHELD_NOT_FOUND,
                    f"The withheld name {names[index].label} (name {index + 1} of {len(names)}) "
                    "never appears in the letter as sent: nothing was replaced for it",
                    Place(Part.LETTER),
                )
            )
    return issues


def make_public_version(
    *,
    session: Session,
    case: Case,
    actor: str,
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD,
    team: str | None = None,
) -> PublicResult:
    """Make the next public version of the sent letter, its withheld names replaced."""
    case = lock_case(session=session, case_id=case.id)
    sent = _sent_copy(session, case)
    names = parse_withheld(case.victims_withheld)
    if not names:
        raise NoWithheldNames(
            f"Case #{case.id} withholds no victim's name, so the letter as sent is its public "
            "version: nothing to replace.",
            case_id=case.id,
        )
    _frozen(session, case)
    redactor = Redactor(tuple(names), kept=_signatories(case))
    redaction = redact(parse_markdown(sent.markdown), redactor)
    properties = word_properties(
        language=sent.language,
        reference=sent.reference,
        subject=redactor.replace(completing_clause(case.subject or "")),
        letterhead=letterhead,
        team=team,
        date=case.sent_on,
    )
    docx = to_docx(redaction.document, properties)
    issues = public_findings(
        document_texts=document_paragraphs(redaction.document),
        docx_texts=docx_paragraphs(docx),
        redactor=redactor,
        counts=redaction.counts,
    )
    previous = latest_public_version(session=session, case_id=case.id)
    version = PublicVersion(
        case_id=case.id,
        number=previous.number + 1 if previous is not None else 1,
        sent_version_id=sent.version_id,
        language=sent.language,
        names_hash=names_hash(case.victims_withheld),
        markdown=to_markdown(redaction.document),
        plain_text=to_plain_text(redaction.document),
        docx=docx,
        findings=record_findings(issues),
        made_by=actor,
    )
    session.add(version)
    session.flush()
    replaced = sum(redaction.counts) + redaction.shared
    record(
        session=session,
        actor=actor,
        action="public",
        case_id=case.id,
        field=f"public v{version.number}",
        new=f"{version.language}: {counted(replaced, 'name')} replaced, "
        f"{counted(len(issues), 'finding')}",
    )
    record_event(
        session,
        PublicVersionMade(case_id=case.id, public_version_id=version.id, held=(version,)),
    )
    before = [previous] if previous is not None else []
    return PublicResult(
        version=version, names=names, counts=redaction.counts, issues=issues, before=before
    )


def clear_public_version(
    *,
    session: Session,
    case: Case,
    actor: str,
    version_id: int | None = None,
    now: dt.datetime | None = None,
) -> PublicVersion:
    """Clear the latest public version (``version_id``: the one the clearer saw, which must
    still be the latest): it is frozen beside the sent letter.

    By any team member other than the person who made it; refused when the withheld names
    changed after it was made, or when one is cleared already.
    """
    case = lock_case(session=session, case_id=case.id)
    _frozen(session, case)
    latest = latest_public_version(session=session, case_id=case.id)
    if latest is None:
        raise PublicVersionRefused(
            f"Case #{case.id} has no public version to clear yet.", case_id=case.id
        )
    if version_id is not None and version_id != latest.id:
        seen = session.get(PublicVersion, version_id)
        if seen is None or seen.case_id != case.id:
            raise NotFound("That public version does not exist.")
        raise Conflict(
            f"This is public version v{seen.number}; a newer one (v{latest.number}) exists. "
            "Review and clear the newest in the thread."
        )
    if latest.names_hash != names_hash(case.victims_withheld):
        raise PublicVersionRefused(
            f"The withheld names of case #{case.id} changed after public version "
            f"v{latest.number} was made, so it can no longer be cleared: make it again.",
            case_id=case.id,
        )
    if actor == latest.made_by:
        raise NotAllowed(
            f"You made public version v{latest.number}, so you cannot clear it: another team "
            "member must."
        )
    latest.cleared_by = actor
    latest.cleared_at = now or utcnow()
    session.flush()
    record(
        session=session,
        actor=actor,
        action="public-clear",
        case_id=case.id,
        field=f"public v{latest.number}",
        new="cleared",
    )
    record_event(
        session,
        PublicVersionCleared(case_id=case.id, public_version_id=latest.id, held=(latest,)),
    )
    return latest
