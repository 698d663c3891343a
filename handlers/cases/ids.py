"""The ids of the "Open a case" form, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    OPEN_CASE_COUNTRY = "open_case_country"
    OPEN_CASE_TYPE = "open_case_type"
    OPEN_CASE_MANDATES = "open_case_mandates"
    OPEN_CASE_SUBJECT = "open_case_subject"


class CallbackId(StrEnum):
    OPEN_CASE = "open_case"


class BlockId(StrEnum):
    COUNTRY = "country"
    TYPE = "type"
    MANDATES = "mandates"
    SUBJECT = "subject"
