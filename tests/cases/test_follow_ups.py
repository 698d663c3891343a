"""Follow-ups: a new case linked to a sent one, what it shares, and how it is found again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.audit.models import AuditEntry
from bot.casefile.fields import set_field
from bot.cases.enums import LetterType
from bot.cases.follow_ups import (
    NotSent,
    follow_up_type,
    open_follow_up,
    related_communications,
    search_by_reference,
)
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case, ReferenceCounter
from bot.errors import Invalid
from bot.events import CaseChanged, CaseOpened, FollowUpOpened, collect_events
from bot.reviews.replies import record_reply
from tests.factories import CHANNEL, insert_case

TODAY = dt.date(2026, 12, 7)


def sent(session: Session, **values: object) -> Case:
    """The seed communication, sent on 23 January 2017 by FOAA and HRD, with what a team
    records beside the letter."""
    values = {
        "sent_on": dt.date(2017, 1, 23),
        "due_on": dt.date(2017, 3, 24),
        "victims_withheld": "Ms. A",
        "victims_count": 2,
        "sources": "a trade union contact",
        "language": "fr",
        "reply_days": 45,
        **values,
    }
    return insert_case(session, number=1, mandates=["FOAA", "HRD"], **values)


def follow_up(session: Session, earlier: Case, **kwargs: object) -> Case:
    options = {"opened_by": "U0BOB", "today": TODAY, **kwargs}
    return open_follow_up(session=session, earlier=earlier, **options)  # type: ignore[arg-type]


def test_a_follow_up_shares_what_it_continues_and_gets_a_reference_of_its_own(
    session: Session,
) -> None:
    earlier = sent(session)
    collect_events(session)
    case = follow_up(session, earlier, reply_days=60)
    assert (case.reference, case.follows_case_id, case.follows) == (
        "AL KAZ 1/2026",
        earlier.id,
        earlier,
    )
    assert [m.code for m in case.mandates] == ["FOAA", "HRD"]
    shared = ("channel_id", "country_code", "addressee", "subject", "language")
    shared += ("victims_withheld", "victims_count", "sources")
    assert {f: getattr(case, f) for f in shared} == {f: getattr(earlier, f) for f in shared}
    assert (case.opened_by, case.owner, case.sent_on, case.reply_days) == (
        "U0BOB",
        "U0BOB",
        None,
        60,
    )
    counter = session.get(ReferenceCounter, ("KAZ", 2026))
    assert counter is not None and counter.last_number == 1  # the database's numbering
    assert collect_events(session) == [
        CaseOpened(case_id=case.id, channel_id=CHANNEL),
        FollowUpOpened(case_id=earlier.id, follow_up_id=case.id),
    ]
    audit = session.execute(
        select(AuditEntry.case_id, AuditEntry.action, AuditEntry.new_value).order_by(AuditEntry.id)
    ).all()
    assert audit == [
        (case.id, "open", "AL KAZ 1/2026, following up AL KAZ 1/2017"),
        (earlier.id, "follow-up", f"#{case.id} AL KAZ 1/2026"),
    ]


def test_the_mandate_that_led_the_earlier_letter_leads_the_follow_up(session: Session) -> None:
    earlier = sent(session)
    hrd = next(m for m in earlier.mandates if m.code == "HRD")
    earlier.lead_mandate_id = hrd.id
    session.flush()
    assert follow_up(session, earlier).lead == hrd
    earlier.lead_mandate_id = None  # none chosen: the first leads both
    assert follow_up(session, earlier).lead is not None
    assert follow_up(session, earlier).lead.code == "FOAA"  # type: ignore[union-attr]


def test_the_type_is_the_earlier_one_unless_given(session: Session) -> None:
    earlier = sent(session, letter_type=LetterType.UA)
    assert follow_up(session, earlier).letter_type == LetterType.UA
    assert follow_up(session, earlier, letter_type=LetterType.AL).reference == "AL KAZ 2/2026"


def test_an_unsent_case_is_not_followed_up_and_nothing_is_taken(session: Session) -> None:
    earlier = sent(session, sent_on=None, due_on=None)
    with pytest.raises(NotSent, match=r"has not been sent") as refused:
        follow_up(session, earlier)
    assert refused.value.case_id == earlier.id  # the Slack side names the command to send it
    assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert session.get(ReferenceCounter, ("KAZ", 2026)) is None


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("AU", "Did you mean UA?"), ("OLL", "Did you mean OL?"), ("la", "Did you mean AL?")],
)
def test_a_mistyped_type_is_answered_with_the_one_meant(typed: str, hint: str) -> None:
    with pytest.raises(Invalid, match=hint):
        follow_up_type(typed)


def test_a_type_is_read_as_typed_and_nonsense_gets_the_three_types() -> None:
    assert [follow_up_type(t) for t in ("ua", "JAL", " ol ")] == [
        LetterType.UA,
        LetterType.AL,
        LetterType.OL,
    ]
    with pytest.raises(Invalid) as refused:
        follow_up_type("urgent")
    assert "Did you mean" not in str(refused.value)
    assert "AL (allegation letter), UA (urgent appeal) or OL (other letter)" in str(refused.value)


def test_related_communications_go_up_the_chain_and_down_to_the_follow_ups(
    session: Session,
) -> None:
    first = sent(session)
    session.add(
        AddresseeReply(case_id=first.id, received_on=dt.date(2017, 3, 20), recorded_by="U0")
    )
    second = follow_up(session, first)
    second.sent_on = dt.date(2026, 12, 9)
    third = follow_up(session, second)
    also = follow_up(session, first)
    session.flush()
    related = related_communications(session=session, case=second)
    assert [(r.reference, r.later, r.sent_on, r.replies) for r in related] == [
        ("AL KAZ 1/2017", False, dt.date(2017, 1, 23), (dt.date(2017, 3, 20),)),
        (third.reference, True, None, ()),
    ]
    assert [(r.case_id, r.later) for r in related_communications(session=session, case=third)] == [
        (second.id, False),
        (first.id, False),
    ]
    assert [(r.case_id, r.later) for r in related_communications(session=session, case=first)] == [
        (second.id, True),
        (also.id, True),
    ]
    lone = insert_case(session, country="BLR")
    assert related_communications(session=session, case=lone) == []


def test_a_reference_finds_the_case_its_follow_ups_and_the_one_it_follows(
    session: Session,
) -> None:
    earlier = sent(session)
    later = follow_up(session, earlier)
    insert_case(session, country="BLR", number=1)  # BLR 1/2017: another case, not named
    found = search_by_reference(session=session, channel_id=CHANNEL, text="kaz 1/2017")
    assert found is not None
    assert [(h.case.id, h.matches[0].where, h.matches[0].snippet) for h in found.hits] == [
        (earlier.id, "reference", "AL KAZ 1/2017"),
        (later.id, "follows up", "AL KAZ 1/2017"),
    ]
    back = search_by_reference(session=session, channel_id=CHANNEL, text="AL KAZ 1/2026")
    assert back is not None
    assert [(h.case.id, h.matches[0].where) for h in back.hits] == [
        (later.id, "reference"),
        (earlier.id, "followed up by"),
    ]
    elsewhere = search_by_reference(session=session, channel_id="C0OTHER", text="KAZ 1/2017")
    assert elsewhere is not None and elsewhere.hits == []
    assert search_by_reference(session=session, channel_id=CHANNEL, text="trade union") is None


def test_a_corrected_reference_still_finds_the_case_and_the_letter_prints_the_new_one(
    session: Session,
) -> None:
    earlier = sent(session, sent_on=None, due_on=None)
    set_field(
        session=session, case=earlier, field="reference", value="AL KAZ 7/2017", actor="U0ALICE"
    )
    earlier.sent_on = dt.date(2017, 1, 23)
    later = follow_up(session, earlier)
    found = search_by_reference(session=session, channel_id=CHANNEL, text="AL KAZ 1/2017")
    assert found is not None
    assert [(h.case.id, h.matches[0].where, h.matches[0].snippet) for h in found.hits] == [
        (earlier.id, "formerly", "AL KAZ 1/2017"),
        (later.id, "follows up", "AL KAZ 7/2017"),
    ]


def test_a_reply_to_the_earlier_case_changes_the_letters_of_its_unsent_follow_ups(
    session: Session,
) -> None:
    earlier = sent(session)
    unsent, gone = follow_up(session, earlier), follow_up(session, earlier)
    gone.sent_on = dt.date(2026, 12, 8)
    session.flush()
    versions = (unsent.content_version, gone.content_version)
    collect_events(session)
    record_reply(
        session=session,
        case=earlier,
        received_on=dt.date(2017, 3, 20),
        summary=None,
        actor="U0ALICE",
        today=TODAY,
    )
    session.refresh(unsent)
    session.refresh(gone)
    assert (unsent.content_version, gone.content_version) == (versions[0] + 1, versions[1])
    assert CaseChanged(case_id=unsent.id) in collect_events(session)
