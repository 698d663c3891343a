"""Domain errors: each carries a message for the user and the usage to type instead."""

from __future__ import annotations


class UserError(Exception):
    """Something the user typed cannot be done; nothing was changed."""

    def __init__(self, message: str, *, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """The case, mandate or item named does not exist (or is not visible here)."""


class NotAllowed(UserError):
    """The user or channel may not do this."""


class Conflict(UserError):
    """The change clashes with existing data (a reference in use, a stale version)."""
