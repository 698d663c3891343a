"""The communications report: letters sent in a period, with the replies received."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.cases.dates import check_plausible
from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.errors import Invalid
from bot.grammar import sentence

# HRC reports list replies in a window that ends about two months after the sending window
# (sent 1 Dec - 28 Feb, replies until 30 Apr): by default, the standard 60-day reply period.
REPLY_LAG_DAYS = 60
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ReportPeriod:
    """Letters sent from ``sent_from`` to ``sent_to``; replies received in the reply window."""

    sent_from: dt.date
    sent_to: dt.date
    replies_until: dt.date
    replies_from: dt.date | None = None

    @property
    def description(self) -> str:
        """``sent 2016-12-01 to 2017-02-28, replies received until 2017-04-29``."""
        since = f"from {self.replies_from.isoformat()} " if self.replies_from else ""
        return (
            f"sent {self.sent_from.isoformat()} to {self.sent_to.isoformat()}, "
            f"replies received {since}until {self.replies_until.isoformat()}"
        )

    @property
    def file_stem(self) -> str:
        """``communications-2016-12-01-to-2017-02-28``."""
        return f"communications-{self.sent_from.isoformat()}-to-{self.sent_to.isoformat()}"


@dataclass(frozen=True)
class ReportRow:
    """One communication as the HRC report lists it."""

    sent_on: dt.date
    country: str
    type_code: str  # AL, JAL, UA, JUA, OL, JOL
    reference: str
    mandates: list[str]
    summary: str
    alleged_victims: int | None  # /case set <case> victims <n>; None when not recorded
    replies: list[dt.date]
    follows: str | None = None  # a follow-up: the reference of the communication it follows up


def parse_day(text: str, *, what: str = "date") -> dt.date:
    """A YYYY-MM-DD date that exists, or a UserError saying what is wrong."""
    if not _ISO_DAY.match(text.strip()):
        raise Invalid(f"{text!r} is not a date: write the {what} as YYYY-MM-DD.")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(f"{text} is not a date that exists.") from None


def make_period(
    *,
    sent_from: dt.date,
    sent_to: dt.date,
    replies_from: dt.date | None = None,
    replies_until: dt.date | None = None,
) -> ReportPeriod:
    """Check the windows; replies are counted until ``to`` + 60 days unless told otherwise."""
    for day, what in ((sent_from, "the first day"), (sent_to, "the last day")):
        check_plausible(day, what=f"{what} of a report", today=dt.date.today())
    for reply_day in (replies_from, replies_until):
        if reply_day is not None:
            check_plausible(reply_day, what="a reply date", today=dt.date.today())
    if sent_from > sent_to:
        raise Invalid(
            f"The period starts ({sent_from.isoformat()}) after it ends ({sent_to.isoformat()})."
        )
    until = replies_until or sent_to + dt.timedelta(days=REPLY_LAG_DAYS)
    if until < sent_from:
        raise Invalid(
            f"replies-until ({until.isoformat()}) is before the first letter could be sent "
            f"({sent_from.isoformat()})."
        )
    if replies_from is not None and replies_from > until:
        raise Invalid(
            f"replies-from ({replies_from.isoformat()}) is after replies-until "
            f"({until.isoformat()})."
        )
    return ReportPeriod(sent_from, sent_to, until, replies_from)


def communication_rows(
    *, session: Session, period: ReportPeriod, channel_ids: list[str] | None = None
) -> list[ReportRow]:
    """The letters sent in the period (of these channels, or all), oldest first."""
    query = (
        select(Case)
        .where(Case.sent_on.is_not(None))
        .where(Case.sent_on >= period.sent_from, Case.sent_on <= period.sent_to)
        .options(
            selectinload(Case.mandate_links),
            selectinload(Case.replies),
            selectinload(Case.follows),
        )
        .order_by(Case.sent_on, Case.reference_code, Case.reference_year, Case.reference_number)
    )
    if channel_ids is not None:
        query = query.where(Case.channel_id.in_(channel_ids))
    return [_row(case, period) for case in session.scalars(query)]


def _row(case: Case, period: ReportPeriod) -> ReportRow:
    assert case.sent_on is not None
    replies = [
        reply.received_on
        for reply in case.replies
        if reply.received_on <= period.replies_until
        and (period.replies_from is None or reply.received_on >= period.replies_from)
    ]
    return ReportRow(
        sent_on=case.sent_on,
        country=addressee_name(case),
        type_code=case.letter_type.public_code(case.is_joint),
        reference=case.reference,
        mandates=[mandate.code for mandate in case.mandates],
        summary=sentence(case.subject),  # the subject completes a sentence: one of its own
        alleged_victims=case.victims_count,
        replies=sorted(replies),
        follows=case.follows.printed if case.follows is not None else None,
    )
