"""Requests that must not be believed, each with what is wrong with it."""

from __future__ import annotations

import time

from bot.local.requests import SignedRequest, SlackRequests

FREE_TEXT = "Zanzibar-quokka-7731 was detained"  # must never reach the log at INFO


def command(requests: SlackRequests, response_url, channel: str, line: str, **kw) -> SignedRequest:
    """``/case list`` as Slack sends it, signed by ``requests``."""
    name, _, text = line.partition(" ")
    return requests.slash_command(
        name,
        text,
        user_id="U0ALICE",
        channel_id=channel,
        response_url=response_url("forged"),
        **kw,
    )


def forgeries(secret: str, response_url, channel: str) -> dict[str, SignedRequest]:
    """Requests that must not be believed, by what is wrong with them."""
    good = SlackRequests(secret)
    now = int(time.time())
    open_case = command(good, response_url, channel, f"/case open KAZ AL FOAA {FREE_TEXT}")
    headers = open_case.headers
    earlier = command(
        good, response_url, channel, f"/case open KAZ AL FOAA {FREE_TEXT}", timestamp=now - 400
    )
    event = good.event_callback(
        {"type": "message", "channel": channel, "user": "U0BOB", "text": FREE_TEXT, "ts": "1.1"}
    )
    action = good.block_actions(
        user_id="U0ALICE",
        channel_id=channel,
        action={"action_id": "case_close", "value": "1"},
        response_url=response_url("forged"),
    )

    def without(request: SignedRequest, *names: str) -> SignedRequest:
        kept = {k: v for k, v in request.headers.items() if k not in names}
        return SignedRequest(request.body, kept)

    def with_headers(request: SignedRequest, **changes: str) -> SignedRequest:
        return SignedRequest(request.body, {**request.headers, **changes})

    return {
        "no signature headers": without(
            open_case, "x-slack-signature", "x-slack-request-timestamp"
        ),
        "no signature": without(open_case, "x-slack-signature"),
        "no timestamp": without(open_case, "x-slack-request-timestamp"),
        "empty signature": with_headers(open_case, **{"x-slack-signature": "v0="}),
        "wrong secret": command(
            SlackRequests("not-the-signing-secret"),
            response_url,
            channel,
            "/case open KAZ AL FOAA x",
        ),
        "tampered body": SignedRequest(open_case.body.replace("KAZ", "UZB"), headers),
        "stale timestamp (signed 400 s ago)": earlier,
        "future timestamp (+400 s)": command(
            good, response_url, channel, "/case list", timestamp=now + 400
        ),
        "replayed: old signature, fresh timestamp": with_headers(
            earlier, **{"x-slack-request-timestamp": str(now)}
        ),
        "timestamp not a number": with_headers(open_case, **{"x-slack-request-timestamp": "1e9"}),
        "action, timestamp not a number": with_headers(
            action, **{"x-slack-request-timestamp": "soon"}
        ),
        "event, wrong secret": SlackRequests("nope").event_callback({"type": "message"}),
        "event, stale": SignedRequest(
            event.body,
            good.sign(event.body, content_type="application/json", timestamp=now - 600).headers,
        ),
        "action, wrong secret": SlackRequests("nope").block_actions(
            user_id="U0ALICE", channel_id=channel, action={"action_id": "x"}
        ),
    }
