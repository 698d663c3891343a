"""Cases and their content: allegations, questions, citations, and reference counters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.cases.enums import CaseStatus, CitationForm, LetterType
from bot.cases.letter_models import AddresseeReply, DraftVersion
from bot.db import Base, UTCDateTime, utcnow
from bot.mandates.models import Mandate


def _enum(cls: type) -> Enum:
    return Enum(cls, native_enum=False, values_callable=lambda e: [m.value for m in e], length=16)


class ReferenceCounter(Base):
    """The last number given per reference code (ISO alpha-3 or OTH) and year."""

    __tablename__ = "reference_counters"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


def format_reference(letter_type: LetterType, code: str, number: int, year: int) -> str:
    """A case's reference as letters print it, e.g. ``AL KAZ 1/2017``."""
    return f"{letter_type.value} {code} {number}/{year}"


class Case(Base):
    """One communication in the making, from opening to reply."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("reference_code", "reference_number", "reference_year"),
        Index("ix_cases_channel_status", "channel_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32))
    letter_type: Mapped[LetterType] = mapped_column(_enum(LetterType))
    country_code: Mapped[str] = mapped_column(String(3))  # ISO alpha-3 or OTH
    addressee: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    concern: Mapped[str] = mapped_column(Text, default="")
    urge: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="en")
    reply_days: Mapped[int] = mapped_column(Integer, default=60)
    reference_code: Mapped[str] = mapped_column(String(3))
    reference_number: Mapped[int] = mapped_column(Integer)
    reference_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.OPEN)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[str | None] = mapped_column(Text)  # confidential: never in letters or lists
    victims_withheld: Mapped[str | None] = mapped_column(Text)
    victims_count: Mapped[int | None] = mapped_column(Integer)  # alleged victims, for reports
    opened_by: Mapped[str] = mapped_column(String(32))
    # Slack user id of the person answerable for the case; whoever opened it unless changed.
    owner: Mapped[str] = mapped_column(
        String(32), default=lambda context: context.get_current_parameters()["opened_by"]
    )
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    content_version: Mapped[int] = mapped_column(Integer, default=1)  # bumps on every edit
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    sent_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_versions.id", use_alter=True, ondelete="SET NULL")
    )
    snoozed_until: Mapped[dt.date | None] = mapped_column(Date)
    edition: Mapped[str] = mapped_column(String(16), default="current")  # stock wording
    press_release: Mapped[bool] = mapped_column(Boolean, default=False)  # notice in the letter
    printed_reference: Mapped[str | None] = mapped_column(Text)  # a legacy reference as typed
    # The earlier communication this one follows up (/case follow-up); its letter cites it.
    follows_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )

    mandate_links: Mapped[list[CaseMandate]] = relationship(
        order_by="CaseMandate.position", cascade="all, delete-orphan"
    )
    allegations: Mapped[list[Allegation]] = relationship(
        order_by="Allegation.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan"
    )
    body_paragraphs: Mapped[list[BodyParagraph]] = relationship(
        order_by="BodyParagraph.position", cascade="all, delete-orphan"
    )
    citations: Mapped[list[CaseCitation]] = relationship(
        order_by="CaseCitation.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[DraftVersion]] = relationship(
        order_by="DraftVersion.number",
        cascade="all, delete-orphan",
        foreign_keys="DraftVersion.case_id",
    )
    replies: Mapped[list[AddresseeReply]] = relationship(
        order_by="AddresseeReply.received_on", cascade="all, delete-orphan"
    )
    # Read only when asked for (a case that follows none costs no query).
    follows: Mapped[Case | None] = relationship(
        remote_side="Case.id", foreign_keys=[follows_case_id], lazy="select"
    )

    @property
    def mandates(self) -> list[Mandate]:
        return [link.mandate for link in self.mandate_links]

    @property
    def reference(self) -> str:
        """The reference printed on the letter, e.g. ``AL KAZ 1/2017``."""
        return format_reference(
            self.letter_type, self.reference_code, self.reference_number, self.reference_year
        )

    @property
    def printed(self) -> str:
        """The reference as the letter prints it: a legacy reference as typed, else ours."""
        return self.printed_reference or self.reference

    @property
    def is_joint(self) -> bool:
        return len(self.mandate_links) > 1

    @property
    def latest_version(self) -> DraftVersion | None:
        return self.versions[-1] if self.versions else None


class CaseMandate(Base):
    """A co-signing mandate of a case, in the order they sign."""

    __tablename__ = "case_mandates"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    mandate: Mapped[Mandate] = relationship(lazy="joined")


class Allegation(Base):
    """A paragraph under "According to the information received:"."""

    __tablename__ = "allegations"
    __table_args__ = (UniqueConstraint("case_id", "position"),)  # numbers are gapless, unique

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Question(Base):
    """A numbered question to the addressee."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("case_id", "position"),)  # numbers are gapless, unique

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class BodyParagraph(Base):
    """A numbered body paragraph after the concern (legal analysis, context)."""

    __tablename__ = "body_paragraphs"
    __table_args__ = (UniqueConstraint("case_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CaseCitation(Base):
    """An annex item: a library citation (key, pinpoint, ...) or a free paragraph."""

    __tablename__ = "case_citations"
    __table_args__ = (UniqueConstraint("case_id", "position"),)  # numbers are gapless, unique

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    form: Mapped[CitationForm] = mapped_column(_enum(CitationForm))
    key: Mapped[str | None] = mapped_column(String(32))
    pinpoint: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    # A free paragraph printed at the end of the annex paragraph before it (``text+``).
    runs_on: Mapped[bool] = mapped_column(Boolean, default=False)


class Removal(Base):
    """A paragraph or annex item removed from a case, kept whole so that whoever removed it
    can put it back at its place (Undo), after a restart too."""

    __tablename__ = "removals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # "allegation", "question", "annex", ...
    position: Mapped[int] = mapped_column(Integer)  # where it was, from 0
    text: Mapped[str] = mapped_column(Text)  # what it read, as the answer quoted it
    row: Mapped[dict] = mapped_column(JSON)  # its other columns, to store it again
    removed_by: Mapped[str] = mapped_column(String(32))
    removed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    restored_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def number(self) -> int:
        """Its number as users count (from 1) when it was removed."""
        return self.position + 1
