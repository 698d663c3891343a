"""Write and read the audit trail."""

from __future__ import annotations

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from bot.audit.models import AuditEntry
from bot.db import READS_ONLY

_TABLE = AuditEntry.__table__
assert isinstance(_TABLE, Table)
_INSERT = insert(_TABLE).inline()  # nothing read back: no RETURNING on PostgreSQL


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    case_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> None:
    """Append one entry in the session's transaction, at once; values are stored as text.

    The entry is written by one INSERT, no ORM object: the case it names must be stored
    already (a new case is flushed before its "open" entry).
    """
    if session.info.get(READS_ONLY):  # as a flush refuses it (bot.db)
        raise RuntimeError("a change in a transaction begun to read only (begin_read)")
    session.connection().execute(
        _INSERT,
        {
            "case_id": case_id,
            "actor": actor,
            "action": action,
            "field": field,
            "old_value": None if old is None else str(old),
            "new_value": None if new is None else str(new),
        },
    )


def history(*, session: Session, case_id: int, limit: int = 10) -> list[AuditEntry]:
    """The most recent entries of a case, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
