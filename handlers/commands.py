"""Slash commands: ack with the answer fast, post to the channel afterwards (lazily)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.commands.allegation import ALLEGATION_ROUTER
from bot.commands.base import Invocation, Reply, Router
from bot.commands.case import CASE
from bot.commands.cite import CITE
from bot.commands.letter import LETTER
from bot.commands.mandate import MANDATE
from bot.reviews.flows import voided_notices
from bot.slack.escape import unescape_slack
from bot.slack.outbox import deliver, queue

ROUTERS: list[Router] = [CASE, ALLEGATION_ROUTER, LETTER, CITE, MANDATE]


def register(app: App, deps: Deps) -> None:
    """Register every slash command of the contract."""

    def post_afterwards(context: dict, client: WebClient, respond) -> None:
        deliver(context=context, client=client, sessions=deps.sessions, respond=respond)

    for router in ROUTERS:
        app.command(router.command)(ack=_acknowledge(router, deps), lazy=[post_afterwards])


def _acknowledge(router: Router, deps: Deps):
    def on_command(ack: Ack, command: dict, session: Session, context: dict, client: WebClient):
        invocation = Invocation(
            session=session,
            settings=deps.settings,
            user_id=command["user_id"],
            channel_id=command["channel_id"],
            args=unescape_slack(command.get("text", "")),
            trigger_id=command.get("trigger_id", ""),
        )
        reply: Reply = router(invocation)
        reply.then(*voided_notices(session=session, actor=invocation.user_id))
        session.commit()  # the lazy post runs on another thread and must see the change
        if reply.modal is not None:
            client.views_open(trigger_id=invocation.trigger_id, view=reply.modal)
        queue(context, *reply.outbox)
        _ack(ack, reply)

    on_command.__name__ = f"on_{router.command.strip('/')}"
    return on_command


def _ack(ack: Ack, reply: Reply) -> None:
    response_type = "in_channel" if reply.in_channel else "ephemeral"
    if reply.blocks:
        ack(text=reply.text or "", blocks=reply.blocks, response_type=response_type)
    elif reply.text:
        ack(text=reply.text, response_type=response_type)
    else:
        ack()
