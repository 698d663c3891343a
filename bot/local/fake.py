"""A local fake of the Slack Web API for tests and the local console.

`FakeSlack` serves real HTTP on 127.0.0.1 so an unmodified `slack_sdk.WebClient`
(``base_url=fake.base_url``) can talk to it. It answers the methods the bot uses
the way Slack does, records every call, and keeps messages, files and views.

Methods it does not model answer ``{"ok": true}`` when the name looks like a Slack
method (``family.name``) and ``unknown_method`` otherwise.

People's own messages (``post_as_user``, ``edit_as_user``, ``delete_as_user``) are stored as
Slack stores them and come back as the event Slack would send the app. Given a
``state_file``, the fake keeps its messages, files and views there, so a console started
again finds them (and their numbers, ``timeline``) where it left them.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import collapse_rfc2231_value
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block

JSON_PARAMS = ("blocks", "view", "attachments", "files")
MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_VIEW_TITLE = 24
_METHOD_NAME = re.compile(r"[a-z]+(\.[a-zA-Z]+)+")
# Methods after which the state file is written again (what people see changed).
_CHANGES = {
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "chat.delete",
    "views.open",
    "views.push",
    "views.update",
    "views.publish",
    "files.completeUploadExternal",
}


@dataclass
class Call:
    """One request received by the fake."""

    method: str
    params: dict
    ts: str | None = None
    token: str | None = None
    error: str | None = None


@dataclass
class _Failure:
    error: str
    times: int
    status: int
    retry_after: int | None


class SlackError(Exception):
    """An API error answered as ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


def _parse_multipart(ctype: str, body: bytes) -> list[tuple[str, str | bytes]]:
    head = f"Content-Type: {ctype}\r\n\r\n".encode()
    msg = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    parts: list[tuple[str, str | bytes]] = []
    for part in msg.iter_parts():
        name = collapse_rfc2231_value(part.get_param("name", "", header="content-disposition"))
        payload = part.get_payload(decode=True)  # the bytes of a part that is not multipart
        data = payload if isinstance(payload, bytes) else b""
        parts.append((name, data if part.get_filename() else data.decode("utf-8")))
    return parts


def _parse_params(query: str, ctype: str, body: bytes) -> dict[str, Any]:
    """Merge query string and JSON, form or multipart body into one dict."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = ctype.split(";")[0].strip().lower()
    if body and kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        params.update(data)
    elif body and kind == "multipart/form-data":
        params.update(_parse_multipart(ctype, body))
    elif body:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for key in JSON_PARAMS:
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


def _title_text(title: Any) -> str:
    return str(title.get("text", "")) if isinstance(title, dict) else str(title or "")


def _check_blocks(blocks: Any, limit: int) -> None:
    """Raise SlackError("invalid_blocks") when Slack would reject these blocks."""
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks", "[ERROR] blocks must be an array")
    if len(blocks) > limit:
        raise SlackError("invalid_blocks", f"[ERROR] no more than {limit} items allowed")
    for i, raw in enumerate(blocks):
        if not isinstance(raw, dict):
            raise SlackError("invalid_blocks", f"[ERROR] block {i} must be an object")
        text = raw.get("text")
        if raw.get("type") == "section" and len(_title_text(text)) > MAX_SECTION_TEXT:
            raise SlackError("invalid_blocks", f"[ERROR] block {i}: text too long")
        try:
            block = Block.parse(raw)
            if block is None:
                raise ValueError(f"unknown block type {raw.get('type')!r}")
            block.validate_json()
        except Exception as exc:
            raise SlackError("invalid_blocks", f"[ERROR] block {i}: {exc}") from exc


def _tz_offset(tz: str) -> int:
    """Current UTC offset of a time zone in seconds (0 when unknown)."""
    try:
        delta = datetime.now(ZoneInfo(tz)).utcoffset()
    except (KeyError, ValueError):
        return 0
    return int(delta.total_seconds()) if delta else 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeSlack

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer does."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        fake = self.server.fake
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        ctype = self.headers.get("Content-Type", "")
        path = url.path
        if path.startswith("/upload/v1/"):
            status, payload, headers = fake._upload(path.removeprefix("/upload/v1/"), ctype, body)
            return self._send(status, payload, headers)
        if path.startswith("/api/") and len(path) > 5:
            method, auth = path[5:], self.headers.get("Authorization", "")
        elif path.startswith("/response/"):
            method, auth = "response_url", ""
        else:
            return self._send(404, {"ok": False, "error": "not_found"}, {})
        try:
            params, bad = _parse_params(url.query, ctype, body), None
        except ValueError:
            params, bad = {}, "invalid_json"
        if method == "response_url":
            params["_key"] = path.removeprefix("/response/")
        token = auth.removeprefix("Bearer ").strip() or params.pop("token", None)
        self._send(*fake._api(method, params, token, bad))

    def _send(self, status: int, payload: dict | str, headers: dict[str, str]) -> None:
        if isinstance(payload, str):
            data, ctype = payload.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(payload).encode(), "application/json; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


class FakeSlack:
    """In-process fake Slack Web API served over HTTP on 127.0.0.1."""

    def __init__(
        self,
        *,
        team_id: str = "T0001",
        bot_user_id: str = "U0BOT",
        users: dict[str, dict] | None = None,
        state_file: Path | None = None,
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = "B0BOT"
        self.app_id = "A0BOT"
        self.domain = "fake-workspace"
        self.users: dict[str, dict] = dict(users or {})
        self.calls: list[Call] = []
        self.messages: dict[tuple[str, str], dict] = {}
        self.ephemerals: list[dict] = []
        self.files: dict[str, dict] = {}
        self.views: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.members: dict[str, set[str]] = {}  # channel -> its members (users.conversations)
        # Every channel message and every ephemeral one with buttons, in the order shown.
        self.timeline: list[tuple[str, str]] = []
        self.state_file = state_file
        self._missing: set[str] = set()
        self._failures: dict[str, list[_Failure]] = {}
        self._home: dict[str, str] = {}
        self._cond = threading.Condition(threading.RLock())
        self._last_us = 0
        self._counter = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        # Where apps.connections.open sends an app in Socket Mode: a local server's
        # connection_url (bot.local.socket_mode.SocketModeServer), when one is attached.
        self.socket_mode_url: Callable[[], str] | None = None
        self._methods: dict[str, Callable[[dict], dict]] = {
            "auth.test": self._auth_test,
            "apps.connections.open": self._connections_open,
            "users.info": self._users_info,
            "users.list": lambda p: {"members": [self._user(u) for u in self.users]},
            "conversations.info": lambda p: {"channel": self._channel_obj(self._channel(p))},
            "users.conversations": self._users_conversations,
            "conversations.open": self._conversations_open,
            "conversations.replies": self._conversations_replies,
            "conversations.history": self._conversations_history,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.delete": self._delete,
            "chat.getPermalink": self._permalink,
            "views.open": self._open_view,
            "views.push": self._open_view,
            "views.update": self._update_view,
            "views.publish": self._publish_view,
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "files.info": lambda p: {"file": self._file_obj(self._file(p.get("file")))},
        }
        self._load()

    # lifecycle -------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Start serving on a free port in a daemon thread."""
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the server and wait for its thread."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Root URL of the running server, without a trailing slash."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """Web API base URL for ``WebClient(base_url=...)``."""
        return f"{self.url}/api/"

    # test helpers ----------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """Calls to one method, in order."""
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        """Forget recorded calls (messages, files and views stay)."""
        with self._cond:
            self.calls.clear()

    def response_url(self, key: str = "default") -> str:
        """A response_url on the fake; posts are recorded as method "response_url"."""
        return f"{self.url}/response/{key}"

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
        status: int | None = None,
    ) -> None:
        """Answer the next `times` calls to `method` with an error."""
        code = status or (429 if error == "ratelimited" else 200)
        if code == 429 and retry_after is None:
            retry_after = 1
        with self._cond:
            self._failures.setdefault(method, []).append(_Failure(error, times, code, retry_after))

    def forget_channel(self, channel_id: str) -> None:
        """Make `channel_id` answer channel_not_found from now on."""
        with self._cond:
            self._missing.add(channel_id)

    def add_channel(self, channel_id: str, **fields: Any) -> None:
        """Set extra fields returned by conversations.info for a channel; with
        ``is_member=False`` the bot is not in it, and its posts there get not_in_channel."""
        with self._cond:
            self._missing.discard(channel_id)
            self.channels[channel_id] = fields

    def join(self, channel_id: str, *users: str) -> None:
        """Make ``users`` members of a channel (as users.conversations answers)."""
        with self._cond:
            self.members.setdefault(channel_id, set()).update(users)

    def thread(self, channel: str, thread_ts: str) -> list[dict]:
        """Replies posted in a thread (without the parent), in order."""
        with self._cond:
            return [
                m
                for (ch, ts), m in self.messages.items()
                if ch == channel and m.get("thread_ts") == thread_ts and ts != thread_ts
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until at least `count` calls to `method` arrived; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method]
                left = deadline - time.monotonic()
                if len(found) >= count:
                    return found
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(found)}; calls: {seen}"
                    )
                self._cond.wait(left)

    # people's messages and the console -------------------------------------

    def post_as_user(
        self, *, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> dict:
        """A person posts a message (in a thread when ``thread_ts``); the ``message`` event."""
        with self._cond:
            if thread_ts and (channel, thread_ts) not in self.messages:
                raise SlackError("thread_not_found")
            ts = self._next_ts()
            msg: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
            msg["team"] = self.team_id
            if thread_ts:
                msg["thread_ts"] = thread_ts
                parent = self.messages[(channel, thread_ts)]
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = ts
            self.messages[(channel, ts)] = msg
            self.timeline.append((channel, ts))
            self.save()
        return {**msg, "channel": channel, "event_ts": ts, "channel_type": "channel"}

    def edit_as_user(self, *, channel: str, ts: str, user: str, text: str) -> dict:
        """A person edits their message; the ``message_changed`` event Slack sends."""
        with self._cond:
            msg = self._own_message(channel, ts, user, "cant_update_message")
            previous = dict(msg)
            msg["text"] = text
            msg["edited"] = {"user": user, "ts": self._next_ts()}
            self.save()
            return {
                "type": "message",
                "subtype": "message_changed",
                "hidden": True,
                "channel": channel,
                "message": dict(msg),
                "previous_message": previous,
                "ts": msg["edited"]["ts"],
                "event_ts": msg["edited"]["ts"],
                "channel_type": "channel",
            }

    def delete_as_user(self, *, channel: str, ts: str, user: str) -> dict:
        """A person deletes their message; the ``message_deleted`` event Slack sends."""
        with self._cond:
            previous = self._own_message(channel, ts, user, "cant_delete_message")
            del self.messages[(channel, ts)]
            parent = self.messages.get((channel, previous.get("thread_ts") or ""))
            if parent is not None and previous.get("thread_ts") != ts:
                parent["reply_count"] = max(0, parent.get("reply_count", 1) - 1)
            now = self._next_ts()
            self.save()
        return {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": channel,
            "deleted_ts": ts,
            "previous_message": previous,
            "ts": now,
            "event_ts": now,
            "channel_type": "channel",
        }

    def _own_message(self, channel: str, ts: str, user: str, refusal: str) -> dict:
        msg = self.messages.get((channel, ts))
        if msg is None:
            raise SlackError("message_not_found")
        if msg.get("user") != user or msg.get("bot_id"):
            raise SlackError(refusal)
        return msg

    def keep_ephemeral(self, channel: str, user: str, message: dict) -> str:
        """Keep a message only ``user`` sees (an answer, a response_url post); one with buttons
        or menus joins the timeline, to be clicked later. Its ts."""
        with self._cond:
            ts = self._next_ts()
            blocks = message.get("blocks")
            self.ephemerals.append(
                {"channel": channel, "user": user, "text": message.get("text", "")}
                | {"blocks": blocks, "ts": ts}
            )
            if any(b.get("type") == "actions" or b.get("accessory") for b in blocks or []):
                self.timeline.append((channel, ts))
            self.save()
        return ts

    def shown(self, number: int) -> tuple[str, dict | None]:
        """Message ``number`` of the timeline (from 1): its channel and what it holds now
        (None once deleted); IndexError when there is no such number."""
        if number < 1:
            raise IndexError(number)
        with self._cond:
            channel, ts = self.timeline[number - 1]
            found = self.messages.get((channel, ts))
            if found is None:
                found = next((e for e in self.ephemerals if e["ts"] == ts), None)
            return channel, None if found is None else {**found, "ts": ts}

    def number_of(self, channel: str, ts: str) -> int | None:
        """The timeline number of a message (None when it has none)."""
        with self._cond, contextlib.suppress(ValueError):
            return self.timeline.index((channel, ts)) + 1
        return None

    def home_of(self, user_id: str) -> dict | None:
        """The Home tab last published for a user."""
        with self._cond:
            view_id = self._home.get(user_id)
            return self.views.get(view_id) if view_id else None

    def store_view(self, view: dict, view_id: str | None = None) -> dict:
        """Show a view as a form's ``response_action`` asks: it replaces ``view_id``, or is
        pushed as a new one. The view as stored."""
        with self._cond:
            old = self.views.get(view_id or "")
            keep = {k: old[k] for k in ("root_view_id", "previous_view_id")} if old else {}
            stored = self._store_view(view, view_id or self._new_id("V"), **keep)["view"]
            self.save()
            return stored

    def save(self) -> None:
        """Write the state file (messages, files, views, numbers), when there is one."""
        if self.state_file is None:
            return
        with self._cond:
            files = {
                k: {**f, "content": base64.b64encode(f.get("content") or b"").decode()}
                for k, f in self.files.items()
            }
            state = {
                "messages": [[ch, ts, m] for (ch, ts), m in self.messages.items()],
                "ephemerals": self.ephemerals,
                "timeline": self.timeline,
                "files": files,
                "views": self.views,
                "home": self._home,
                "members": {channel: sorted(users) for channel, users in self.members.items()},
                "counter": self._counter,
                "last_us": self._last_us,
            }
            temporary = self.state_file.with_name(self.state_file.name + ".tmp")
            temporary.write_text(json.dumps(state), encoding="utf-8")
            os.replace(temporary, self.state_file)

    def _load(self) -> None:
        if self.state_file is None or not self.state_file.exists():
            return
        state = json.loads(self.state_file.read_text(encoding="utf-8"))
        self.messages = {(ch, ts): m for ch, ts, m in state["messages"]}
        self.ephemerals = state["ephemerals"]
        self.timeline = [(ch, ts) for ch, ts in state["timeline"]]
        self.files = {
            k: {**f, "content": base64.b64decode(f["content"])} for k, f in state["files"].items()
        }
        self.views, self._home = state["views"], state["home"]
        self.members = {channel: set(users) for channel, users in state.get("members", {}).items()}
        self._counter, self._last_us = state["counter"], state["last_us"]

    # request handling ------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _api(
        self, method: str, params: dict, token: str | None, bad: str | None
    ) -> tuple[int, dict, dict[str, str]]:
        """Answer one API (or response_url) call and record it."""
        status, headers = 200, {}
        body: dict[str, Any]
        with self._cond:
            failure = self._take_failure(method)
            if failure:
                status, body = failure.status, {"ok": False, "error": failure.error}
                if failure.retry_after is not None:
                    headers["Retry-After"] = str(failure.retry_after)
            elif bad or (not token and method != "response_url"):
                body = {"ok": False, "error": bad or "not_authed"}
            else:
                try:
                    body = {"ok": True, **self._answer(method, params)}
                except SlackError as exc:
                    body = {"ok": False, "error": exc.error}
                    if exc.messages:
                        body["response_metadata"] = {"messages": exc.messages}
            ts = {"chat.postMessage": "ts", "chat.postEphemeral": "message_ts"}.get(method)
            call_token = None if method == "response_url" else token
            self._record(Call(method, params, body.get(ts or ""), call_token, body.get("error")))
            if method in _CHANGES and body.get("ok"):
                self.save()
        return status, body, headers

    def _answer(self, method: str, params: dict) -> dict:
        handler = self._methods.get(method)
        if handler is not None:
            return handler(params)
        if method == "response_url" or _METHOD_NAME.fullmatch(method):
            return {}
        raise SlackError("unknown_method")

    def _upload(self, file_id: str, ctype: str, body: bytes) -> tuple[int, dict | str, dict]:
        """Store the bytes posted to an upload URL."""
        with self._cond:
            failure = self._take_failure("upload")
            if failure is None and file_id not in self.files:
                return 404, {"ok": False, "error": "file_not_found"}, {}
            if ctype.lower().startswith("multipart/form-data"):
                parts = [v for _, v in _parse_multipart(ctype, body) if isinstance(v, bytes)]
                body = parts[0] if parts else b""
            self._record(Call("upload", {"file_id": file_id, "content": body}))
            if failure:
                return failure.status, {"ok": False, "error": failure.error}, {}
            self.files[file_id].update(content=body, size=len(body), uploaded=True)
        return 200, f"OK - {len(body)}", {}

    # helpers ---------------------------------------------------------------

    def _next_ts(self) -> str:
        self._last_us = max(time.time_ns() // 1000, self._last_us + 1)
        return f"{self._last_us // 1_000_000}.{self._last_us % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}0{self._counter:08X}"

    def _channel(self, params: dict, key: str = "channel") -> str:
        channel = str(params.get(key) or "")
        if not channel or channel in self._missing:
            raise SlackError("channel_not_found")
        return channel

    def _channel_obj(self, channel: str) -> dict:
        return {
            "id": channel,
            "name": f"channel-{channel.lower()}",
            "is_channel": channel.startswith("C"),
            "is_private": channel.startswith("G"),
            "is_im": channel.startswith("D"),
            "is_member": True,
            "created": 1_700_000_000,
            **self.channels.get(channel, {}),
        }

    def _user(self, user_id: str) -> dict:
        info = self.users.get(user_id)
        if info is None and user_id != self.bot_user_id:
            raise SlackError("user_not_found")
        info = info or {"name": "mandate-bot", "is_bot": True}
        name = info.get("name", user_id.lower())
        real = info.get("real_name", name)
        tz = info.get("tz", "UTC")
        profile = {"real_name": real, "display_name": name, **info.get("profile", {})}
        return {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": real,
            "tz": tz,
            "tz_offset": _tz_offset(tz),
            "deleted": False,
            "is_bot": False,
            **info,
            "profile": profile,
        }

    def _content(self, params: dict) -> tuple[str, list | None]:
        """Validate and return (text, blocks) of a message."""
        text, blocks = str(params.get("text") or ""), params.get("blocks")
        if not text and not blocks and not params.get("attachments"):
            raise SlackError("no_text")
        if blocks is not None:
            _check_blocks(blocks, MAX_MESSAGE_BLOCKS)
        return text[:MAX_TEXT], blocks

    def _file(self, file_id: Any) -> dict:
        if file_id not in self.files:
            raise SlackError("file_not_found")
        return self.files[file_id]

    def _file_obj(self, f: dict) -> dict:
        keep = ("id", "name", "title", "size", "channels", "user", "created", "mimetype")
        shares = {ch: [{"ts": f["thread_ts"] or ""}] for ch in f["channels"]}
        url = f"https://files.slack.com/files-pri/{self.team_id}-{f['id']}/{f['name']}"
        return {**{k: f.get(k) for k in keep}, "shares": {"public": shares}, "url_private": url}

    # methods ---------------------------------------------------------------

    def _auth_test(self, params: dict) -> dict:
        return {
            "url": f"https://{self.domain}.slack.com/",
            "team": "Fake Workspace",
            "user": "mandate-bot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _connections_open(self, params: dict) -> dict:
        """A one-time WebSocket URL of the attached Socket Mode server."""
        if self.socket_mode_url is None:
            raise SlackError("access_denied", "[ERROR] no Socket Mode server is attached")
        return {"url": self.socket_mode_url()}

    def _users_info(self, params: dict) -> dict:
        return {"user": self._user(str(params.get("user") or ""))}

    def _users_conversations(self, params: dict) -> dict:
        user = str(params.get("user") or "")
        with self._cond:
            joined = sorted(c for c, users in self.members.items() if user in users)
        channels = [self._channel_obj(channel) for channel in joined]
        return {"channels": channels, "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, params: dict) -> dict:
        users = str(params.get("users") or params.get("channel") or "")
        if not users:
            raise SlackError("users_list_not_supplied")
        return {"channel": {"id": "D" + users.split(",")[0][1:]}}

    def _conversations_replies(self, params: dict) -> dict:
        channel, ts = self._channel(params), str(params.get("ts") or "")
        if (channel, ts) not in self.messages:
            raise SlackError("thread_not_found")
        return {"messages": [self.messages[(channel, ts)], *self.thread(channel, ts)]}

    def _conversations_history(self, params: dict) -> dict:
        """Top-level messages of a channel, newest first; metadata only when asked for."""
        channel = self._channel(params)
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
        limit = max(1, min(int(params.get("limit") or 100), 999))
        start = int(params.get("cursor") or 0)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        found = sorted(
            (
                m
                for (ch, ts), m in self.messages.items()
                if ch == channel and oldest < float(ts) < latest and m.get("thread_ts", ts) == ts
            ),
            key=lambda m: float(m["ts"]),
            reverse=True,
        )
        page = found[start : start + limit]
        messages = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page
        ]
        more = start + limit < len(found)
        return {
            "messages": messages,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _post_message(self, params: dict) -> dict:
        channel = self._channel(params)
        if self.channels.get(channel, {}).get("is_member") is False:
            raise SlackError("not_in_channel")
        text, blocks = self._content(params)
        ts = self._next_ts()
        msg: dict[str, Any] = {"type": "message", "user": self.bot_user_id, "bot_id": self.bot_id}
        msg.update(app_id=self.app_id, team=self.team_id, text=text, ts=ts)
        for key in ("attachments", "metadata"):
            if params.get(key):
                msg[key] = params[key]
        if blocks is not None:
            msg["blocks"] = blocks
        thread_ts = params.get("thread_ts")
        if thread_ts:
            msg["thread_ts"] = str(thread_ts)
            parent = self.messages.get((channel, str(thread_ts)))
            if parent is not None:
                parent["thread_ts"] = str(thread_ts)
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = ts
        self.messages[(channel, ts)] = msg
        self.timeline.append((channel, ts))
        return {"channel": channel, "ts": ts, "message": dict(msg)}

    def _post_ephemeral(self, params: dict) -> dict:
        channel = self._channel(params)
        if not params.get("user"):
            raise SlackError("user_not_found")
        text, blocks = self._content(params)
        thread = {"thread_ts": str(params["thread_ts"])} if params.get("thread_ts") else {}
        ts = self.keep_ephemeral(channel, str(params["user"]), {"text": text, "blocks": blocks})
        self.ephemerals[-1].update(thread)
        return {"message_ts": ts}

    def _update(self, params: dict) -> dict:
        channel, ts = self._channel(params), str(params.get("ts") or "")
        msg = self.messages.get((channel, ts))
        if msg is None:
            raise SlackError("message_not_found")
        text, blocks = self._content(params)
        msg["text"] = text
        if blocks is not None:
            msg["blocks"] = blocks
        if "attachments" in params:
            msg["attachments"] = params["attachments"]
        msg["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {"channel": channel, "ts": ts, "text": text, "message": dict(msg)}

    def _delete(self, params: dict) -> dict:
        channel, ts = self._channel(params), str(params.get("ts") or "")
        if self.messages.pop((channel, ts), None) is None:
            raise SlackError("message_not_found")
        return {"channel": channel, "ts": ts}

    def _permalink(self, params: dict) -> dict:
        channel, ts = self._channel(params), str(params.get("message_ts") or "")
        link = f"https://{self.domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        thread_ts = self.messages.get((channel, ts), {}).get("thread_ts")
        if thread_ts and thread_ts != ts:
            link += f"?thread_ts={thread_ts}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _check_view(self, view: Any, kind: str | None = None) -> dict:
        if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
            raise SlackError("invalid_arguments", "[ERROR] view must be a modal or home view")
        if kind and view["type"] != kind:
            raise SlackError("invalid_arguments", f"[ERROR] view type must be {kind}")
        title = _title_text(view.get("title"))
        if (view["type"] == "modal" and not title) or len(title) > MAX_VIEW_TITLE:
            raise SlackError("invalid_arguments", "[ERROR] title must be 1-24 characters")
        try:
            _check_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS)
        except SlackError as exc:
            raise SlackError("invalid_arguments", *exc.messages) from exc
        return view

    def _store_view(self, view: dict, view_id: str, **extra: Any) -> dict:
        stored = {
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            **view,
            "id": view_id,
            "team_id": self.team_id,
            "state": {"values": {}},
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
            **extra,
            "hash": f"{int(time.time())}.{self._new_id('H')}",
        }
        self.views[view_id] = stored
        return {"view": stored}

    def _open_view(self, params: dict) -> dict:
        if not params.get("trigger_id") and not params.get("interactivity_pointer"):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: trigger_id")
        view = self._check_view(params.get("view"), "modal")
        return self._store_view(view, self._new_id("V"))

    def _update_view(self, params: dict) -> dict:
        view_id, external_id = params.get("view_id"), params.get("external_id")
        if external_id and not view_id:
            found = [k for k, v in self.views.items() if v.get("external_id") == external_id]
            view_id = found[-1] if found else None
        old = self.views.get(str(view_id))
        if old is None:
            raise SlackError("not_found")
        if params.get("hash") and params["hash"] != old["hash"]:
            raise SlackError("hash_conflict")
        view = self._check_view(params.get("view"))
        keep = {k: old[k] for k in ("root_view_id", "previous_view_id", "state") if k in old}
        return self._store_view(view, old["id"], **keep)

    def _publish_view(self, params: dict) -> dict:
        user_id = str(params.get("user_id") or "")
        if not user_id:
            raise SlackError("invalid_arguments", "[ERROR] missing required field: user_id")
        view = self._check_view(params.get("view"), "home")
        view_id = self._home.setdefault(user_id, self._new_id("V"))
        return self._store_view(view, view_id, user_id=user_id)

    def _get_upload_url(self, params: dict) -> dict:
        filename, length = params.get("filename"), params.get("length")
        if not filename or length in (None, ""):
            raise SlackError("invalid_arguments", "[ERROR] filename and length are required")
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": filename,
            "filename": filename,
            "title": filename,
            "length": int(length),
            "alt_txt": params.get("alt_txt"),
            "snippet_type": params.get("snippet_type"),
            "content": b"",
            "size": 0,
            "user": self.bot_user_id,
            "created": int(time.time()),
            "mimetype": "application/octet-stream",
            "channels": [],
            "thread_ts": None,
            "initial_comment": None,
            "uploaded": False,
            "shared": False,
        }
        return {"upload_url": f"{self.url}/upload/v1/{file_id}", "file_id": file_id}

    def _complete_upload(self, params: dict) -> dict:
        items = params.get("files")
        if not isinstance(items, list) or not items:
            raise SlackError("invalid_arguments", "[ERROR] files must be a non-empty array")
        channels = params.get("channels") or params.get("channel_id") or []
        if isinstance(channels, str):
            channels = [c for c in channels.split(",") if c]
        for channel in channels:
            self._channel({"channel": channel})
        found = [(self._file(item.get("id")), item) for item in items]
        for f, item in found:
            f["title"] = item.get("title") or f["title"]
            f["channels"] = list(channels)
            f["thread_ts"] = str(params["thread_ts"]) if params.get("thread_ts") else None
            f["initial_comment"] = params.get("initial_comment")
            f["shared"] = bool(channels)
        return {"files": [self._file_obj(f) for f, _ in found]}
