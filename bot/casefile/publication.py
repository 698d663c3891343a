"""The published and lead fields of a case: when and where a sent letter was made public, and
which co-signing mandate leads a case."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from bot.cases.dates import check_plausible
from bot.cases.models import Case
from bot.errors import Invalid, UserError
from bot.events import PublicationRecorded, record_event

MAX_URL = 500
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Slack sends a link typed in a command as <https://...> or <https://...|label>.
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
EXAMPLE_URL = "https://spcommreports.ohchr.org/…"


class NotSentYet(UserError):
    """A publication is recorded for a sent letter: this one is not sent."""

    def __init__(self, message: str, *, case_id: int) -> None:
        super().__init__(message)
        self.case_id = case_id


def _usage(case: Case) -> str:
    return f"/case set {case.id} published 2017-03-24 {EXAMPLE_URL}"


def _public_day(text: str, case: Case) -> dt.date:
    if not _ISO_DAY.match(text):
        raise Invalid(
            f"{text!r} is not a date: write the day the letter was made public as YYYY-MM-DD, "
            f"e.g. `{_usage(case)}`."
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{text} is not a date that exists: write it as YYYY-MM-DD.") from None


def _link(text: str) -> str:
    """A web address of the public page, as typed or as Slack wraps it."""
    wrapped = _SLACK_LINK.match(text)
    url = wrapped.group(1) if wrapped else text
    parts = urlsplit(url)
    if (
        parts.scheme not in {"http", "https"}
        or "." not in parts.netloc
        or any(c.isspace() or c in "<>\"'" for c in url)
        or len(url) > MAX_URL
    ):
        raise Invalid(
            f"{plain_text(text)!r} is not a link: give the address of the letter's public page, "
            f"starting with https:// (e.g. {EXAMPLE_URL}), or nothing."
        )
    return url


def plain_text(text: str) -> str:
    """At most 80 characters of what was typed, for a refusal."""
    return text if len(text) <= 80 else text[:79] + "…"


def set_published(case: Case, value: str, session: Session) -> str:
    """Record the day a sent letter was made public and, if given, its page; ``none`` takes
    the record back."""
    words = value.split()
    if case.sent_on is None:
        raise NotSentYet(
            f"Case #{case.id} ({case.reference}) is not sent yet: a letter is made public after "
            "it is sent.",
            case_id=case.id,
        )
    if [w.lower() for w in words] == ["none"]:
        case.published_on, case.published_url = None, None
        record_event(session, PublicationRecorded(case_id=case.id, published_on=None))
        return "none"
    if not words or len(words) > 2:
        raise Invalid(f"Give the day it was made public and, if you have it: `{_usage(case)}`.")
    day = _public_day(words[0], case)
    today = dt.datetime.now(dt.UTC).date()
    check_plausible(day, what="the day it was made public", today=today)
    if day < case.sent_on:
        raise Invalid(
            f"{day.isoformat()} is before the letter was sent ({case.sent_on.isoformat()}): give "
            f"the day it appeared on the public page, {case.sent_on.isoformat()} or later."
        )
    if day > today + dt.timedelta(days=1):  # a day's grace for the time zones
        raise Invalid(
            f"{day.isoformat()} is in the future: record the publication once the letter is on "
            f"its public page (today or earlier). It is due to become public on "
            f"{case.public_on.isoformat() if case.public_on else 'its publication day'}."
        )
    url = _link(words[1]) if len(words) == 2 else None
    case.published_on, case.published_url = day, url
    record_event(session, PublicationRecorded(case_id=case.id, published_on=day))
    return shown_published(case) or "none"


def shown_published(case: Case) -> str | None:
    """``2017-03-24 https://...`` as /case set answers it and the audit trail keeps it."""
    if case.published_on is None:
        return None
    return case.published_on.isoformat() + (f" {case.published_url}" if case.published_url else "")


def set_lead(case: Case, value: str, session: Session) -> str:
    """Which of the case's co-signing mandates leads it (drafts and answers for it)."""
    code = value.strip().upper()
    codes = [m.code for m in case.mandates]
    chosen = [m for m in case.mandates if m.code == code]
    if not chosen:
        near = difflib.get_close_matches(code, codes, n=1)
        hint = f"Did you mean {near[0]}? " if near else ""
        example = near[0] if near else codes[0] if codes else "FOAA"
        raise Invalid(
            f"{code or value!r} does not co-sign case #{case.id}: its mandates are "
            f"{', '.join(codes) or 'none'}. {hint}Type e.g. `/case set {case.id} lead {example}` "
            f"(to add a mandate first: `/case set {case.id} mandates ...`)."
        )
    case.lead_mandate_id = chosen[0].id
    return chosen[0].code


def keep_lead(case: Case) -> None:
    """After the mandates changed: the lead stays if it still co-signs, else the first leads."""
    ids = [link.mandate.id for link in case.mandate_links]
    if case.lead_mandate_id not in ids:
        case.lead_mandate_id = ids[0] if ids else None
