"""The reminder message and the "Record a reply" modal, as pure builders."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases.models import Case
from bot.errors import UserError
from bot.reminders.models import Reminder
from bot.slack.blocks import to_dicts
from handlers.reminders.blocks import (
    build_record_reply_modal,
    build_reminder,
    read_record_reply,
    reminder_message,
    reminder_text,
)
from handlers.reminders.ids import ActionId, BlockId, CallbackId
from tests.factories import unsaved_case


def seed_case(**changes) -> Case:
    return unsaved_case(**changes)


def all_text(blocks: list[dict]) -> str:
    return str(blocks)


@pytest.mark.parametrize(
    ("today", "phrase"),
    [
        (dt.date(2017, 3, 17), "Reply due in 7 days"),
        (dt.date(2017, 3, 23), "Reply due in 1 day"),
        (dt.date(2017, 3, 24), "Reply due today"),
        (dt.date(2017, 3, 31), "Reply overdue by 7 days"),
    ],
)
def test_reminder_names_reference_addressee_dates_and_days(today: dt.date, phrase: str) -> None:
    blocks = to_dicts(build_reminder(seed_case(), today=today))
    text = all_text(blocks)
    assert phrase in text
    for expected in ("AL KAZ 1/2017", "Kazakhstan", "23 January 2017", "24 March 2017"):
        assert expected in text
    fallback = reminder_text(seed_case(), today=today)
    assert "AL KAZ 1/2017" in fallback and "Kazakhstan" in fallback
    assert phrase.lower() in fallback


def test_reminder_has_record_reply_and_snooze_buttons_with_the_case_id() -> None:
    blocks = to_dicts(build_reminder(seed_case(), today=dt.date(2017, 3, 17)))
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in buttons] == [
        (ActionId.REMINDER_RECORD_REPLY, "7", "Record reply"),
        (ActionId.REMINDER_SNOOZE, "7", "Snooze a week"),
    ]


def test_user_text_is_escaped() -> None:
    case = seed_case(
        country_code="OTH",
        reference_code="OTH",
        addressee="<!channel> Acme & Co <https://evil.example|click>",
        subject="a <@U0BOSS> ping & a <!here>",
    )
    text = all_text(to_dicts(build_reminder(case, today=dt.date(2017, 3, 17))))
    assert "<!channel>" not in text and "<!here>" not in text and "<@U0BOSS>" not in text
    assert "&lt;!channel&gt; Acme &amp; Co" in text


def test_the_message_is_a_post_in_the_case_channel() -> None:
    """The outbox posts it and adds the metadata by which a reclaimed post is found."""
    reminder = Reminder(id=42, case_id=7, kind="due")
    message = reminder_message(seed_case(), reminder, today=dt.date(2017, 3, 24))
    assert sorted(message) == ["blocks", "channel", "text"]
    assert message["channel"] == "C0KAZ"
    assert "reply due today" in message["text"]


def test_record_reply_modal_round_trip() -> None:
    view = build_record_reply_modal(case=seed_case(), channel_id="C0KAZ", today=dt.date(2017, 4, 3))
    assert view["callback_id"] == CallbackId.RECORD_REPLY
    assert len(view["title"]["text"]) <= 24
    date_input = next(b for b in view["blocks"] if b.get("block_id") == BlockId.REPLY_DATE)
    assert date_input["element"]["type"] == "datepicker"
    assert date_input["element"]["initial_date"] == "2017-04-03"
    submitted = view | {
        "state": {
            "values": {
                BlockId.REPLY_DATE: {ActionId.REPLY_DATE: {"selected_date": "2017-04-02"}},
                BlockId.REPLY_SUMMARY: {ActionId.REPLY_SUMMARY: {"value": "Denies it."}},
            }
        }
    }
    form = read_record_reply(submitted)
    assert (form.case_id, form.channel_id) == (7, "C0KAZ")
    assert form.received_on == dt.date(2017, 4, 2)
    assert form.summary == "Denies it."
    with pytest.raises(UserError):
        read_record_reply(view | {"state": {"values": {}}})


def test_record_reply_modal_reads_language_flags_and_files() -> None:
    view = build_record_reply_modal(
        case=seed_case(), channel_id="C0KAZ", today=dt.date(2017, 4, 3), waiting=["Note.pdf"]
    )
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert by_id[BlockId.REPLY_FILES]["element"]["type"] == "file_input"
    assert by_id[BlockId.REPLY_FILES]["optional"] is True
    options = by_id[BlockId.REPLY_LANGUAGE]["element"]["options"]
    assert [o["value"] for o in options] == ["en", "fr", "es", "other"]
    assert "Note.pdf" in str(view["blocks"])
    values = {
        BlockId.REPLY_DATE: {ActionId.REPLY_DATE: {"selected_date": "2017-04-02"}},
        BlockId.REPLY_LANGUAGE: {ActionId.REPLY_LANGUAGE: {"selected_option": {"value": "es"}}},
        BlockId.REPLY_FLAGS: {
            ActionId.REPLY_FLAGS: {"selected_options": [{"value": "translation"}]}
        },
        BlockId.REPLY_FILES: {
            ActionId.REPLY_FILES: {
                "type": "file_input",
                "files": [
                    {"id": "F1", "name": "Respuesta.pdf", "permalink": "https://x/F1"},
                    {"id": "F2", "title": "Anexo"},
                    {"name": "no id"},
                ],
            }
        },
    }
    form = read_record_reply(view | {"state": {"values": values}})
    assert (form.language, form.confidential, form.translation_requested) == ("es", False, True)
    assert [(d.file_id, d.name, d.permalink) for d in form.documents] == [
        ("F1", "Respuesta.pdf", "https://x/F1"),
        ("F2", "Anexo", None),
    ]
    bare = read_record_reply(
        view | {"state": {"values": {k: v for k, v in values.items() if k == BlockId.REPLY_DATE}}}
    )
    assert (bare.language, bare.confidential, bare.documents) == (None, False, ())
