"""Block Kit shown as plain terminal text (the local console prints what Slack would show)."""

from __future__ import annotations

import html
import re

_MENTION = re.compile(r"<([@#!][^>|]*)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^@#!][^>|]*)\|([^>]*)>")


USER_NAMES: dict[str, str] = {}  # Slack user id -> display name, filled by the console


def _mention(match: re.Match[str]) -> str:
    target = match[1]
    if match[2]:
        return match[2]
    if target.startswith("@") and target[1:] in USER_NAMES:
        return "@" + USER_NAMES[target[1:]]
    return target


def mrkdwn_to_text(text: str) -> str:
    """Show mrkdwn as a reader sees it: links and mentions resolved, entities decoded."""
    text = _LINK.sub(lambda m: f"{m[2]} ({m[1]})", text)
    text = _MENTION.sub(_mention, text)
    return html.unescape(text)


def _text(obj: dict | str | None) -> str:
    if obj is None:
        return ""
    if isinstance(obj, str):
        return obj
    value = obj.get("text", "")
    return mrkdwn_to_text(value) if obj.get("type") == "mrkdwn" else value


def _element(element: dict) -> str:
    kind = element.get("type", "")
    if kind == "button":
        return f"[{_text(element.get('text'))}]({element.get('action_id', '')})"
    if kind in {"mrkdwn", "plain_text"}:
        return _text(element)
    if "placeholder" in element:
        return f"<{kind}: {_text(element['placeholder'])}>"
    return f"<{kind}>"


def blocks_to_text(blocks: list[dict]) -> str:
    """Every block as lines of text; buttons as [Label](action_id)."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"== {_text(block.get('text'))} ==")
        elif kind == "section":
            if block.get("text"):
                lines.append(_text(block["text"]))
            for field in block.get("fields") or []:
                lines.append("  " + _text(field).replace("\n", ": ", 1))
            if block.get("accessory"):
                lines.append("  " + _element(block["accessory"]))
        elif kind in {"context", "actions"}:
            parts = [_element(e) for e in block.get("elements", [])]
            lines.append(("  " if kind == "actions" else "  · ") + "  ".join(parts))
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "input":
            label = _text(block.get("label"))
            lines.append(
                f"{label} [{block.get('block_id', '')}]: {_element(block.get('element', {}))}"
            )
        elif kind == "rich_text":
            lines.append("(rich text)")
        else:
            lines.append(f"({kind})")
    return "\n".join(lines)
