"""Buttons in messages: clear a draft version, request changes."""

from __future__ import annotations

import re

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.reviews.actions import click_clear, click_request_changes
from bot.slack.ids import ActionId
from bot.slack.outbox import queue, reply_last


def register(app: App, deps: Deps) -> None:
    """Register the review buttons."""

    def on_clear(ack: Ack, body: dict, action: dict, session: Session, context: dict) -> None:
        reply = click_clear(
            session=session,
            value=action.get("value", ""),
            channel_id=body["channel"]["id"],
            actor=body["user"]["id"],
        )
        session.commit()
        queue(context, *reply.outbox)
        reply_last(context, text=reply.text, blocks=None, in_channel=False)
        ack()

    def on_request_changes(
        ack: Ack, body: dict, action: dict, session: Session, client: WebClient
    ) -> None:
        view = click_request_changes(
            session=session, value=action.get("value", ""), channel_id=body["channel"]["id"]
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)
        ack()

    app.action(re.compile(f"^{ActionId.CLEAR_VERSION}(:.*)?$"))(on_clear)
    app.action(ActionId.REQUEST_CHANGES)(on_request_changes)
