"""Settings read from the environment, with clear errors for bad values."""

from __future__ import annotations

import pytest

from bot.config import DEFAULT_LETTERHEAD, Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.team_timezone == "Europe/Zurich"
    assert settings.scheduler_enabled is True
    assert settings.slack_api_url == "https://slack.com/api/"
    assert not settings.has_slack_credentials
    assert settings.reply_days == {"AL": 60, "UA": 60, "OL": 60}
    assert settings.card_update_delay == 2.0 == Settings().card_update_delay


def test_values_are_read_and_normalised() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "SCHEDULER_ENABLED": "false",
            "TEAM_TIMEZONE": "America/New_York",
            "REPLY_DAYS": "UA=30",
            "PORT": "8080",
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "CARD_UPDATE_DELAY": "0.5",
        }
    )
    assert settings.card_update_delay == 0.5
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.scheduler_enabled is False
    assert settings.reply_days["UA"] == 30 and settings.reply_days["AL"] == 60
    assert settings.port == 8080
    assert settings.has_slack_credentials


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TEAM_TIMEZONE": "Mars/Olympus"}, "not a known time zone"),
        ({"SCHEDULER_ENABLED": "maybe"}, "use true or false"),
        ({"PORT": "eighty"}, "not a whole number"),
        ({"PORT": "70000"}, "out of range"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must be"),
        ({"REPLY_DAYS": "XX=3"}, "AL=60,UA=60,OL=90"),
        ({"TEAM_HOLIDAYS": "2026-12-32"}, "YYYY-MM-DD"),
        ({"SLACK_API_URL": "ftp://x"}, "http://"),
        ({"TEAM_HOLIDAY_CALENDAR": "CH-XX"}, "TEAM_HOLIDAY_CALENDAR='CH-XX' is not a calendar"),
        ({"TEAM_HOLIDAY_CALENDAR": "Geneva"}, "TEAM_HOLIDAY_CALENDAR='GENEVA'"),
        ({"CARD_UPDATE_DELAY": "soon"}, "CARD_UPDATE_DELAY='soon' is not a number of seconds"),
        ({"CARD_UPDATE_DELAY": "-1"}, "CARD_UPDATE_DELAY='-1' is out of range: use 0 to 60"),
        ({"CARD_UPDATE_DELAY": "90"}, "out of range"),
        ({"CARD_UPDATE_DELAY": "nan"}, "out of range"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_holiday_calendar_is_read_and_checked() -> None:
    assert Settings.from_env({"TEAM_HOLIDAY_CALENDAR": "ch-ge"}).holiday_calendar == "CH-GE"
    assert Settings.from_env({"TEAM_HOLIDAY_CALENDAR": "US"}).holiday_calendar == "US"
    assert Settings.from_env({}).holiday_calendar is None


def test_letter_edition_defaults_to_current_and_is_checked() -> None:
    from bot.config import Settings, SettingsError

    assert Settings.from_env({}).letter_edition == "current"
    assert Settings.from_env({"LETTER_EDITION": "2017"}).letter_edition == "2017"
    with pytest.raises(SettingsError, match="LETTER_EDITION"):
        Settings.from_env({"LETTER_EDITION": "1999"})


def test_letterhead_and_team_name() -> None:
    default = Settings.from_env({})
    assert default.letterhead == DEFAULT_LETTERHEAD == Settings().letterhead
    assert (
        default.letterhead[0] == "Office of the United Nations High Commissioner for Human Rights"
    )
    assert "Palais des Nations" in default.letterhead[1]
    assert default.team_name is None
    settings = Settings.from_env(
        {"LETTERHEAD": " Special Procedures Branch |  Palais Wilson ", "TEAM_NAME": "Civic space"}
    )
    assert settings.letterhead == ("Special Procedures Branch", "Palais Wilson")
    assert settings.team_name == "Civic space"
    assert Settings.from_env({"LETTERHEAD": "none"}).letterhead == ()
    with pytest.raises(SettingsError, match="LETTERHEAD"):
        Settings.from_env({"LETTERHEAD": "|".join(["line"] * 7)})
