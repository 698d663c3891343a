"""Slack listeners, grouped by kind; register(app, deps) wires them all."""

from __future__ import annotations

from slack_bolt import App

from bot.app import Deps
from handlers import actions, commands, events, home, reminder_actions, shortcuts, views


def register(app: App, deps: Deps) -> None:
    """Register every kind of listener."""
    commands.register(app, deps)
    views.register(app, deps)
    shortcuts.register(app, deps)
    home.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
    reminder_actions.register(app, deps)
