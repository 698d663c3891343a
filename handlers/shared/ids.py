"""The ids of the case card's own buttons, defined once (the card is every feature's)."""

from enum import StrEnum


class CardActionId(StrEnum):
    RECORD_REPLY = "reminder_record_reply"  # "Record reply" on the card and on reminders
    EDIT_TEXT = "case_edit_text"  # concern, urge and addressee in a form
    EDIT_QUESTIONS = "case_edit_questions"  # the numbered questions in a form
    EDIT_BODY = "case_edit_body"  # the body paragraphs in a form
    EDIT_MENU = "case_edit_menu"  # a draft's "Edit…" menu: its options' values name the form
    SEND_FORM = "case_send_form"  # "Send…" on the card of a cleared case: the date in a form


class EditForm(StrEnum):
    """Which edit form a button or menu option opens (its value is ``<form>:<case id>``)."""

    TEXT = "text"
    QUESTIONS = "questions"
    BODY = "body"


class RemovalActionId(StrEnum):
    UNDO = "removal_undo"  # "Undo" on the answer to a removal; its value is the removal's id
