"""Write and read the audit trail."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.audit.models import AuditEntry


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    case_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> AuditEntry:
    """Append one entry; values are stored as text."""
    entry = AuditEntry(
        case_id=case_id,
        actor=actor,
        action=action,
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
    )
    session.add(entry)
    return entry


def history(*, session: Session, case_id: int, limit: int = 10) -> list[AuditEntry]:
    """The most recent entries of a case, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
