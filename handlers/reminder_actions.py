"""Reminder buttons: "Record reply" (opens a modal) and "Snooze a week"; the modal's submission."""

from __future__ import annotations

import datetime as dt

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.cases.service import find_case
from bot.commands.base import card_update
from bot.reminders.blocks import (
    build_record_reply_modal,
    read_record_reply,
    reply_recorded_text,
    snoozed_text,
)
from bot.reminders.service import snooze_case
from bot.reviews.replies import record_reply
from bot.slack.ids import ActionId, CallbackId
from bot.slack.outbox import Post, queue


def register(app: App, deps: Deps) -> None:
    """Register the reminder buttons and the "Record a reply" modal."""
    settings = deps.settings

    def today() -> dt.date:
        return dt.datetime.now(settings.tz).date()

    def on_record_reply(
        ack: Ack, body: dict, action: dict, session: Session, client: WebClient
    ) -> None:
        channel_id = body["channel"]["id"]
        case = find_case(session=session, ref=action.get("value", ""), channel_id=channel_id)
        view = build_record_reply_modal(case=case, channel_id=channel_id, today=today())
        client.views_open(trigger_id=body["trigger_id"], view=view)
        ack()

    def on_snooze(ack: Ack, body: dict, action: dict, session: Session, respond) -> None:
        case = find_case(
            session=session, ref=action.get("value", ""), channel_id=body["channel"]["id"]
        )
        moved = snooze_case(
            session=session, case=case, actor=body["user"]["id"], settings=settings, today=today()
        )
        session.commit()
        ack()
        until = case.snoozed_until or today()
        text = snoozed_text(case, reminders=moved, until=until, tz=settings.tz)
        respond(text=text, response_type="ephemeral", replace_original=False)

    def on_record_reply_submit(
        ack: Ack, body: dict, view: dict, session: Session, context: dict
    ) -> None:
        form = read_record_reply(view)
        case = find_case(session=session, ref=str(form.case_id), channel_id=form.channel_id)
        actor = body["user"]["id"]
        record_reply(
            session=session,
            case=case,
            received_on=form.received_on,
            summary=form.summary,
            actor=actor,
            today=today(),
        )
        session.commit()  # the lazy post runs on another thread and must see the reply
        text = reply_recorded_text(case, received_on=form.received_on, actor=actor)
        queue(context, Post(channel=case.channel_id, text=text), *filter(None, [card_update(case)]))
        ack()

    app.action(ActionId.REMINDER_RECORD_REPLY)(on_record_reply)
    app.action(ActionId.REMINDER_SNOOZE)(on_snooze)
    app.view(CallbackId.RECORD_REPLY)(on_record_reply_submit)
