"""The ids of the "Open a case" form, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    OPEN_CASE_COUNTRY = "open_case_country"
    OPEN_CASE_TYPE = "open_case_type"
    OPEN_CASE_MANDATES = "open_case_mandates"
    OPEN_CASE_SUBJECT = "open_case_subject"
    OPEN_CASE_CHANNEL = "open_case_channel"
    EDIT_CONCERN = "edit_concern"
    EDIT_URGE = "edit_urge"
    EDIT_ADDRESSEE = "edit_addressee"
    EDIT_PARAGRAPH = "edit_paragraph"


class CallbackId(StrEnum):
    OPEN_CASE = "open_case"
    OPEN_CASE_SHORTCUT = "open_case_shortcut"  # the global shortcut "Open a case"
    EDIT_TEXT = "edit_case_text"
    EDIT_PARAGRAPHS = "edit_case_paragraphs"


class BlockId(StrEnum):
    COUNTRY = "country"
    TYPE = "type"
    MANDATES = "mandates"
    SUBJECT = "subject"
    CHANNEL = "channel"
    CONCERN = "concern"
    URGE = "urge"
    ADDRESSEE = "addressee"
    NEW_PARAGRAPH = "paragraph-new"  # paragraphs already there are "paragraph-<id>"
