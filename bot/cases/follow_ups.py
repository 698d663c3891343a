"""Follow-up letters: a new case that cites an earlier, sent communication and its reply.

A follow-up is opened from the earlier case (``open_follow_up``): it gets a reference of its
own from the database's numbering, as any case opened, and shares what a follow-up
continues (addressee, country, mandates, language, subject, withheld names, the confidential
sources and the alleged victims). Its letter refers to the earlier communication by
reference and date and to its replies (``bot.letters.build``). The link is the earlier case's
id, so a corrected reference of the earlier case is the one every later letter prints.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.audit.models import AuditEntry
from bot.audit.service import record
from bot.cases.enums import LetterType
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case, CaseMandate
from bot.cases.references import Reference, find_reference, next_number, parse_reference
from bot.cases.search import Match, SearchHit, SearchResult
from bot.cases.search_index import mark_stale
from bot.cases.service import lock_case, mark_changed
from bot.errors import Invalid, UserError
from bot.events import CaseOpened, FollowUpOpened, record_event

MAX_CHAIN = 20  # earlier communications shown at most (a chain of follow-ups is short)
_TYPES = ("AL", "UA", "OL", "JAL", "JUA", "JOL")


class NotSent(UserError):
    """A follow-up cites a communication that was sent: this one was not."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


@dataclass(frozen=True)
class RelatedCommunication:
    """A communication related to a case by follow-ups: earlier (cited) or later (citing)."""

    case_id: int
    reference: str
    later: bool  # a follow-up of the case (else one the case follows, directly or further up)
    sent_on: dt.date | None
    replies: tuple[dt.date, ...]


def follow_up_type(text: str) -> LetterType:
    """AL, UA or OL (JAL and the like accepted); a near miss is answered with the type meant."""
    word = text.strip().upper()
    if word in _TYPES:
        return LetterType(word.removeprefix("J"))
    swapped = [t for t in _TYPES[:3] if sorted(t) == sorted(word)]  # "LA", "AU"
    near = swapped or difflib.get_close_matches(word, _TYPES[:3], n=1, cutoff=0.5)
    hint = f" Did you mean {near[0]}?" if near else ""
    raise Invalid(
        f"{text.strip()!r} is not a letter type.{hint} Use AL (allegation letter), UA (urgent "
        "appeal) or OL (other letter), or nothing for the earlier letter's type."
    )


def open_follow_up(
    *,
    session: Session,
    earlier: Case,
    opened_by: str,
    today: dt.date,
    letter_type: LetterType | None = None,
    reply_days: int | None = None,
    edition: str = "current",
) -> Case:
    """Open a case that follows up ``earlier`` (locked by the caller), which must have been
    sent; it gets the next reference of its country and year, as any case opened."""
    if earlier.sent_on is None:
        raise NotSent(
            f"Case #{earlier.id} ({earlier.reference}) has not been sent: a follow-up cites a "
            "communication the addressee received.",
            case_id=earlier.id,
        )
    kind = letter_type or earlier.letter_type
    code = earlier.country_code
    case = Case(
        channel_id=earlier.channel_id,
        letter_type=kind,
        country_code=code,
        addressee=earlier.addressee,
        subject=earlier.subject,
        language=earlier.language,
        reply_days=reply_days if reply_days is not None else earlier.reply_days,
        edition=edition,
        reference_code=code,
        reference_year=today.year,
        reference_number=next_number(session=session, code=code, year=today.year),
        sources=earlier.sources,
        victims_withheld=earlier.victims_withheld,
        victims_count=earlier.victims_count,
        opened_by=opened_by,
        follows_case_id=earlier.id,
        lead_mandate_id=earlier.lead_mandate_id,  # the same mandate leads the follow-up
        mandate_links=[
            CaseMandate(mandate_id=link.mandate_id, position=link.position)
            for link in earlier.mandate_links
        ],
    )
    session.add(case)
    session.flush()
    record(
        session=session,
        actor=opened_by,
        action="open",
        case_id=case.id,
        new=f"{case.reference}, following up {earlier.printed}",
    )
    record(
        session=session,
        actor=opened_by,
        action="follow-up",
        case_id=earlier.id,
        new=f"#{case.id} {case.reference}",
    )
    record_event(session, CaseOpened(case_id=case.id, channel_id=case.channel_id))
    record_event(session, FollowUpOpened(case_id=earlier.id, follow_up_id=case.id))
    mark_stale(session, case.id)  # search finds it by its words
    return case


def reply_changes_follow_ups(*, session: Session, case: Case) -> None:
    """A reply to ``case`` was recorded: the letters of its unsent follow-ups now thank for
    it, so their content changed (a draft made before it must be made again and cleared)."""
    unsent = select(Case.id).where(Case.follows_case_id == case.id, Case.sent_on.is_(None))
    for follow_up_id in sorted(session.scalars(unsent)):
        mark_changed(lock_case(session=session, case_id=follow_up_id))


def related_communications(*, session: Session, case: Case) -> list[RelatedCommunication]:
    """The communications the case follows up (nearest first, up the chain) and its own
    follow-ups (oldest first), each with the dates of its replies."""
    earlier_ids: list[int] = []
    seen = {case.id}
    follows = case.follows_case_id
    while follows is not None and follows not in seen and len(earlier_ids) < MAX_CHAIN:
        earlier_ids.append(follows)
        seen.add(follows)
        follows = session.scalar(select(Case.follows_case_id).where(Case.id == follows))
    later = list(session.scalars(select(Case.id).where(Case.follows_case_id == case.id)))
    ids = earlier_ids + sorted(later)
    if not ids:
        return []
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
    replies: dict[int, list[dt.date]] = {}
    for case_id, day in session.execute(
        select(AddresseeReply.case_id, AddresseeReply.received_on)
        .where(AddresseeReply.case_id.in_(ids))
        .order_by(AddresseeReply.received_on)
    ):
        replies.setdefault(case_id, []).append(day)
    return [
        RelatedCommunication(
            case_id=i,
            reference=cases[i].printed,
            later=i not in earlier_ids,
            sent_on=cases[i].sent_on,
            replies=tuple(replies.get(i, ())),
        )
        for i in ids
        if i in cases
    ]


def as_reference(text: str) -> Reference | None:
    """The reference a search names (``AL KAZ 1/2017``, ``KAZ 1/2017``, a legacy one), or None."""
    text = " ".join(text.split())
    return parse_reference(text) or (find_reference(text) if len(text) <= 120 else None)


def search_by_reference(*, session: Session, channel_id: str, text: str) -> SearchResult | None:
    """The cases of this channel a reference names (None when the words are not one): the
    case that bears it, or bore it before a correction, then the communications it follows
    up and those that follow it up."""
    reference = as_reference(text)
    if reference is None:
        return None
    same = (
        Case.reference_code == reference.code,
        Case.reference_number == reference.number,
        Case.reference_year == reference.year,
    )
    hits: dict[int, SearchHit] = {}
    for case in session.scalars(
        select(Case).where(Case.channel_id == channel_id, *same).order_by(Case.id)
    ):
        hits[case.id] = SearchHit(case, [_match("reference", case.printed)])
    for case, old in _formerly(session, channel_id, reference):
        hits.setdefault(case.id, SearchHit(case, [_match("formerly", old)]))
    named = list(hits.values())
    ids = [hit.case.id for hit in named]
    earlier_ids = [hit.case.follows_case_id for hit in named if hit.case.follows_case_id]
    for case in session.scalars(
        select(Case)
        .where(
            Case.channel_id == channel_id,
            or_(Case.follows_case_id.in_(ids), Case.id.in_(earlier_ids)),
        )
        .order_by(Case.id)
    ):
        if case.id in hits:
            continue
        if case.follows_case_id in ids:
            cited = next(h.case for h in named if h.case.id == case.follows_case_id)
            hits[case.id] = SearchHit(case, [_match("follows up", cited.printed)])
        else:
            later = next(h.case for h in named if h.case.follows_case_id == case.id)
            hits[case.id] = SearchHit(case, [_match("followed up by", later.printed)])
    found = list(hits.values())
    return SearchResult(query=" ".join(text.split()), hits=found, total=len(found))


def _formerly(session: Session, channel_id: str, reference: Reference) -> list[tuple[Case, str]]:
    """Cases of the channel whose reference was corrected away from this one (the audit
    trail keeps every reference a case had)."""
    rows = session.execute(
        select(Case, AuditEntry.old_value)
        .join(AuditEntry, AuditEntry.case_id == Case.id)
        .where(
            Case.channel_id == channel_id,
            AuditEntry.field == "reference",
            AuditEntry.old_value.is_not(None),
            AuditEntry.old_value.contains(f"{reference.number}/{reference.year}"),
        )
        .order_by(Case.id)
    ).all()
    found = []
    for case, old in rows:
        was = as_reference(old or "")
        if was is not None and (was.code, was.number, was.year) == (
            reference.code,
            reference.number,
            reference.year,
        ):
            found.append((case, str(old)))
    return found


def _match(where: str, reference: str) -> Match:
    return Match(where=where, snippet=reference, spans=[(0, len(reference))])
