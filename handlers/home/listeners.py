"""The App Home tab: publish the user's docket whenever they open it."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.home.service import build_docket
from bot.slack.commands import Reply
from bot.slack.runtime import Deps, Request, handle
from handlers.home.blocks import build_home_view
from handlers.home.ids import ActionId


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
    docket = build_docket(session=request.session, user_id=user_id, today=request.today)
    view = build_home_view(docket, team_id=request.team_id)
    return Reply().after(lambda client: client.views_publish(user_id=user_id, view=view))


def on_open_case(ack: Ack) -> None:
    """A link button: Slack opens the link; there is nothing to record."""
    ack()
