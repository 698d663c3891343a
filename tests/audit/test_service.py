"""The audit trail's services against a real database session: record, then read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.audit.models import AuditEntry
from bot.audit.service import history, record
from bot.cases.models import Case
from tests.factories import opened_case

TODAY = dt.date(2017, 1, 20)
NOON = dt.datetime(2017, 1, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def new_case(db: Session) -> Case:
    return opened_case(db, mandates=["FOAA"], channel_id="C0")


def latest(db: Session) -> AuditEntry | None:
    """The entry recorded last (entries are written at once, not kept in the session)."""
    return db.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))


def stamp(db: Session, at: dt.datetime) -> None:
    """Set when the entry recorded last was made."""
    entry = latest(db)
    assert entry is not None
    entry.at = at


def test_record_writes_at_once_without_an_object_in_the_session(db: Session) -> None:
    case = new_case(db)
    db.flush()
    record(session=db, actor="U0BOB", action="set", case_id=case.id, field="subject", new="a")
    assert not db.new  # nothing left for a flush: the INSERT ran
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 2  # "open" and "set"


def test_record_stores_values_as_text(db: Session) -> None:
    case = new_case(db)
    record(
        session=db, actor="U0BOB", action="set", case_id=case.id, field="reply-days", old=60, new=90
    )
    db.commit()
    stored = latest(db)
    assert stored is not None
    assert (stored.case_id, stored.actor, stored.action, stored.field) == (
        case.id,
        "U0BOB",
        "set",
        "reply-days",
    )
    assert (stored.old_value, stored.new_value) == ("60", "90")
    assert stored.at.tzinfo is not None  # stored in UTC, read back time-zone aware


def test_record_keeps_none_apart_from_empty_text(db: Session) -> None:
    record(session=db, actor="U0BOB", action="mandate", field="HRD titles", old="", new=None)
    db.commit()
    entry = latest(db)
    assert entry is not None
    assert entry.case_id is None  # a change to the registry belongs to no case
    assert (entry.old_value, entry.new_value) == ("", None)


def test_record_only_adds(db: Session) -> None:
    case = new_case(db)
    before = db.scalar(select(func.count()).select_from(AuditEntry))
    record(session=db, actor="U0BOB", action="set", case_id=case.id, field="subject", new="a")
    record(session=db, actor="U0BOB", action="set", case_id=case.id, field="subject", new="a")
    db.commit()
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == before + 2


def test_history_is_newest_first_and_limited(db: Session) -> None:
    case = new_case(db)  # its "open" entry is stamped now, after all of these
    for minutes, value in ((5, "b"), (1, "a"), (9, "c")):
        record(session=db, actor="U0BOB", action="set", case_id=case.id, new=value)
        stamp(db, NOON + dt.timedelta(minutes=minutes))
    db.commit()
    entries = history(session=db, case_id=case.id)
    assert [e.action for e in entries] == ["open", "set", "set", "set"]
    assert [e.new_value for e in entries[1:]] == ["c", "b", "a"]
    assert [e.new_value for e in history(session=db, case_id=case.id, limit=2)] == [
        case.reference,
        "c",
    ]


def test_history_breaks_ties_by_order_of_recording(db: Session) -> None:
    case = new_case(db)
    for value in ("first", "second", "third"):
        record(session=db, actor="U0BOB", action="set", case_id=case.id, new=value)
        stamp(db, NOON)
    db.commit()
    entries = history(session=db, case_id=case.id, limit=3)
    assert [e.new_value for e in entries] == [case.reference, "third", "second"]


def test_history_holds_only_that_case(db: Session) -> None:
    one, two = new_case(db), new_case(db)
    record(session=db, actor="U0BOB", action="close", case_id=two.id, new="done")
    record(session=db, actor="U0BOB", action="mandate", field="FOAA holders", new="X")
    db.commit()
    assert [(e.case_id, e.action) for e in history(session=db, case_id=one.id)] == [
        (one.id, "open")
    ]
    assert [e.action for e in history(session=db, case_id=two.id)] == ["close", "open"]
    assert history(session=db, case_id=two.id + 100) == []


def test_history_defaults_to_the_ten_latest(db: Session) -> None:
    case = new_case(db)
    for n in range(14):
        record(session=db, actor="U0BOB", action="set", case_id=case.id, new=str(n))
    db.commit()
    entries = history(session=db, case_id=case.id)
    assert len(entries) == 10
    assert [e.new_value for e in entries] == [str(n) for n in range(13, 3, -1)]
