"""The ids of the allegation forms and the message shortcut, defined once."""

from enum import StrEnum


class ActionId(StrEnum):
    ALLEGATION_TEXT = "allegation_text"
    ALLEGATION_CASE = "allegation_case"


class CallbackId(StrEnum):
    ADD_ALLEGATION = "add_allegation"
    EDIT_ALLEGATION = "edit_allegation"
    MESSAGE_TO_ALLEGATION = "message_to_allegation"


class BlockId(StrEnum):
    TEXT = "text"
    CASE = "case"
