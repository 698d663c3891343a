"""Build and sign requests the way Slack sends them (tests and the local console)."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

_trigger_ids = itertools.count(1)


@dataclass(frozen=True)
class SignedRequest:
    """A raw body and the headers Slack would send with it."""

    body: str
    headers: dict[str, str]


class SlackRequests:
    """Factory of signed Slack requests for one workspace."""

    def __init__(self, signing_secret: str, *, team_id: str = "T0001", domain: str = "local"):
        self.verifier = SignatureVerifier(signing_secret)
        self.team_id = team_id
        self.domain = domain

    def sign(self, body: str, *, content_type: str, timestamp: int | None = None) -> SignedRequest:
        """Sign a body as Slack does: v0=HMAC-SHA256(v0:{timestamp}:{body})."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = self.verifier.generate_signature(timestamp=ts, body=body)
        assert signature is not None  # None only without a timestamp
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": signature,
        }
        return SignedRequest(body=body, headers=headers)

    def _form(self, fields: dict[str, str], **kw: int | None) -> SignedRequest:
        return self.sign(urlencode(fields), content_type="application/x-www-form-urlencoded", **kw)

    def _payload(self, payload: dict, **kw: int | None) -> SignedRequest:
        return self._form({"payload": json.dumps(payload)}, **kw)

    def trigger_id(self) -> str:
        return f"{next(_trigger_ids)}.{int(time.time())}.{uuid.uuid4().hex[:16]}"

    def slash_command(
        self,
        command: str,
        text: str,
        *,
        user_id: str,
        channel_id: str,
        response_url: str = "",
        user_name: str = "",
        timestamp: int | None = None,
        wire: bool = False,
    ) -> SignedRequest:
        """A slash command, form-encoded; &, < and > in the text escaped as Slack does, unless
        ``wire``: the text is already as Slack sends it (with should_escape, <@U1|bob> markup)."""
        escaped = (
            text if wire else text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        )
        return self._form(
            {
                "token": "deprecated-verification-token",
                "team_id": self.team_id,
                "team_domain": self.domain,
                "channel_id": channel_id,
                "channel_name": channel_id.lower(),
                "user_id": user_id,
                "user_name": user_name or user_id.lower(),
                "command": command,
                "text": escaped,
                "api_app_id": "A0LOCAL",
                "is_enterprise_install": "false",
                "response_url": response_url,
                "trigger_id": self.trigger_id(),
            },
            timestamp=timestamp,
        )

    def block_actions(
        self,
        *,
        user_id: str,
        channel_id: str,
        action: dict,
        message: dict | None = None,
        response_url: str = "",
        view: dict | None = None,
    ) -> SignedRequest:
        """A button click (or select) in a message or a view."""
        payload: dict = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": self.domain},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0LOCAL",
            "trigger_id": self.trigger_id(),
            "actions": [{"action_ts": f"{time.time():.6f}", **action}],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id", "")}
            payload["view"] = view
        else:
            payload["container"] = {
                "type": "message",
                "message_ts": (message or {}).get("ts", ""),
                "channel_id": channel_id,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
            payload["message"] = message or {}
            payload["response_url"] = response_url
        return self._payload(payload)

    def view_submission(self, *, user_id: str, view: dict, values: dict) -> SignedRequest:
        """A modal submitted with the given state values ({block_id: {action_id: value}})."""
        submitted = {**view, "state": {"values": values}}
        payload = {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": self.domain},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0LOCAL",
            "trigger_id": self.trigger_id(),
            "view": submitted,
            "response_urls": [],
        }
        return self._payload(payload)

    def view_closed(self, *, user_id: str, view: dict) -> SignedRequest:
        """A form closed with its Cancel button (sent when it asked: notify_on_close)."""
        payload = {
            "type": "view_closed",
            "team": {"id": self.team_id, "domain": self.domain},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0LOCAL",
            "view": view,
            "is_cleared": False,
        }
        return self._payload(payload)

    def message_action(
        self,
        *,
        callback_id: str,
        user_id: str,
        channel_id: str,
        message: dict,
        response_url: str = "",
    ) -> SignedRequest:
        """A message shortcut on a message."""
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "team": {"id": self.team_id, "domain": self.domain},
            "user": {"id": user_id, "name": user_id.lower(), "team_id": self.team_id},
            "channel": {"id": channel_id, "name": channel_id.lower()},
            "message": message,
            "message_ts": message.get("ts", ""),
            "response_url": response_url,
            "trigger_id": self.trigger_id(),
            "action_ts": f"{time.time():.6f}",
        }
        return self._payload(payload)

    def global_shortcut(self, *, callback_id: str, user_id: str) -> SignedRequest:
        """A global shortcut (from the shortcuts menu): no channel, no message, no response_url."""
        payload = {
            "type": "shortcut",
            "callback_id": callback_id,
            "team": {"id": self.team_id, "domain": self.domain},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": "A0LOCAL",
            "trigger_id": self.trigger_id(),
            "action_ts": f"{time.time():.6f}",
        }
        return self._payload(payload)

    def event_callback(self, event: dict, *, event_id: str | None = None) -> SignedRequest:
        """An Events API event_callback, JSON."""
        body = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "api_app_id": "A0LOCAL",
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": self.team_id, "user_id": "U0BOT", "is_bot": True}],
        }
        return self.sign(json.dumps(body), content_type="application/json")
