"""The HTTP edge (gunicorn as in the Procfile): a body whose signature does not verify gets
401 whatever it is; a signed body that does not parse gets 400; neither leaves a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from bot.local.requests import SlackRequests
from tests.security.server import SIGNING_SECRET, WebProcess, web_process

pytestmark = pytest.mark.e2e  # a web process behind gunicorn

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# Bodies nobody should send, each with the content type it claims.
JUNK: dict[str, tuple[bytes, str]] = {
    "not JSON": (b'{"type": "event_callback", "event": ', JSON),
    "not UTF-8": (b"command=%2Fcase&text=\xff\xfe\xfa\x00\xc3(", FORM),
    "not UTF-8 JSON": (b'{"type": "\xff\xfe"}', JSON),
    "truncated payload": (
        b"payload=" + urlencode({"": '{"type": "block_actions", "user": {"id'})[1:].encode(),
        FORM,
    ),
    "payload not an object": (b"payload=%5B1%2C2%5D", FORM),
    "JSON not an object": (b"[1, 2, 3]", JSON),
    "JSON a string": (b'"event_callback"', JSON),
}


@pytest.fixture(scope="module")
def web(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    log = tmp_path_factory.mktemp("edge") / "stderr.log"
    with web_process(database_url, log) as server:
        yield server


def unsigned(body: bytes, content_type: str) -> dict[str, str]:
    signed = SlackRequests("not-the-signing-secret").sign("x", content_type=content_type)
    return signed.headers


def signed(body: bytes, content_type: str) -> dict[str, str]:
    """Headers signing these exact bytes with the app's secret (as Slack would)."""
    from bot.web import RawBodyVerifier

    headers = SlackRequests(SIGNING_SECRET).sign("", content_type=content_type).headers
    timestamp = headers["x-slack-request-timestamp"]
    signature = RawBodyVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    return {**headers, "x-slack-signature": signature or ""}


@pytest.mark.parametrize("what", sorted(JUNK))
def test_junk_that_is_not_signed_gets_401(web: WebProcess, what: str) -> None:
    body, content_type = JUNK[what]
    assert web.raw(body, unsigned(body, content_type))[0] == 401
    assert web.raw(body, {"content-type": content_type})[0] == 401  # no signature at all
    assert "Traceback" not in web.log()


@pytest.mark.parametrize("what", sorted(JUNK))
def test_junk_that_is_signed_gets_400(web: WebProcess, what: str) -> None:
    body, content_type = JUNK[what]
    status, answer = web.raw(body, signed(body, content_type))
    assert status == 400, (what, answer)
    assert json.loads(answer) == {"error": "malformed request"}
    assert "Traceback" not in web.log()


def test_huge_form_fields_unsigned_401_signed_answered(web: WebProcess) -> None:
    requests = SlackRequests(SIGNING_SECRET)
    huge = requests.slash_command(
        "/allegation", "1 " + "x" * 900_000, user_id="U0ALICE", channel_id="C0EDGE"
    )
    forged = {**huge.headers, "x-slack-signature": "v0=" + "0" * 64}
    assert web.raw(huge.body.encode(), forged)[0] == 401
    many = urlencode({f"field{i}": "y" * 1000 for i in range(800)}).encode()
    assert web.raw(many, unsigned(many, FORM))[0] == 401
    status, answer = web.post(huge)  # signed: the app answers it (no such case)
    assert status == 200, answer
    assert "Traceback" not in web.log()


def test_a_timestamp_that_is_not_a_number_gets_401(web: WebProcess) -> None:
    body = b"command=%2Fcase&text=list"
    headers = {**signed(body, FORM), "x-slack-request-timestamp": "soon"}
    assert web.raw(body, headers)[0] == 401
    assert "Traceback" not in web.log()


def test_refusals_leave_one_warning_line_each(web: WebProcess) -> None:
    body, content_type = JUNK["not JSON"]
    web.raw(body, signed(body, content_type))
    web.raw(body, unsigned(body, content_type))
    log = web.log()
    assert "outcome=malformed status=400" in log
    assert "outcome=rejected status=401" in log
    assert "Traceback" not in log
