"""Domain errors: each carries a message for the user, in the domain's words.

The domain never knows how a command is typed: the handler that ran the command attaches its
usage (``UserError.usage``) to an ``Invalid`` error on its way out.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user typed cannot be done; nothing was changed.

    ``mentions``: the user ids the message names on purpose as ``<@U…>`` (the approvers still
    to clear, say): those stay mentions when the message is shown; any other ``<@…>`` in it
    (quoted from what the user typed) is shown as typed."""

    def __init__(
        self, message: str, *, usage: str | None = None, mentions: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.mentions = mentions

    def __str__(self) -> str:
        return self.message


class Invalid(UserError):
    """What was given cannot be used as given (a value, a missing part, a step out of order):
    the answer repeats how the command is written."""


class NotFound(UserError):
    """The case, mandate or item named does not exist (or is not visible here)."""


class NotAllowed(UserError):
    """The user or channel may not do this."""


class Conflict(UserError):
    """The change clashes with existing data (a reference in use, a stale version)."""
