"""Shortcuts: "Add to case as allegation" on a message."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.commands.forms import message_to_allegation_modal
from bot.slack.escape import unescape_slack
from bot.slack.ids import CallbackId


def register(app: App, deps: Deps) -> None:
    """Register the message shortcuts."""

    @app.shortcut(CallbackId.MESSAGE_TO_ALLEGATION)
    def on_message_to_allegation(
        ack: Ack, shortcut: dict, client: WebClient, session: Session
    ) -> None:
        ack()
        view = message_to_allegation_modal(
            session=session,
            channel_id=shortcut["channel"]["id"],
            text=unescape_slack(shortcut.get("message", {}).get("text", "")),
        )
        client.views_open(trigger_id=shortcut["trigger_id"], view=view)
