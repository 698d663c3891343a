"""Replies from the addressee: recorded (several allowed), with their documents; reminders stop.

A reply's documents stay in Slack: the bot links each (Slack file id, name, permalink) and
never downloads one. A file shared in the review thread of a sent letter before any reply is
recorded waits, and the next reply recorded takes it; once a reply is recorded, a file shared
in the thread joins the latest reply (its annex, its translation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.dates import check_plausible
from bot.cases.follow_ups import reply_changes_follow_ups
from bot.cases.letter_models import AddresseeReply, ReplyDocument
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.config import LANGUAGES
from bot.errors import Invalid
from bot.events import CaseChanged, ReplyRecorded, record_event
from bot.reminders.service import cancel_for_case

REPLY_LANGUAGES = (*LANGUAGES, "other")  # what a reply can be written in, as recorded
NAME_CHARS = 255  # a document's name as stored (Slack's file names can be longer)


class NotSent(Invalid):
    """A reply is recorded only for a letter that was sent."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


@dataclass(frozen=True)
class DocumentRef:
    """A document as Slack names it: its file id, name and permalink (None if Slack gave none)."""

    file_id: str
    name: str
    permalink: str | None = None


def numbered(case: Case) -> list[AddresseeReply]:
    """The case's replies in the order they are numbered (1 is the first received)."""
    return sorted(case.replies, key=lambda r: (r.received_on, r.id or 0))


def check_language(value: str) -> str:
    """A reply's language as recorded, or a refusal naming the choices."""
    language = value.strip().lower()
    if language not in REPLY_LANGUAGES:
        raise Invalid(f"{value!r} is not a reply language: say {', '.join(REPLY_LANGUAGES)}.")
    return language


def record_reply(
    *,
    session: Session,
    case: Case,
    received_on: dt.date,
    summary: str | None,
    actor: str,
    today: dt.date,
    language: str | None = None,
    confidential: bool = False,
    translation_requested: bool = False,
    documents: Sequence[DocumentRef] = (),
) -> AddresseeReply:
    """Record a reply to the sent letter, with the documents attached to it and those waiting
    in the case (shared in its review thread before); pending reminders are cancelled."""
    case = lock_case(session=session, case_id=case.id)
    if case.sent_on is None:
        raise NotSent(
            f"Case #{case.id} has not been sent, so it cannot have a reply yet.", case_id=case.id
        )
    if received_on < case.sent_on:
        raise Invalid(
            f"The reply date {received_on.isoformat()} is before the letter was sent "
            f"({case.sent_on.isoformat()})."
        )
    if received_on > today:
        raise Invalid(f"The reply date {received_on.isoformat()} is in the future.")
    check_plausible(received_on, what="the reply date", today=today)
    summary = " ".join((summary or "").split()) or None
    if summary and len(summary) > 2000:
        raise Invalid("Keep the summary under 2,000 characters.")
    language = check_language(language) if language else None
    reply = AddresseeReply(
        case_id=case.id,
        received_on=received_on,
        summary=summary,
        recorded_by=actor,
        language=language,
        confidential=confidential,
        translation_requested_on=today if translation_requested else None,
    )
    case.replies.append(reply)
    session.flush()
    cancel_for_case(session=session, case=case, reason="reply received")
    record(
        session=session,
        actor=actor,
        action="reply",
        case_id=case.id,
        field="received_on",
        new=received_on.isoformat(),
    )
    for name, value in (
        ("language", language),
        ("confidential", "yes" if confidential else None),
        ("translation_requested_on", reply.translation_requested_on),
    ):
        if value is not None:
            audit_reply(session, reply, actor, name, None, value)
    for waiting in session.scalars(
        select(ReplyDocument)
        .where(ReplyDocument.case_id == case.id, ReplyDocument.reply_id.is_(None))
        .order_by(ReplyDocument.id)
    ):
        waiting.reply = reply
        audit_reply(session, reply, actor, "document", None, f"{waiting.name} ({waiting.file_id})")
    for document in documents:
        _link(session, case, reply, document, source="form", actor=actor)
    record_event(session, ReplyRecorded(case_id=case.id, received_on=received_on))
    reply_changes_follow_ups(session=session, case=case)  # their letters thank for it
    return reply


def keep_thread_document(
    *, session: Session, case: Case, document: DocumentRef, actor: str
) -> ReplyDocument | None:
    """A file shared in the review thread of a sent letter: linked to the latest reply, or
    kept waiting for the next reply recorded. None when the letter is not sent (a file in a
    draft's review is not a reply's) or the file is linked already (Slack repeating itself)."""
    case = lock_case(session=session, case_id=case.id)
    if case.sent_on is None:
        return None
    if session.scalar(
        select(ReplyDocument.id).where(
            ReplyDocument.case_id == case.id, ReplyDocument.file_id == document.file_id
        )
    ):
        return None
    replies = numbered(case)
    return _link(
        session, case, replies[-1] if replies else None, document, source="thread", actor=actor
    )


def waiting_documents(*, session: Session, case_id: int) -> list[ReplyDocument]:
    """The documents shared in the case's thread that wait for the next reply recorded."""
    return list(
        session.scalars(
            select(ReplyDocument)
            .where(ReplyDocument.case_id == case_id, ReplyDocument.reply_id.is_(None))
            .order_by(ReplyDocument.id)
        )
    )


def _link(
    session: Session,
    case: Case,
    reply: AddresseeReply | None,
    document: DocumentRef,
    *,
    source: str,
    actor: str,
) -> ReplyDocument:
    if not document.file_id:
        raise Invalid("A document without a Slack file id cannot be linked.")
    row = ReplyDocument(
        case_id=case.id,
        reply=reply,
        file_id=document.file_id[:32],
        name=(" ".join(document.name.split()) or document.file_id)[:NAME_CHARS],
        permalink=document.permalink or None,
        source=source,
        shared_by=actor,
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="reply-document",
        case_id=case.id,
        field=f"of the reply of {reply.received_on.isoformat()}"
        if reply is not None
        else "waiting for a reply",
        new=f"{row.name} ({row.file_id})",
    )
    record_event(session, CaseChanged(case_id=case.id))
    return row


def audit_reply(
    session: Session, reply: AddresseeReply, actor: str, field: str, old: object, new: object
) -> None:
    """One change of a reply in the audit trail, the reply named by the day it arrived."""
    record(
        session=session,
        actor=actor,
        action="reply-set",
        case_id=reply.case_id,
        field=f"{field} (reply of {reply.received_on.isoformat()})",
        old=old.isoformat() if isinstance(old, dt.date) else old,
        new=new.isoformat() if isinstance(new, dt.date) else new,
    )
