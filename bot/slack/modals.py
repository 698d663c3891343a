"""Modals: open a case, add or edit an allegation (builders and reading their values)."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

from slack_sdk.models.blocks import (
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.cases.countries import country_name
from bot.cases.enums import NON_STATE_CODE, LetterType
from bot.cases.models import Case
from bot.countries import un_names
from bot.errors import UserError
from bot.mandates.models import Mandate
from bot.slack.escape import plain
from bot.slack.ids import ActionId, BlockId, CallbackId


def _country_groups() -> list[OptionGroup]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    groups["Non-State"].append(
        (NON_STATE_CODE, "OTH – company, organisation or other non-State actor")
    )
    for code in un_names():
        name = country_name(code)
        groups[unicodedata.normalize("NFKD", name)[0].upper()].append((code, plain(name, 70)))
    return [
        OptionGroup(
            label=label,
            options=[
                Option(value=code, text=text) for code, text in sorted(items, key=lambda i: i[1])
            ],
        )
        for label, items in sorted(groups.items(), key=lambda kv: (kv[0] != "Non-State", kv[0]))
    ]


def build_open_case_modal(*, channel_id: str, mandates: list[Mandate]) -> dict:
    """The "Open a case" modal (from /case with no arguments)."""
    view = View(
        type="modal",
        callback_id=CallbackId.OPEN_CASE,
        title=PlainTextObject(text="Open a case"),
        submit=PlainTextObject(text="Open"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"channel_id": channel_id}),
        blocks=[
            InputBlock(
                block_id=BlockId.COUNTRY,
                label="Country (or OTH for a non-State addressee)",
                element=StaticSelectElement(
                    action_id=ActionId.OPEN_CASE_COUNTRY,
                    placeholder="Choose a country",
                    option_groups=_country_groups(),
                ),
            ),
            InputBlock(
                block_id=BlockId.TYPE,
                label="Type of letter",
                element=StaticSelectElement(
                    action_id=ActionId.OPEN_CASE_TYPE,
                    initial_option=Option(value="AL", text="AL – allegation letter"),
                    options=[
                        Option(value=t.value, text=f"{t.value} – {t.label}") for t in LetterType
                    ],
                ),
            ),
            InputBlock(
                block_id=BlockId.MANDATES,
                label="Co-signing mandates",
                element=StaticMultiSelectElement(
                    action_id=ActionId.OPEN_CASE_MANDATES,
                    placeholder="Choose one or more",
                    options=[
                        Option(value=m.code, text=plain(f"{m.code} – {m.title}", 75))
                        for m in mandates[:100]
                    ],
                ),
            ),
            InputBlock(
                block_id=BlockId.SUBJECT,
                label="Subject",
                hint='Completes "information we have received concerning ..."',
                element=PlainTextInputElement(
                    action_id=ActionId.OPEN_CASE_SUBJECT, multiline=True, max_length=500
                ),
            ),
        ],
    )
    view.validate_json()
    return view.to_dict()


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
                    text=f"*{case.reference}* · paragraph under “According to the information received:”"
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


def view_value(view: dict, block_id: str, action_id: str) -> str | list[str] | None:
    """The submitted value of an input: text, the selected option's value, or a list."""
    state = view.get("state", {}).get("values", {}).get(block_id, {}).get(action_id, {})
    if "value" in state:
        return state["value"]
    if state.get("selected_option"):
        return state["selected_option"]["value"]
    if "selected_options" in state:
        return [o["value"] for o in state["selected_options"]]
    return None


def view_metadata(view: dict) -> dict:
    """The private metadata the modal was built with."""
    try:
        return json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
