"""Work and messages for after Slack has its answer: queued by a listener, run by the app.

``later(context, job)`` leaves a job (it gets a session of its own), ``queue(context, ...)``
posts to make and ``reply_last(context, ...)`` the reply; ``bot.app.BotApp`` runs the job,
``deliver``s the posts and sends the reply (``send_reply``) on its executor, once the answer
is on its way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.db import unit_of_work

logger = logging.getLogger("bot.slack")

OUTBOX_KEY = "outbox"
LATER_KEY = "later"
REPLY_KEY = "reply"

# Where a posted message's ts is kept: the case card, the review thread, a version's message.
Remember = Literal["case_card", "review_thread", "version_message"]


@dataclass
class Post:
    """A chat.postMessage (or chat.update when ``ts`` is set)."""

    channel: str
    text: str
    blocks: list[dict] = field(default_factory=list)
    thread_ts: str | None = None
    ts: str | None = None  # update this message in place instead of posting
    thread_of: int | None = None  # post in the thread of an earlier item of this outbox
    remember: list[tuple[Remember, int]] = field(default_factory=list)  # store the posted ts
    card_of: int | None = None  # the text and blocks are this case's card, built when sent


@dataclass
class Upload:
    """A file uploaded with files_upload_v2, optionally into a thread."""

    channel: str
    filename: str
    content: bytes
    title: str
    thread_ts: str | None = None
    comment: str | None = None
    thread_of: int | None = None


Item = Post | Upload


def queue(context: dict, *items: Item) -> None:
    """Add items to this request's outbox, delivered after the answer."""
    context.setdefault(OUTBOX_KEY, []).extend(items)


def reply_last(context: dict, *, text: str, blocks: list[dict] | None, in_channel: bool) -> None:
    """Reply through the response_url once the posts are made, so the reply means "done",
    and says in the same message if Slack did not take a post."""
    context[REPLY_KEY] = {
        "text": text,
        "blocks": blocks,
        "response_type": "in_channel" if in_channel else "ephemeral",
        "replace_original": False,  # after a button, a message of its own
    }


def send_reply(context: dict, respond, problems: list[str]) -> None:  # noqa: ANN001
    """Send the reply left by ``reply_last`` (with the problems), or the problems alone."""
    payload = dict(context.get(REPLY_KEY) or {})
    if problems and payload and not payload.get("blocks"):
        payload["text"] = f"{payload['text']}\n{problems_text(problems)}"
        problems = []
    try:
        if payload:
            respond(**payload)
        if problems:
            respond(text=problems_text(problems), response_type="ephemeral", replace_original=False)
    except Exception:  # noqa: BLE001 - the change is saved; the log keeps what was not said
        logger.warning("could not reply through the response_url", exc_info=True)


def problems_text(problems: list[str]) -> str:
    return "Your change is saved, but Slack did not take my message: " + "; ".join(problems)


def later(context: dict, job: Callable[[Session], None]) -> None:
    """Run ``job`` after the answer, with a session of its own (committed when it returns),
    before the outbox is delivered; an exception in it is reported to the user."""
    context[LATER_KEY] = job


def deliver(
    *,
    context: dict,
    client: WebClient,
    sessions: sessionmaker[Session],
) -> list[str]:
    """Send every queued item in order; return what Slack refused (for ``send_reply``)."""
    problems: list[str] = []
    posted: list[str | None] = []
    for item in context.get(OUTBOX_KEY, []):
        thread_ts = item.thread_ts
        if item.thread_of is not None:
            thread_ts = posted[item.thread_of] if item.thread_of < len(posted) else None
            if thread_ts is None:  # the parent was not posted: do not post loose replies
                posted.append(None)
                continue
        posted.append(None)
        try:
            if isinstance(item, Upload):
                client.files_upload_v2(
                    channel=item.channel,
                    thread_ts=thread_ts,
                    content=item.content,
                    filename=item.filename,
                    title=item.title,
                    initial_comment=item.comment,
                )
                continue
            if item.card_of is not None:
                _fill_card(sessions, item)
            if item.ts:
                client.chat_update(
                    channel=item.channel, ts=item.ts, text=item.text, blocks=item.blocks or None
                )
                posted[-1] = item.ts
                continue
            answer = client.chat_postMessage(
                channel=item.channel,
                text=item.text,
                blocks=item.blocks or None,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
            posted[-1] = answer["ts"]
            if item.remember:
                _remember(sessions, item.remember, answer["ts"])
        except SlackApiError as error:
            reason = error.response.get("error", "unknown_error")
            logger.warning("slack refused %s: %s", type(item).__name__, reason)
            problems.append(_explain(reason))
        except OSError as error:  # a timeout or lost connection, after the client's retries
            logger.warning("slack unreachable for %s: %s", type(item).__name__, error)
            problems.append("Slack did not answer in time; try again in a minute")
    return problems


def _fill_card(sessions: sessionmaker[Session], item: Post) -> None:
    """Build the case card as it is now (after the answer, so the ack stays fast)."""
    from bot.cases.models import Case
    from bot.slack.blocks import build_case_card, case_card_text, to_dicts

    with sessions() as session:
        case = session.get(Case, item.card_of)
        if case is not None:
            item.text = case_card_text(case)
            item.blocks = to_dicts(build_case_card(case))


def _remember(sessions: sessionmaker[Session], what: list[tuple[Remember, int]], ts: str) -> None:
    from bot.cases.models import Case
    from bot.reviews.models import DraftVersion

    with unit_of_work(sessions) as session:
        for kind, row_id in what:
            if kind == "version_message":
                version = session.get(DraftVersion, row_id)
                if version is not None:
                    version.message_ts = ts
                continue
            case = session.get(Case, row_id)
            if case is None:
                continue
            if kind == "case_card":
                case.card_ts = ts
            elif kind == "review_thread" and not case.review_thread_ts:
                case.review_thread_ts = ts


def _explain(reason: str) -> str:
    return {
        "channel_not_found": "I cannot see this channel (invite me with /invite @mandate-bot)",
        "not_in_channel": "I am not in this channel (invite me with /invite @mandate-bot)",
        "ratelimited": "Slack is rate-limiting me; try again in a minute",
        "invalid_blocks": "the message was too large or malformed (please report this)",
        "msg_too_long": "the message was too long (please report this)",
    }.get(reason, f"Slack answered {reason}")
