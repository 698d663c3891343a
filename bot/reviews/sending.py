"""Sending: the version that may be sent, freezing it as sent, and correcting the sending
date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.dates import check_past
from bot.cases.enums import CaseStatus
from bot.cases.letter_models import DraftVersion, SentLetter
from bot.cases.models import Case
from bot.cases.service import CaseClosed, lock_case
from bot.config import Settings
from bot.errors import Conflict, Invalid, UserError
from bot.events import LetterSent, SentOnCorrected, record_event
from bot.letters.build import (
    letter_input,
)
from bot.letters.render import LetterRenderError, render_letter
from bot.reminders.publication import schedule_publication
from bot.reminders.service import reschedule_due_date, schedule_for_sent_letter
from bot.reviews.clearance import is_current, missing_clearances
from bot.reviews.drafts import DraftError


class NoDraft(DraftError, Invalid):
    """The letter cannot be sent: it has no draft yet."""


class UnsentDraft(DraftError, Invalid):
    """The letter cannot be sent: the case changed after its latest draft."""


def sendable_version(*, case: Case, sent_on: dt.date, today: dt.date) -> DraftVersion:
    """The version ``/letter send`` would send on ``sent_on``; a UserError saying why none can.

    The latest version, made from the case as it is now and cleared by every mandate, of an
    open case not sent yet. Asked before the confirmation, and again (under the lock) to send.
    """
    check_past(sent_on, what="the sending date", today=today)
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(f"Case #{case.id} is closed.", case_id=case.id)
    if case.sent_on is not None:
        raise Conflict(f"Case #{case.id} was already sent on {case.sent_on.isoformat()}.")
    version = case.latest_version
    if version is None:
        raise NoDraft(f"Case #{case.id} has no draft yet.", case_id=case.id)
    if not is_current(case, version):
        raise UnsentDraft(
            f"The case changed after v{version.number}: make a new draft and have it cleared "
            "before sending.",
            case_id=case.id,
        )
    missing = missing_clearances(case, version)
    if missing:
        lines = []
        mentioned: list[str] = []
        for mandate in missing:
            who = (
                ", ".join(f"<@{u}>" for u in mandate.approvers)
                if mandate.approvers
                else "any team member other than the drafter"
            )
            lines.append(f"• {mandate.code} ({who})")
            mentioned += mandate.approvers or []
        raise Invalid(
            f"v{version.number} of case #{case.id} is not cleared yet. Missing clearances:\n"
            + "\n".join(lines),
            mentions=tuple(dict.fromkeys(mentioned)),
        )
    if version.content_version != case.content_version:  # is_current says so; never send otherwise
        raise Conflict(f"v{version.number} is not the case as it is now: make a new draft.")
    return version


def send_letter(
    *,
    session: Session,
    case: Case,
    sent_on: dt.date,
    actor: str,
    settings: Settings,
    today: dt.date,
    version_id: int | None = None,
) -> DraftVersion:
    """Freeze the cleared version, record the sending date and start the reply clock.

    Under the case lock: the version sent is the latest, made from exactly the case content
    of now (its content_version), and cleared by every mandate; a second send is refused.
    With ``version_id`` (the version the sender confirmed) it must still be that version.
    The letter as sent (Markdown, text, Word) is stored with the version: exports of a sent
    case come from that copy, whatever changes later (a mandate's holder, the templates).
    """
    case = lock_case(session=session, case_id=case.id)
    version = sendable_version(case=case, sent_on=sent_on, today=today)
    if version_id is not None and version.id != version_id:
        confirmed = session.get(DraftVersion, version_id)
        number = f"v{confirmed.number}" if confirmed is not None else "The version you confirmed"
        raise Conflict(
            f"{number} is no longer the cleared current version of case #{case.id} "
            f"(v{version.number} is): nothing was sent. Ask to send it again."
        )
    letter = letter_input(session=session, case=case, language=version.language, date=sent_on)
    try:
        rendered = render_letter(
            letter,
            templates_dir=settings.templates_dir,
            letterhead=settings.letterhead,
            team=settings.team_name,
        )
    except LetterRenderError as error:
        raise Invalid(f"The letter cannot be rendered: {error}") from None
    version.sent_letter = SentLetter(
        language=version.language,
        reference=case.reference,
        markdown=rendered.markdown,
        plain_text=rendered.to_plain_text(),
        docx=rendered.to_docx(),
    )
    case.sent_on = sent_on
    case.due_on = sent_on + dt.timedelta(days=case.reply_days)
    case.sent_version_id = version.id
    session.flush()
    schedule_for_sent_letter(session=session, case=case, settings=settings)
    schedule_publication(session=session, case=case, settings=settings)
    record(
        session=session,
        actor=actor,
        action="send",
        case_id=case.id,
        field=f"v{version.number}",
        new=f"{sent_on.isoformat()} due {case.due_on.isoformat()}",
    )
    record_event(session, LetterSent(case_id=case.id, version_id=version.id, held=(version,)))
    return version


def correct_sent_on(
    *,
    session: Session,
    case: Case,
    sent_on: dt.date,
    reason: str,
    actor: str,
    settings: Settings,
    today: dt.date,
) -> Case:
    """Correct the sending date of a sent letter: due date and pending reminders follow."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("Say why the sending date changes, after the date.")
    check_past(sent_on, what="the sending date", today=today)
    case = lock_case(session=session, case_id=case.id)
    if case.sent_on is None:
        raise UserError(
            f"Case #{case.id} has not been sent yet, so there is no sending date to correct."
        )
    if sent_on == case.sent_on:
        raise UserError(f"Case #{case.id} is already recorded as sent on {sent_on.isoformat()}.")
    old_sent_on = case.sent_on
    old = f"{old_sent_on.isoformat()} due {case.due_on.isoformat() if case.due_on else '-'}"
    case.sent_on = sent_on
    reschedule_due_date(session=session, case=case, settings=settings)
    assert case.due_on is not None  # a sent letter has a due date
    record(
        session=session,
        actor=actor,
        action="sent-on",
        case_id=case.id,
        field="sent_on",
        old=old,
        new=f"{sent_on.isoformat()} due {case.due_on.isoformat()} ({reason})",
    )
    corrected = SentOnCorrected(case_id=case.id, old_sent_on=old_sent_on, reason=reason)
    record_event(session, corrected)
    return case
