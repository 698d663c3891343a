"""The reminder message, its "Record reply" modal and the answers to both buttons."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks.block_elements import FileInputElement
from slack_sdk.models.views import View

from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.errors import UserError
from bot.letters.dates import format_date
from bot.reminders.models import Reminder
from bot.reviews.replies import REPLY_LANGUAGES, DocumentRef
from bot.slack.blocks import to_dicts
from bot.slack.escape import escape_mrkdwn, plain
from handlers.reminders.ids import ActionId, BlockId, CallbackId
from handlers.shared.files import slack_document
from handlers.shared.links import case_links, slack_link

ACTIONS_BLOCK_ID = "reminder_actions"
CONFIDENTIAL, TRANSLATION = "confidential", "translation"  # the form's checkbox values


def _day(day: dt.date | None) -> str:
    return format_date(day, "en") if day else "(not set)"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def due_phrase(case: Case, *, today: dt.date) -> str:
    """ "reply due in 7 days", "reply due today" or "reply overdue by 7 days" (plain text)."""
    if case.due_on is None:
        return "no reply date"
    days = (case.due_on - today).days
    if days > 0:
        return f"reply due in {_days(days)}"
    if days == 0:
        return "reply due today"
    return f"reply overdue by {_days(-days)}"


def reminder_text(case: Case, *, today: dt.date) -> str:
    """Plain fallback text of a reminder (notifications, screen readers)."""
    return (
        f"Reminder for <@{case.owner}>: {escape_mrkdwn(case.reference)} to "
        f"{escape_mrkdwn(addressee_name(case))}, sent {_day(case.sent_on)}: "
        f"{due_phrase(case, today=today)} ({_day(case.due_on)})."
    )


def build_reminder(case: Case, *, today: dt.date) -> list[Block]:
    """The reminder posted in the case channel, with "Record reply" and "Snooze a week"."""
    phrase = due_phrase(case, today=today)
    overdue = case.due_on is not None and case.due_on < today
    icon = ":warning:" if overdue else ":alarm_clock:"
    headline = f"{icon} *{phrase[0].upper()}{phrase[1:]}* for *{escape_mrkdwn(case.reference)}*"
    fields = [
        MarkdownTextObject(text=f"*Reference*\n{escape_mrkdwn(case.reference)}"),
        MarkdownTextObject(text=f"*Addressee*\n{escape_mrkdwn(plain(addressee_name(case), 500))}"),
        MarkdownTextObject(text=f"*Sent*\n{_day(case.sent_on)}"),
        MarkdownTextObject(text=f"*Reply due*\n{_day(case.due_on)}"),
    ]
    headline += f"\n<@{case.owner}>, the case is yours: record the reply when it arrives."
    about = f"Case #{case.id} concerning {escape_mrkdwn(plain(case.subject, 300))}"
    links = case_links(case)
    value = str(case.id)
    return [
        SectionBlock(text=MarkdownTextObject(text=headline)),
        SectionBlock(fields=fields),
        ContextBlock(
            elements=[MarkdownTextObject(text=about)]
            + ([MarkdownTextObject(text=links)] if links else [])
        ),
        ActionsBlock(
            block_id=ACTIONS_BLOCK_ID,
            elements=[
                ButtonElement(
                    text="Record reply",
                    action_id=ActionId.REMINDER_RECORD_REPLY,
                    value=value,
                    style="primary",
                ),
                ButtonElement(
                    text="Snooze a week", action_id=ActionId.REMINDER_SNOOZE, value=value
                ),
            ],
        ),
    ]


def reminder_message(case: Case, reminder: Reminder, *, today: dt.date) -> dict:
    """The reminder's post: channel, text and validated blocks (the outbox adds the metadata
    by which a reclaimed post is found in the channel)."""
    return {
        "channel": case.channel_id,
        "text": reminder_text(case, today=today),
        "blocks": to_dicts(build_reminder(case, today=today)),
    }


def build_record_reply_modal(
    *, case: Case, channel_id: str, today: dt.date, waiting: Sequence[str] = ()
) -> dict:
    """The "Record a reply" modal: the date it arrived, an optional summary, its language,
    confidentiality, whether a translation is requested, and its documents (``waiting``: the
    names of those shared in the review thread already, which the reply takes)."""
    shared = (
        [
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=plain(
                            "Shared in the review thread, linked to this reply: "
                            + ", ".join(escape_mrkdwn(name) for name in waiting),
                            2900,
                        )
                    )
                ]
            )
        ]
        if waiting
        else []
    )
    view = View(
        type="modal",
        callback_id=CallbackId.RECORD_REPLY,
        title=PlainTextObject(text="Record a reply"),
        submit=PlainTextObject(text="Record"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"case_id": case.id, "channel_id": channel_id}),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=(
                        f"*{escape_mrkdwn(case.reference)}* to "
                        f"{escape_mrkdwn(plain(addressee_name(case), 500))}, sent "
                        f"{_day(case.sent_on)}, reply due {_day(case.due_on)}"
                    )
                )
            ),
            InputBlock(
                block_id=BlockId.REPLY_DATE,
                label="Date the reply arrived",
                element=DatePickerElement(
                    action_id=ActionId.REPLY_DATE, initial_date=today.isoformat()
                ),
            ),
            InputBlock(
                block_id=BlockId.REPLY_SUMMARY,
                label="Summary",
                optional=True,
                element=PlainTextInputElement(
                    action_id=ActionId.REPLY_SUMMARY, multiline=True, max_length=2000
                ),
            ),
            InputBlock(
                block_id=BlockId.REPLY_LANGUAGE,
                label="Language of the reply",
                optional=True,
                element=StaticSelectElement(
                    action_id=ActionId.REPLY_LANGUAGE,
                    options=[Option(value=code, label=code) for code in REPLY_LANGUAGES],
                ),
            ),
            InputBlock(
                block_id=BlockId.REPLY_FLAGS,
                label="Confidentiality and translation",
                optional=True,
                element=CheckboxesElement(
                    action_id=ActionId.REPLY_FLAGS,
                    options=[
                        Option(
                            value=CONFIDENTIAL, label="The addressee asks that it stay confidential"
                        ),
                        Option(value=TRANSLATION, label="A translation is requested (today)"),
                    ],
                ),
            ),
            InputBlock(
                block_id=BlockId.REPLY_FILES,
                label="Documents of the reply",
                optional=True,
                hint="Linked to the reply in Slack; the bot never downloads them.",
                element=FileInputElement(action_id=ActionId.REPLY_FILES, max_files=10),
            ),
            *shared,
        ],
    )
    view.validate_json()
    return view.to_dict()


@dataclass(frozen=True)
class ReplyForm:
    """What the "Record a reply" modal submitted."""

    case_id: int
    channel_id: str
    received_on: dt.date
    summary: str | None
    language: str | None = None
    confidential: bool = False
    translation_requested: bool = False
    documents: tuple[DocumentRef, ...] = ()


def read_record_reply(view: dict) -> ReplyForm:
    """Read the submitted modal; UserError when the date is missing or not a date."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    values = view.get("state", {}).get("values", {})
    date = values.get(BlockId.REPLY_DATE, {}).get(ActionId.REPLY_DATE, {}).get("selected_date")
    summary = values.get(BlockId.REPLY_SUMMARY, {}).get(ActionId.REPLY_SUMMARY, {}).get("value")
    if not date:
        raise UserError("Pick the date the reply arrived.")
    try:
        received_on = dt.date.fromisoformat(date)
    except ValueError:
        raise UserError(f"{date!r} is not a date: pick one in the calendar.") from None
    language = (
        (values.get(BlockId.REPLY_LANGUAGE, {}).get(ActionId.REPLY_LANGUAGE, {}) or {}).get(
            "selected_option"
        )
        or {}
    ).get("value")
    flags = {
        option.get("value")
        for option in values.get(BlockId.REPLY_FLAGS, {})
        .get(ActionId.REPLY_FLAGS, {})
        .get("selected_options")
        or []
    }
    files = values.get(BlockId.REPLY_FILES, {}).get(ActionId.REPLY_FILES, {}).get("files") or []
    return ReplyForm(
        case_id=int(meta.get("case_id") or 0),
        channel_id=str(meta.get("channel_id") or ""),
        received_on=received_on,
        summary=summary or None,
        language=language or None,
        confidential=CONFIDENTIAL in flags,
        translation_requested=TRANSLATION in flags,
        documents=tuple(d for f in files if (d := slack_document(f)) is not None),
    )


def reply_recorded_text(case: Case, *, reply: AddresseeReply, actor: str) -> str:
    """The confirmation posted in the channel once a reply is recorded, with its documents
    linked (mrkdwn)."""
    documents = ", ".join(slack_link(d.permalink, plain(d.name, 80)) for d in reply.documents[:20])
    more = f" and {len(reply.documents) - 20} more" if len(reply.documents) > 20 else ""
    return (
        f":envelope_with_arrow: <@{actor}> recorded the reply of "
        f"{escape_mrkdwn(plain(addressee_name(case), 500))} to *{escape_mrkdwn(case.reference)}*, "
        f"received {_day(reply.received_on)}. Reminders for this letter have stopped."
        + (f" Its documents: {documents}{more}." if documents else "")
    )


def snoozed_text(case: Case, *, reminders: list[Reminder], until: dt.date, tz: ZoneInfo) -> str:
    """The ephemeral answer to "Snooze a week"."""
    next_one = (
        f" The next reminder comes on {_day(reminders[0].due_at.astimezone(tz).date())}."
        if reminders
        else ""
    )
    return (
        f"Reminders for {escape_mrkdwn(case.reference)} are snoozed until {_day(until)}.{next_one}"
    )
