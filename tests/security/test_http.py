"""Slack's endpoint as Slack calls it (gunicorn as in the Procfile): forged, replayed, stale
or oversized requests are refused and change nothing; what the bot sends is escaped; the
log holds neither secrets nor, at INFO, what users typed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from bot.cases.models import Case
from bot.db import make_engine
from bot.local.requests import SignedRequest, SlackRequests
from bot.slack.messages import CARD
from bot.slack.models import OutboxMessage, SlackMessage
from tests.security.forged import FREE_TEXT, forgeries
from tests.security.server import (
    BOT_TOKEN,
    SIGNING_SECRET,
    WebProcess,
    row_counts,
    web_process,
)
from tests.security.slack_text import HOSTILE, unescaped, unescaped_calls

pytestmark = pytest.mark.e2e  # a web process behind gunicorn

CHANNEL = "C0HTTP"


@pytest.fixture(scope="module")
def web(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    log = tmp_path_factory.mktemp("web") / "stderr.log"
    with web_process(database_url, log, LOG_LEVEL="DEBUG") as server:
        yield server


@pytest.fixture(scope="module")
def observer(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, immediate=False, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def command(requests: SlackRequests, web: WebProcess, line: str, **kw) -> SignedRequest:
    name, _, text = line.partition(" ")
    return requests.slash_command(
        name,
        text,
        user_id="U0ALICE",
        channel_id=CHANNEL,
        response_url=web.fake.response_url("http"),
        **kw,
    )


def wait_for_outbox(observer: Engine) -> None:
    """Until every post staged so far is delivered (or superseded)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with observer.connect() as connection:
            waiting = connection.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
        if not waiting:
            return
        time.sleep(0.05)
    raise AssertionError("posts still waiting in the outbox")


def wait_for_card(observer: Engine) -> int:
    """The newest case of the channel, once its card is posted (later changes update it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with observer.connect() as connection:
            row = connection.execute(
                select(Case.id, SlackMessage.ts.label("card_ts"))
                .outerjoin(
                    SlackMessage, (SlackMessage.kind == CARD) & (SlackMessage.key == Case.id)
                )
                .where(Case.channel_id == CHANNEL)
                .order_by(Case.id.desc())
                .limit(1)
            ).first()
        if row is not None and row.card_ts:
            return row.id
        time.sleep(0.05)
    raise AssertionError("the case card was not posted")


def test_forged_replayed_and_stale_requests_get_401_and_change_nothing(
    web: WebProcess, observer: Engine
) -> None:
    before = row_counts(observer)
    calls_before = len(web.fake.calls)
    for what, request in forgeries(SIGNING_SECRET, web.fake.response_url, CHANNEL).items():
        status, body = web.post(request)
        assert status == 401, (what, status, body)
        assert "Something went wrong" not in body, what
    time.sleep(0.3)  # anything the app would post comes after its answer
    assert row_counts(observer) == before
    assert len(web.fake.calls) == calls_before, [c.method for c in web.fake.calls]
    # The same request, signed now, is believed: the refusals were about the signature.
    status, _ = web.post(command(SlackRequests(SIGNING_SECRET), web, "/case open KAZ AL FOAA x"))
    assert status == 200
    web.fake.wait_for("chat.postMessage")  # the case card, posted once the case is saved
    wait_for_card(observer)  # ...and recorded (a row of slack_messages) before the next test
    assert row_counts(observer)["cases"] == before["cases"] + 1


def test_oversized_and_unsized_bodies_are_refused(web: WebProcess, observer: Engine) -> None:
    before = row_counts(observer)
    requests = SlackRequests(SIGNING_SECRET)
    huge = command(requests, web, "/allegation 1 " + "x" * 1_000_001)
    body = huge.body.encode()
    sized = {**huge.headers, "content-length": str(len(body))}
    assert web.stream(sized, [body]) == 413
    assert web.stream({"content-length": "2000000"}, [b"x" * 2_000_000]) == 413
    # A body sent in chunks has no Content-Length to check up front: refused too.
    pieces = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    chunked = [b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces] + [b"0\r\n\r\n"]
    assert web.stream({**huge.headers, "transfer-encoding": "chunked"}, chunked) in (411, 413)
    assert row_counts(observer) == before
    small = command(requests, web, "/case list")
    piece = small.body.encode()
    chunked = [b"%x\r\n%s\r\n" % (len(piece), piece), b"0\r\n\r\n"]
    assert web.stream({**small.headers, "transfer-encoding": "chunked"}, chunked) == 200
    assert web.get("/healthz") == 200  # and the server is still there


def test_what_reaches_slack_over_http_is_escaped(web: WebProcess, observer: Engine) -> None:
    requests = SlackRequests(SIGNING_SECRET)
    acks = []

    def send(line: str) -> None:
        status, body = web.post(command(requests, web, line))
        assert status == 200, (line, body)
        acks.append((line, json.loads(body) if body.startswith("{") else {}))

    web.fake.clear()
    send(f"/case open KAZ AL FOAA,HRD {HOSTILE}")
    case_id = wait_for_card(observer)
    for line in [
        f"/allegation {case_id} {HOSTILE}",
        f"/cite {case_id} text {HOSTILE}",
        f"/case set {case_id} concern {HOSTILE}",
        f'/mandate add ZZWEB "{HOSTILE}" 1/1 "{HOSTILE}"',
        f"/case show {case_id}",
        f"/allegation {case_id} list",
        f"/cite {case_id} list",
        "/mandate show ZZWEB",
        f"/case show {HOSTILE}",
    ]:
        send(line)
    wait_for_outbox(observer)  # the card updated after the changes (a waiting one superseded)
    assert web.fake.calls_to("chat.update")
    problems = [p for line, ack in acks for p in unescaped(ack, f"ack of {line[:30]!r}")]
    problems += unescaped_calls(web.fake.calls)
    assert not problems, "\n".join(problems)


def test_the_log_has_one_line_per_request_and_no_secret_or_typed_text(web: WebProcess) -> None:
    """Runs last in this module: the server has seen forged, huge and hostile requests."""
    requests = SlackRequests(SIGNING_SECRET)
    web.fake.fail_next("chat.postMessage", "invalid_auth")
    for line in [f"/case open KAZ AL FOAA {FREE_TEXT}", f"/allegation 1 {FREE_TEXT}", "/case list"]:
        assert web.post(command(requests, web, line))[0] == 200
    time.sleep(0.5)
    log = web.log()
    assert "request kind=command command=/case subcommand=list" in log
    for secret in (SIGNING_SECRET, BOT_TOKEN, BOT_TOKEN.split("-", 1)[1]):
        assert secret not in log
    info = [line for line in log.splitlines() if "level=INFO" in line]
    assert info and not [line for line in info if "Zanzibar" in line or "quokka" in line]
