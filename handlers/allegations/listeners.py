"""Allegations: the /allegation command, its forms and the message shortcut."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.runtime import Deps, handle, register_command
from handlers.allegations.commands import ALLEGATION_COMMAND
from handlers.allegations.forms import (
    message_to_allegation,
    submit_allegation,
    submit_message_to_allegation,
)
from handlers.allegations.ids import CallbackId

COMMAND = ALLEGATION_COMMAND  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/allegation, the add and edit forms, and "Add to case as allegation"."""
    register_command(app, deps, COMMAND)
    app.view(CallbackId.ADD_ALLEGATION)(handle(deps, submit_allegation))
    app.view(CallbackId.EDIT_ALLEGATION)(handle(deps, submit_allegation))
    app.view(CallbackId.MESSAGE_TO_ALLEGATION)(handle(deps, submit_message_to_allegation))
    app.shortcut(CallbackId.MESSAGE_TO_ALLEGATION)(handle(deps, message_to_allegation))
