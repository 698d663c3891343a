"""Block Kit shown as plain terminal text (the local console prints what Slack would show).

Everything a person can click (buttons, the "…" menu, selects, date pickers) is numbered in
the order Slack lays it out, its options numbered under it, so the console can name it:
``controls(blocks)`` lists them in that same order. A form's fields are numbered too, with
the value they hold (``fields(view)``).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

try:  # a development extra: without it, :warning: stays a code
    import emoji
except ImportError:  # pragma: no cover - installed with the dev extras
    emoji = None  # type: ignore[assignment]

_MENTION = re.compile(r"<([@#!][^>|]*)(?:\|([^>]*))?>")
_LINK = re.compile(r"<([^@#!][^>|]*)\|([^>]*)>")
_BARE_LINK = re.compile(r"<(https?://[^>|]*)>")

SHOWN_OPTIONS = 12  # options listed under a menu; the rest are counted
USER_NAMES: dict[str, str] = {}  # Slack user id -> display name, filled by the console
# Elements a person clicks or picks from; what the console numbers.
CLICKABLE = {
    "button",
    "overflow",
    "static_select",
    "multi_static_select",
    "external_select",
    "users_select",
    "multi_users_select",
    "conversations_select",
    "multi_conversations_select",
    "channels_select",
    "datepicker",
    "timepicker",
    "checkboxes",
    "radio_buttons",
}


@dataclass(frozen=True)
class Control:
    """One clickable element of a message or view, with the block it sits in."""

    block_id: str
    element: dict

    @property
    def options(self) -> list[dict]:
        return options_of(self.element)


def _mention(match: re.Match[str]) -> str:
    target = match[1]
    if match[2]:
        return ("@" if target.startswith("@") else "") + match[2].lstrip("@")
    if target.startswith("@") and target[1:] in USER_NAMES:
        return "@" + USER_NAMES[target[1:]]
    if target.startswith("!"):
        return "@" + target[1:] if target[1:] in {"here", "channel", "everyone"} else target
    return target


def mrkdwn_to_text(text: str) -> str:
    """Show mrkdwn as a reader sees it: links and mentions resolved, entities decoded."""
    text = _LINK.sub(lambda m: f"{m[2]} ({m[1]})", text)
    text = _BARE_LINK.sub(lambda m: m[1], text)
    text = _MENTION.sub(_mention, text)
    return _emoji(html.unescape(text))


def _emoji(text: str) -> str:
    """``:warning:`` as the picture Slack shows."""
    return emoji.emojize(text, language="alias") if emoji is not None else text


def _text(obj: dict | str | None) -> str:
    if obj is None:
        return ""
    if isinstance(obj, str):
        return obj
    value = obj.get("text", "")
    return mrkdwn_to_text(value) if obj.get("type") == "mrkdwn" else _emoji(value)


def options_of(element: dict) -> list[dict]:
    """An element's options, groups flattened, in the order shown."""
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found


def controls(blocks: list[dict]) -> list[Control]:
    """The clickable elements of these blocks, numbered from 1 in this order."""
    return [
        Control(block.get("block_id", ""), element)
        for block, elements in _numbered(blocks)
        for number, element in elements
        if number
    ]


def _user(user_id: str) -> str:
    return "@" + USER_NAMES.get(user_id, user_id)


def _chosen(element: dict) -> str:
    """What a select, picker or input holds now (its initial value), as text."""
    kind = element.get("type", "")
    if "initial_option" in element:
        return _text((element["initial_option"] or {}).get("text"))
    if "initial_options" in element:
        return ", ".join(_text(o.get("text")) for o in element["initial_options"] or [])
    for key in ("initial_value", "initial_date", "initial_time", "initial_date_time"):
        if element.get(key) not in (None, ""):
            return str(element[key])
    if element.get("initial_user"):
        return _user(element["initial_user"])
    if element.get("initial_users"):
        return ", ".join(_user(u) for u in element["initial_users"])
    for key in ("initial_conversation", "initial_channel"):
        if element.get(key):
            return "#" + element[key]
    for key in ("initial_conversations", "initial_channels"):
        if element.get(key):
            return ", ".join("#" + c for c in element[key])
    if kind == "checkboxes":
        return "none ticked"
    return ""


def _option_line(element: dict, indent: str) -> list[str]:
    """The options, numbered; a long list (Slack scrolls it and filters as one types) ends
    with how many more there are."""
    options = options_of(element)
    if not options:
        return []
    shown = [f"{i}) {_text(o.get('text'))}" for i, o in enumerate(options[:SHOWN_OPTIONS], 1)]
    if len(options) > SHOWN_OPTIONS:
        shown.append(f"… {len(options) - SHOWN_OPTIONS} more (type a value or a label)")
    return textwrap.wrap(
        "  ".join(shown),
        96,
        initial_indent=indent,
        subsequent_indent=" " * len(indent),
        break_long_words=False,
    )


def _control(number: int, element: dict) -> str:
    """``[3 Request changes]``, ``[4 …]``, ``[5 ▾ Pick a date: 2017-01-23]``."""
    kind = element.get("type", "")
    label = _text(element.get("text")) or _text(element.get("placeholder"))
    if kind == "button":
        url = f" -> {element['url']}" if element.get("url") else ""
        return f"[{number} {label}{url}]"
    if kind == "overflow":
        return f"[{number} …]"
    chosen = _chosen(element)
    shown = f"{label}: {chosen}" if label and chosen else label or chosen or kind
    return f"[{number} ▾ {shown}]"


def _rich_text(element: dict) -> str:
    """A rich_text block (what people type) as plain lines."""
    lines: list[str] = []
    for part in element.get("elements") or []:
        kind = part.get("type")
        if kind == "rich_text_list":
            for i, item in enumerate(part.get("elements") or [], 1):
                mark = f"{i}." if part.get("style") == "ordered" else "•"
                lines.append(f"{mark} {_inline(item)}")
        elif kind == "rich_text_quote":
            lines.extend("> " + line for line in _inline(part).split("\n"))
        elif kind == "rich_text_preformatted":
            lines.append(_inline(part))
        else:
            lines.append(_inline(part))
    return "\n".join(lines)


def _inline(section: dict) -> str:
    out = []
    for piece in section.get("elements") or []:
        kind = piece.get("type")
        if kind == "text":
            out.append(piece.get("text", ""))
        elif kind == "link":
            out.append(piece.get("text") or piece.get("url", ""))
        elif kind == "user":
            out.append(_user(piece.get("user_id", "")))
        elif kind == "channel":
            out.append("#" + piece.get("channel_id", ""))
        elif kind == "emoji":
            out.append(f":{piece.get('name', '')}:")
        elif kind == "broadcast":
            out.append("@" + piece.get("range", ""))
    return "".join(out)


def _numbered(blocks: list[dict]) -> Iterator[tuple[dict, list[tuple[int, dict]]]]:
    """Each block with its clickable elements and their numbers (as ``controls`` counts)."""
    number = 0
    for block in blocks:
        elements = []
        if block.get("type") == "actions":
            candidates = block.get("elements") or []
        else:
            candidates = [block["accessory"]] if block.get("accessory") else []
        for element in candidates:
            if element.get("type") in CLICKABLE:
                number += 1
                elements.append((number, element))
            else:
                elements.append((0, element))
        yield block, elements


def blocks_to_text(blocks: list[dict]) -> str:
    """Every block as lines of text; what can be clicked as ``[n Label]``, options under it."""
    lines: list[str] = []
    for block, elements in _numbered(blocks):
        kind = block.get("type")
        if kind == "header":
            lines.append(f"== {_text(block.get('text'))} ==")
        elif kind == "section":
            if block.get("text"):
                lines.append(_text(block["text"]))
            for field in block.get("fields") or []:
                lines.append("  " + _text(field).replace("\n", ": ", 1))
        elif kind == "context":
            parts = [
                _text(e) if "text" in e else f"({e.get('alt_text') or e.get('type')})"
                for e in block.get("elements") or []
            ]
            lines.append("  · " + "  ".join(parts))
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "input":
            lines.append(f"{_text(block.get('label'))}: {_chosen(block.get('element') or {})}")
        elif kind == "rich_text":
            lines.append(_rich_text(block))
        elif kind == "image":
            lines.append(f"(image: {block.get('alt_text', '')})")
        elif kind == "file":
            lines.append(f"(file {block.get('external_id', '')})")
        elif kind != "actions":
            lines.append(f"({kind})")
        if elements:
            lines.append("  " + "  ".join(_control(n, e) for n, e in elements if n))
            for n, element in elements:
                lines.extend(_option_line(element, f"      {n}: ") if n else [])
    return "\n".join(lines)


def fields(view: dict) -> list[dict]:
    """A form's input blocks, numbered from 1 in this order."""
    return [b for b in view.get("blocks") or [] if b.get("type") == "input"]


def view_to_text(view: dict) -> str:
    """A form (or the Home tab): its title, text blocks, and numbered fields with their values."""
    lines = []
    title = _text(view.get("title")) or "Home"
    lines.append(f"== {title} ==")
    number = 0
    others: list[dict] = []

    def flush() -> None:
        if others:
            lines.append(blocks_to_text(others))
            others.clear()

    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            others.append(block)
            continue
        flush()
        number += 1
        element = block.get("element") or {}
        need = " (optional)" if block.get("optional") else ""
        lines.append(f"{number}. {_text(block.get('label'))} [{block.get('block_id', '')}]{need}")
        chosen = _chosen(element)
        kind = element.get("type", "")
        if kind == "plain_text_input":
            value = chosen.replace("\n", "\n     | ") if chosen else "(empty)"
            lines.append(f"     | {value}")
        else:
            lines.append(f"     {kind}: {chosen or '(none chosen)'}")
        lines.extend(_option_line(element, "     choose: "))
        if block.get("hint"):
            lines.append(f"     ({_text(block['hint'])})")
    flush()
    if view.get("type") == "modal":
        submit = _text(view.get("submit")) or "Submit"
        close = _text(view.get("close")) or "Cancel"
        lines.append(f"  :submit ({submit})  :cancel ({close})")
    return "\n".join(lines)
