"""Slash commands: ack fast with the answer, post to the channel afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from slack_bolt import Ack, App
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.cases.parse import parse_open, split_subcommand
from bot.cases.service import open_case
from bot.errors import UserError
from bot.help import CASE_HELP
from bot.slack.blocks import build_case_card, case_card_text, to_dicts
from bot.slack.escape import unescape_slack
from bot.slack.outbox import Post, deliver, queue

Subcommand = Callable[..., str | None]


def register(app: App, deps: Deps) -> None:
    """Register /case and its subcommands."""

    def post_outbox(context, client, respond) -> None:
        deliver(context=context, client=client, sessions=deps.sessions, respond=respond)

    def today() -> dt.date:
        return dt.datetime.now(deps.settings.tz).date()

    def case_open(args: str, *, session: Session, command: dict, context) -> str | None:
        parsed = parse_open(args)
        case = open_case(
            session=session,
            channel_id=command["channel_id"],
            country=parsed.country,
            letter_type=parsed.letter_type,
            mandates=parsed.mandates,
            subject=parsed.subject,
            opened_by=command["user_id"],
            today=today(),
            reply_days=deps.settings.reply_days[parsed.letter_type.value],
        )
        card = Post(
            channel=case.channel_id,
            text=case_card_text(case),
            blocks=to_dicts(build_case_card(case)),
            remember=("case_card", case.id),
        )
        queue(context, card)
        return None

    case_subcommands: dict[str, Subcommand] = {
        "open": case_open,
        "help": lambda args, **_: CASE_HELP,
    }

    def on_case(ack: Ack, command: dict, session: Session, context) -> None:
        name, args = split_subcommand(unescape_slack(command.get("text", "")))
        handler = case_subcommands.get(name)
        if handler is None:
            raise UserError(f"/case {name} is not a command I know.\n{CASE_HELP}")
        answer = handler(args, session=session, command=command, context=context)
        session.commit()  # the lazy post runs on another thread and must see the change
        ack(text=answer, response_type="ephemeral") if answer else ack()

    app.command("/case")(ack=on_case, lazy=[post_outbox])
