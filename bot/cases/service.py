"""Open and find cases. Slack-free: callers pass who acts and where."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from sqlalchemy import Select, Table, Update, bindparam, null, select, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from bot.audit.service import record
from bot.cases.clauses import completing_clause
from bot.cases.countries import country_name, resolve_country, suggest_countries
from bot.cases.enums import NON_STATE_CODE, CaseStatus, LetterType
from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case, CaseMandate
from bot.cases.references import next_number, parse_reference
from bot.cases.search_index import mark_stale
from bot.errors import Invalid, NotFound, UserError
from bot.events import CaseChanged, CaseOpened, ClearancesVoided, record_event
from bot.mandates.service import get_mandates

CASE_REF_HELP = "a case number (7 or #7) or its reference (KAZ 1/2017 or AL KAZ 1/2017)"
MAX_SUBJECT = 500

_NUMBER_RE = re.compile(r"^#?(\d{1,9})$")


class CaseNotFound(NotFound):
    """No case of this channel has the number or reference given."""


class CaseClosed(UserError):
    """The case is closed: nothing in it changes until it is reopened."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


class LetterFrozen(UserError):
    """The letter was sent: its content never changes (new information is a new case)."""


def parse_letter_type(text: str) -> LetterType:
    """AL, UA or OL (JAL and friends accepted), or a UserError saying so."""
    value = text.strip().upper().removeprefix("J") if len(text.strip()) == 3 else text.upper()
    try:
        return LetterType(value)
    except ValueError:
        raise Invalid(
            f"{text!r} is not a letter type: use AL (allegation letter), UA (urgent appeal) "
            "or OL (other letter)."
        ) from None


def check_country(text: str) -> str:
    """The alpha-3 code for a code or English name, or a UserError with suggestions."""
    code = resolve_country(text)
    if code is None:
        hint = suggest_countries(text)
        also = (
            f" Did you mean {', '.join(f'{c} ({country_name(c)})' for c in hint)}?" if hint else ""
        )
        raise Invalid(
            f"{text!r} is not a country I know.{also} Use the ISO alpha-3 code (KAZ) or the "
            "English name (Kazakhstan), or OTH for a company or other non-State addressee."
        )
    return code


def check_subject(subject: str) -> str:
    """A non-empty subject of reasonable length, without a final full stop."""
    subject = completing_clause(subject)
    if not subject:
        raise Invalid(
            'The subject is missing: it completes "information we have received concerning ...".'
        )
    if len(subject) > MAX_SUBJECT:
        raise Invalid(
            f"The subject is {len(subject)} characters long; keep it under {MAX_SUBJECT} "
            "and put the details in allegations."
        )
    return subject


def open_case(
    *,
    session: Session,
    channel_id: str,
    country: str,
    letter_type: LetterType,
    mandates: list[str],
    subject: str,
    opened_by: str,
    today: dt.date,
    reply_days: int = 60,
    edition: str = "current",
) -> Case:
    """Register a case and give it the next reference for its country and year."""
    code = check_country(country)
    subject = check_subject(subject)
    codes = [c.strip().upper() for c in mandates if c.strip()]
    if not codes:
        raise Invalid("Name at least one mandate, e.g. FOAA,HRD.")
    if len(set(codes)) != len(codes):
        raise Invalid("A mandate is named twice; name each co-signing mandate once.")
    signatories = get_mandates(session=session, codes=codes)
    case = Case(
        channel_id=channel_id,
        letter_type=letter_type,
        country_code=code,
        subject=subject,
        reply_days=reply_days,
        edition=edition,
        reference_code=code,
        reference_year=today.year,
        reference_number=next_number(session=session, code=code, year=today.year),
        opened_by=opened_by,
        mandate_links=[CaseMandate(mandate=m, position=i) for i, m in enumerate(signatories)],
        lead_mandate_id=signatories[0].id,  # the first leads unless the team says otherwise
    )
    session.add(case)
    session.flush()
    record(session=session, actor=opened_by, action="open", case_id=case.id, new=case.reference)
    record_event(session, CaseOpened(case_id=case.id, channel_id=case.channel_id))
    mark_stale(session, case.id)
    return case


def find_case(*, session: Session, ref: str, channel_id: str, lock: bool = False) -> Case:
    """The case named by number or reference, if it lives in this channel.

    A case of another channel is answered exactly like a missing one: nothing leaks.
    ``lock``: the case is about to change, so it is found and locked in one statement, as
    ``lock_case`` would lock it; the service's own ``lock_case`` then costs nothing.
    """
    text = ref.strip()
    case: Case | None = None
    case_id = case_number(text)
    if case_id is not None:
        case = _lock(session, case_id=case_id) if lock else session.get(Case, case_id)
    else:
        reference = parse_reference(text)
        if reference is None:
            raise UserError(f"{text!r} is not a case: give {CASE_REF_HELP}.")
        query = select(Case).where(
            Case.reference_code == reference.code,
            Case.reference_number == reference.number,
            Case.reference_year == reference.year,
        )
        case = _lock(session, query=query) if lock else session.scalar(query)
        if case is not None and reference.letter_type and reference.letter_type != case.letter_type:
            case = None
    if case is None or case.channel_id != channel_id:
        raise case_not_found(text)
    return case


def case_number(ref: str) -> int | None:
    """The case's number when ``ref`` gives one (``7``, ``#7``); None for a reference."""
    number = _NUMBER_RE.match(ref.strip())
    return int(number[1]) if number else None


def case_not_found(ref: str) -> CaseNotFound:
    """What a user is told of a case that is missing, or lives in another channel: the same,
    so nothing leaks."""
    return CaseNotFound(
        f"There is no case {ref.strip()} in this channel. Cases are shown and changed only in "
        "the channel where they were opened."
    )


def lock_case(*, session: Session, case_id: int) -> Case:
    """The case, its row locked until the transaction ends, and everything re-read after the lock.

    Every service that changes a case calls this first, so two commands on one case run one
    after the other and each sees what the other committed (no check-then-act race). On
    PostgreSQL this is ``SELECT ... FOR UPDATE``; on SQLite every transaction already holds
    the write lock from its start (``BEGIN IMMEDIATE``, bot.db), and the clause is left out.
    A case locked already in this transaction (by ``find_case(lock=True)`` or an earlier
    call) is not read again: everything read since its lock is as current as a re-read.
    """
    if case_id in _locked(session):
        session.flush()
        case = session.get(Case, case_id)
    else:
        case = _lock(session, case_id=case_id)
    if case is None:
        raise NotFound(f"Case #{case_id} no longer exists.")
    return case


_BY_ID = select(Case).where(Case.id == bindparam("case_id")).with_for_update()
_LOCKED_KEY = "locked_cases"


def _lock(
    session: Session, *, case_id: int | None = None, query: Select[Case] | None = None
) -> Case | None:
    """Lock the case (by id, or the one ``query`` selects) and read it, with everything read
    before the lock expired so that it is read again under it."""
    session.flush()
    session.expire_all()  # what was read before the lock may be stale
    if query is None:
        case = session.scalar(_BY_ID, {"case_id": case_id})
    else:
        case = session.scalar(query.with_for_update())
    if case is not None:
        _locked(session)[case.id] = case
    return case


def _locked(session: Session) -> dict[int, Case]:
    """The cases locked in the session's current transaction, by id.

    Kept with the transaction they were locked in (the innermost, since rolling back a
    savepoint releases the locks taken within it): any other transaction finds none. The
    objects are held, not only their ids: the session keeps an object only while it is
    referenced, and what the request stages after the change (the case card, from its
    events) reads the case it changed without a round trip.
    """
    transaction = session.get_nested_transaction() or session.get_transaction()
    held: tuple[object, dict[int, Case]] | None = session.info.get(_LOCKED_KEY)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[_LOCKED_KEY] = held
    return held[1]


def check_editable(case: Case, *, content: bool = True) -> None:
    """Refuse changes to a closed case, and changes to the letter of a sent one."""
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(f"Case #{case.id} ({case.reference}) is closed.", case_id=case.id)
    if content and case.sent_on is not None:
        raise LetterFrozen(
            f"Case #{case.id} ({case.reference}) was sent on {case.sent_on.isoformat()}: its letter "
            "is frozen."
        )


def mark_changed(case: Case, *, appended: str | None = None) -> None:
    """Record that the case content changed: drafts made before it are out of date.

    A CaseChanged event (its card follows); the first change after a draft also voids that
    draft's clearances: a ClearancesVoided event, which the unit of work hands to whoever
    tells the review thread. One statement bumps the
    stored content version and says whether the latest draft was made from the version
    before (the case is locked: nothing changes it meanwhile). The words search finds the
    case by are rebuilt before the commit (``appended``: the change only added this text).
    """
    session = object_session(case)
    if session is not None and case.id is not None:
        mark_stale(session, case.id, appended=appended)  # what search finds of it changed
    if session is None or case.id is None:  # not stored yet: nothing to ask
        case.content_version = (case.content_version or 0) + 1
        return
    session.flush()  # a draft made in this transaction counts
    row = session.execute(_bump_statement(), {"case_id": case.id}).one()
    set_committed_value(case, "content_version", row.content_version)
    set_committed_value(case, "updated_at", row.updated_at)
    record_event(session, CaseChanged(case_id=case.id))
    if row.voided is not None:
        record_event(session, ClearancesVoided(case_id=case.id, version_id=row.voided))


@cache  # built once, on first use
def _bump_statement() -> Update:
    """UPDATE cases SET content_version = content_version + 1 ... RETURNING the new version,
    the time of the change, and the id of the latest draft if it was made from the old one."""
    cases = Case.__table__
    version = DraftVersion.__table__
    assert isinstance(cases, Table) and isinstance(version, Table)
    latest = (
        select(
            sql_case(
                (version.c.content_version == cases.c.content_version - 1, version.c.id),
                else_=null(),
            )
        )
        .where(version.c.case_id == bindparam("case_id"))
        .order_by(version.c.number.desc())
        .limit(1)
        .correlate(cases)
        .scalar_subquery()
    )
    return (
        update(cases)
        .where(cases.c.id == bindparam("case_id"))
        .values(content_version=cases.c.content_version + 1)
        .returning(cases.c.content_version, cases.c.updated_at, latest.label("voided"))
    )


MAX_PARAGRAPH = 3000  # one Slack section; longer text must be split into paragraphs


def check_paragraph(text: str, *, what: str, split_advice: str = "Split it into two.") -> str:
    """A non-empty paragraph within Slack's limits, kept as typed (outer spaces trimmed)."""
    text = text.strip()
    if not text:
        raise Invalid(f"The {what} is empty: type its text after the command.")
    if len(text) > MAX_PARAGRAPH:
        raise Invalid(
            f"The {what} is {len(text)} characters long; Slack shows at most {MAX_PARAGRAPH} "
            f"in one paragraph. {split_advice}"
        )
    return text


def addressee_name(case: Case) -> str:
    """Who the letter goes to: the State, or the named non-State addressee."""
    if case.country_code == NON_STATE_CODE:
        return case.addressee or "(addressee not set)"
    return country_name(case.country_code)


def open_cases(*, session: Session, channel_id: str, limit: int = 100) -> list[Case]:
    """The channel's open cases, newest first (at most ``limit``)."""
    return list(
        session.scalars(
            select(Case)
            .where(Case.channel_id == channel_id, Case.status == CaseStatus.OPEN)
            .order_by(Case.id.desc())
            .limit(limit)
        )
    )
