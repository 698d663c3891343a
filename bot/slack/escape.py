"""Text in and out of Slack: unescape what Slack sends, escape what we send."""

from __future__ import annotations

import re


def escape_mrkdwn(text: str) -> str:
    """Escape &, < and > so user text never pings (<!channel>) or links (<url|label>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape_slack(text: str) -> str:
    """Undo Slack's escaping of &, < and > in slash-command text, once."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str, limit: int) -> str:
    """Shorten plain text to a limit, with an ellipsis when cut (for labels and previews)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Slack's markup in command text sent with should_escape: <@U123|bob>, <#C123|general>,
# <https://x|label>, <mailto:a@b|a@b>, <!here>, <!subteam^S123|@team>, <!date^...|fallback>;
# and &amp; &lt; &gt; for what the user typed as &, < and >.
_MARKUP = re.compile(r"<([^<>]*)>|&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>")


def from_slack(text: str) -> str:
    """The command text as the user typed it, from Slack's escaped form (should_escape).

    A link becomes its label (or its URL), a channel ``#name``, a user ``@name``, ``<!here>``
    ``@here``, a user group its ``@handle``, a date its fallback text; ``&amp;``, ``&lt;``
    and ``&gt;`` become ``&``, ``<`` and ``>`` in the same pass, so what the user typed is
    never read as markup. The people picked from Slack's @ menu: ``user_ids``.
    """
    return _MARKUP.sub(_plain, text)


def user_ids(text: str) -> list[str]:
    """The users mentioned (picked from Slack's @ menu) in command text as Slack sent it."""
    return [match[1] for match in _USER.finditer(text)]


def _plain(match: re.Match[str]) -> str:
    if match[2]:
        return _ENTITIES[match[2]]
    target, _, label = match[1].partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        special = target[1:].split("^", 1)[0]
        if special in {"here", "channel", "everyone"} or not label:
            return "@" + special
        return label  # a user group's @handle, a date's fallback text
    return label or target.removeprefix("mailto:")
