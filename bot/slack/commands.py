"""What a subcommand receives and returns, and the router that picks one."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import Invalid, UserError
from bot.slack.escape import escape_mrkdwn
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


Subcommand = Callable[[Invocation], Reply]


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


@dataclass(frozen=True)
class Router:
    """Routes ``/cmd <sub> ...`` to a subcommand; ``default`` handles the other forms.

    ``usages`` maps a subcommand to its usage line (``default_usage`` is the default's): a
    domain error about what was typed is answered with the usage of the subcommand that ran.
    """

    command: str
    help: str
    subcommands: dict[str, Subcommand]
    default: Callable[[Invocation, str], Reply] | None = None
    usages: dict[str, str] = field(default_factory=dict)
    default_usage: str | None = None
    escaped: bool = False  # sent with should_escape (manifest): args read back as typed
    # Subcommands that only read (and the text after the command for ``default``): their
    # transaction takes no write lock and records nothing (a repeat is answered afresh).
    read_only: frozenset[str] = frozenset()
    default_reads: Callable[[str], bool] | None = None

    def __call__(self, invocation: Invocation) -> Reply:
        early = self.answer_now(invocation.args)
        if early is not None:
            return early
        text = invocation.args.strip()
        name, _, rest = text.partition(" ")
        handler = self.subcommands.get(name.lower())
        if handler is not None:
            invocation.args = rest.strip()
            with usage_of(self.usages.get(name.lower())):
                return handler(invocation)
        assert self.default is not None  # answer_now refuses an unknown name otherwise
        with usage_of(self.default_usage):
            return self.default(invocation, text)

    def reads_only(self, args: str) -> bool:
        """Whether this command text only reads: help, a read-only subcommand, or a
        ``default`` form that ``default_reads`` says reads."""
        text = args.strip()
        name = text.partition(" ")[0].lower()
        if not text:
            return "" in self.read_only
        if name == "help" or name in self.read_only:
            return True
        if name in self.subcommands:
            return False
        if self.default is None:
            return True  # refused before anything is read
        return self.default_reads is not None and self.default_reads(text)

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
        known = [name for name in self.subcommands if name]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        meant = f" Did you mean `{self.command} {close[0]}`?" if close else ""
        raise UserError(
            f"{self.command} {word} is not a command I know.{meant} "
            f"`{self.command} help` lists them all."
        )
