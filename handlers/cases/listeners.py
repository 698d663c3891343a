"""Cases: the /case command and the "Open a case" form."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.outbox import Outbox
from bot.slack.runtime import Deps, handle, register_command
from handlers.cases.commands import CASE
from handlers.cases.forms import submit_open_case
from handlers.cases.ids import CallbackId
from handlers.shared.card import CARD, render_card

COMMAND = CASE  # the slash command this feature answers


def register(app: App, deps: Deps) -> None:
    """/case and the "Open a case" form."""
    register_command(app, deps, COMMAND)
    app.view(CallbackId.OPEN_CASE)(handle(deps, submit_open_case))


def register_renderers(outbox: Outbox) -> None:
    """The case card is built when it is sent, as the case is then."""
    outbox.renderers[CARD] = render_card
