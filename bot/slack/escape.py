"""Text in and out of Slack: unescape what Slack sends, escape what we send."""

from __future__ import annotations


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
