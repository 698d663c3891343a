"""Ratification dates entered by teams; they win over the shipped data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow


class Ratification(Base):
    """A State's date of becoming party to a library entry, as a team recorded it."""

    __tablename__ = "ratifications"
    __table_args__ = (UniqueConstraint("key", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    date: Mapped[dt.date] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
