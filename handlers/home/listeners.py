"""The App Home tab: publish the user's docket whenever they open it."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.home.service import build_docket
from bot.slack.commands import Reply
from bot.slack.runtime import Deps, Request, handle
from handlers.home.blocks import build_home_view
from handlers.home.ids import ActionId

logger = logging.getLogger("bot")

MEMBERSHIP_PAGES = 5  # of 1,000 channels each: more than anyone is in


def register(app: App, deps: Deps) -> None:
    """app_home_opened publishes the Home tab; its "Open" link buttons only need an ack."""
    app.event("app_home_opened")(handle(deps, home_opened))
    app.action(ActionId.HOME_OPEN_CASE.value)(on_open_case)


def home_opened(request: Request) -> Reply:
    """The user's docket, published once Slack has its answer."""
    event = request.body.get("event") or {}
    if event.get("tab", "home") != "home":
        return Reply()
    user_id = event["user"]
    docket = build_docket(
        session=request.session,
        user_id=user_id,
        today=request.today,
        member_of=member_channels(request.client, user_id),
    )
    view = build_home_view(docket, team_id=request.team_id)
    return Reply().after(lambda client: client.views_publish(user_id=user_id, view=view))


def member_channels(client: WebClient | None, user_id: str) -> list[str]:
    """The channels Slack says the user is in (users.conversations); none when Slack cannot
    tell, and the Home then shows the channels the user worked in."""
    if client is None:
        return []
    channels: list[str] = []
    cursor = None
    try:
        for _ in range(MEMBERSHIP_PAGES):
            answer = client.users_conversations(
                user=user_id,
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=1000,
                cursor=cursor,
            )
            channels += [channel["id"] for channel in answer.get("channels") or []]
            cursor = (answer.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
    except (SlackApiError, SlackClientError, OSError) as error:
        logger.warning("users.conversations failed: %s", type(error).__name__)
    return channels


def on_open_case(ack: Ack) -> None:
    """A link button: Slack opens the link; there is nothing to record."""
    ack()
