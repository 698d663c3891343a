"""The "Open a case" form."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

from slack_sdk.models.blocks import (
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
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
from bot.grammar import with_article
from bot.letters.roles import BODY_ROLE, CONCERN_ROLE, as_hint, subject_role, urge_role
from bot.mandates.models import Mandate
from bot.slack.escape import escape_mrkdwn, plain
from handlers.cases.ids import ActionId, BlockId, CallbackId
from handlers.shared.card import case_title


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


def _channel_block() -> InputBlock:
    return InputBlock(
        block_id=BlockId.CHANNEL,
        label="Channel of the case",
        hint="Where its card, drafts and reminders are posted; invite me there first.",
        element=ConversationSelectElement(
            action_id=ActionId.OPEN_CASE_CHANNEL,
            placeholder="Choose a channel",
            default_to_current_conversation=True,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        ),
    )


def build_open_case_modal(*, channel_id: str | None, mandates: list[Mandate]) -> dict:
    """The "Open a case" modal: from /case with no arguments (in its channel), or from the
    global shortcut (no channel known: the form asks for it)."""
    view = View(
        type="modal",
        callback_id=CallbackId.OPEN_CASE,
        title=PlainTextObject(text="Open a case"),
        submit=PlainTextObject(text="Open"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"channel_id": channel_id or ""}),
        blocks=([] if channel_id else [_channel_block()])
        + [
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
                hint=as_hint(subject_role()),
                element=PlainTextInputElement(
                    action_id=ActionId.OPEN_CASE_SUBJECT, multiline=True, max_length=500
                ),
            ),
        ],
    )
    view.validate_json()
    return view.to_dict()


MODAL_BLOCKS = 100
MAX_INPUT = 3000


def _text_input(
    block_id: str, action_id: str, label: str, value: str, *, hint: str | None = None
) -> InputBlock | ContextBlock:
    """A multiline field prefilled with ``value``; a text longer than a field can hold (older
    data) is left out of the form, and so left unchanged, with a note saying so."""
    if len(value) > MAX_INPUT:
        return ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{escape_mrkdwn(label)}: too long to edit here; use the command."
                )
            ]
        )
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=True,
        hint=hint,
        element=PlainTextInputElement(
            action_id=action_id,
            multiline=True,
            max_length=MAX_INPUT,
            initial_value=value or None,
        ),
    )


def build_edit_text_modal(*, case: Case, channel_id: str) -> dict:
    """Concern, urge and addressee of a case, prefilled; only what changes is saved."""
    view = View(
        type="modal",
        callback_id=CallbackId.EDIT_TEXT,
        title=PlainTextObject(text=plain(f"Edit case #{case.id}", 24)),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps(
            {"case_id": case.id, "channel_id": channel_id, "content_version": case.content_version}
        ),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"*{escape_mrkdwn(case_title(case))}*")),
            _text_input(
                BlockId.CONCERN,
                ActionId.EDIT_CONCERN,
                "Concern",
                case.concern,
                hint=as_hint(CONCERN_ROLE),
            ),
            _text_input(
                BlockId.URGE, ActionId.EDIT_URGE, "Urge", case.urge, hint=as_hint(urge_role())
            ),
            _text_input(
                BlockId.ADDRESSEE,
                ActionId.EDIT_ADDRESSEE,
                "Addressee",
                case.addressee or "",
                hint="Who the letter is addressed to (needed for OTH cases)",
            ),
        ],
    )
    view.validate_json()
    return view.to_dict()


def paragraph_block_id(paragraph_id: int) -> str:
    return f"paragraph-{paragraph_id}"


def build_edit_paragraphs_modal(
    *, case: Case, channel_id: str, form: str, what: str, items: list
) -> dict:
    """One field per question or body paragraph (emptied: removed) and one to add a new one."""
    blocks: list = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{escape_mrkdwn(case_title(case))}*\nChange the text of {with_article(what)}; "
                f"empty a field to remove that {what}; the last field adds one."
                + (f"\n{escape_mrkdwn(as_hint(BODY_ROLE))}." if what == "body paragraph" else "")
            )
        )
    ]
    room = MODAL_BLOCKS - 3  # the heading, the new field, a note on what did not fit
    for number, item in enumerate(items[:room], 1):
        blocks.append(
            _text_input(
                paragraph_block_id(item.id), ActionId.EDIT_PARAGRAPH, f"{what} {number}", item.text
            )
        )
    if len(items) > room:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"{len(items) - room} more: use the command to edit those."
                    )
                ]
            )
        )
    blocks.append(_text_input(BlockId.NEW_PARAGRAPH, ActionId.EDIT_PARAGRAPH, f"New {what}", ""))
    view = View(
        type="modal",
        callback_id=CallbackId.EDIT_PARAGRAPHS,
        title=PlainTextObject(text=plain(f"{what.capitalize()}s of #{case.id}", 24)),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=json.dumps({"case_id": case.id, "channel_id": channel_id, "form": form}),
        blocks=blocks,
    )
    view.validate_json()
    return view.to_dict()
