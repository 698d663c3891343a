"""Reading what a submitted modal holds."""

from __future__ import annotations

import json


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
