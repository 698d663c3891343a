"""Modal submissions: ack (closing the modal), then post what changed."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.commands.base import Reply
from bot.commands.forms import submit_allegation, submit_message_to_allegation, submit_open_case
from bot.reviews.actions import submit_request_changes
from bot.reviews.flows import voided_notices
from bot.slack.ids import CallbackId
from bot.slack.outbox import queue

Flow = Callable[[Session, str, dict], Reply]

FLOWS: dict[str, Callable[[Deps], Flow]] = {
    CallbackId.OPEN_CASE: lambda deps: (
        lambda session, actor, view: submit_open_case(
            session=session, settings=deps.settings, user_id=actor, view=view
        )
    ),
    CallbackId.ADD_ALLEGATION: lambda deps: (
        lambda session, actor, view: submit_allegation(session=session, user_id=actor, view=view)
    ),
    CallbackId.EDIT_ALLEGATION: lambda deps: (
        lambda session, actor, view: submit_allegation(session=session, user_id=actor, view=view)
    ),
    CallbackId.MESSAGE_TO_ALLEGATION: lambda deps: (
        lambda session, actor, view: submit_message_to_allegation(
            session=session, user_id=actor, view=view
        )
    ),
    CallbackId.REQUEST_CHANGES: lambda deps: (
        lambda session, actor, view: submit_request_changes(session=session, view=view, actor=actor)
    ),
}


def register(app: App, deps: Deps) -> None:
    """Register the submissions of every modal."""

    for callback_id, make_flow in FLOWS.items():
        app.view(callback_id)(_submission(make_flow(deps)))


def _submission(flow: Flow):
    def on_submission(ack: Ack, body: dict, view: dict, session: Session, context: dict) -> None:
        actor = body["user"]["id"]
        reply = flow(session, actor, view)
        reply.then(*voided_notices(session=session, actor=actor))
        session.commit()  # the lazy post runs on another thread and must see the change
        queue(context, *reply.outbox)
        ack()

    return on_submission
