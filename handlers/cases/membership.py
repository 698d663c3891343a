"""Cases are opened only where the bot can post their card."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import UserError

logger = logging.getLogger("bot")

NOT_A_MEMBER = (
    "I am not a member of this channel, so I cannot post the case card here. Invite me "
    "first: type /invite @mandate-bot in this channel, then open the case again. "
    "Nothing was opened and no reference was taken."
)


def refuse_unless_member(client: WebClient | None, channel_id: str) -> None:
    """Refuse (before a reference is taken) in a channel where the bot cannot post.

    Asks Slack (conversations.info): a channel the bot is not in says ``is_member: false``;
    a private one it is not in is not found. When Slack cannot tell, the case is opened and
    a failed card post is reported as usual.
    """
    if client is None:
        return
    try:
        answer = client.conversations_info(channel=channel_id)
    except SlackApiError as error:
        if error.response.get("error") == "channel_not_found":
            raise UserError(NOT_A_MEMBER) from None
        logger.warning("conversations.info failed: %s", error.response.get("error"))
        return
    except (SlackClientError, OSError) as error:
        logger.warning("conversations.info failed: %s", type(error).__name__)
        return
    if (answer.get("channel") or {}).get("is_member") is False:
        raise UserError(NOT_A_MEMBER)
