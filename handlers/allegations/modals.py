"""The allegation forms: add or edit one, or copy a Slack message into a case."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.cases.models import Case
from bot.errors import UserError
from bot.letters.stock import allegations_heading
from bot.slack.escape import plain
from handlers.allegations.ids import ActionId, BlockId, CallbackId


def _allegation_input(text: str) -> InputBlock:
    """The multiline field of an allegation, prefilled with text (if any)."""
    return InputBlock(
        block_id=BlockId.TEXT,
        label="Allegation",
        element=PlainTextInputElement(
            action_id=ActionId.ALLEGATION_TEXT,
            multiline=True,
            max_length=3000,
            initial_value=text[:3000] or None,
        ),
    )


def build_allegation_modal(*, case: Case, number: int | None = None, text: str = "") -> dict:
    """Add (number None) or edit allegation ``number`` of a case, in a multiline field."""
    editing = number is not None
    view = View(
        type="modal",
        callback_id=CallbackId.EDIT_ALLEGATION if editing else CallbackId.ADD_ALLEGATION,
        title=PlainTextObject(text=f"Edit allegation {number}" if editing else "Add an allegation"),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps(
            {"case_id": case.id, "channel_id": case.channel_id, "number": number}
        ),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{case.reference}* · paragraph under “{allegations_heading()}”"
                )
            ),
            _allegation_input(text),
        ],
    )
    view.validate_json()
    return view.to_dict()


def build_message_to_allegation_modal(*, channel_id: str, cases: list[Case], text: str) -> dict:
    """Choose a case of this channel and confirm the text copied from a message."""
    if not cases:
        raise UserError(
            "There is no open case in this channel to add it to. Open one with /case open."
        )
    view = View(
        type="modal",
        callback_id=CallbackId.MESSAGE_TO_ALLEGATION,
        title=PlainTextObject(text="Add to case"),
        submit=PlainTextObject(text="Add"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"channel_id": channel_id}),
        blocks=[
            InputBlock(
                block_id=BlockId.CASE,
                label="Case",
                element=StaticSelectElement(
                    action_id=ActionId.ALLEGATION_CASE,
                    placeholder="Choose a case",
                    options=[
                        Option(
                            value=str(c.id), text=plain(f"#{c.id} {c.reference} – {c.subject}", 75)
                        )
                        for c in cases[:100]
                    ],
                ),
            ),
            _allegation_input(text),
        ],
    )
    view.validate_json()
    return view.to_dict()
