"""/case set: change one field of a case, checked, audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.casefile.publication import keep_lead, set_lead, set_published, shown_published
from bot.cases.countries import resolve_country
from bot.cases.enums import NON_STATE_CODE, CaseStatus
from bot.cases.models import Case, CaseMandate
from bot.cases.references import find_reference, parse_reference
from bot.cases.search_index import mark_stale
from bot.cases.service import (
    CaseClosed,
    check_editable,
    check_paragraph,
    check_subject,
    lock_case,
    mark_changed,
    parse_letter_type,
)
from bot.config import EDITIONS, LANGUAGES, Settings
from bot.errors import Conflict, Invalid, UserError
from bot.events import CaseChanged, record_event
from bot.letters.roles import subject_completes, urge_completes
from bot.letters.stock import urge_lead
from bot.mandates.service import get_mandates
from bot.reminders.publication import schedule_publication
from bot.reminders.service import (
    cancel_for_case,
    reschedule_due_date,
    schedule_for_sent_letter,
)

CONFIDENTIAL = "(confidential)"


class AlreadyClosed(CaseClosed):
    """The case to close is closed already."""


def _subject(case: Case, value: str, session: Session) -> str:
    case.subject = check_subject(value)
    return case.subject


def _concern(case: Case, value: str, session: Session) -> str:
    case.concern = check_paragraph(
        value,
        what="concern",
        split_advice="Keep the concern to its core and put the rest (legal analysis, context) "
        "in body paragraphs, which follow the concern, each up to 3,000 characters.",
    )
    return case.concern


def _urge(case: Case, value: str, session: Session) -> str:
    text = check_paragraph(value, what="urge text")
    lead = urge_lead()  # typed with the urge, it is not printed twice
    if text.lower().startswith(lead.lower()):
        text = text[len(lead) :].strip()
    if text.lower().startswith("to "):
        text = text[3:]
    case.urge = text
    return text


def _type(case: Case, value: str, session: Session) -> str:
    case.letter_type = parse_letter_type(value)
    return case.letter_type.value


def _mandates(case: Case, value: str, session: Session) -> str:
    codes = [c.strip().upper() for c in value.replace(" ", ",").split(",") if c.strip()]
    if not codes:
        raise Invalid("Name the mandates, e.g. FOAA,HRD.")
    if len(set(codes)) != len(codes):
        raise Invalid("A mandate is named twice.")
    mandates = get_mandates(session=session, codes=codes)
    case.mandate_links.clear()
    session.flush()
    case.mandate_links.extend(CaseMandate(mandate=m, position=i) for i, m in enumerate(mandates))
    keep_lead(case)
    return ",".join(codes)


def _addressee(case: Case, value: str, session: Session) -> str:
    if case.country_code != NON_STATE_CODE:
        raise UserError(
            "The addressee is the State of the case; set an addressee only for a non-State "
            "(OTH) case, e.g. a company or an international organisation."
        )
    name = " ".join(value.split())
    if not name or len(name) > 300:
        raise Invalid("Give the addressee's name (up to 300 characters).")
    case.addressee = name
    return name


def _language(case: Case, value: str, session: Session) -> str:
    language = value.strip().lower()
    if language not in LANGUAGES:
        raise Invalid(f"Letters are written in {', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]}.")
    case.language = language
    return language


def _reply_days(case: Case, value: str, session: Session) -> str:
    try:
        days = int(value.strip())
    except ValueError:
        days = 0
    if not 1 <= days <= 365:
        raise Invalid("Give the reply period in days, 1 to 365 (e.g. 60).")
    case.reply_days = days
    return str(days)


def _reference(case: Case, value: str, session: Session) -> str:
    typed = " ".join(value.split())
    reference = parse_reference(typed)
    printed = None
    if reference is None:
        # A legacy reference with internal codes, e.g. "UA G/SO 214 (53-24) SYR 3/2014":
        # printed as typed; numbering and the report use the TYPE CODE n/yyyy inside it.
        reference = find_reference(typed)
        if reference is None or len(typed) > 120:
            raise Invalid(
                f"{value!r} is not a reference: write it like AL KAZ 1/2017 (a reference with "
                "internal codes is kept as typed when it contains TYPE CODE n/yyyy, e.g. "
                "UA G/SO 214 (53-24) SYR 3/2014)."
            )
        printed = typed
    code = reference.code
    if code != NON_STATE_CODE and resolve_country(code) != code:
        raise Invalid(f"{code} is not an ISO alpha-3 country code (or OTH).")
    if code != case.country_code:
        raise UserError(
            f"The reference's code {code} does not match this case's addressee {case.country_code}."
        )
    if not 1900 <= reference.year <= 2100 or reference.number < 1:
        raise Invalid("The number or year of that reference is not plausible.")
    taken = session.scalar(
        select(Case.id).where(
            Case.reference_code == code,
            Case.reference_number == reference.number,
            Case.reference_year == reference.year,
            Case.id != case.id,
        )
    )
    if taken is not None:
        raise Conflict(
            f"The reference {code} {reference.number}/{reference.year} is already in use."
        )
    case.reference_number = reference.number
    case.reference_year = reference.year
    if reference.letter_type:
        case.letter_type = reference.letter_type
    case.printed_reference = printed
    return case.printed


def _edition(case: Case, value: str, session: Session) -> str:
    edition = value.strip().lower()
    if edition not in EDITIONS:
        raise Invalid(
            f"{value.strip()!r} is not an edition: use current (today's wording) or 2017 "
            "(the wording of 2017 letters)."
        )
    case.edition = edition
    return edition


def _press_release(case: Case, value: str, session: Session) -> str:
    answer = value.strip().lower()
    if answer not in {"yes", "no"}:
        raise Invalid("Say yes (a press release is planned: the letter carries the notice) or no.")
    case.press_release = answer == "yes"
    return answer


def _sources(case: Case, value: str, session: Session) -> str:
    case.sources = check_paragraph(value, what="sources note")
    return CONFIDENTIAL


def _victims_count(case: Case, value: str, session: Session) -> str:
    text = value.strip()
    if not text.isdigit() or not 0 <= int(text) <= 1_000_000:
        raise Invalid("Give the number of alleged victims as a whole number, e.g. 3.")
    case.victims_count = int(text)
    return text


def _victims_withheld(case: Case, value: str, session: Session) -> str:
    names = " ".join(value.split())
    case.victims_withheld = None if names.lower() in {"", "none"} else names
    return CONFIDENTIAL


_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,31})(?:\|[^>]*)?>$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")


def _owner(case: Case, value: str, session: Session) -> str:
    text = value.strip()
    mention = _MENTION.match(text)
    user_id = mention.group(1) if mention else text
    if not _USER_ID.match(user_id):
        raise Invalid(
            f"{text!r} is not a person: mention the new owner (@alice) or give a Slack user id "
            "such as U123ABC."
        )
    case.owner = user_id
    return user_id


Setter = Callable[[Case, str, Session], str]


@dataclass(frozen=True)
class Field:
    """A field of a case that /case set changes, declared once."""

    setter: Setter
    note: str = ""  # what the value is, for the help ("en|fr|es")
    in_letter: bool = True  # letter content: a change voids clearances; none after sending
    after_sending: bool = False  # may change once the letter is sent
    when_closed: bool = False  # may change once the case is closed


# Every field, in the order the help lists them.
FIELDS: dict[str, Field] = {
    "subject": Field(
        _subject, note=f'completes "{subject_completes()} …": lower case, no full stop'
    ),
    "concern": Field(
        _concern, note="a whole paragraph: sentences from a capital letter to a full stop"
    ),
    "urge": Field(
        _urge, note=f'completes "{urge_completes()} …": a verb in lower case, no full stop'
    ),
    "type": Field(_type),
    "mandates": Field(_mandates),
    "addressee": Field(_addressee),
    "language": Field(_language, note="|".join(LANGUAGES)),
    "reply-days": Field(
        _reply_days,
        note="after sending too: the due date and reminders follow",
        after_sending=True,
    ),
    "reference": Field(
        _reference,
        note="e.g. AL KAZ 1/2017 for a reference assigned elsewhere; one with internal codes "
        "such as UA G/SO 214 (53-24) SYR 3/2014 is printed as typed, numbered by the "
        "SYR 3/2014 in it",
    ),
    "edition": Field(_edition, note="|".join(EDITIONS)),
    "press-release": Field(_press_release, note="yes|no"),
    "sources": Field(_sources, note="confidential", in_letter=False, after_sending=True),
    "victims-withheld": Field(
        _victims_withheld,
        note="names, separated by commas, each with an optional label in brackets for the "
        "public version: Ahmet Aksoy (Mr. A), Zeynep Kaya",
        in_letter=False,
        after_sending=True,
    ),
    "victims": Field(
        _victims_count,
        note="the number of alleged victims, for the report",
        in_letter=False,
        after_sending=True,
    ),
    "owner": Field(
        _owner,
        note="@user or a user id: who answers for the case; whoever opened it by default",
        in_letter=False,
        after_sending=True,
    ),
    "lead": Field(
        set_lead,
        note="a co-signing mandate: the one that drafts and answers for the case; the first "
        "by default",
        in_letter=False,
        after_sending=True,
    ),
    "published": Field(
        set_published,
        note="YYYY-MM-DD [link]: the day the sent letter was made public, and its public page; "
        "none takes it back",
        in_letter=False,
        after_sending=True,
        when_closed=True,
    ),
}
MASKED = {"sources", "victims-withheld"}  # shown as (confidential)


def _shown(case: Case, field: str) -> str | None:
    if field == "victims":
        return None if case.victims_count is None else str(case.victims_count)
    if field == "owner":
        return case.owner
    if field == "lead":
        return case.lead.code if case.lead else None
    if field == "published":
        return shown_published(case)
    if field in MASKED:
        return CONFIDENTIAL if getattr(case, field.replace("-", "_")) else None
    return {
        "type": case.letter_type.value,
        "mandates": ",".join(m.code for m in case.mandates),
        "reply-days": str(case.reply_days),
        "reference": case.printed,
        "press-release": "yes" if case.press_release else "no",
    }.get(field) or getattr(case, field, None)


def set_field(
    *,
    session: Session,
    case: Case,
    field: str,
    value: str,
    actor: str,
    settings: Settings | None = None,
) -> str:
    """Change one field; returns the new value as shown (confidential fields are masked).

    After sending, only fields outside the letter can change, and the reply period: then the
    due date and the pending reminders are recomputed (which needs ``settings``).
    """
    name = field.strip().lower().replace("_", "-")
    declared = FIELDS.get(name)
    if declared is None:
        raise Invalid(f"{field!r} is not a field I can set. Fields: {', '.join(FIELDS)}.")
    if not value.strip() and name != "victims-withheld":
        raise Invalid(f"Give the new {name} after the field name.")
    case = lock_case(session=session, case_id=case.id)
    sent = case.sent_on is not None
    if not (declared.when_closed and case.status == CaseStatus.CLOSED):
        check_editable(case, content=not declared.after_sending if sent else declared.in_letter)
    old = _shown(case, name)
    new = declared.setter(case, value, session)
    if name == "published" and settings is not None:
        schedule_publication(session=session, case=case, settings=settings)
    if sent and name == "reply-days":
        if settings is None:
            raise ValueError("settings are needed to move the reminders of a sent letter")
        reschedule_due_date(session=session, case=case, settings=settings)
        assert case.due_on is not None  # a sent letter has a due date
        new = f"{new} (due {case.due_on.isoformat()})"
    elif declared.in_letter:
        mark_changed(case)
    record(
        session=session, actor=actor, action="set", case_id=case.id, field=name, old=old, new=new
    )
    record_event(session, CaseChanged(case_id=case.id))  # the card shows it, content or not
    mark_stale(session, case.id)  # the reference, say, is searched for though not content
    return new


def close_case(*, session: Session, case: Case, reason: str, actor: str) -> None:
    """Close a case (reminders stop); the reason is kept."""
    case = lock_case(session=session, case_id=case.id)
    if case.status == CaseStatus.CLOSED:
        raise AlreadyClosed(f"Case #{case.id} is already closed.", case_id=case.id)
    case.status = CaseStatus.CLOSED
    case.closed_reason = " ".join(reason.split()) or None
    cancel_for_case(session=session, case=case, reason="case closed")
    record(session=session, actor=actor, action="close", case_id=case.id, new=case.closed_reason)
    record_event(session, CaseChanged(case_id=case.id))


def reopen_case(*, session: Session, case: Case, actor: str, settings: Settings) -> None:
    """Reopen a closed case; a sent letter still awaiting its reply gets its reminders back."""
    case = lock_case(session=session, case_id=case.id)
    if case.status != CaseStatus.CLOSED:
        raise UserError(f"Case #{case.id} is open already.")
    case.status = CaseStatus.OPEN
    if case.sent_on is not None and not case.replies:
        schedule_for_sent_letter(session=session, case=case, settings=settings)
    record(session=session, actor=actor, action="reopen", case_id=case.id, old=case.closed_reason)
    case.closed_reason = None
    record_event(session, CaseChanged(case_id=case.id))
