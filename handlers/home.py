"""The App Home tab: publish the user's docket whenever they open it."""

from __future__ import annotations

import datetime as dt

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.home.blocks import build_home_view
from bot.home.service import build_docket
from bot.slack.ids import ActionId


def register(app: App, deps: Deps) -> None:
    """app_home_opened publishes the Home tab; its "Open" link buttons only need an ack."""

    def on_home_opened(event: dict, session: Session, client: WebClient, context: BoltContext):
        if event.get("tab", "home") != "home":
            return
        user_id = event["user"]
        today = dt.datetime.now(deps.settings.tz).date()
        docket = build_docket(session=session, user_id=user_id, today=today)
        view = build_home_view(docket, team_id=context.team_id)
        client.views_publish(user_id=user_id, view=view)

    def on_open_case(ack: Ack) -> None:
        ack()

    app.event("app_home_opened")(on_home_opened)
    app.action(ActionId.HOME_OPEN_CASE.value)(on_open_case)
