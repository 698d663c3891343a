"""Requests Slack did not sign, or signed too long ago, get 401 and change nothing."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bot.cases.models import Case
from bot.local.requests import SignedRequest, SlackRequests
from bot.local.workspace import LocalWorkspace

OPEN = "open KAZ AL FOAA the closure of a union"


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Case.id)))


def test_wrong_signature_is_refused(workspace: LocalWorkspace, session) -> None:
    forged = SlackRequests("not-the-secret").slash_command(
        "/case", OPEN, user_id="U0ALICE", channel_id="C0CASES"
    )
    assert workspace.send(forged).status == 401
    assert _count(session) == 0
    assert workspace.fake.calls_to("chat.postMessage") == []


def test_stale_timestamp_is_refused(workspace: LocalWorkspace, session) -> None:
    stale = workspace.requests.slash_command(
        "/case", OPEN, user_id="U0ALICE", channel_id="C0CASES", timestamp=int(time.time()) - 301
    )
    assert workspace.send(stale).status == 401
    assert _count(session) == 0


def test_missing_signature_and_tampered_body_are_refused(
    workspace: LocalWorkspace, session
) -> None:
    good = workspace.requests.slash_command("/case", OPEN, user_id="U0ALICE", channel_id="C0CASES")
    unsigned = SignedRequest(body=good.body, headers={"content-type": good.headers["content-type"]})
    assert workspace.send(unsigned).status == 401
    tampered = SignedRequest(body=good.body.replace("KAZ", "UZB"), headers=good.headers)
    assert workspace.send(tampered).status == 401
    assert _count(session) == 0
    assert workspace.send(good).status == 200
    assert _count(session) == 1
