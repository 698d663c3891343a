"""A form (modal) filled in from the console: ``:submit reason="Name the court." 2=UA``.

Fields are named by their number, block id or action id; what is not typed keeps the value
the form was opened with, as Slack keeps a prefilled field. Slack checks some things before
the app sees a submission (a required field left empty, a text too short or too long, a
date that is not one); those are refused here the same way, under the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bot.local.render_text import fields, options_of

REQUIRED = "Please complete this required field."


def state_values(
    view: dict, typed: dict[str, str], user_id: Callable[[str], str]
) -> tuple[dict, dict[str, str]]:
    """The ``state.values`` Slack would send for this form, and the errors it would show
    before sending (block id -> message). ``user_id`` turns a name (``bob`` of ``@bob``) into a user id."""
    inputs = fields(view)
    given: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, text in typed.items():
        block = _field(inputs, key)
        if block is None:
            names = ", ".join(b.get("block_id", "") for b in inputs)
            raise LookupError(f"the form has no field {key!r}; its fields: {names}")
        given[block.get("block_id", "")] = text.replace("\\n", "\n")
    values: dict[str, dict] = {}
    for block in inputs:
        block_id, element = block.get("block_id", ""), block.get("element") or {}
        try:
            value = (
                _typed(element, given[block_id], user_id)
                if block_id in given
                else _initial(element)
            )
        except ValueError as error:
            errors[block_id] = str(error)
            continue
        if _empty(value) and not block.get("optional"):
            errors[block_id] = REQUIRED
        elif (problem := _length_problem(element, value)) is not None:
            errors[block_id] = problem
        values[block_id] = {element.get("action_id", ""): value}
    return values, errors


def _field(inputs: list[dict], key: str) -> dict | None:
    if key.isdigit() and 1 <= int(key) <= len(inputs):
        return inputs[int(key) - 1]
    for block in inputs:
        action_id = (block.get("element") or {}).get("action_id", "")
        if key.lower() in {str(block.get("block_id", "")).lower(), str(action_id).lower()}:
            return block
    return None


def _empty(value: dict) -> bool:
    payload = {k: v for k, v in value.items() if k != "type"}
    return all(v in (None, "", []) for v in payload.values())


def _length_problem(element: dict, value: dict) -> str | None:
    text = value.get("value") if element.get("type") == "plain_text_input" else None
    if not text:
        return None
    low, high = element.get("min_length"), element.get("max_length")
    if low and len(text) < low:
        return f"Please enter at least {low} characters."
    if high and len(text) > high:
        return f"Please enter no more than {high} characters ({len(text)} now)."
    return None


def _initial(element: dict) -> dict:
    """The value of a field nobody changed: what it was opened with."""
    kind = element.get("type", "")
    value: dict[str, Any] = {"type": kind}
    if kind in {"plain_text_input", "number_input", "email_text_input", "url_text_input"}:
        return value | {"value": element.get("initial_value")}
    if kind in {"static_select", "external_select", "radio_buttons"}:
        return value | {"selected_option": element.get("initial_option")}
    if kind in {"multi_static_select", "multi_external_select", "checkboxes"}:
        return value | {"selected_options": element.get("initial_options") or []}
    simple = {
        "datepicker": ("selected_date", "initial_date"),
        "timepicker": ("selected_time", "initial_time"),
        "users_select": ("selected_user", "initial_user"),
        "conversations_select": ("selected_conversation", "initial_conversation"),
        "channels_select": ("selected_channel", "initial_channel"),
    }
    many = {
        "multi_users_select": ("selected_users", "initial_users"),
        "multi_conversations_select": ("selected_conversations", "initial_conversations"),
        "multi_channels_select": ("selected_channels", "initial_channels"),
    }
    if kind in simple:
        key, initial = simple[kind]
        return value | {key: element.get(initial)}
    if kind in many:
        key, initial = many[kind]
        return value | {key: element.get(initial) or []}
    return value | {"value": element.get("initial_value")}


def _typed(element: dict, text: str, user_id: Callable[[str], str]) -> dict:
    """The value of a field typed in the console (options by number, value or label)."""
    kind = element.get("type", "")
    value: dict[str, Any] = {"type": kind}
    words = [w.strip() for w in text.split(",") if w.strip()]
    if kind in {"static_select", "external_select", "radio_buttons"}:
        return value | {"selected_option": _option(element, text) if text.strip() else None}
    if kind in {"multi_static_select", "multi_external_select", "checkboxes"}:
        return value | {"selected_options": [_option(element, w) for w in words]}
    if kind == "datepicker":
        if text.strip():
            try:
                dt.date.fromisoformat(text.strip())
            except ValueError:
                raise ValueError("Please pick a date (write it as YYYY-MM-DD).") from None
        return value | {"selected_date": text.strip() or None}
    if kind == "users_select":
        name = text.strip().lstrip("@")
        return value | {"selected_user": user_id(name) if name else None}
    if kind == "multi_users_select":
        names = text.replace(",", " ").replace("@", " ").split()
        return value | {"selected_users": [user_id(name) for name in names]}
    if kind in {"conversations_select", "channels_select"}:
        key = "selected_conversation" if kind == "conversations_select" else "selected_channel"
        return value | {key: text.strip().lstrip("#").upper() or None}
    if kind == "multi_conversations_select":
        return value | {"selected_conversations": [w.lstrip("#").upper() for w in words]}
    if kind == "timepicker":
        return value | {"selected_time": text.strip() or None}
    return value | {"value": text if text.strip() else None}


def _option(element: dict, choice: str) -> dict:
    options = options_of(element)
    choice = choice.strip()
    for option in options:
        label = (option.get("text") or {}).get("text", "")
        if choice in {option.get("value"), label} or choice.lower() == label.lower():
            return option
    if choice.isdigit() and 1 <= int(choice) <= len(options):
        return options[int(choice) - 1]
    raise ValueError(f"{choice!r} is none of the choices (1 to {len(options)}).")
