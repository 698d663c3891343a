"""The mandate registry: who signs, under which resolutions, and who may clear."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow


class Mandate(Base):
    """A Special Procedures mandate, e.g. FOAA or HRD."""

    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(Text)  # in English
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON)  # {"fr": ..., "es": ...}
    resolutions: Mapped[list[str]] = mapped_column(JSON, default=list)
    holders: Mapped[list[str]] = mapped_column(JSON, default=list)
    approvers: Mapped[list[str]] = mapped_column(JSON, default=list)  # Slack user ids
    paragraphs: Mapped[dict[str, str] | None] = mapped_column(JSON)  # {"en": ..., "fr": ...}
    kind: Mapped[str | None] = mapped_column(String(16))  # "thematic" | "country"
    # The values last loaded from bot/data/mandates (title, titles, resolutions, kind), so that a
    # refresh changes only what the team has not edited since; None for a team's own mandate.
    shipped: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def title_in(self, language: str) -> str | None:
        """The title in a letter language; None when no translation is recorded."""
        if language == "en":
            return self.title
        return (self.titles or {}).get(language)

    def paragraph_in(self, language: str) -> str | None:
        """The mandate's own paragraph in a letter language; None when not recorded."""
        return (self.paragraphs or {}).get(language)
