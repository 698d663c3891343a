"""Mandates: the /mandate command."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.runtime import Deps, register_command
from handlers.mandates.commands import MANDATE

COMMAND = MANDATE  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/mandate."""
    register_command(app, deps, COMMAND)
