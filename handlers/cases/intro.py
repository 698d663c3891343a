"""First contact: the bot introduces itself in a channel it was invited to."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.slack.commands import Reply
from bot.slack.escape import escape_mrkdwn
from bot.slack.outbox import Post
from bot.slack.runtime import Request

INTRO = """:wave: Hello! I am *mandate-bot*. I keep this channel's cases: communications to States \
and other actors, from the first allegation to the reply. I draft the letter from the team's \
templates, post each draft for review in a thread where every co-signing mandate clears it, and \
remind the channel when a reply is due or overdue.
Three commands to start with:
• `/case` — open a case (a form; or `/case open <COUNTRY> <TYPE> <MANDATES> <subject>`)
• `/allegation <case> <paragraph>` — add what the information received says
• `/letter <case> draft` — post a draft for review in its thread
`/case help` lists everything; the case card's buttons edit the letter."""


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
