"""What the earlier case is told when a follow-up of it is opened (its card follows too)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.cases.models import Case
from bot.events import FollowUpOpened
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.outbox import Item, Post
from bot.slack.runtime import EventHandlers
from handlers.shared.messages import case_messages


def follow_up_notice(session: Session, event: FollowUpOpened, actor: str) -> list[Item]:
    """In the earlier case's review thread (or under its card when it has no thread): who
    opened which follow-up. Nothing when neither was posted."""
    earlier = session.get(Case, event.case_id)
    follow_up = session.get(Case, event.follow_up_id)
    if earlier is None or follow_up is None:
        return []
    posted = case_messages(earlier)
    where = posted.thread or posted.card
    if where is None:
        return []
    text = (
        f":leftwards_arrow_with_hook: <@{actor}> opened case #{follow_up.id} "
        f"({esc(follow_up.reference)}), a follow-up of {esc(earlier.printed)}: its letter "
        f"refers to this one and to its replies. /case show {follow_up.id} shows it."
    )
    return [Post(channel=earlier.channel_id, text=text, thread_ts=where.ts)]


def subscribe(events: EventHandlers) -> None:
    """The earlier case's thread hears of each follow-up opened."""
    events.on(FollowUpOpened, follow_up_notice)
