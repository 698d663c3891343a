"""Reminder buttons: "Record reply" (opens a form) and "Snooze a week"; the form's submission."""

from __future__ import annotations

from slack_bolt import App

from bot.cases.service import find_case
from bot.reminders.service import snooze_case
from bot.reviews.replies import record_reply, waiting_documents
from bot.slack.commands import Reply
from bot.slack.outbox import Post
from bot.slack.runtime import Deps, Request, handle
from handlers.reminders.blocks import (
    build_record_reply_modal,
    read_record_reply,
    reply_recorded_text,
    snoozed_text,
)
from handlers.reminders.ids import ActionId, CallbackId


def register(app: App, deps: Deps) -> None:
    """The reminder buttons and the "Record a reply" form."""
    app.action(ActionId.REMINDER_RECORD_REPLY)(handle(deps, record_reply_form))
    app.action(ActionId.REMINDER_SNOOZE)(handle(deps, snooze))
    app.view(CallbackId.RECORD_REPLY)(handle(deps, submit_record_reply))


def _button_value(request: Request) -> str:
    return str(((request.body.get("actions") or [{}])[0]).get("value", ""))


def record_reply_form(request: Request) -> Reply:
    """The "Record reply" button: a form with the date, a summary, the language,
    confidentiality, translation and documents (those shared in the thread are listed)."""
    case = find_case(
        session=request.session, ref=_button_value(request), channel_id=request.channel_id
    )
    waiting = waiting_documents(session=request.session, case_id=case.id)
    view = build_record_reply_modal(
        case=case,
        channel_id=request.channel_id,
        today=request.today,
        waiting=[d.name for d in waiting],
    )
    return Reply(modal=view)


def snooze(request: Request) -> Reply:
    """ "Snooze a week": the case's reminders move a week later."""
    case = find_case(
        session=request.session, ref=_button_value(request), channel_id=request.channel_id
    )
    moved = snooze_case(
        session=request.session,
        case=case,
        actor=request.user_id,
        settings=request.settings,
        today=request.today,
    )
    until = case.snoozed_until or request.today
    return Reply(text=snoozed_text(case, reminders=moved, until=until, tz=request.settings.tz))


def submit_record_reply(request: Request) -> Reply:
    """Record the reply typed in the form and say so in the channel."""
    form = read_record_reply(request.body["view"])
    case = find_case(session=request.session, ref=str(form.case_id), channel_id=form.channel_id)
    reply = record_reply(
        session=request.session,
        case=case,
        received_on=form.received_on,
        summary=form.summary,
        actor=request.user_id,
        today=request.today,
        language=form.language,
        confidential=form.confidential,
        translation_requested=form.translation_requested,
        documents=form.documents,
    )
    text = reply_recorded_text(case, reply=reply, actor=request.user_id)
    return Reply().then(Post(channel=case.channel_id, text=text))
