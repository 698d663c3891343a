"""The mandate registry: who signs, under which resolutions, and who may clear."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow
from bot.mandates.bases import BasisKind, parse_holder, stored_basis, treaty_language


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
    # Holder functions and treaty provisions per letter language, keyed by the stored entry:
    # {"functions": {"fr": {"Name | Vice-Chair": "Vice-Présidente"}}, "bases": {"es": {...}}}.
    forms: Mapped[dict | None] = mapped_column(JSON)
    # Where each part of the row came from and as of when (bot/mandates/provenance.py):
    # {"title"|"holders"|"bases"|"translations": {"source", "as_of", "loaded"} or {"by", "at"}}.
    provenance: Mapped[dict | None] = mapped_column(JSON)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # a team member
    confirmed_by: Mapped[str | None] = mapped_column(String(32))  # checked the whole row
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def title_in(self, language: str) -> str | None:
        """The title in a letter language; None when no translation is recorded."""
        if language == "en":
            return self.title
        return (self.titles or {}).get(language)

    def form_in(self, kind: str, entry: str, language: str) -> str | None:
        """A holder's function (``kind`` "functions", ``entry`` the stored holder) or a treaty
        provision (``kind`` "bases", ``entry`` the stored basis) in a letter language; None when
        no form is recorded for it."""
        return ((self.forms or {}).get(kind) or {}).get(language, {}).get(entry)

    def basis_in(self, stored: str, language: str) -> str | None:
        """A legal basis as a letter in this language prints it: a resolution as stored, a
        treaty provision in its form for the language (or as typed, when typed in it); None
        when the provision has no form in the language."""
        if stored_basis(stored).kind is not BasisKind.TREATY:
            return stored
        form = self.form_in("bases", stored, language)
        if form:
            return form
        return stored if treaty_language(stored) == language else None

    def function_in(self, stored: str, language: str) -> str | None:
        """A holder's function (``stored`` is ``Name | Function``) in a letter language: "" for
        none, the English as typed, another language's form, or None when it has none."""
        function = parse_holder(stored).function
        if not function or language == "en":
            return function
        return self.form_in("functions", stored, language)

    def paragraph_in(self, language: str) -> str | None:
        """The mandate's own paragraph in a letter language; None when not recorded."""
        return (self.paragraphs or {}).get(language)
