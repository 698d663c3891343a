"""Citations: the /cite command."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.runtime import Deps, register_command
from handlers.citations.commands import CITE

COMMAND = CITE  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/cite."""
    register_command(app, deps, COMMAND)
