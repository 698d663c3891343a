"""What a subcommand receives and returns, and the router that picks one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import UserError
from bot.slack.escape import escape_mrkdwn
from bot.slack.outbox import Item, Post


@dataclass
class Invocation:
    """One slash command as typed: who, where, and the text after the subcommand."""

    session: Session
    settings: Settings
    user_id: str
    channel_id: str
    args: str
    trigger_id: str = ""

    @property
    def today(self) -> dt.date:
        """Today in the team's time zone."""
        return dt.datetime.now(self.settings.tz).date()


@dataclass
class Reply:
    """The answer: an ephemeral text (or blocks) now, a modal to open, posts afterwards."""

    text: str | None = None
    blocks: list[dict] | None = None
    in_channel: bool = False
    modal: dict | None = None
    outbox: list[Item] = field(default_factory=list)

    def then(self, *items: Item | None) -> Reply:
        """Add posts to make after the answer (None items are skipped)."""
        self.outbox.extend(item for item in items if item is not None)
        return self


Subcommand = Callable[[Invocation], Reply]


@dataclass(frozen=True)
class Router:
    """Routes ``/cmd <sub> ...`` to a subcommand; ``default`` handles the other forms."""

    command: str
    help: str
    subcommands: dict[str, Subcommand]
    default: Callable[[Invocation, str], Reply] | None = None

    def __call__(self, invocation: Invocation) -> Reply:
        early = self.answer_now(invocation.args)
        if early is not None:
            return early
        text = invocation.args.strip()
        name, _, rest = text.partition(" ")
        handler = self.subcommands.get(name.lower())
        if handler is not None:
            invocation.args = rest.strip()
            return handler(invocation)
        assert self.default is not None  # answer_now refuses an unknown name otherwise
        return self.default(invocation, text)

    def answer_now(self, args: str) -> Reply | None:
        """The answer that needs no database (help, or a subcommand I do not know), or None
        when the subcommand must run. Cheap: the ack calls it before anything else."""
        text = args.strip()
        word = text.partition(" ")[0]
        name = word.lower()
        if not text and "" in self.subcommands:
            return None
        if not text or name == "help":
            return Reply(text=escape_mrkdwn(self.help))  # shows <case> as typed, never a link
        if name in self.subcommands or self.default is not None:
            return None
        raise UserError(f"{self.command} {word} is not a command I know.\n{self.help}")


def card_update(case) -> Post | None:  # noqa: ANN001 - a Case
    """Update the case card in place, if it was posted; the card is built after the answer."""
    if not case.card_ts:
        return None
    return Post(channel=case.channel_id, ts=case.card_ts, text="", card_of=case.id)
