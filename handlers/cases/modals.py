"""The "Open a case" form."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.cases.countries import country_name
from bot.cases.enums import NON_STATE_CODE, LetterType
from bot.countries import un_names
from bot.mandates.models import Mandate
from bot.slack.escape import plain
from handlers.cases.ids import ActionId, BlockId, CallbackId


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
