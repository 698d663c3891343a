"""One structured line per request; no secret ever, and nothing users typed at INFO."""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.local.requests import SlackRequests
from bot.local.workspace import LocalWorkspace
from bot.logs import configure_logging
from tests.security.server import BOT_TOKEN, SIGNING_SECRET

FREE = "Zanzibar-quokka-7731"  # distinctive words a user types
LINES = [
    f"/case open KAZ AL FOAA,HRD the detention of {FREE}",
    f"/allegation 1 {FREE} was arrested on 3 May.",
    f"/allegation 1 edit 1 {FREE} was arrested on 4 May.",
    f"/cite 1 text {FREE} annex paragraph",
    f"/cite 1 ICCPR art. 9 ({FREE} topic)",
    f"/case set 1 concern {FREE} concern",
    f"/case set 1 sources {FREE} told us",
    f"/letter 1 question What about {FREE}?",
    f'/mandate add ZZLOG "Rapporteur on {FREE}" 1/1 "{FREE} Holder"',
    f"/case show {FREE}",
    f"/allegation {FREE}",
    f"/allegation 1 remove {FREE}",
    f"/case list {FREE}",
    f"/cite search {FREE}",
    "/case show 1 history",
    "/letter 1 draft",
]


@pytest.fixture
def production_logging() -> Iterator[callable]:
    """configure_logging as the web process calls it; the root logger is restored after."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    names = (
        "slack_bolt",
        "slack_sdk",
        "sqlalchemy",
        "sqlalchemy.engine",
        "apscheduler",
        "alembic",
        "bot.slack",
    )
    levels = {name: logging.getLogger(name).level for name in names}
    yield configure_logging
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def send_everything(workspace: LocalWorkspace) -> None:
    for line in LINES:
        assert workspace.command(line).status == 200, line
    stale = workspace.requests.slash_command(
        "/allegation",
        f"1 {FREE}",
        user_id="U0ALICE",
        channel_id="C0CASES",
        timestamp=int(time.time()) - 600,
    )
    assert workspace.send(stale).status == 401
    event = workspace.requests.event_callback(
        {
            "type": "message",
            "channel": "C0CASES",
            "user": "U0BOB",
            "text": FREE,
            "ts": "5.5",
            "thread_ts": "4.4",
        }
    )
    assert workspace.send(event).status == 200


def test_nothing_users_type_is_logged_at_info(
    workspace: LocalWorkspace, production_logging, capsys: pytest.CaptureFixture
) -> None:
    production_logging("INFO")
    send_everything(workspace)
    log = capsys.readouterr().err
    assert log.count("request kind=") >= len(LINES) + 2
    leaked = [line for line in log.splitlines() if "Zanzibar" in line or "quokka" in line]
    assert not leaked, "\n".join(leaked)


def test_no_secret_is_ever_logged_even_at_debug(
    settings: Settings,
    sessions: sessionmaker[Session],
    production_logging,
    capsys: pytest.CaptureFixture,
) -> None:
    secret_settings = dataclasses.replace(
        settings, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET
    )
    production_logging("DEBUG", secrets=[SIGNING_SECRET, BOT_TOKEN])
    for name in ("slack_bolt", "slack_sdk", "sqlalchemy.engine", "bot.slack"):
        logging.getLogger(name).setLevel(logging.DEBUG)  # more than production ever logs
    with LocalWorkspace(secret_settings, sessions=sessions) as workspace:
        send_everything(workspace)
        workspace.fake.fail_next("chat.update", "invalid_auth")
        workspace.command("/case set 1 urge release everyone")
        forged = SlackRequests(BOT_TOKEN).slash_command(
            "/case", "list", user_id="U0A", channel_id="C"
        )
        assert workspace.send(forged).status == 401
    # Whatever a careless line of code might do, the formatter removes them.
    logger = logging.getLogger("bot.test")
    logger.info("token %s and secret %s", BOT_TOKEN, SIGNING_SECRET)
    try:
        raise RuntimeError(f"failed with {BOT_TOKEN} / {SIGNING_SECRET}")
    except RuntimeError:
        logger.exception("careless")
    log = capsys.readouterr().err
    assert "Sending a request" in log or "level=DEBUG" in log  # DEBUG really was on
    for secret in (SIGNING_SECRET, BOT_TOKEN, BOT_TOKEN.removeprefix("xoxb-"), "xoxb-SECRET"):
        assert secret not in log
    assert log.count("[redacted]") >= 4


FIELDS = re.compile(r'(\w+)=("[^"]*"|\S+)')


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str]]:
    return [
        {key: value.strip('"') for key, value in FIELDS.findall(record.getMessage())}
        for record in caplog.records
        if record.name == "bot.request"
    ]


def test_one_structured_line_per_request(
    workspace: LocalWorkspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.request")
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    caplog.clear()
    workspace.command("/case list")
    workspace.command("/allegation AL KAZ 1/2017 nothing")  # no such case: a user error
    workspace.command(f"/allegation #1 {FREE}")
    workspace.command("/letter 1 question list")
    forged = SlackRequests("wrong").slash_command("/case", "list", user_id="U0A", channel_id="C")
    workspace.send(forged)
    lines = request_lines(caplog)
    assert len(lines) == 5
    for line in lines:
        assert set(line) >= {
            "kind",
            "command",
            "subcommand",
            "case",
            "user",
            "ack_ms",
            "latency_ms",
            "outcome",
            "status",
        }
        assert float(line["latency_ms"]) >= float(line["ack_ms"]) >= 0
    listed, missing, added, questions, refused = lines
    assert listed | {"ack_ms": "", "latency_ms": ""} == {
        "kind": "command",
        "command": "/case",
        "subcommand": "list",
        "case": "-",
        "user": "U0ALICE",
        "ack_ms": "",
        "latency_ms": "",
        "outcome": "ok",
        "status": "200",
    }
    assert (missing["case"], missing["outcome"]) == ("AL KAZ 1/2017", "user_error")
    assert missing["error"] in {"CaseNotFound", "NotFound", "UserError"}
    assert (added["case"], added["subcommand"], added["outcome"]) == ("#1", "-", "ok")
    assert questions["subcommand"] == "question list" and questions["case"] == "1"
    assert (refused["outcome"], refused["status"]) == ("rejected", "401")
    assert not [r for r in caplog.records if r.name == "bot.request" and FREE in r.getMessage()]
