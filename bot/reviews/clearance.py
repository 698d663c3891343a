"""Clearances: who may clear, what a version still lacks before it can be sent, and giving
or withdrawing a clearance."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.letter_models import Clearance, DraftVersion
from bot.cases.models import Case
from bot.cases.service import lock_case
from bot.errors import Conflict, NotAllowed
from bot.events import ClearanceGiven, ClearanceWithdrawn, record_event
from bot.mandates.models import Mandate
from bot.reviews.drafts import DraftError, get_version


def is_current(case: Case, version: DraftVersion) -> bool:
    """True if the version is the latest and the case has not changed since it was made."""
    latest = case.latest_version
    return (
        latest is not None
        and latest.id == version.id
        and version.content_version == case.content_version
    )


def cleared_mandates(version: DraftVersion) -> set[str]:
    """Codes of the mandates that cleared this version."""
    return {clearance.mandate.code for clearance in version.clearances}


def missing_clearances(case: Case, version: DraftVersion) -> list[Mandate]:
    """Co-signing mandates that have not cleared this version, in signing order."""
    done = cleared_mandates(version)
    return [mandate for mandate in case.mandates if mandate.code not in done]


def may_clear_for(case: Case, version: DraftVersion, user_id: str) -> list[Mandate]:
    """The mandates this user may clear this version for (not the drafter; approvers only
    where a mandate has approvers; any team member where it has none)."""
    if user_id == version.made_by:
        return []
    return [
        mandate
        for mandate in missing_clearances(case, version)
        if not mandate.approvers or user_id in mandate.approvers
    ]


def is_cleared(case: Case) -> bool:
    """The latest version is current and cleared by every co-signing mandate."""
    version = case.latest_version
    return (
        version is not None and is_current(case, version) and not missing_clearances(case, version)
    )


class StaleDraft(DraftError, Conflict):
    """The case changed after the draft was made: the draft can no longer be cleared."""


class NotAnApprover(NotAllowed):
    """The user may not clear any of the mandates still to clear the draft."""


def check_current(case: Case, version: DraftVersion) -> None:
    """Refuse to act on a version that a newer one, or a later change, replaced."""
    latest = case.latest_version
    if latest is not None and latest.id != version.id:
        raise Conflict(
            f"This is v{version.number}; a newer version (v{latest.number}) exists. "
            "Review and clear the newest version in the thread."
        )
    if not is_current(case, version):
        raise StaleDraft(
            f"The case changed after v{version.number} was made, so it can no longer be cleared.",
            case_id=case.id,
        )


@dataclass(frozen=True)
class ClearResult:
    """Who cleared what, and what is still missing."""

    version: DraftVersion
    cleared: list[Mandate]
    missing: list[Mandate]


def clear_version(
    *,
    session: Session,
    case: Case,
    version: DraftVersion,
    actor: str,
    mandate_code: str | None = None,
) -> ClearResult:
    """Record the user's clearance of the current version, for one or all mandates they may clear.

    One clearance per mandate and version: a second click, or two people at once, finds
    the row already there (a unique constraint decides) and changes nothing. The case is
    locked first, so a change made at the same moment either comes before (and the version
    is refused as out of date) or after (and voids this clearance).
    """
    case = lock_case(session=session, case_id=case.id)
    version = get_version(session=session, case=case, version_id=version.id)
    if case.sent_on is not None:
        raise Conflict(f"Case #{case.id} was already sent on {case.sent_on.isoformat()}.")
    check_current(case, version)
    if actor == version.made_by:
        raise NotAllowed(
            f"You made v{version.number}, so you cannot clear it: another team member must."
        )
    allowed = may_clear_for(case, version, actor)
    if mandate_code:
        allowed = [m for m in allowed if m.code == mandate_code]
    if not allowed:
        missing = missing_clearances(case, version)
        if mandate_code and mandate_code not in {m.code for m in missing}:
            raise Conflict(f"v{version.number} is already cleared for {mandate_code}.")
        names = ", ".join(m.code for m in missing) or "nothing"
        raise NotAnApprover(
            f"You are not an approver of the mandates still to clear v{version.number} ({names}). "
            "Ask one of their approvers."
        )
    cleared: list[Mandate] = []
    for mandate in allowed:
        try:
            with session.begin_nested():
                session.add(
                    Clearance(version_id=version.id, mandate_id=mandate.id, cleared_by=actor)
                )
                session.flush()
        except IntegrityError:
            continue  # someone cleared it for this mandate a moment ago
        cleared.append(mandate)
        record(
            session=session,
            actor=actor,
            action="clear",
            case_id=case.id,
            field=f"v{version.number}",
            new=mandate.code,
        )
    session.expire(version, ["clearances"])
    if not cleared:
        raise Conflict(f"v{version.number} was already cleared for {allowed[0].code}.")
    codes = tuple(m.code for m in cleared)
    given = ClearanceGiven(case_id=case.id, version_id=version.id, codes=codes, held=(version,))
    record_event(session, given)
    return ClearResult(version=version, cleared=cleared, missing=missing_clearances(case, version))


def withdraw_clearance(
    *,
    session: Session,
    case: Case,
    version: DraftVersion,
    actor: str,
    mandate_code: str | None = None,
) -> list[str]:
    """Take back the clearances ``actor`` gave to a version, until the letter is sent.

    Only the person who cleared can withdraw; returns the mandate codes withdrawn.
    """
    case = lock_case(session=session, case_id=case.id)
    version = get_version(session=session, case=case, version_id=version.id)
    if case.sent_on is not None:
        raise Conflict(
            f"Case #{case.id} was sent on {case.sent_on.isoformat()}: its clearances stand."
        )
    mine = [c for c in version.clearances if c.cleared_by == actor]
    if mandate_code:
        mine = [c for c in mine if c.mandate.code == mandate_code.upper()]
    if not mine:
        what = f" for {mandate_code.upper()}" if mandate_code else ""
        raise NotAllowed(
            f"You have not cleared v{version.number} of case #{case.id}{what}: only the person "
            "who gave a clearance can withdraw it."
        )
    codes = [c.mandate.code for c in mine]
    for clearance in mine:
        version.clearances.remove(clearance)
        record(
            session=session,
            actor=actor,
            action="clear-withdraw",
            case_id=case.id,
            field=f"v{version.number}",
            old=clearance.mandate.code,
        )
    session.flush()
    withdrawn = ClearanceWithdrawn(
        case_id=case.id, version_id=version.id, codes=tuple(codes), held=(version,)
    )
    record_event(session, withdrawn)
    return codes
