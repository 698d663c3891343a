"""A user's docket: the cases of the channels they work in, grouped by what needs doing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, exists, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session, selectinload

from bot.cases.enums import CaseStatus
from bot.cases.letter_models import AddresseeReply, Clearance, DraftVersion
from bot.cases.models import Case, CaseMandate
from bot.grammar import counted
from bot.mandates.models import Mandate
from bot.reviews.clearance import is_cleared, is_current, may_clear_for

DUE_SOON_DAYS = 7
RECENT_REPLY_DAYS = 30
FIRST_SHOWN = 20  # cases of a group read with their versions: no more are shown of one
PUBLIC_SOON_DAYS = 14  # letters becoming public within two weeks (or did, unrecorded)
LED_READ = 15  # the cases led by the user's mandates read (the others are counted)


class Group(StrEnum):
    """What needs doing, in the order the Home tab shows it (most urgent first)."""

    OVERDUE = "overdue"
    TO_CLEAR = "to clear"
    CLEARED = "cleared, not sent"
    DUE_SOON = "due this week"
    PUBLIC_SOON = "public soon"
    RECENT_REPLIES = "recent replies"


@dataclass(frozen=True)
class DocketEntry:
    """A case in a group, with the short note saying why it is there."""

    case: Case
    note: str


@dataclass
class Docket:
    """The user's cases by group, each group sorted most urgent first."""

    user_id: str
    today: dt.date
    channels: list[str]
    groups: dict[Group, list[DocketEntry]] = field(default_factory=dict)
    followed: int = 0  # open cases in the docket, whatever their group
    # Open cases led by a mandate the user clears for (the bot knows a person's mandates by
    # their approvers), the most recently opened first: the first LED_READ, and how many.
    led: list[DocketEntry] = field(default_factory=list)
    led_count: int = 0

    def entries(self, group: Group) -> list[DocketEntry]:
        """The cases of one group (empty when none)."""
        return self.groups.get(group, [])


def build_docket(
    *, session: Session, user_id: str, today: dt.date, member_of: Collection[str] = ()
) -> Docket:
    """Every case of the channels the user works in or is a member of (``member_of``, as
    Slack says), and of the mandates they clear for: a draft that any team member may clear
    is on the Home of everyone in its channel but its drafter."""
    channels = _channels_worked_in(session, user_id, member_of)
    mandate_ids = [m.id for m in session.scalars(select(Mandate)) if user_id in m.approvers]
    docket = Docket(user_id=user_id, today=today, channels=channels)
    scope = _scope(channels, mandate_ids)
    docket.followed = (
        session.scalar(select(func.count()).where(scope, Case.status == CaseStatus.OPEN)) or 0
    )
    placed: dict[Group, list[tuple[tuple, int, DocketEntry]]] = {}
    for case, last_reply in _cases(session, scope, today):
        found = _place(case, last_reply, user_id, today)
        if found is not None:
            group, sort_key, note = found
            placed.setdefault(group, []).append((sort_key, case.id, DocketEntry(case, note)))
    placed[Group.PUBLIC_SOON] = _public_soon(session, scope, today)
    for group in Group:
        if placed.get(group):
            docket.groups[group] = [entry for *_, entry in sorted(placed[group], key=_first_two)]
    docket.led, docket.led_count = _led(session, mandate_ids)
    _read_versions(session, [e.case for g in docket.groups.values() for e in g[:FIRST_SHOWN]])
    return docket


def _read_versions(session: Session, cases: list[Case]) -> None:
    """Read the versions of these cases in one query (the first of each group: the Home
    shows their latest draft), not those of the cases only counted."""
    unread = [case.id for case in cases if "versions" not in case.__dict__]
    if unread:
        session.scalars(
            select(Case).where(Case.id.in_(unread)).options(selectinload(Case.versions))
        ).all()


def _first_two(item: tuple) -> tuple:
    return item[0], item[1]


def _channels_worked_in(session: Session, user_id: str, member_of: Collection[str]) -> list[str]:
    """The channels with cases where the user is a member, as Slack says; when Slack could
    not tell (``member_of`` empty), those where they opened, drafted or cleared a case."""
    if member_of:
        having_cases = union_all(
            *(
                select(literal(channel)).where(exists().where(Case.channel_id == channel))
                for channel in sorted(set(member_of))
            )
        )
        return list(session.scalars(having_cases))
    drafted = select(DraftVersion.case_id).where(DraftVersion.made_by == user_id)
    cleared = (
        select(DraftVersion.case_id)
        .join(Clearance, Clearance.version_id == DraftVersion.id)
        .where(Clearance.cleared_by == user_id)
    )
    query = (
        select(Case.channel_id)
        .where(or_(Case.opened_by == user_id, Case.id.in_(drafted), Case.id.in_(cleared)))
        .distinct()
        .order_by(Case.channel_id)
    )
    return list(session.scalars(query))


def _scope(channels: list[str], mandate_ids: list[int]) -> ColumnElement[bool]:
    """The cases of these channels or of these mandates."""
    in_channels = Case.channel_id.in_(channels)
    if not mandate_ids:
        return in_channels
    of_mandates = select(CaseMandate.case_id).where(CaseMandate.mandate_id.in_(mandate_ids))
    return or_(in_channels, Case.id.in_(of_mandates))


def _cases(
    session: Session, scope: ColumnElement[bool], today: dt.date
) -> list[tuple[Case, dt.date | None]]:
    """The cases that may need doing, each with its latest reply: those answered in the last
    30 days, letters due within the week or overdue, and drafts. Each kind is read by an
    index of its own, so a channel's years of closed cases are never read; only drafts are
    read with their clearances."""
    last_reply = (
        select(func.max(AddresseeReply.received_on))
        .where(AddresseeReply.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
    )
    answered = exists().where(AddresseeReply.case_id == Case.id)
    recent = session.scalars(  # by the day received: a few, however many cases
        select(AddresseeReply.case_id)
        .where(AddresseeReply.received_on >= today - dt.timedelta(days=RECENT_REPLY_DAYS))
        .distinct()
    ).all()
    is_open = Case.status == CaseStatus.OPEN
    replied = select(Case, last_reply).where(scope, Case.id.in_(recent))
    due = select(Case, null()).where(
        scope,
        is_open,
        Case.sent_on.is_not(None),
        Case.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS),
        ~answered,
    )
    drafts = select(Case, null()).where(
        scope,
        is_open,
        Case.sent_on.is_(None),
        ~answered,
        exists().where(DraftVersion.case_id == Case.id),
    )
    found: list[tuple[Case, dt.date | None]] = []
    for query in (replied, due):
        found += [(case, last) for case, last in session.execute(query)]
    with_clearances = drafts.options(
        selectinload(Case.mandate_links),
        selectinload(Case.versions).selectinload(DraftVersion.clearances),
    )
    found += [(case, last) for case, last in session.execute(with_clearances)]
    return found


def _public_soon(
    session: Session, scope: ColumnElement[bool], today: dt.date
) -> list[tuple[tuple, int, DocketEntry]]:
    """Sent letters becoming public within PUBLIC_SOON_DAYS, or that did so as long ago
    without their publication recorded."""
    window = dt.timedelta(days=PUBLIC_SOON_DAYS)
    query = select(Case).where(
        scope,
        Case.public_on.between(today - window, today + window),
        Case.published_on.is_(None),
    )
    found = []
    for case in session.scalars(query):
        assert case.public_on is not None
        days = (case.public_on - today).days
        when = (
            f"in {counted(days, 'day')}"
            if days > 0
            else "today"
            if days == 0
            else "publication not recorded"
        )
        note = f"public on {case.public_on} ({when})"
        found.append(((case.public_on,), case.id, DocketEntry(case, note)))
    return found


def _led(session: Session, mandate_ids: list[int]) -> tuple[list[DocketEntry], int]:
    """The open cases led by one of these mandates (the one recorded, else the first), the
    most recently opened first: the first LED_READ, and how many there are."""
    if not mandate_ids:
        return [], 0
    first = (
        select(CaseMandate.mandate_id)
        .where(CaseMandate.case_id == Case.id)
        .order_by(CaseMandate.position)
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    lead = func.coalesce(Case.lead_mandate_id, first)
    led = (
        select(Case, Mandate.code)
        .join(Mandate, Mandate.id == lead)
        .where(Case.status == CaseStatus.OPEN, lead.in_(mandate_ids))
    )
    total = session.scalar(select(func.count()).select_from(led.subquery())) or 0
    rows = session.execute(led.order_by(Case.opened_at.desc(), Case.id.desc()).limit(LED_READ))
    return [DocketEntry(case, f"{code} leads") for case, code in rows], total


def _place(
    case: Case, last: dt.date | None, user_id: str, today: dt.date
) -> tuple[Group, tuple, str] | None:
    """The group of a case (``last``: its latest reply), its sort key in the group, and a
    short note."""
    if last is not None:
        if (today - last).days <= RECENT_REPLY_DAYS:
            return Group.RECENT_REPLIES, (-last.toordinal(),), f"reply received {last}"
        return None
    if case.status != CaseStatus.OPEN:
        return None
    if case.sent_on is not None and case.due_on is not None:
        days = (case.due_on - today).days
        if days < 0:
            return (
                Group.OVERDUE,
                (case.due_on,),
                f"overdue by {counted(-days, 'day')}, due {case.due_on}",
            )
        if days <= DUE_SOON_DAYS:
            when = "today" if days == 0 else f"in {counted(days, 'day')}"
            return Group.DUE_SOON, (case.due_on,), f"reply due {case.due_on} ({when})"
        return None
    if case.sent_on is not None:
        return None
    version = case.latest_version
    if version is None or not is_current(case, version):
        return None
    if is_cleared(case):
        return Group.CLEARED, (version.made_at,), f"v{version.number} cleared, ready to send"
    mandates = may_clear_for(case, version, user_id)
    if mandates:
        codes = ", ".join(m.code for m in mandates)
        return Group.TO_CLEAR, (version.made_at,), f"v{version.number}: you may clear for {codes}"
    return None
