"""What is recorded of a reply after it arrived (language, confidentiality, translation) and
whether it is cleared for publication.

A reply is **cleared for publication** when a team member said so (``cleared yes``), which
is refused while the addressee's request that it stay confidential stands or while a
translation was requested and has not been received; recording either afterwards takes the
clearance back. The publication reminder lists every reply not cleared, with why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.cases.letter_models import NOT_CLEARED, AddresseeReply
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.errors import Invalid, NotFound
from bot.events import CaseChanged, record_event
from bot.reviews.replies import audit_reply, check_language, numbered


@dataclass(frozen=True)
class ReplyHold:
    """A reply not cleared for publication: its number in the case and why."""

    number: int
    reply: AddresseeReply
    reasons: tuple[str, ...]


def replies_not_cleared(case: Case) -> list[ReplyHold]:
    """The case's replies not cleared for publication, numbered as /case show numbers them,
    each with why (confidential, translation awaited, or nobody cleared it yet)."""
    return [
        ReplyHold(number=n, reply=reply, reasons=reasons)
        for n, reply in enumerate(numbered(case), 1)
        if (reasons := reply.publication_holds)
    ]


def _yes_no(value: str) -> bool:
    word = value.strip().lower()
    if word not in ("yes", "no"):
        raise Invalid(f"{value!r}: say yes or no.")
    return word == "yes"


def _day(text: str, *, reply: AddresseeReply, today: dt.date, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else today
    except ValueError:
        raise Invalid(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None
    if day < reply.received_on:
        raise Invalid(
            f"The {what} date {day.isoformat()} is before the reply arrived "
            f"({reply.received_on.isoformat()})."
        )
    if day > today:
        raise Invalid(f"The {what} date {day.isoformat()} is in the future.")
    return day


Change = tuple[str, object, object]  # column, old value, new value


def _language(reply: AddresseeReply, value: str, actor: str, today: dt.date) -> list[Change]:
    return [("language", reply.language, check_language(value))]


def _uncleared(reply: AddresseeReply) -> list[Change]:
    return [("cleared_by", reply.cleared_by, None), ("cleared_on", reply.cleared_on, None)]


def _confidential(reply: AddresseeReply, value: str, actor: str, today: dt.date) -> list[Change]:
    confidential = _yes_no(value)
    changes: list[Change] = [("confidential", reply.confidential, confidential)]
    return changes + (_uncleared(reply) if confidential else [])


def _translation(reply: AddresseeReply, value: str, actor: str, today: dt.date) -> list[Change]:
    word, _, day = value.strip().partition(" ")
    word, day = word.lower(), day.strip()
    requested, received = reply.translation_requested_on, reply.translation_received_on
    if word == "requested":
        when = _day(day, reply=reply, today=today, what="translation request")
        return [("translation_requested_on", requested, when)] + _uncleared(reply)
    if word == "received":
        when = _day(day, reply=reply, today=today, what="translation")
        if requested and when < requested:
            raise Invalid(
                f"The translation date {when.isoformat()} is before it was requested "
                f"({requested.isoformat()})."
            )
        return [("translation_received_on", received, when)]
    if word == "none" and not day:
        return [
            ("translation_requested_on", requested, None),
            ("translation_received_on", received, None),
        ]
    raise Invalid(f"{value!r}: say requested [<YYYY-MM-DD>], received [<YYYY-MM-DD>] or none.")


def _cleared(reply: AddresseeReply, value: str, actor: str, today: dt.date) -> list[Change]:
    if not _yes_no(value):
        return _uncleared(reply)
    if reply.cleared_by is not None:
        return []
    reasons = [r for r in reply.publication_holds if r != NOT_CLEARED]
    if reasons:
        raise Invalid(f"The reply cannot be cleared for publication: {'; '.join(reasons)}.")
    return [("cleared_by", None, actor), ("cleared_on", None, today)]


Setter = Callable[[AddresseeReply, str, str, dt.date], list[Change]]

REPLY_FIELDS: dict[str, tuple[Setter, str]] = {
    "language": (_language, "en|fr|es|other"),
    "confidential": (_confidential, "yes|no (the addressee asked that it stay confidential)"),
    "translation": (
        _translation,
        "requested [<YYYY-MM-DD>]|received [<YYYY-MM-DD>]|none (default date: today)",
    ),
    "cleared": (
        _cleared,
        "yes|no (cleared for publication; refused while confidential or a translation is awaited)",
    ),
}


def set_reply_field(
    *,
    session: Session,
    case: Case,
    number: int | None,
    field: str,
    value: str,
    actor: str,
    today: dt.date,
) -> tuple[int, AddresseeReply, bool]:
    """Change one thing recorded of reply ``number`` (the only reply when None), audited;
    returns its number, the reply, and whether anything changed."""
    case = lock_case(session=session, case_id=case.id)
    replies = numbered(case)
    if not replies:
        raise NotFound(f"Case #{case.id} has no reply recorded.")
    if number is None:
        if len(replies) > 1:
            raise Invalid(
                f"Case #{case.id} has {len(replies)} replies: say which, 1 to {len(replies)}."
            )
        number = 1
    if not 1 <= number <= len(replies):
        raise NotFound(f"Case #{case.id} has no reply {number}: 1 to {len(replies)}.")
    entry = REPLY_FIELDS.get(field.lower())
    if entry is None:
        raise Invalid(f"{field!r} is not recorded of a reply: say {', '.join(REPLY_FIELDS)}.")
    reply = replies[number - 1]
    changes = [c for c in entry[0](reply, value, actor, today) if c[1] != c[2]]
    for column, old, new in changes:
        setattr(reply, column, new)
        audit_reply(session, reply, actor, column, old, new)
    if changes:
        record_event(session, CaseChanged(case_id=case.id))
    return number, reply, bool(changes)
