"""Modal submissions: ack (closing the modal), then post what changed."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.commands.forms import submit_allegation, submit_message_to_allegation, submit_open_case
from bot.slack.ids import CallbackId
from bot.slack.outbox import deliver, queue


def register(app: App, deps: Deps) -> None:
    """Register the submissions of every modal."""

    def post_afterwards(context: dict, client: WebClient) -> None:
        deliver(context=context, client=client, sessions=deps.sessions, respond=None)

    def on_open_case(ack: Ack, body: dict, view: dict, session: Session, context: dict) -> None:
        reply = submit_open_case(
            session=session, settings=deps.settings, user_id=body["user"]["id"], view=view
        )
        session.commit()
        queue(context, *reply.outbox)
        ack()

    def on_allegation(ack: Ack, body: dict, view: dict, session: Session, context: dict) -> None:
        reply = submit_allegation(session=session, user_id=body["user"]["id"], view=view)
        session.commit()
        queue(context, *reply.outbox)
        ack()

    def on_message_allegation(
        ack: Ack, body: dict, view: dict, session: Session, context: dict
    ) -> None:
        reply = submit_message_to_allegation(session=session, user_id=body["user"]["id"], view=view)
        session.commit()
        queue(context, *reply.outbox)
        ack()

    app.view(CallbackId.OPEN_CASE)(ack=on_open_case, lazy=[post_afterwards])
    app.view(CallbackId.ADD_ALLEGATION)(ack=on_allegation, lazy=[post_afterwards])
    app.view(CallbackId.EDIT_ALLEGATION)(ack=on_allegation, lazy=[post_afterwards])
    app.view(CallbackId.MESSAGE_TO_ALLEGATION)(ack=on_message_allegation, lazy=[post_afterwards])
