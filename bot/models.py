"""Imports every model so Base.metadata is complete (Alembic, tests)."""

from bot.audit.models import AuditEntry
from bot.cases.letter_models import (
    AddresseeReply,
    Clearance,
    DraftVersion,
    ReviewComment,
    SentLetter,
)
from bot.cases.models import (
    Allegation,
    Case,
    CaseCitation,
    CaseMandate,
    Question,
    ReferenceCounter,
    Removal,
)
from bot.cases.search_index import CaseWords
from bot.citations.models import Ratification
from bot.db import Base
from bot.mandates.models import Mandate
from bot.reminders.models import Reminder
from bot.slack.models import HandledRequest, OutboxMessage, SlackEvent, SlackMessage

__all__ = [
    "AddresseeReply",
    "CaseWords",
    "Clearance",
    "DraftVersion",
    "Reminder",
    "Removal",
    "ReviewComment",
    "SentLetter",
    "Allegation",
    "AuditEntry",
    "Base",
    "Case",
    "CaseCitation",
    "CaseMandate",
    "Mandate",
    "Question",
    "Ratification",
    "ReferenceCounter",
    "SlackEvent",
    "HandledRequest",
    "OutboxMessage",
    "SlackMessage",
]
