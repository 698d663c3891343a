"""What a case's letter becomes: its draft versions, their clearances, the letter as sent, the
review comments and the addressee's replies (each row a case's, by ``case_id``; ``Case`` maps
them, so they sit with it, below the services that make them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base, UTCDateTime, utcnow
from bot.mandates.models import Mandate


class DraftVersion(Base):
    """An immutable rendering of a case's letter, numbered per case."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    content_version: Mapped[int] = mapped_column(Integer)  # the case content it was made from
    markdown: Mapped[str] = mapped_column(Text, deferred=True)  # loaded when read
    text_hash: Mapped[str] = mapped_column(String(64))
    made_by: Mapped[str] = mapped_column(String(32))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The linter's findings when it was made, as its reviewers saw them: a list of
    # {"code", "message", "part", "number", "key", "offered"}; None for versions made before
    # they were kept.
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    clearances: Mapped[list[Clearance]] = relationship(
        order_by="Clearance.cleared_at", cascade="all, delete-orphan"
    )
    sent_letter: Mapped[SentLetter | None] = relationship(cascade="all, delete-orphan")


class SentLetter(Base):
    """The letter exactly as sent, stored once when it is sent: exports come from here."""

    __tablename__ = "sent_letters"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("draft_versions.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(64))
    markdown: Mapped[str] = mapped_column(Text)
    plain_text: Mapped[str] = mapped_column(Text)
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublicVersion(Base):
    """The public version of a sent letter: withheld names replaced, numbered per case. One
    team member clears it; the cleared one is frozen beside the sent letter (none after it)."""

    __tablename__ = "public_versions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    sent_version_id: Mapped[int] = mapped_column(
        ForeignKey("draft_versions.id", ondelete="CASCADE")
    )  # the sent letter it was made from
    language: Mapped[str] = mapped_column(String(2))
    names_hash: Mapped[str] = mapped_column(String(64))  # the withheld names it replaced
    markdown: Mapped[str] = mapped_column(Text, deferred=True)
    plain_text: Mapped[str] = mapped_column(Text, deferred=True)
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # What its reviewer is shown: withheld names still present, names never found; each
    # {"code", "message", "part", "number", "key", "offered"} as a draft's findings.
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    made_by: Mapped[str] = mapped_column(String(32))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_by: Mapped[str | None] = mapped_column(String(32))
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Clearance(Base):
    """One mandate's clearance of one draft version; at most one per mandate and version."""

    __tablename__ = "clearances"
    __table_args__ = (UniqueConstraint("version_id", "mandate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id", ondelete="CASCADE"))
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"))
    cleared_by: Mapped[str] = mapped_column(String(32))
    cleared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    mandate: Mapped[Mandate] = relationship(lazy="joined")


class ReviewComment(Base):
    """A reply in the review thread, or a request for changes, tied to the version it answers."""

    __tablename__ = "review_comments"
    __table_args__ = (
        UniqueConstraint("case_id", "message_ts"),
        Index("ix_review_comments_version", "version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_versions.id", ondelete="SET NULL")
    )
    author: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16), default="comment")  # comment | changes
    text: Mapped[str] = mapped_column(Text)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # edited in Slack


NOT_CLEARED = "no team member cleared it for publication yet"


class AddresseeReply(Base):
    """A reply received from the addressee; several may arrive for one letter."""

    __tablename__ = "addressee_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the Home tab's recent replies
    summary: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8))  # en, fr, es, other; None: not said
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)  # the addressee asked
    translation_requested_on: Mapped[dt.date | None] = mapped_column(Date)
    translation_received_on: Mapped[dt.date | None] = mapped_column(Date)
    # A team member cleared it for publication (who and on which day); None: not cleared.
    cleared_by: Mapped[str | None] = mapped_column(String(32))
    cleared_on: Mapped[dt.date | None] = mapped_column(Date)
    documents: Mapped[list[ReplyDocument]] = relationship(
        order_by="ReplyDocument.id", back_populates="reply"
    )

    @property
    def publication_holds(self) -> tuple[str, ...]:
        """Why the reply is not cleared for publication, in plain words (nothing: it is).
        Cleared: a team member cleared it, the addressee did not ask that it stay
        confidential, and no translation requested is still awaited."""
        reasons = []
        if self.confidential:
            reasons.append("the addressee asked that it stay confidential")
        if self.translation_requested_on and not self.translation_received_on:
            requested = self.translation_requested_on.isoformat()
            reasons.append(f"translation requested {requested}, not received")
        if self.cleared_by is None:
            reasons.append(NOT_CLEARED)
        return tuple(reasons)


class ReplyDocument(Base):
    """A document of a reply as Slack holds it (shared in the review thread or attached in
    the Record reply form): its Slack file id, name and permalink, never its content. A
    document with no reply yet waits for the next reply recorded for the case."""

    __tablename__ = "reply_documents"
    __table_args__ = (UniqueConstraint("case_id", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int | None] = mapped_column(
        ForeignKey("addressee_replies.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    permalink: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # "thread" or "form"
    shared_by: Mapped[str] = mapped_column(String(32))
    shared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reply: Mapped[AddresseeReply | None] = relationship(back_populates="documents")
