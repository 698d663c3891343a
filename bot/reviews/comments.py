"""Review comments: requests for changes, and the replies in a case's review thread."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.audit.service import record
from bot.cases.letter_models import DraftVersion, ReviewComment
from bot.cases.models import Case
from bot.db import utcnow
from bot.errors import UserError


def request_changes(
    *, session: Session, case: Case, version: DraftVersion, actor: str, reason: str
) -> ReviewComment:
    """Record a request for changes to a version (posted to the thread by the caller)."""
    reason = reason.strip()
    if not reason:
        raise UserError("Say what should change.")
    if len(reason) > 3000:
        raise UserError("Keep the request under 3,000 characters.")
    comment = ReviewComment(
        case_id=case.id, version_id=version.id, author=actor, kind="changes", text=reason
    )
    session.add(comment)
    record(
        session=session,
        actor=actor,
        action="request-changes",
        case_id=case.id,
        field=f"v{version.number}",
        new=reason,
    )
    return comment


def record_thread_comment(
    *,
    session: Session,
    case: Case,
    version: DraftVersion | None,
    message_ts: str,
    author: str,
    text: str,
) -> ReviewComment | None:
    """Store a reply in a case's review thread as a comment on the version it answers (the
    latest one posted before it, which the Slack side knows; the latest if none was)."""
    existing = session.scalar(
        select(ReviewComment).where(
            ReviewComment.case_id == case.id, ReviewComment.message_ts == message_ts
        )
    )
    if existing is not None:
        return existing
    version = version or case.latest_version
    comment = ReviewComment(
        case_id=case.id,
        version_id=version.id if version else None,
        author=author,
        kind="comment",
        text=text[:10000],
        message_ts=message_ts,
    )
    try:
        with session.begin_nested():
            session.add(comment)
            session.flush()
    except IntegrityError:
        return None  # the same message stored a moment ago (a Slack retry)
    return comment


def recent_comments(*, session: Session, case_id: int, limit: int = 8) -> list[ReviewComment]:
    """The latest review comments and requests for changes of a case, oldest first."""
    query = (
        select(ReviewComment)
        .where(ReviewComment.case_id == case_id)
        .order_by(ReviewComment.created_at.desc(), ReviewComment.id.desc())
        .limit(limit)
    )
    return list(reversed(list(session.scalars(query))))


def _comment_by_message(
    *, session: Session, channel_id: str, message_ts: str
) -> ReviewComment | None:
    return session.scalar(
        select(ReviewComment)
        .join(Case, Case.id == ReviewComment.case_id)
        .where(Case.channel_id == channel_id, ReviewComment.message_ts == message_ts)
    )


def edit_thread_comment(
    *, session: Session, channel_id: str, message_ts: str, text: str, actor: str
) -> ReviewComment | None:
    """A review comment edited in Slack: store the new text; the audit says it was edited."""
    comment = _comment_by_message(session=session, channel_id=channel_id, message_ts=message_ts)
    if comment is None:
        return None
    comment.text = text[:10000]
    comment.edited_at = utcnow()
    record(
        session=session,
        actor=actor,
        action="comment-edit",
        case_id=comment.case_id,
        field=f"comment {message_ts}",
        new="edited in Slack",
    )
    session.flush()
    return comment


def delete_thread_comment(
    *, session: Session, channel_id: str, message_ts: str, actor: str
) -> bool:
    """A review comment deleted in Slack: remove it; the audit says it was deleted (no text)."""
    comment = _comment_by_message(session=session, channel_id=channel_id, message_ts=message_ts)
    if comment is None:
        return False
    record(
        session=session,
        actor=actor,
        action="comment-delete",
        case_id=comment.case_id,
        field=f"comment {message_ts}",
        old="deleted in Slack",
    )
    session.delete(comment)
    session.flush()
    return True
