"""Reminder sweeps. Reminders arrive with letters being sent; until then a sweep posts nothing."""

from __future__ import annotations

from bot.config import Settings


def sweep_from_settings(settings: Settings) -> list[str]:
    """Run one sweep; returns what was posted."""
    return []
