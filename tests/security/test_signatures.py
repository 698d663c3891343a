"""Every kind of forged, replayed or stale request, dispatched in-process: 401, no change."""

from __future__ import annotations

import pytest

from bot.local.workspace import LocalWorkspace
from tests.security.forged import forgeries
from tests.security.server import row_counts

KINDS = list(forgeries("secret", lambda key: f"http://127.0.0.1:9/{key}", "C0").keys())


@pytest.mark.parametrize("what", KINDS)
def test_refused_and_nothing_changes(workspace: LocalWorkspace, engine, what: str) -> None:
    secret = workspace.settings.slack_signing_secret
    request = forgeries(secret, workspace.fake.response_url, "C0CASES")[what]
    before = row_counts(engine)
    answer = workspace.send(request)
    assert answer.status == 401, answer.body
    assert row_counts(engine) == before
    assert workspace.fake.calls == []
