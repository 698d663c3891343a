"""Every action_id, callback_id and block_id the app uses, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    """Buttons and inputs in messages and modals."""

    OPEN_CASE_COUNTRY = "open_case_country"
    OPEN_CASE_TYPE = "open_case_type"
    OPEN_CASE_MANDATES = "open_case_mandates"
    OPEN_CASE_SUBJECT = "open_case_subject"
    ALLEGATION_TEXT = "allegation_text"
    ALLEGATION_CASE = "allegation_case"
    CLEAR_VERSION = "clear_version"
    REQUEST_CHANGES = "request_changes"
    CHANGES_REASON = "changes_reason"
    HOME_OPEN_CASE = "home_open_case"  # a link button: acknowledged, nothing else to do
    REMINDER_RECORD_REPLY = "reminder_record_reply"
    REMINDER_SNOOZE = "reminder_snooze"
    REPLY_DATE = "reply_date"
    REPLY_SUMMARY = "reply_summary"


class CallbackId(StrEnum):
    """Modals and shortcuts."""

    OPEN_CASE = "open_case"
    ADD_ALLEGATION = "add_allegation"
    EDIT_ALLEGATION = "edit_allegation"
    MESSAGE_TO_ALLEGATION = "message_to_allegation"
    REQUEST_CHANGES = "request_changes"
    RECORD_REPLY = "record_reply"


class BlockId(StrEnum):
    """Input blocks of modals (their values are read back by id)."""

    COUNTRY = "country"
    TYPE = "type"
    MANDATES = "mandates"
    SUBJECT = "subject"
    TEXT = "text"
    CASE = "case"
    REASON = "reason"
    REPLY_DATE = "reply_date"
    REPLY_SUMMARY = "reply_summary"
