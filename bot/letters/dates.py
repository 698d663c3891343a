"""Dates as UN letters print them, and the date-like phrases the linter checks in free text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain

from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names

# Babel locale per letter language: British English gives "23 January 2017" as the UN writes it.
_LOCALES = {"en": "en_GB", "fr": "fr", "es": "es"}


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
def _month_name() -> re.Pattern[str]:
    """Any month name of the letter languages, matched as the date patterns match it."""
    names = "|".join(sorted((re.escape(m) for m in _month_numbers()), key=len, reverse=True))
    return re.compile(rf"(?:{names})", re.IGNORECASE)


# Day-first ("13 December 200", "13 de diciembre de 200") and month-first ("December 13, 200")
# dates, with any word where the month stands. A month name is a whole word there (a word
# start before it, a dot or a space after), so these match wherever the names would, and the
# word is then looked up (_dates): a pattern holding every month name of three languages tries
# them all at every word, and costs several times as much.
_DAY_FIRST = re.compile(
    r"\b(?P<day>\d{1,2})(?:er)?\s+(?:de\s+)?(?P<month>[^\W\d_]+)\.?\s+(?:de\s+|del\s+)?"
    r"(?P<year>\d{1,5})(?![\d/])",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    r"\b(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{1,5})(?![\d/])",
    re.IGNORECASE,
)
_DAY_THEN_YEAR = re.compile(r"\d,?\s+\d")  # what every month-first date holds: "13, 2000"


def _dates(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The date matches of one pattern, as finditer would give them had the pattern the
    month names themselves: a match on a word that is no month name is passed over, and the
    search goes on from the next character (a date may start inside it)."""
    is_month = _month_name().fullmatch
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if is_month(match["month"]):
            yield match
            position = match.end()
        else:
            position = match.start() + 1


def find_date_problems(text: str) -> Iterator[DateProblem]:
    """Yield truncated years ("13 December 200") and impossible days ("30 février 2016")."""
    months = _month_numbers()
    matches = _dates(_DAY_FIRST, text)
    if _DAY_THEN_YEAR.search(text):
        matches = chain(matches, _dates(_MONTH_FIRST, text))
    for match in matches:
        year_text = match["year"]
        month = months[match["month"].lower().rstrip(".")]
        day = int(match["day"])
        if len(year_text) < 4:
            yield DateProblem(match.group(0), "truncated year")
        elif len(year_text) > 4:
            yield DateProblem(match.group(0), "malformed year")
        elif not 1 <= day <= calendar.monthrange(int(year_text), month)[1]:
            yield DateProblem(match.group(0), "impossible date")
