"""Dates as UN letters print them, and the date-like phrases the linter checks in free text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names

# Babel locale per letter language: British English gives "23 January 2017" as the UN writes it.
_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es"}
LANGUAGES = tuple(_LOCALES)


def format_date(day: dt.date, language: str) -> str:
    """Format a date in a letter's language: "23 January 2017", "1er janvier 2017", "23 de enero de 2017"."""
    text = babel_format_date(day, format="long", locale=_LOCALES[language])
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def today() -> dt.date:
    """Today's date, for a draft that has no sending date yet."""
    return dt.date.today()


@dataclass(frozen=True)
class DateProblem:
    """A date written in free text that cannot be right."""

    text: str  # the date as written, e.g. "13 December 200"
    reason: str  # "truncated year" | "malformed year" | "impossible date"


@cache
def _month_numbers() -> dict[str, int]:
    """Month names of every letter language, lower-case, mapped to their number."""
    months: dict[str, int] = {}
    for locale in _LOCALES.values():
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[name.lower().rstrip(".")] = number
    return months


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Day-first ("13 December 200", "13 de diciembre de 200") and month-first patterns."""
    names = "|".join(sorted((re.escape(m) for m in _month_numbers()), key=len, reverse=True))
    day_first = re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:er)?\s+(?:de\s+)?(?P<month>{names})\.?\s+(?:de\s+|del\s+)?"
        rf"(?P<year>\d{{1,5}})(?![\d/])",
        re.IGNORECASE,
    )
    month_first = re.compile(
        rf"\b(?P<month>{names})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{1,5}})(?![\d/])",
        re.IGNORECASE,
    )
    return day_first, month_first


def find_date_problems(text: str) -> Iterator[DateProblem]:
    """Yield truncated years ("13 December 200") and impossible days ("30 février 2016")."""
    months = _month_numbers()
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            year_text = match["year"]
            month = months[match["month"].lower().rstrip(".")]
            day = int(match["day"])
            if len(year_text) < 4:
                yield DateProblem(match.group(0), "truncated year")
            elif len(year_text) > 4:
                yield DateProblem(match.group(0), "malformed year")
            elif not 1 <= day <= calendar.monthrange(int(year_text), month)[1]:
                yield DateProblem(match.group(0), "impossible date")
