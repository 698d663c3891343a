"""The ids of a draft's review buttons and the request-changes form, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    CLEAR_VERSION = "clear_version"
    REQUEST_CHANGES = "request_changes"
    CHANGES_REASON = "changes_reason"
    SEND_DATE = "send_date"
    WITHDRAW_CLEARANCE = "withdraw_clearance"
    SEND_LETTER = "send_letter"
    CANCEL_SEND = "cancel_send"
    CLEAR_PUBLIC = "clear_public_version"


class CallbackId(StrEnum):
    REQUEST_CHANGES = "request_changes"
    SEND_LETTER = "send_letter"


class BlockId(StrEnum):
    REASON = "reason"
    SEND_DATE = "send_date"
