"""Reminders: the sweep that posts them, and their buttons."""
