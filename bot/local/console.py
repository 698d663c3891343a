"""The local console: Slack in text. Type slash commands and messages as in Slack, reply in
threads, click buttons and menus, fill in forms, open the Home tab; read what the bot posts."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.local.fake import Call, SlackError
from bot.local.forms import state_values
from bot.local.render_text import (
    USER_NAMES,
    blocks_to_text,
    controls,
    mrkdwn_to_text,
    view_to_text,
)
from bot.local.workspace import Answer, LocalWorkspace, split_line
from bot.scheduler import start_background_scheduler
from handlers import COMMANDS
from handlers.reminders.sweep import sweep_now

CONSOLE_HELP = """Type slash commands as in Slack, e.g.
  /case help
  /case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan
A line that is not a command is a message in the channel; @bob in it (or in a command)
mentions the console user bob. Messages are numbered; so are their buttons and menus.
Console commands:
  :reply <n> <text>       reply in the thread of message n (a review comment on a draft)
  :edit <n> <text>        edit your message n        :delete <n>   delete your message n
  :thread <n>             show message n and its thread
  :messages               list the messages, replies under their parent
  :click <n> <k> [<choice>]  click button k of message n, or pick option <choice> (its number
                          or value) from its menu k (the "…" menu: :click 2 4 1);
                          <k> may be the button's action id
  :click home <k> / :click form <k> [<choice>]  the same in the Home tab or the open form
  :home                   open the app's Home tab
  :submit [<field>=<value> ...]  submit the open form; a field is its number or [name];
                          options by number or value, several with commas; \\n is a new line
  :cancel                 close the open form         :form   show it again
  :as <user>              act as another user (alice, bob, carol or a Slack id such as U0DAN)
  :in <channel>           act in another channel (e.g. C0OTHER)
  :remind [<time>]        run a reminder sweep now, or as if it were <time> (2017-03-24T09:00)
  :help                   this help        :quit  leave (end of input works too)"""

_MENTION = re.compile(r"(?<![\w<@])@([A-Za-z][\w.-]*)")
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def escaped_commands(manifest: Path = MANIFEST) -> frozenset[str]:
    """The commands Slack sends with ``should_escape`` (the app's manifest says which):
    what was typed escaped, a person picked from the @ menu as ``<@U1|bob>``."""
    escaped = {command.name for command in COMMANDS if command.escaped}
    with contextlib.suppress(OSError):
        command = ""
        for line in manifest.read_text(encoding="utf-8").splitlines():
            key, _, value = line.strip().removeprefix("- ").partition(":")
            if key == "command":
                command = value.strip()
            elif key == "should_escape" and value.strip() == "true":
                escaped.add(command)
    return frozenset(escaped)


ESCAPED = escaped_commands()


def state_file_for(database_url: str) -> Path | None:
    """Where the console's Slack keeps its messages: beside an SQLite file (``bot.sqlite3`` ->
    ``bot.slack.json``), or named after the database in the working folder."""
    url = make_url(database_url)
    name = url.database or ""
    if url.get_backend_name() == "sqlite":
        return Path(name).with_suffix(".slack.json") if name and name != ":memory:" else None
    return Path(f"{Path(name).name or 'mandate-bot'}.slack.json")


class Console:
    """Reads lines, sends them to the app as signed Slack requests, prints what Slack shows."""

    def __init__(self, workspace: LocalWorkspace, out: TextIO = sys.stdout) -> None:
        self.workspace = workspace
        self.fake = workspace.fake
        self.out = out
        self.user = "U0ALICE"
        self.channel = "C0CASES"
        self.forms: list[str] = []  # the open form's stack of view ids, top last
        self.clicked: int | None = None  # the message whose button was clicked last
        self.seen = len(self.fake.calls)
        USER_NAMES.update({k: v.get("name", k) for k, v in self.fake.users.items()})
        USER_NAMES[self.fake.bot_user_id] = "mandate-bot"

    @property
    def prompt(self) -> str:
        name = self.fake.users.get(self.user, {}).get("name", self.user)
        form = f" (form: {self._form_title()})" if self.forms else ""
        return f"[{name} in #{self.channel}{form}]> "

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def handle(self, line: str) -> bool:
        """Run one line; False when the user wants to leave."""
        line = line.strip()
        if not line or line.startswith("#"):
            return True
        if self.user not in self.fake.members.get(self.channel, set()):
            self.fake.join(self.channel, self.user)  # who types in a channel is a member of it
            self.fake.save()
        if line.startswith("/"):
            self._command(line)
        elif not line.startswith(":"):
            self._post(line)
        else:
            verb, _, rest = line.partition(" ")
            if verb.lower() in {":quit", ":exit", ":q"}:
                return False
            try:
                self._console_command(verb.lower(), rest.strip())
            except SlackError as error:
                self.say(f"(Slack refused: {error.error})")
        self.workspace.deliver_waiting()  # one person typing: no burst to wait for
        self._show_calls()
        return True

    # what people type ------------------------------------------------------

    def _command(self, line: str) -> None:
        name, _, text = line.partition(" ")
        escaped = name in ESCAPED
        if escaped:  # Slack sends what was typed escaped, mentions as <@U1|bob>
            text = self._mentions(_escape(text), labelled=True)
        answer = self.workspace.command(
            f"{name} {text}", user=self.user, channel=self.channel, wire=escaped
        )
        self._show_answer(answer)

    def _post(self, text: str, thread_ts: str | None = None) -> None:
        text = self._mentions(_escape(text), labelled=False)
        event = self.fake.post_as_user(
            channel=self.channel, user=self.user, text=text, thread_ts=thread_ts
        )
        self._print_message(self.channel, self.fake.messages[(self.channel, event["ts"])])
        self._show_answer(self.workspace.event(event))

    def _mentions(self, text: str, *, labelled: bool) -> str:
        """``@bob`` as Slack sends a mention of the console user bob."""

        def mention(match: re.Match[str]) -> str:
            user_id = self._find_user(match[1])
            if user_id is None:
                return match[0]
            return f"<@{user_id}|{match[1].lower()}>" if labelled else f"<@{user_id}>"

        return _MENTION.sub(mention, text)

    def _console_command(self, verb: str, rest: str) -> None:
        words = split_line(rest)
        if verb == ":help":
            self.say(CONSOLE_HELP)
        elif verb == ":as" and len(words) == 1:
            self.user = self._find_user(words[0]) or words[0].upper()
            self.say(f"(now acting as {USER_NAMES.get(self.user, self.user)})")
        elif verb == ":in" and len(words) == 1:
            self.channel = words[0].lstrip("#").upper()
            self.say(f"(now in #{self.channel})")
        elif verb == ":messages":
            self._list_messages()
        elif verb in {":reply", ":edit"} and len(words) >= 2 and words[0].isdigit():
            text = rest.split(None, 1)[1]
            (self._reply if verb == ":reply" else self._edit)(int(words[0]), text)
        elif verb in {":delete", ":thread"} and len(words) == 1 and words[0].isdigit():
            (self._delete if verb == ":delete" else self._thread)(int(words[0]))
        elif verb == ":click" and len(words) in {2, 3}:
            self._click(words[0], words[1], words[2] if len(words) == 3 else None)
        elif verb == ":home" and not words:
            self._show_answer(self.workspace.open_home(self.user))
        elif verb == ":submit":
            self._submit(words)
        elif verb == ":cancel" and not words:
            self._cancel()
        elif verb == ":form" and not words:
            self._show_form()
        elif verb == ":remind" and len(words) <= 1:
            self._remind(words[0] if words else None)
        else:
            self.say(f"I did not understand {f'{verb} {rest}'.strip()!r}. :help lists what I do.")

    def _find_user(self, name: str) -> str | None:
        for user_id, user in self.fake.users.items():
            if name.lower() in {str(user.get("name", "")).lower(), user_id.lower()}:
                return user_id
        return None

    def _message(self, number: int) -> tuple[str, dict] | None:
        try:
            channel, message = self.fake.shown(number)
        except IndexError:
            self.say(f"There is no message {number}; :messages lists them.")
            return None
        if message is None:
            self.say(f"Message {number} was deleted.")
            return None
        return channel, message

    def _reply(self, number: int, text: str) -> None:
        found = self._message(number)
        if found is None:
            return
        channel, message = found
        if message.get("type") != "message":  # an answer only one person saw
            self.say(f"Message {number} is only for you: it has no thread to reply in.")
            return
        self.channel = channel
        self._post(text, thread_ts=message.get("thread_ts") or message["ts"])

    def _edit(self, number: int, text: str) -> None:
        found = self._message(number)
        if found is not None:
            channel, message = found
            text = self._mentions(_escape(text), labelled=False)
            event = self.fake.edit_as_user(
                channel=channel, ts=message["ts"], user=self.user, text=text
            )
            self.say(f"\n--- message {number} edited ---\n{mrkdwn_to_text(text)}")
            self._show_answer(self.workspace.event(event))

    def _delete(self, number: int) -> None:
        found = self._message(number)
        if found is not None:
            channel, message = found
            event = self.fake.delete_as_user(channel=channel, ts=message["ts"], user=self.user)
            self.say(f"--- message {number} deleted ---")
            self._show_answer(self.workspace.event(event))

    def _thread(self, number: int) -> None:
        found = self._message(number)
        if found is None:
            return
        channel, message = found
        root = message.get("thread_ts") or message["ts"]
        parent = self.fake.messages.get((channel, root))
        if parent is None:
            self.say(f"Message {number} has no thread.")
            return
        self._print_message(channel, parent)
        for reply in self.fake.thread(channel, root):
            self._print_message(channel, reply)

    def _list_messages(self) -> None:
        for number, (channel, ts) in enumerate(self.fake.timeline, 1):
            message = self.fake.messages.get((channel, ts))
            if message is None:
                continue  # deleted, or shown only once to someone
            text = mrkdwn_to_text(message.get("text", "")).replace("\n", " ")
            reply = message.get("thread_ts") not in (None, ts)
            indent = "      └ " if reply else "  "
            count = message.get("reply_count")
            replies = f" [{_count(count, 'reply', 'replies')}]" if count else ""
            who = self._author(message)
            self.say(f"{indent}{number}. #{channel} {who}: {text[:70]}{replies}")

    def _author(self, message: dict) -> str:
        if message.get("bot_id"):
            return "mandate-bot"
        return USER_NAMES.get(message.get("user", ""), message.get("user", "?"))

    # buttons, menus, forms, Home --------------------------------------------

    def _click(self, target: str, which: str, choice: str | None) -> None:
        view: dict | None = None
        message: dict | None = None
        channel = self.channel
        if target.lower() == "home":
            view = self.fake.home_of(self.user)
            if view is None:
                self.say("Open the Home tab first: :home")
                return
        elif target.lower() == "form":
            if not self.forms:
                self.say("No form is open.")
                return
            view = self.fake.views[self.forms[-1]]
        elif target.isdigit():
            found = self._message(int(target))
            if found is None:
                return
            channel, message = found
            self.clicked = int(target)
        else:
            self.say("Say which message (its number), or home, or form: :click 2 1")
            return
        blocks = (view or message or {}).get("blocks") or []
        found_controls = controls(blocks)
        if which.isdigit() and 1 <= int(which) <= len(found_controls):
            control = found_controls[int(which) - 1]
        else:
            named = [c for c in found_controls if c.element.get("action_id") == which]
            if not named:
                self.say(f"There is no button {which} there ({len(found_controls)} to click).")
                return
            control = named[0]
        if control.element.get("url"):
            self.say(f"(Slack opens {control.element['url']})")
        try:
            answer = self.workspace.use(
                control, user=self.user, channel=channel, message=message, view=view, choice=choice
            )
        except LookupError as error:
            self.say(str(error))
            return
        self._show_answer(answer)

    def _form_title(self) -> str:
        view = self.fake.views.get(self.forms[-1], {})
        return str((view.get("title") or {}).get("text", "form"))

    def _show_form(self, errors: dict[str, str] | None = None) -> None:
        if not self.forms:
            self.say("No form is open.")
            return
        view = self.fake.views[self.forms[-1]]
        self.say("\n--- form (only you see; :submit to send, :cancel to close) ---")
        self.say(view_to_text(view))
        for block_id, error in (errors or {}).items():
            self.say(f"  ! [{block_id}] {error}")

    def _submit(self, words: list[str]) -> None:
        if not self.forms:
            self.say("No form is open.")
            return
        typed: dict[str, str] = {}
        for word in words:
            key, equals, value = word.partition("=")
            if not equals:
                self.say(f"Write each field as <field>=<value>, not {word!r}.")
                return
            typed[key] = value
        view = self.fake.views[self.forms[-1]]
        try:
            values, errors = state_values(view, typed, lambda name: self._find_user(name) or name)
        except LookupError as error:
            self.say(str(error))
            return
        if errors:  # Slack refuses these itself, before the app sees them
            self._show_errors(view, errors)
            return
        answer = self.workspace.submit(view, values, user=self.user)
        ack = answer.ack
        action = ack.get("response_action")
        if answer.status != 200:
            self.say(f"(Slack would show: We had some trouble connecting. HTTP {answer.status})")
        elif action == "errors":
            self._show_errors(view, ack.get("errors") or {})
        elif action == "update":
            self.fake.store_view(ack["view"], view["id"])
            self._show_form()
        elif action == "push":
            self.forms.append(self.fake.store_view(ack["view"])["id"])
            self._show_form()
        elif action == "clear":
            self.forms.clear()
            self.say("(form closed)")
        else:
            self.forms.pop()
            self.say("(form sent and closed)" if not self.forms else "(back to the form below)")
            if self.forms:
                self._show_form()

    def _show_errors(self, view: dict, errors: dict[str, str]) -> None:
        labels = {
            b.get("block_id"): (b.get("label") or {}).get("text", "")
            for b in view.get("blocks") or []
        }
        self.say("(the form stays open; Slack shows under the field:)")
        for block_id, error in errors.items():
            self.say(f"  ! {labels.get(block_id, block_id)} [{block_id}]: {error}")

    def _cancel(self) -> None:
        if not self.forms:
            self.say("No form is open.")
            return
        view = self.fake.views[self.forms.pop()]
        if view.get("notify_on_close"):
            self._show_answer(
                self.workspace.send(
                    self.workspace.requests.view_closed(user_id=self.user, view=view)
                )
            )
        self.say("(form closed, nothing sent)")

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

    # what Slack shows ----------------------------------------------------------

    def _show_answer(self, answer: Answer) -> None:
        if answer.status != 200:
            self.say(f"(Slack would show: the app did not answer. HTTP {answer.status})")
            return
        payload = answer.ack
        if payload.get("blocks") or payload.get("text"):
            self._show_ephemeral(payload)

    def _show_ephemeral(self, payload: dict) -> None:
        """An answer only the user sees (or the channel, for ``in_channel``)."""
        blocks = payload.get("blocks") or []
        text = blocks_to_text(blocks) if blocks else mrkdwn_to_text(payload.get("text", ""))
        who = "channel" if payload.get("response_type") == "in_channel" else "only you see"
        if controls(blocks):  # something to click: it gets a number
            ts = self.fake.keep_ephemeral(self.channel, self.user, payload)
            number = self.fake.number_of(self.channel, ts)
            self.say(f"\n--- message {number}, {who} ---\n{text}")
        elif blocks:
            self.say(f"\n--- {who} ---\n{text}")
        else:
            self.say(f"[{who}] {text}")

    def _show_calls(self) -> None:
        calls = self.fake.calls[self.seen :]
        self.seen = len(self.fake.calls)
        for call in calls:
            self._show_call(call)

    def _show_call(self, call: Call) -> None:
        p = call.params
        if call.error:
            self.say(f"(Slack refused {call.method}: {call.error})")
        elif call.method == "chat.postMessage":
            message = self.fake.messages.get((p["channel"], call.ts or ""))
            if message is not None:
                self._print_message(p["channel"], message)
        elif call.method == "chat.update":
            number = self.fake.number_of(p.get("channel", ""), p.get("ts", ""))
            self.say(f"\n--- message {number} updated ---")
            self.say(blocks_to_text(p.get("blocks") or []) or mrkdwn_to_text(p.get("text", "")))
        elif call.method == "chat.delete":
            number = self.fake.number_of(p.get("channel", ""), p.get("ts", ""))
            self.say(f"--- message {number} deleted ---")
        elif call.method == "chat.postEphemeral":
            if p.get("user") == self.user:
                self._show_posted_ephemeral(p, call.ts or "")
        elif call.method == "response_url":
            self._show_response(p)
        elif call.method in {"views.open", "views.push"}:
            stored = [v for v in self.fake.views.values() if v.get("type") == "modal"]
            if stored:
                if call.method == "views.open":
                    self.forms.clear()
                self.forms.append(stored[-1]["id"])
                self._show_form()
        elif call.method == "views.update":
            if self.forms:
                self._show_form()
        elif call.method == "views.publish":
            if p.get("user_id") == self.user:
                self.say(f"\n--- Home of {USER_NAMES.get(self.user, self.user)} ---")
                self.say(view_to_text(p.get("view") or {}))
        elif call.method == "files.completeUploadExternal":
            for item in p.get("files") or []:
                upload = self.fake.files.get(item.get("id"), {})
                size = len(upload.get("content") or b"")
                where = " in the thread" if p.get("thread_ts") else ""
                self.say(f"(file {upload.get('filename', item.get('title'))}{where}, {size} bytes)")

    def _show_posted_ephemeral(self, params: dict, ts: str) -> None:
        number = self.fake.number_of(params.get("channel", ""), ts)
        text = blocks_to_text(params.get("blocks") or []) or mrkdwn_to_text(params.get("text", ""))
        self.say(f"\n--- {f'message {number}, ' if number else ''}only you see ---\n{text}")

    def _show_response(self, params: dict) -> None:
        """A post to a response_url: a new message, or the clicked one replaced or deleted."""
        if str(params.get("delete_original")).lower() == "true":
            self.say(f"--- message {self.clicked} deleted ---")
            return
        if str(params.get("replace_original")).lower() == "true" and self.clicked:
            channel, ts = self.fake.timeline[self.clicked - 1]
            replaced = {k: params[k] for k in ("text", "blocks") if k in params}
            stored = self.fake.messages.get((channel, ts)) or next(
                (e for e in self.fake.ephemerals if e["ts"] == ts), {}
            )
            stored.update(replaced)
            self.fake.save()
            blocks = params.get("blocks") or []
            text = blocks_to_text(blocks) if blocks else mrkdwn_to_text(params.get("text", ""))
            self.say(f"\n--- message {self.clicked} replaced ---\n{text}")
            return
        self._show_ephemeral(params)

    def _print_message(self, channel: str, message: dict) -> None:
        """A channel message with its number; a reply indented under its thread's parent."""
        ts = message["ts"]
        number = self.fake.number_of(channel, ts)
        who = self._author(message)
        edited = " (edited)" if message.get("edited") and not message.get("bot_id") else ""
        body = blocks_to_text(message.get("blocks") or []) or mrkdwn_to_text(
            message.get("text", "")
        )
        root = message.get("thread_ts")
        if root and root != ts:
            parent = self.fake.number_of(channel, root)
            self.say(f"\n  --- message {number}, {who}{edited}, in the thread of message {parent}")
            self.say("\n".join("  │ " + line for line in body.split("\n")))
        else:
            replies = message.get("reply_count")
            more = f" ({_count(replies, 'reply', 'replies')}: :thread {number})" if replies else ""
            self.say(f"\n--- message {number} in #{channel}, {who}{edited}{more} ---\n{body}")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _escape(text: str) -> str:
    """What Slack does to what people type before it reaches an app."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_console(
    settings: Settings,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    *,
    first: Callable[[Console, bool], None] | None = None,
) -> int:
    """Run the console until :quit or the end of input; ``first(console, interactive)`` runs
    before the first line is read (the demo)."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    interactive = stdin.isatty()
    state = state_file_for(settings.database_url)
    with LocalWorkspace(settings, state_file=state) as workspace:
        console = Console(workspace, out)
        if settings.scheduler_enabled:
            start_background_scheduler(workspace.settings, process=workspace.process)
        if first is not None:
            first(console, interactive)
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
