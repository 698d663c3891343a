"""Logging: one structured line per request, key=value, never a secret or a user's text."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

# Slack tokens (bot, user, app, refresh, config) wherever they appear in a line.
_TOKEN = re.compile(r"\b(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9.-]+")
REDACTED = "[redacted]"
SECRET_VARIABLES = ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
_MIN_SECRET_LENGTH = 8  # shorter values would blank out ordinary words


class Redactor:
    """Replaces Slack tokens, and the exact values of configured secrets, in text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        values = sorted({s for s in secrets if s and len(s) >= _MIN_SECRET_LENGTH}, key=len)
        literal = "|".join(re.escape(value) for value in reversed(values))
        self._pattern = re.compile(f"{literal}|{_TOKEN.pattern}" if literal else _TOKEN.pattern)

    def __call__(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output (message, traceback, stack) goes through a Redactor."""

    def __init__(self, fmt: str, redact: Redactor) -> None:
        super().__init__(fmt)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record is emitted (test runners swap it)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        return sys.stderr


def configure_logging(level: str = "INFO", *, secrets: Iterable[str | None] | None = None) -> None:
    """Log to stderr, one line per record, with tokens and the given secrets redacted.

    Without ``secrets`` the values of SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and
    SLACK_APP_TOKEN in the environment are redacted.
    """
    if secrets is None:
        secrets = [os.environ.get(name) for name in SECRET_VARIABLES]
    redact = Redactor(secrets)
    handler = _StderrHandler()
    handler.setFormatter(
        RedactingFormatter("%(asctime)s level=%(levelname)s logger=%(name)s %(message)s", redact)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("slack_bolt", "slack_sdk", "apscheduler", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


# The per-request line --------------------------------------------------------------------

# Words of the command contract that name a subcommand; anything else typed is free text.
SUBCOMMANDS = frozenset(
    [
        "open",
        "show",
        "list",
        "set",
        "close",
        "reopen",
        "help",
        "add",
        "edit",
        "remove",
        "move",
        "text",
        "search",
        "ratified",
        "question",
        "draft",
        "send",
        "reply",
    ]
)
_CASE_REF = re.compile(
    r"#?\d{1,9}(?=\s|$)|(?:J?(?:AL|UA|OL)\s+)?[A-Za-z]{3}\s+\d{1,5}\s*/\s*\d{4}(?=\s|$)",
    re.IGNORECASE,
)
_SAFE_VALUE = re.compile(r"[^A-Za-z0-9_.:/#@+ -]")
_MAX_VALUE = 64


def describe_request(body: Mapping[str, Any]) -> dict[str, str]:
    """What a request is, for its log line: kind, ids, subcommand, case and user, no free text."""
    kind = body.get("type") or ""
    fields: dict[str, str] = {}
    if body.get("command"):
        fields["kind"] = "command"
        fields["command"] = str(body["command"])
        subcommand, case = _command_shape(str(body.get("text") or ""))
        fields["subcommand"] = subcommand
        fields["case"] = case
        fields["user"] = str(body.get("user_id") or "")
        return fields
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else user
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        fields.update(kind="action", action=str(actions[0].get("action_id") or ""))
    elif kind in {"view_submission", "view_closed"}:
        view = body.get("view") or {}
        fields.update(kind="view", callback=str(view.get("callback_id") or ""))
    elif kind in {"shortcut", "message_action"}:
        fields.update(kind="shortcut", callback=str(body.get("callback_id") or ""))
    elif kind == "event_callback":
        event = body.get("event") or {}
        fields.update(kind="event", event=str(event.get("type") or ""))
        fields["event_id"] = str(body.get("event_id") or "")
        user_id = event.get("user") if isinstance(event.get("user"), str) else user_id
    else:
        fields["kind"] = str(kind or "unknown")
    fields["user"] = str(user_id or "")
    return fields


def _command_shape(text: str) -> tuple[str, str]:
    """The subcommand words and the case named in a command's text; free text is left out."""
    rest = text.strip()
    words: list[str] = []
    case = ""
    first, _, tail = rest.partition(" ")
    if first.lower() in SUBCOMMANDS:
        words.append(first.lower())
        rest = tail.strip()
    if match := _CASE_REF.match(rest):
        case = " ".join(match[0].split())
        rest = rest[match.end() :].strip()
        for _ in range(2):  # "/letter 7 question list"
            word, _, tail = rest.partition(" ")
            if word.lower() not in SUBCOMMANDS:
                break
            words.append(word.lower())
            rest = tail.strip()
    return " ".join(words), case


def format_fields(fields: Mapping[str, object]) -> str:
    """``key=value`` pairs; values are cut, quoted when they hold spaces, and never break lines."""
    parts = []
    for key, value in fields.items():
        text = str(value) if value not in (None, "") else "-"
        text = _SAFE_VALUE.sub("?", text)[:_MAX_VALUE]
        parts.append(f'{key}="{text}"' if " " in text else f"{key}={text}")
    return " ".join(parts)


def outcome_of(status: int, noted: str | None) -> str:
    """ok, user_error, error, duplicate, rejected (signature) or unhandled."""
    if noted:
        return noted
    if status in (401, 403):
        return "rejected"
    if status == 404:
        return "unhandled"
    return "ok" if status < 500 else "error"


LEVELS = {"error": logging.ERROR, "rejected": logging.WARNING, "unhandled": logging.WARNING}
