"""The ids of the reminder buttons and the "Record a reply" form, defined once."""

from enum import StrEnum

from handlers.shared.ids import CardActionId


class ActionId(StrEnum):
    REMINDER_RECORD_REPLY = CardActionId.RECORD_REPLY.value
    REMINDER_SNOOZE = "reminder_snooze"
    REPLY_DATE = "reply_date"
    REPLY_SUMMARY = "reply_summary"
    REPLY_LANGUAGE = "reply_language"
    REPLY_FLAGS = "reply_flags"
    REPLY_FILES = "reply_files"


class CallbackId(StrEnum):
    RECORD_REPLY = "record_reply"


class BlockId(StrEnum):
    REPLY_DATE = "reply_date"
    REPLY_SUMMARY = "reply_summary"
    REPLY_LANGUAGE = "reply_language"
    REPLY_FLAGS = "reply_flags"
    REPLY_FILES = "reply_files"
