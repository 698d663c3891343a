"""The ids of the case card's own buttons, defined once (the card is every feature's)."""

from enum import StrEnum


class CardActionId(StrEnum):
    RECORD_REPLY = "reminder_record_reply"  # "Record reply" on the card and on reminders
