"""Slash commands: answer Slack at once, do the command right after, reply via response_url.

The ack answers only what needs no database (help, a subcommand I do not know). Everything
else is acked empty and carried out after the answer (``bot.slack.outbox.later``): the change,
the posts to the channel, then the reply (or the refusal) through the command's response_url.
Slack gets its answer in the time of a bare app's, whatever the command costs.
"""

from __future__ import annotations

from functools import partial

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
from bot.slack.outbox import later, queue, reply_last

ROUTERS: list[Router] = [CASE, ALLEGATION_ROUTER, LETTER, CITE, MANDATE]


def register(app: App, deps: Deps) -> None:
    """Register every slash command of the contract."""
    for router in ROUTERS:
        app.command(router.command)(_acknowledge(router, deps))


def _acknowledge(router: Router, deps: Deps):
    def on_command(ack: Ack, command: dict, context: dict, client: WebClient) -> None:
        args = unescape_slack(command.get("text", ""))
        early = router.answer_now(args)  # raises UserError for a subcommand I do not know
        if early is not None:
            _ack(ack, early)
            return
        ack()
        later(context, partial(_carry_out, router, deps, command, args, context, client))

    on_command.__name__ = f"on_{router.command.strip('/')}"
    return on_command


def _carry_out(
    router: Router,
    deps: Deps,
    command: dict,
    args: str,
    context: dict,
    client: WebClient,
    session: Session,
) -> None:
    """Do the command and leave its reply for after the posts. A UserError (or any failure)
    before the commit changes nothing and is reported by the app."""
    invocation = Invocation(
        session=session,
        settings=deps.settings,
        user_id=command["user_id"],
        channel_id=command["channel_id"],
        args=args,
        trigger_id=command.get("trigger_id", ""),
    )
    reply: Reply = router(invocation)
    reply.then(*voided_notices(session=session, actor=invocation.user_id))
    session.commit()
    queue(context, *reply.outbox)
    if reply.modal is not None:
        client.views_open(trigger_id=invocation.trigger_id, view=reply.modal)
    if reply.text or reply.blocks:
        reply_last(context, text=reply.text or "", blocks=reply.blocks, in_channel=reply.in_channel)


def _ack(ack: Ack, reply: Reply) -> None:
    response_type = "in_channel" if reply.in_channel else "ephemeral"
    if reply.blocks:
        ack(text=reply.text or "", blocks=reply.blocks, response_type=response_type)
    elif reply.text:
        ack(text=reply.text, response_type=response_type)
    else:
        ack()
