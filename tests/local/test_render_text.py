"""Block Kit as the console prints it, and forms filled in from typed ``field=value``."""

from __future__ import annotations

import pytest

from bot.local.forms import REQUIRED, state_values
from bot.local.render_text import USER_NAMES, blocks_to_text, controls, view_to_text
from bot.local.workspace import as_clicked


def option(label: str, value: str) -> dict:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


MESSAGE = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Draft v1* by <@U0ALICE>"}},
    {
        "type": "actions",
        "block_id": "review",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Clear"}, "action_id": "c"},
            {
                "type": "overflow",
                "action_id": "menu",
                "options": [option("Edit concern", "text:1"), option("Edit questions", "q:1")],
            },
        ],
    },
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "Due"},
        "accessory": {"type": "datepicker", "action_id": "due", "initial_date": "2017-03-24"},
    },
]

FORM = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Open a case"},
    "submit": {"type": "plain_text", "text": "Open"},
    "blocks": [
        {
            "type": "input",
            "block_id": "subject",
            "label": {"type": "plain_text", "text": "Subject"},
            "element": {
                "type": "plain_text_input",
                "action_id": "subject",
                "initial_value": "the closure",
            },
        },
        {
            "type": "input",
            "block_id": "type",
            "label": {"type": "plain_text", "text": "Type"},
            "element": {
                "type": "static_select",
                "action_id": "type",
                "options": [option("AL", "AL"), option("UA", "UA"), option("OL", "OL")],
            },
        },
        {
            "type": "input",
            "block_id": "owner",
            "optional": True,
            "label": {"type": "plain_text", "text": "Owner"},
            "element": {"type": "users_select", "action_id": "owner"},
        },
    ],
}


def test_buttons_and_menus_are_numbered_with_their_options(monkeypatch) -> None:
    monkeypatch.setitem(USER_NAMES, "U0ALICE", "alice")
    text = blocks_to_text(MESSAGE)
    assert "*Draft v1* by @alice" in text
    assert "[1 Clear]  [2 …]" in text
    assert "2: 1) Edit concern  2) Edit questions" in text
    assert "[3 ▾ 2017-03-24]" in text
    assert [c.element["action_id"] for c in controls(MESSAGE)] == ["c", "menu", "due"]


def test_a_menu_is_clicked_with_a_choice() -> None:
    button, menu, due = controls(MESSAGE)
    assert as_clicked(button)["value"] == ""
    assert as_clicked(menu, "2")["selected_option"]["value"] == "q:1"
    assert as_clicked(menu, "text:1")["selected_option"]["value"] == "text:1"
    assert as_clicked(due, "2017-04-01")["selected_date"] == "2017-04-01"
    with pytest.raises(LookupError, match="none of its options"):
        as_clicked(menu, "7")
    with pytest.raises(LookupError, match="needs a choice"):
        as_clicked(menu)


def test_a_form_shows_its_fields_and_prefilled_values() -> None:
    text = view_to_text(FORM)
    assert "== Open a case ==" in text
    assert "1. Subject [subject]\n     | the closure" in text
    assert (
        "2. Type [type]\n     static_select: (none chosen)\n     choose: 1) AL  2) UA  3) OL"
        in text
    )
    assert "3. Owner [owner] (optional)" in text
    assert ":submit (Open)  :cancel (Cancel)" in text


def test_typed_values_keep_what_was_not_typed() -> None:
    values, errors = state_values(
        FORM, {"2": "UA", "owner": "@bob"}, lambda name: f"U0{name.upper()}"
    )
    assert errors == {}
    assert values["subject"]["subject"]["value"] == "the closure"  # prefilled, kept
    assert values["type"]["type"]["selected_option"]["value"] == "UA"
    assert values["owner"]["owner"]["selected_user"] == "U0BOB"


def test_slack_refuses_an_empty_required_field_before_the_app_sees_it() -> None:
    _, errors = state_values(FORM, {"subject": ""}, str)
    assert errors == {"subject": REQUIRED, "type": REQUIRED}
    _, errors = state_values(FORM, {"type": "XX", "subject": "a\\nb"}, str)
    assert "none of the choices" in errors["type"]
    with pytest.raises(LookupError, match="no field 'nope'"):
        state_values(FORM, {"nope": "x"}, str)
