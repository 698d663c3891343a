"""The local console: type slash commands as in Slack and read what the bot posts."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from typing import TextIO

from bot.config import Settings
from bot.local.fake import Call
from bot.local.render_text import USER_NAMES, blocks_to_text, mrkdwn_to_text
from bot.local.workspace import LocalWorkspace, split_line
from bot.scheduler import start_background_scheduler
from handlers.reminders.sweep import sweep_now

CONSOLE_HELP = """Type slash commands as in Slack, e.g.
  /case help
  /case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan
Console commands:
  :as <user>          act as another user (alice, bob, carol or a Slack id such as U0DAN)
  :in <channel>       act in another channel (e.g. C0OTHER)
  :click <n> <action> click a button of message n (buttons show as [Label](action))
  :messages           list the messages posted so far
  :remind [<time>]    run a reminder sweep now, or as if it were <time> (e.g. 2017-03-24T09:00)
  :help               this help        :quit  leave (end of input works too)"""


class Console:
    """Reads lines, sends them to the app as signed Slack requests, prints what Slack shows."""

    def __init__(self, workspace: LocalWorkspace, out: TextIO = sys.stdout) -> None:
        self.workspace = workspace
        self.out = out
        self.user = "U0ALICE"
        self.channel = "C0CASES"
        self.messages: list[tuple[str, str]] = []  # (channel, ts), numbered from 1
        self.ephemeral: dict[tuple[str, str], dict] = {}  # answers with buttons, numbered too
        self.seen = 0
        USER_NAMES.update({k: v.get("name", k) for k, v in workspace.fake.users.items()})

    @property
    def prompt(self) -> str:
        name = self.workspace.fake.users.get(self.user, {}).get("name", self.user)
        return f"[{name} in #{self.channel}]> "

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def handle(self, line: str) -> bool:
        """Run one line; False when the user wants to leave."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        if line.startswith("/"):
            answer = self.workspace.command(line, user=self.user, channel=self.channel)
            self._show_answer(answer.status, answer.body)
            self.workspace.deliver_waiting()  # one person typing: no burst to wait for
            self._show_calls()
            return True
        words = split_line(line)
        verb = words[0].lower()
        if verb in {":quit", ":exit", ":q"}:
            return False
        if verb == ":help":
            self.say(CONSOLE_HELP)
        elif verb == ":as" and len(words) == 2:
            self.user = self._user_id(words[1])
            self.say(f"(now acting as {self.user})")
        elif verb == ":in" and len(words) == 2:
            self.channel = words[1].lstrip("#").upper()
            self.say(f"(now in #{self.channel})")
        elif verb == ":messages":
            for number, (channel, ts) in enumerate(self.messages, 1):
                message = self.workspace.fake.messages.get((channel, ts), {})
                self.say(f"  {number}. #{channel} {mrkdwn_to_text(message.get('text', ''))[:80]}")
        elif verb == ":click" and len(words) == 3 and words[1].isdigit():
            self._click(int(words[1]), words[2])
        elif verb == ":remind" and len(words) <= 2:
            self._remind(words[1] if len(words) == 2 else None)
        else:
            self.say(f"I did not understand {line!r}.\n{CONSOLE_HELP}")
        return True

    def _user_id(self, name: str) -> str:
        for user_id, user in self.workspace.fake.users.items():
            if user.get("name") == name.lower():
                return user_id
        return name.upper()

    def _click(self, number: int, action_id: str) -> None:
        if not 1 <= number <= len(self.messages):
            self.say(f"There is no message {number}; :messages lists them.")
            return
        channel, ts = self.messages[number - 1]
        shown = self.ephemeral.get((channel, ts)) or self.workspace.fake.messages[(channel, ts)]
        message = {"ts": ts, **shown}
        try:
            answer = self.workspace.click(message, action_id, user=self.user, channel=channel)
        except LookupError as error:
            self.say(str(error))
            return
        self._show_answer(answer.status, answer.body)
        self.workspace.deliver_waiting()
        self._show_calls()

    def _remind(self, when: str | None) -> None:
        settings = self.workspace.settings
        now = None
        if when:
            try:
                now = dt.datetime.fromisoformat(when)
            except ValueError:
                self.say(f"{when!r} is not a time: write it like 2017-03-24T09:00.")
                return
            now = now if now.tzinfo else now.replace(tzinfo=settings.tz)
        process = self.workspace.process
        posted = sweep_now(
            sessions=process.sessions,
            client=process.client,
            settings=settings,
            now=now,
            outbox=process.outbox,
        )
        if not posted:
            self.say("(no reminder due)")
        self._show_calls()

    def _show_answer(self, status: int, body: str) -> None:
        if status != 200:
            self.say(f"(Slack would show an error: HTTP {status} {body})")
            return
        if not body.strip().startswith("{"):
            return
        payload = json.loads(body)
        if any(block.get("type") == "actions" for block in payload.get("blocks") or []):
            key = (self.channel, f"ephemeral-{len(self.messages) + 1}")  # buttons to :click
            self.messages.append(key)
            self.ephemeral[key] = payload
            self.say(f"\n--- message {len(self.messages)}, only you see ---")
            self.say(blocks_to_text(payload["blocks"]))
        elif payload.get("text"):
            who = "only you see" if payload.get("response_type") != "in_channel" else "channel"
            self.say(f"[{who}] {mrkdwn_to_text(payload['text'])}")

    def _show_calls(self) -> None:
        calls = self.workspace.fake.calls[self.seen :]
        self.seen = len(self.workspace.fake.calls)
        for call in calls:
            self._show_call(call)

    def _show_call(self, call: Call) -> None:
        p = call.params
        if call.error:
            self.say(f"(Slack refused {call.method}: {call.error})")
        elif call.method == "chat.postMessage":
            self.messages.append((p["channel"], call.ts or ""))
            where = f" in thread {p['thread_ts']}" if p.get("thread_ts") else ""
            self.say(f"\n--- message {len(self.messages)} in #{p['channel']}{where} ---")
            self.say(blocks_to_text(p.get("blocks") or []) or mrkdwn_to_text(p.get("text", "")))
        elif call.method == "chat.update":
            number = self._number(p.get("channel", ""), p.get("ts", ""))
            self.say(f"\n--- message {number} updated ---")
            self.say(blocks_to_text(p.get("blocks") or []) or mrkdwn_to_text(p.get("text", "")))
        elif call.method in {"chat.postEphemeral", "response_url"}:
            text = blocks_to_text(p.get("blocks") or []) or mrkdwn_to_text(p.get("text", ""))
            who = "channel" if p.get("response_type") == "in_channel" else "only you see"
            self.say(f"[{who}] {text}")
        elif call.method in {"views.open", "views.push", "views.update", "views.publish"}:
            view = p.get("view") or {}
            title = (view.get("title") or {}).get("text", "Home")
            self.say(f"\n--- {view.get('type', 'modal')}: {title} ---")
            self.say(blocks_to_text(view.get("blocks") or []))
        elif call.method == "files.completeUploadExternal":
            for file in p.get("files") or []:
                stored = self.workspace.fake.files.get(file.get("id"), {})
                size = len(stored.get("content") or b"")
                self.say(f"(file {stored.get('filename', file.get('title'))}, {size} bytes)")

    def _number(self, channel: str, ts: str) -> str:
        try:
            return str(self.messages.index((channel, ts)) + 1)
        except ValueError:
            return "?"


def run_console(settings: Settings, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Run the console until :quit or the end of input."""
    interactive = stdin.isatty()
    with LocalWorkspace(settings) as workspace:
        console = Console(workspace, out)
        if settings.scheduler_enabled:
            start_background_scheduler(workspace.settings, process=workspace.process)
        if interactive:
            _enable_history()
            console.say("mandate-bot local console. Type /case help, or :help for the console.")
        while True:
            try:
                line = input(console.prompt) if interactive else stdin.readline()
            except (EOFError, KeyboardInterrupt):
                console.say()
                return 0
            if not interactive:
                if not line:
                    return 0
                if line.strip():
                    console.say(f"{console.prompt}{line.rstrip()}")
            try:
                if not console.handle(line):
                    return 0
            except BrokenPipeError:  # the reader went away (e.g. piped into head)
                return 0


def _enable_history() -> None:
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - line editing for input()
