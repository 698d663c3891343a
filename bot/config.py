"""Settings from the environment, in one typed object (twelve-factor)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as public_holidays

DEFAULT_DATABASE_URL = "sqlite:///mandate-bot.sqlite3"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_CARD_UPDATE_DELAY = 2.0
DEFAULT_REGISTRY_MAX_AGE_DAYS = 180
MAX_CARD_UPDATE_DELAY = 60.0
LANGUAGES = ("en", "fr", "es")  # the languages letters are written in (and States named in)
EDITIONS = ("current", "2017")  # wordings of the stock paragraphs: today's, and the seed's
# The letterhead printed at the top of the first page of a letter's Word file. The address is
# OHCHR's as the Office publishes it for the special procedures ("Office of the United Nations
# High Commissioner for Human Rights (OHCHR), Palais des Nations, 8-14, Avenue de la Paix,
# CH-1211 Geneva 10, Switzerland": OHCHR, "Promoting and protecting minority rights: a guide
# for advocates", 2012, p. 32; "c/o OHCHR-UNOG, 8-14 Avenue de la Paix, 1211 Geneva 10,
# Switzerland": OHCHR Special Procedures Bulletin, July-September 2009). The layout of the
# printed letterhead of the communications (emblem, typeface) is not confirmed by a published
# copy and is not imitated: the lines are printed centred, in small type.
DEFAULT_LETTERHEAD = (
    "Office of the United Nations High Commissioner for Human Rights",
    "Palais des Nations, 8-14, Avenue de la Paix, CH-1211 Geneva 10, Switzerland",
)
MAX_LETTERHEAD_LINES = 6


class SettingsError(ValueError):
    """A setting has a value the bot cannot use; the message says what to set instead."""


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean: use true or false.")


def _int(name: str, raw: str, *, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number.") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={value} is out of range: use {low} to {high}.")
    return value


def _seconds(name: str, raw: str, *, high: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(
            f"{name}={raw!r} is not a number of seconds: write e.g. 2 or 0.5."
        ) from None
    if not 0 <= value <= high:  # also refuses nan
        raise SettingsError(f"{name}={raw!r} is out of range: use 0 to {high:g} seconds.")
    return value


def _reply_days(raw: str) -> dict[str, int]:
    """Parse ``AL=60,UA=60,OL=60`` into per-type reply periods."""
    result = {"AL": 60, "UA": 60, "OL": 60}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        key, _, value = part.partition("=")
        key = key.strip().upper()
        if key not in result or not value:
            raise SettingsError(
                f"REPLY_DAYS={raw!r}: write it like AL=60,UA=60,OL=90 (types AL, UA, OL)."
            )
        result[key] = _int(f"REPLY_DAYS {key}", value.strip(), low=1, high=365)
    return result


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    slack_api_url: str = DEFAULT_SLACK_API_URL
    team_timezone: str = "Europe/Zurich"
    scheduler_enabled: bool = True
    port: int = 3000
    templates_dir: Path | None = None
    reply_days: Mapping[str, int] = field(default_factory=lambda: {"AL": 60, "UA": 60, "OL": 60})
    holidays: tuple[str, ...] = ()
    holiday_calendar: str | None = None  # e.g. "CH-GE": country and subdivision, `holidays` package
    log_level: str = "INFO"
    letter_edition: str = "current"  # the stock wording new cases get
    # Seconds a case card update waits for more changes of the case before it is sent (one
    # chat.update for a burst of changes); 0 sends it right after the answer.
    card_update_delay: float = DEFAULT_CARD_UPDATE_DELAY
    # Days a team member's /mandate confirm stays good before the linter asks for another.
    registry_max_age_days: int = DEFAULT_REGISTRY_MAX_AGE_DAYS
    # The lines at the top of a letter's first page in Word (LETTERHEAD, "|" between lines;
    # "none" prints none), and the team named as the Word file's author (TEAM_NAME).
    letterhead: tuple[str, ...] = DEFAULT_LETTERHEAD
    team_name: str | None = None
    # Days after sending an other letter (OL) becomes public (OL_PUBLICATION_DAYS); None: the
    # reply period its publication paragraph states, as for AL and UA. Sources disagree: see
    # bot/reminders/publication.py.
    ol_publication_days: int | None = None

    @property
    def tz(self) -> ZoneInfo:
        """The team's time zone."""
        return ZoneInfo(self.team_timezone)

    @property
    def has_slack_credentials(self) -> bool:
        """True when the bot can talk to a real Slack workspace."""
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check the settings; raise SettingsError naming the bad variable."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        tz = get("TEAM_TIMEZONE") or "Europe/Zurich"
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(
                f"TEAM_TIMEZONE={tz!r} is not a known time zone: use an IANA name "
                "such as Europe/Zurich or America/New_York."
            ) from None
        database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
        if database_url.startswith("postgres://"):
            database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
        if not database_url.startswith(("sqlite", "postgresql+psycopg")):
            raise SettingsError(
                f"DATABASE_URL must be sqlite:///FILE or postgresql+psycopg://..., "
                f"not {database_url.split(':', 1)[0]}:..."
            )
        api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
        if not api_url.startswith(("http://", "https://")):
            raise SettingsError(f"SLACK_API_URL={api_url!r} must start with http:// or https://.")
        if not api_url.endswith("/"):
            api_url += "/"
        templates = get("TEMPLATES_DIR")
        if templates and not Path(templates).is_dir():
            raise SettingsError(f"TEMPLATES_DIR={templates!r} is not a folder.")
        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"LOG_LEVEL={level!r}: use DEBUG, INFO, WARNING or ERROR.")
        holidays = tuple(h.strip() for h in (get("TEAM_HOLIDAYS") or "").split(",") if h.strip())
        for day in holidays:
            _check_iso_date("TEAM_HOLIDAYS", day)
        calendar = get("TEAM_HOLIDAY_CALENDAR")
        if calendar:
            calendar = calendar.upper()
            _check_holiday_calendar(calendar)
        edition = (get("LETTER_EDITION") or "current").lower()
        if edition not in EDITIONS:
            raise SettingsError(
                f"LETTER_EDITION={edition!r} is not an edition: use {' or '.join(EDITIONS)}."
            )
        delay = get("CARD_UPDATE_DELAY")
        card_update_delay = (
            _seconds("CARD_UPDATE_DELAY", delay, high=MAX_CARD_UPDATE_DELAY)
            if delay is not None
            else DEFAULT_CARD_UPDATE_DELAY
        )
        ol_days = get("OL_PUBLICATION_DAYS")
        return cls(
            ol_publication_days=(
                None
                if ol_days is None or ol_days.lower() == "reply-period"
                else _int("OL_PUBLICATION_DAYS", ol_days, low=0, high=365)
            ),
            letterhead=_letterhead(get("LETTERHEAD")),
            team_name=get("TEAM_NAME"),
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            database_url=database_url,
            slack_api_url=api_url,
            team_timezone=tz,
            scheduler_enabled=_bool("SCHEDULER_ENABLED", get("SCHEDULER_ENABLED") or "true"),
            port=_int("PORT", get("PORT") or "3000", low=1, high=65535),
            templates_dir=Path(templates) if templates else None,
            reply_days=_reply_days(get("REPLY_DAYS") or ""),
            holidays=holidays,
            holiday_calendar=calendar,
            log_level=level,
            letter_edition=edition,
            card_update_delay=card_update_delay,
            registry_max_age_days=_int(
                "REGISTRY_MAX_AGE_DAYS",
                get("REGISTRY_MAX_AGE_DAYS") or str(DEFAULT_REGISTRY_MAX_AGE_DAYS),
                low=1,
                high=3650,
            ),
        )


def _letterhead(raw: str | None) -> tuple[str, ...]:
    """``LETTERHEAD``: lines separated by "|"; unset, the OHCHR Geneva address; "none", none."""
    if raw is None:
        return DEFAULT_LETTERHEAD
    if raw.lower() == "none":
        return ()
    lines = tuple(" ".join(line.split()) for line in raw.split("|") if line.strip())
    if not lines or len(lines) > MAX_LETTERHEAD_LINES or any(len(line) > 200 for line in lines):
        raise SettingsError(
            f"LETTERHEAD={raw[:60]!r}…: write 1 to {MAX_LETTERHEAD_LINES} lines of at most 200 "
            'characters separated by "|", e.g. "Office of the United Nations High Commissioner '
            'for Human Rights | Palais des Nations, CH-1211 Geneva 10", or none.'
        )
    return lines


def _check_iso_date(name: str, value: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"{name}: {value!r} is not a date: write YYYY-MM-DD.") from None


def _check_holiday_calendar(value: str) -> None:
    """A country (ISO alpha-2) and optional subdivision the `holidays` package knows: CH-GE, US-NY."""
    country, _, subdivision = value.partition("-")
    try:
        public_holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        raise SettingsError(
            f"TEAM_HOLIDAY_CALENDAR={value!r} is not a calendar I know: write the ISO country "
            "code and, if wanted, the subdivision, e.g. CH-GE (Geneva) or US-NY (New York)."
        ) from None
