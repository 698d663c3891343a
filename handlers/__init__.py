"""The Slack side, one package per feature; ``register`` wires them all into the app."""

from __future__ import annotations

from slack_bolt import App

from bot.config import Settings
from bot.slack.outbox import Outbox
from bot.slack.runtime import Deps
from handlers.allegations import listeners as allegation_listeners
from handlers.cases import listeners as case_listeners
from handlers.citations import listeners as citation_listeners
from handlers.home import listeners as home_listeners
from handlers.letters import listeners as letter_listeners
from handlers.mandates import listeners as mandate_listeners
from handlers.reminders import listeners as reminder_listeners
from handlers.shared import card
from handlers.shared.hints import explain

FEATURES = (
    case_listeners,
    allegation_listeners,
    citation_listeners,
    letter_listeners,
    mandate_listeners,
    reminder_listeners,
    home_listeners,
)
COMMANDS = tuple(feature.COMMAND for feature in FEATURES if hasattr(feature, "COMMAND"))

__all__ = ["COMMANDS", "FEATURES", "explain", "register", "register_renderers"]


def register(app: App, deps: Deps) -> None:
    """Register every feature's listeners and domain event handlers, and the case card's."""
    for feature in FEATURES:
        feature.register(app, deps)
    card.subscribe(deps.events)


def register_renderers(outbox: Outbox, settings: Settings | None = None) -> None:
    """Posts built when they are sent (the case card as it is then, a draft's .docx)."""
    case_listeners.register_renderers(outbox)
    letter_listeners.register_renderers(outbox, settings)
