"""Cases: the /case command and the "Open a case" form."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.outbox import Outbox
from bot.slack.runtime import Deps, handle, register_command
from handlers.cases import follow_ups
from handlers.cases.commands import CASE
from handlers.cases.edit import (
    click_edit,
    open_case_shortcut,
    submit_edit_paragraphs,
    submit_edit_text,
)
from handlers.cases.forms import submit_open_case
from handlers.cases.ids import CallbackId
from handlers.cases.intro import introduce, is_the_bot_joining, someone_joined
from handlers.shared.card import CARD, render_card
from handlers.shared.ids import CardActionId, RemovalActionId
from handlers.shared.removals import undo

COMMAND = CASE  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/case, the "Open a case" form and shortcut, the card's edit forms, Undo of a removal,
    the introduction."""
    register_command(app, deps, COMMAND)
    app.view(CallbackId.OPEN_CASE)(handle(deps, submit_open_case))
    app.shortcut(CallbackId.OPEN_CASE_SHORTCUT)(handle(deps, open_case_shortcut))
    for action_id in (
        CardActionId.EDIT_TEXT,
        CardActionId.EDIT_QUESTIONS,
        CardActionId.EDIT_BODY,
        CardActionId.EDIT_MENU,
    ):
        app.action(action_id)(handle(deps, click_edit))
    app.view(CallbackId.EDIT_TEXT)(handle(deps, submit_edit_text))
    app.view(CallbackId.EDIT_PARAGRAPHS)(handle(deps, submit_edit_paragraphs))
    app.action(RemovalActionId.UNDO)(handle(deps, undo))  # removals of every feature
    app.event("member_joined_channel", matchers=[is_the_bot_joining])(handle(deps, introduce))
    app.event("member_joined_channel")(handle(deps, someone_joined))
    follow_ups.subscribe(deps.events)  # the earlier case's thread hears of a follow-up


def register_renderers(outbox: Outbox) -> None:
    """The case card is built when it is sent, as the case is then."""
    outbox.renderers[CARD] = render_card
