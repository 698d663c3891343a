"""What a subcommand receives and returns, and what the runtime needs of a slash command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Invalid
from bot.slack.outbox import Item, Respond


@dataclass
class Invocation:
    """One slash command as typed: who, where, and the text after the subcommand."""

    session: Session
    settings: Settings
    user_id: str
    channel_id: str
    args: str
    trigger_id: str = ""
    client: WebClient | None = None  # for a question to Slack before the change (rare)
    wire: str = ""  # with should_escape: the text as Slack sent it, users as <@U123|name>

    @property
    def today(self) -> dt.date:
        """Today in the team's time zone."""
        return dt.datetime.now(self.settings.tz).date()


@dataclass
class Reply:
    """The answer: a text (or blocks) for the user, posts to deliver, a modal to open.

    A command's text is its ack; a button or form has no ack text, so its text goes to the
    response_url as an ephemeral message, staged in the outbox like the posts.
    """

    text: str | None = None
    blocks: list[dict] | None = None
    in_channel: bool = False
    modal: dict | None = None
    outbox: list[Item] = field(default_factory=list)
    slack_calls: list[Callable[[WebClient], Any]] = field(default_factory=list)

    def then(self, *items: Item | None) -> Reply:
        """Add posts to make after the answer (None items are skipped)."""
        self.outbox.extend(item for item in items if item is not None)
        return self

    def after(self, call: Callable[[WebClient], Any]) -> Reply:
        """A Slack call with nothing to record, made once Slack has its answer."""
        self.slack_calls.append(call)
        return self

    def answer(self) -> dict[str, Any]:
        """The ack of a slash command: this reply as a message ({} for none)."""
        if not self.text and not self.blocks:
            return {}
        answer: dict[str, Any] = {
            "text": self.text or "",
            "response_type": "in_channel" if self.in_channel else "ephemeral",
        }
        if self.blocks:
            answer["blocks"] = self.blocks
        return answer

    def as_response(self) -> Reply:
        """For a button or form: the text goes to the response_url after the posts."""
        if self.text or self.blocks:
            self.outbox.append(
                Respond(text=self.text or "", blocks=self.blocks, in_channel=self.in_channel)
            )
            self.text, self.blocks = None, None
        return self


class SlashCommand(Protocol):
    """What the runtime needs of a slash command (each feature declares its own)."""

    @property
    def name(self) -> str:
        """The command as typed: "/case"."""
        ...

    @property
    def escaped(self) -> bool:
        """Sent with should_escape (manifest): the text is read back as typed."""
        ...

    def __call__(self, invocation: Invocation) -> Reply:
        """Run the subcommand the text names."""
        ...

    def reads_only(self, args: str) -> bool:
        """Whether this text only reads (a read transaction, nothing recorded)."""
        ...


@contextmanager
def usage_of(usage: str | None) -> Iterator[None]:
    """An ``Invalid`` error leaving this block without a usage gets this one (the innermost
    grammar that knows which form of the command ran sets it first)."""
    try:
        yield
    except Invalid as error:
        if error.usage is None:
            error.usage = usage
        raise
