"""First contact: the bot introduces itself in a channel it was invited to."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.outbox import Post
from bot.slack.runtime import Request
from handlers.shared.help import INTRO


def is_the_bot_joining(event: dict, context: BoltContext, body: dict) -> bool:
    """``member_joined_channel`` for the bot itself (its user id from auth.test or the
    event's authorizations), not for a person joining."""
    bot_ids = {context.bot_user_id} | {
        a.get("user_id") for a in body.get("authorizations") or [] if a.get("is_bot")
    }
    return bool(event.get("user")) and event.get("user") in bot_ids - {None}


def introduce(request: Request) -> Reply:
    """A short introduction in the channel, through the outbox."""
    channel = (request.body.get("event") or {}).get("channel") or ""
    if not channel:
        return Reply()
    return Reply().then(Post(channel=channel, text=escape_mrkdwn(INTRO)))  # shows <case>


def someone_joined(request: Request) -> Reply:
    """A person joined a channel: nothing to say."""
    return Reply()
