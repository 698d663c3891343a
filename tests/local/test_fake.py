"""Tests for the local fake Slack Web API, driven through a real slack_sdk WebClient."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from bot.local.fake import Call, FakeSlack

USERS = {"U0ALICE": {"name": "alice", "real_name": "Alice Rapporteur", "tz": "Europe/Zurich"}}


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(users=USERS) as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_auth_test_and_users_info(fake: FakeSlack, client: WebClient) -> None:
    auth = client.auth_test()
    assert auth["user_id"] == "U0BOT" and auth["team_id"] == "T0001"
    user = client.users_info(user="U0ALICE")["user"]
    assert user["real_name"] == "Alice Rapporteur" and user["tz"] == "Europe/Zurich"
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U0NOBODY")
    assert err.value.response["error"] == "user_not_found"
    assert fake.calls[0].method == "auth.test" and fake.calls[0].token == "xoxb-test"


def test_missing_token_is_not_authed(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(base_url=fake.base_url).auth_test()
    assert err.value.response["error"] == "not_authed"


def test_post_update_delete_and_thread(fake: FakeSlack, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="Case opened", blocks=[section("*Case*")])
    assert parent["channel"] == "C1" and parent["message"]["text"] == "Case opened"
    ts = parent["ts"]
    first = client.chat_postMessage(channel="C1", text="reply 1", thread_ts=ts)
    second = client.chat_postMessage(channel="C1", text="reply 2", thread_ts=ts)
    assert float(ts) < float(first["ts"]) < float(second["ts"])
    assert [m["text"] for m in fake.thread("C1", ts)] == ["reply 1", "reply 2"]
    assert fake.messages[("C1", ts)]["reply_count"] == 2
    assert fake.calls_to("chat.postMessage")[0].ts == ts

    updated = client.chat_update(channel="C1", ts=ts, text="Case closed")
    assert updated["message"]["text"] == "Case closed"
    assert fake.messages[("C1", ts)]["text"] == "Case closed"
    assert "edited" in fake.messages[("C1", ts)]
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C1", ts="1.000001", text="x")
    assert err.value.response["error"] == "message_not_found"

    link = client.chat_getPermalink(channel="C1", message_ts=first["ts"])["permalink"]
    assert f"thread_ts={ts}" in link
    client.chat_delete(channel="C1", ts=first["ts"])
    assert [m["text"] for m in fake.thread("C1", ts)] == ["reply 2"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_message_validation(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="")
    assert err.value.response["error"] == "no_text"
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="", text="hi")
    assert err.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[section("b")] * 51)
    assert err.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[section("y" * 3001)])
    assert err.value.response["error"] == "invalid_blocks"
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[{"type": "nonsense"}])
    assert err.value.response["error"] == "invalid_blocks"
    long = client.chat_postMessage(channel="C1", text="z" * 40_005)
    assert len(fake.messages[("C1", long["ts"])]["text"]) == 40_000
    assert [c.error for c in fake.calls][:2] == ["no_text", "channel_not_found"]


def test_ephemeral_is_recorded_not_stored(fake: FakeSlack, client: WebClient) -> None:
    resp = client.chat_postEphemeral(channel="C1", user="U0ALICE", text="only you")
    assert resp["message_ts"]
    assert fake.calls_to("chat.postEphemeral")[0].ts == resp["message_ts"]
    assert fake.ephemerals[0]["user"] == "U0ALICE"
    assert fake.messages == {}


def test_forget_channel(fake: FakeSlack, client: WebClient) -> None:
    assert client.conversations_info(channel="C9")["channel"]["id"] == "C9"
    fake.forget_channel("C9")
    for call in (
        lambda: client.chat_postMessage(channel="C9", text="hi"),
        lambda: client.conversations_info(channel="C9"),
    ):
        with pytest.raises(SlackApiError) as err:
            call()
        assert err.value.response["error"] == "channel_not_found"


def test_views(fake: FakeSlack, client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "New case"}, "blocks": []}
    view = client.views_open(trigger_id="t1", view=modal)["view"]
    assert view["id"].startswith("V") and fake.views[view["id"]]["title"]["text"] == "New case"
    modal["title"]["text"] = "Edited"
    client.views_update(view_id=view["id"], view=modal)
    assert fake.views[view["id"]]["title"]["text"] == "Edited"

    too_long = dict(modal, title={"type": "plain_text", "text": "A title that is far too long"})
    with pytest.raises(SlackApiError) as err:
        client.views_open(trigger_id="t2", view=too_long)
    assert err.value.response["error"] == "invalid_arguments"

    home = {"type": "home", "blocks": [section("hi")]}
    first = client.views_publish(user_id="U0ALICE", view=home)["view"]["id"]
    assert client.views_publish(user_id="U0ALICE", view=home)["view"]["id"] == first
    with pytest.raises(SlackApiError) as err:
        client.views_publish(
            user_id="U0ALICE", view={"type": "home", "blocks": [section("b")] * 101}
        )
    assert err.value.response["error"] == "invalid_arguments"


def test_ratelimited_raises_429(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=7)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="hi")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "7"
    assert err.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]


def test_ratelimited_then_retried(fake: FakeSlack) -> None:
    handler = RateLimitErrorRetryHandler(max_retry_count=1)
    client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[handler])
    fake.fail_next("chat.postMessage", "ratelimited", retry_after=0)
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.error for c in fake.calls_to("chat.postMessage")] == ["ratelimited", None]


def test_fail_next_server_error_and_times(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("auth.test", "internal_error", status=500, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            client.auth_test()
        assert err.value.response.status_code == 500
    assert client.auth_test()["ok"]


def test_files_upload_v2_into_thread(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="parent")["ts"]
    resp = client.files_upload_v2(
        channel="C1",
        thread_ts=ts,
        content=b"%PDF-1.4 letter",
        filename="letter.pdf",
        title="Letter",
        initial_comment="Draft letter",
    )
    file_id = resp["file"]["id"]
    stored = fake.files[file_id]
    assert stored["content"] == b"%PDF-1.4 letter" and stored["thread_ts"] == ts
    assert stored["title"] == "Letter" and stored["channels"] == ["C1"] and stored["shared"]
    assert fake.calls_to("upload")[0].params == {"file_id": file_id, "content": b"%PDF-1.4 letter"}


def test_response_url_posts_are_recorded(fake: FakeSlack) -> None:
    resp = WebhookClient(fake.response_url("cmd-1")).send(
        text="Working on it", replace_original=True
    )
    assert resp.status_code == 200
    (call,) = fake.calls_to("response_url")
    assert call.params["text"] == "Working on it" and call.params["_key"] == "cmd-1"


def test_wait_for_calls_from_other_threads(fake: FakeSlack, client: WebClient) -> None:
    worker = threading.Timer(0.05, lambda: client.chat_postMessage(channel="C1", text="later"))
    worker.start()
    calls = fake.wait_for("chat.postMessage", timeout=2)
    worker.join()
    assert isinstance(calls[0], Call) and calls[0].params["text"] == "later"
    with pytest.raises(AssertionError):
        fake.wait_for("chat.update", timeout=0.05)


def test_form_encoded_params_and_unknown_paths(fake: FakeSlack, client: WebClient) -> None:
    blocks = json.dumps([section("form")])
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": blocks})
    assert fake.calls[-1].params["blocks"] == [section("form")]
    assert client.api_call("reactions.add", params={"name": "eyes"})["ok"]
    with pytest.raises(SlackApiError) as err:
        client.api_call("Not-A-Method")
    assert err.value.response["error"] == "unknown_method"
    with pytest.raises(urllib.error.HTTPError) as http_err:
        urllib.request.urlopen(fake.base_url.removesuffix("api/") + "elsewhere")
    assert http_err.value.code == 404
    with urllib.request.urlopen(
        urllib.request.Request(fake.base_url + "auth.test", headers={"Authorization": "Bearer x"})
    ) as resp:
        assert resp.headers["Content-Type"] == "application/json; charset=utf-8"
