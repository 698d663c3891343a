"""The console is Slack in text: a whole review driven through it alone (thread replies,
their edits and deletions, the "…" menu, forms, clearances, the Home tab), across a restart,
and the guided first run (``python -m bot console --demo``)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.__main__ import main
from bot.cases.letter_models import AddresseeReply, Clearance, ReviewComment
from bot.cases.models import Case
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.local.console import ESCAPED, Console, state_file_for
from bot.local.demo import play
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate
from tests.factories import OPEN, header_ts, versions

CASE_LINES = (
    OPEN,
    "/allegation 1 On 4 January 2017, the economic court ordered the permanent closure.",
    "/case set 1 concern Serious concern is expressed about the closure.",
    "/cite 1 ICCPR art. 21",
    "/letter 1 question Please provide any additional information.",
)


class Typist:
    """Types lines into a console and hands back what each printed."""

    def __init__(self, workspace: LocalWorkspace) -> None:
        self.out = io.StringIO()
        self.console = Console(workspace, out=self.out)
        self.fake = workspace.fake

    def __call__(self, *lines: str) -> str:
        start = len(self.out.getvalue())
        for line in lines:
            self.console.handle(line)
        return self.out.getvalue()[start:]

    def number(self, ts: str) -> int:
        number = self.fake.number_of("C0CASES", ts)
        assert number is not None, ts
        return number


def comments(session: Session) -> list[ReviewComment]:
    session.expire_all()
    return list(session.scalars(select(ReviewComment).order_by(ReviewComment.id)))


def test_a_whole_review_through_the_console(workspace: LocalWorkspace, session: Session) -> None:
    type_ = Typist(workspace)
    for line in CASE_LINES:
        assert "went wrong" not in type_(line), line

    # answers are shown in full, not their one-line fallback
    shown = type_("/case show 1")
    assert "On 4 January 2017, the economic court ordered" in shown
    assert "Serious concern is expressed about the closure." in shown
    assert "Please provide any additional information." in type_("/letter 1 question list")

    # the draft's header: buttons and the "…" menu numbered, the menu's options listed
    shown = type_("/letter 1 draft")
    (v1,) = versions(session)
    header = type_.number(header_ts(v1))
    assert f"--- message {header} in #C0CASES" in shown
    assert "[1 Clear for FOAA]  [2 Clear for HRD]  [3 Request changes]  [4 …]" in shown
    assert "4: 1) Edit concern, urge, addressee  2) Edit questions" in shown
    assert "<overflow>" not in shown
    assert f"in the thread of message {header}" in shown  # the letter, under its header

    # a reply in the thread is a review comment of v1, @carol a mention of the console's carol
    shown = type_(":as bob", f":reply {header} Para 2: add the date. @carol")
    (comment,) = comments(session)
    assert (comment.author, comment.version_id, comment.kind) == ("U0BOB", v1.id, "comment")
    assert comment.text == "Para 2: add the date. <@U0CAROL>"
    assert f"bob, in the thread of message {header}" in shown and "@carol" in shown
    reply = type_.number(comment.message_ts or "")

    # only its author edits or deletes it; Slack tells the app, the comment follows
    assert "cant_update_message" in type_(":as alice", f":edit {reply} Mine now.")
    type_(":as bob", f":edit {reply} Para 2: add the date of the ruling.")
    (comment,) = comments(session)
    assert comment.text == "Para 2: add the date of the ruling." and comment.edited_at
    type_(f":reply {header} A slip.")
    assert len(comments(session)) == 2
    slip = type_.number(comments(session)[-1].message_ts or "")
    assert f"message {slip} deleted" in type_(f":delete {slip}")
    assert [c.text for c in comments(session)] == ["Para 2: add the date of the ruling."]
    assert "(1 reply" not in type_(f":thread {header}")

    # the "…" menu opens the edit form with what the case holds; :submit saves a change
    shown = type_(":as alice", f":click {header} 4 1")
    assert "== Edit case #1 ==" in shown
    assert "| Serious concern is expressed about the closure." in shown
    type_(':submit urge="ensure that independent trade unions can operate freely"')
    session.expire_all()
    case = session.get(Case, 1)
    assert case is not None
    assert case.urge == "ensure that independent trade unions can operate freely"
    assert case.concern == "Serious concern is expressed about the closure."  # kept as shown

    # v2; Carol requests changes with the form: Slack refuses it empty, then it is sent
    type_("/letter 1 draft")
    _, v2 = versions(session)
    header = type_.number(header_ts(v2))
    shown = type_(":as carol", f":click {header} 3", ":submit")
    assert "Please complete this required field." in shown
    assert "(form: Request changes)" in type_.console.prompt
    shown = type_(':submit reason="Name the court."')
    assert "form sent and closed" in shown and "requests changes to v2" in shown
    assert [c.kind for c in comments(session)] == ["comment", "changes"]
    assert "No form is open." in type_(":cancel")

    # clearances by button number (the header then shows what is left) or action id;
    # then the Home tab shows the case ready to send
    shown = type_(":as bob", f":click {header} 1")
    assert "[1 Clear for HRD]" in shown
    type_(":as carol", f":click {header} clear_version:HRD")
    assert session.scalar(select(func.count(Clearance.id))) == 2
    shown = type_(":as alice", ":home")
    assert "--- Home of alice ---" in shown and "AL KAZ 1/" in shown and "ready to send" in shown

    # a mistyped command is answered by the bot, not by the framework
    shown = type_("/allegaton 1 list")
    assert "Did you mean `/allegation`?" in shown
    assert "@app.command" not in shown and "HTTP 404" not in shown


def test_mentions_typed_in_commands_and_messages(workspace: LocalWorkspace, session) -> None:
    type_ = Typist(workspace)
    type_(OPEN)
    assert "owner set" in type_("/case set 1 owner @bob")
    session.expire_all()
    assert session.get(Case, 1).owner == "U0BOB"
    type_("/mandate set FOAA approvers @bob @carol")  # /mandate is escaped too (manifest)
    foaa = session.scalars(select(Mandate).where(Mandate.code == "FOAA")).one()
    assert foaa.approvers == ["U0BOB", "U0CAROL"]
    assert "/letter" not in ESCAPED and {"/case", "/mandate"} <= ESCAPED
    shown = type_("Hello @carol and @nobody, see <this> & that")
    (message,) = [m for m in workspace.fake.messages.values() if m.get("user") == "U0ALICE"]
    assert message["text"] == "Hello <@U0CAROL> and @nobody, see &lt;this&gt; &amp; that"
    assert "Hello @carol and @nobody, see <this> & that" in shown


def test_messages_and_buttons_survive_a_restart(
    settings: Settings, sessions: sessionmaker[Session], session: Session, tmp_path: Path
) -> None:
    state = tmp_path / "bot.slack.json"
    with LocalWorkspace(settings, sessions=sessions, state_file=state) as first:
        type_ = Typist(first)
        for line in (*CASE_LINES, "/letter 1 draft"):
            type_(line)
        (v1,) = versions(session)
        header = type_.number(header_ts(v1))
    assert state.exists()

    with LocalWorkspace(settings, sessions=sessions, state_file=state) as again:
        type_ = Typist(again)
        assert f"{header}. #C0CASES mandate-bot: Draft v1" in type_(":messages")
        type_(":as bob", f":reply {header} Looks right to me.")
        assert [c.version_id for c in comments(session)] == [v1.id]
        shown = type_(f":click {header} 1")
        assert "You cleared v1 for FOAA" in shown
        assert f"message {header} updated" in shown  # the header in Slack follows
    assert session.scalar(select(func.count(Clearance.id))) == 1


def test_a_case_opened_with_its_form(workspace: LocalWorkspace, session: Session) -> None:
    type_ = Typist(workspace)
    shown = type_("/case")
    assert "== Open a case ==" in shown and "more (type a value or a label)" in shown
    shown = type_(":submit type=UA")
    assert shown.count("Please complete this required field.") == 3
    assert session.get(Case, 1) is None
    type_(':submit country=KAZ type=1 mandates=FOAA,HRD subject="the closure of a union"')
    case = session.get(Case, 1)
    assert case is not None and case.subject == "the closure of a union"
    assert "No form is open." in type_(":form")


def test_the_console_keeps_slack_beside_the_database() -> None:
    assert state_file_for("sqlite:///data/bot.sqlite3") == Path("data/bot.slack.json")
    assert state_file_for("sqlite://") is None
    assert state_file_for("postgresql+psycopg://u@h/team") == Path("team.slack.json")


def test_the_demo_reaches_a_recorded_reply(workspace: LocalWorkspace, session: Session) -> None:
    out = io.StringIO()
    play(Console(workspace, out=out))
    shown = out.getvalue()
    assert session.scalar(select(func.count(AddresseeReply.id))) == 1
    assert session.scalar(select(func.count(Clearance.id))) == 1
    assert [c.kind for c in comments(session)] == ["comment", "changes"]
    assert "Reply overdue" in shown and "reminders stop" in shown
    assert "Slack refused" not in shown and "went wrong" not in shown
    assert "There is no button" not in shown and "did not understand" not in shown


def test_python_m_bot_console_demo(tmp_path: Path, monkeypatch, capsys) -> None:
    database = tmp_path / "demo.sqlite3"
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SCHEDULER_ENABLED", "false")
    monkeypatch.setattr(sys, "stdin", io.StringIO(":messages\n:quit\n"))
    assert main(["console", "--demo"]) == 0
    shown = capsys.readouterr().out
    assert "reminders stop" in shown and "That was the whole flow" in shown
    assert (tmp_path / "demo.slack.json").exists()  # the console's Slack, beside the database
    engine = make_engine(f"sqlite:///{database}")
    try:
        with make_sessionmaker(engine)() as check:
            assert check.scalar(select(func.count(AddresseeReply.id))) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("line", [":click 99 1", ":reply 99 hi", ":edit x y", ":frob"])
def test_console_mistakes_are_explained(workspace: LocalWorkspace, line: str) -> None:
    shown = Typist(workspace)(line)
    assert "no message 99" in shown or "did not understand" in shown, shown
