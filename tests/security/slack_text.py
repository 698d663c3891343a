"""Walk everything the bot sent to Slack and find user markup that was not escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bot.local.fake import Call

# What a hostile or careless user types: pings, a user mention, a disguised link, a channel.
HOSTILE = "<!channel> <!here> <@U0BOB> <http://x|y> <#C0SECRET> Q&A"
RAW_TOKENS = ("<!channel>", "<!here>", "<@U0BOB>", "<http://x|y>", "<#C0SECRET>")
_BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")

# Fields Slack never renders as mrkdwn: an input's prefilled value and machine identifiers.
NOT_RENDERED = {
    "initial_value",
    "private_metadata",
    "value",
    "action_id",
    "block_id",
    "callback_id",
    "external_id",
    "url",
    "filename",
    "response_url",
    "channel",
    "user",
    "ts",
    "thread_ts",
    "trigger_id",
}
# Web API methods whose parameters are not message text (file bytes, upload requests).
NOT_MESSAGES = {"upload", "files.getUploadURLExternal", "auth.test", "users.info"}


def strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON-like value that Slack would render, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_RENDERED:
                yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def unescaped(value: object, path: str) -> list[str]:
    """Where raw user markup (or a bare &) appears in a payload."""
    problems = []
    for where, text in strings(value, path):
        raw = [token for token in RAW_TOKENS if token in text]
        if raw or _BARE_AMPERSAND.search(text):
            problems.append(f"{where}: {text[:300]!r}")
    return problems


def unescaped_calls(calls: Iterable[Call]) -> list[str]:
    """Problems in every recorded Web API and response_url call."""
    return [
        problem
        for call in calls
        if call.method not in NOT_MESSAGES
        for problem in unescaped(call.params, call.method)
    ]
