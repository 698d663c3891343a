"""User text reaches Slack escaped: typed markup never pings, mentions or links."""

from __future__ import annotations

from sqlalchemy import select

from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from tests.security.slack_text import HOSTILE, unescaped, unescaped_calls

# Every command that stores free text, then every command that shows it back.
WRITES = [
    f"/case open KAZ AL FOAA,HRD {HOSTILE}",
    f"/allegation {{case}} {HOSTILE}",
    f"/allegation {{case}} edit 1 {HOSTILE} (edited)",
    f"/cite {{case}} text {HOSTILE}",
    f'/cite {{case}} ICCPR art. 21 ({HOSTILE}) "{HOSTILE}"',
    f"/case set {{case}} concern {HOSTILE}",
    f"/case set {{case}} urge {HOSTILE}",
    f"/case set {{case}} subject {HOSTILE}",
    f"/case set {{case}} sources {HOSTILE}",
    f"/letter {{case}} question {HOSTILE}",
    f'/mandate add ZZHOST "{HOSTILE}" 1/1 "{HOSTILE}"',
    f'/mandate set ZZHOST title "{HOSTILE} (new)"',
    f"/case close {{case}} {HOSTILE}",
    "/case reopen {case}",
]
READS = [
    "/case show {case}",
    "/case show {case} sources",
    "/case show {case} history",
    "/case list",
    "/case list all",
    "/allegation {case} list",
    "/cite {case} list",
    "/letter {case} question list",
    "/mandate show ZZHOST",
    "/mandate list",
    "/letter {case} draft",
]
# Errors quote what was typed: they are escaped too.
ERRORS = [
    f"/case show {HOSTILE}",
    f"/case list {HOSTILE}",
    f"/case set {{case}} {HOSTILE}",
    f"/allegation {HOSTILE}",
    f"/allegation {{case}} edit 9 {HOSTILE}",
    f"/cite {{case}} {HOSTILE}",
    f"/cite search {HOSTILE}",
    f"/cite ratified {HOSTILE} ICCPR 2001-01-01",
    f"/letter {{case}} {HOSTILE}",
    f"/mandate show {HOSTILE}",
    f"/mandate add {HOSTILE}",
    f"/case open {HOSTILE}",
    f"/case open KAZ AL {HOSTILE}",
]


def drive(workspace: LocalWorkspace, session, lines: list[str], case_id: int) -> list[str]:
    """Send each line; return the problems found in the acks."""
    problems = []
    for line in lines:
        answer = workspace.command(line.format(case=case_id))
        assert answer.status == 200, (line, answer.body)
        assert "Something went wrong" not in answer.body, (line, answer.body)
        problems += unescaped(answer.json, f"ack of {line[:40]!r}")
    return problems


def test_every_message_the_bot_sends_escapes_user_markup(
    workspace: LocalWorkspace, session
) -> None:
    problems = drive(workspace, session, WRITES[:1], 0)
    case_id = session.scalars(select(Case.id)).one()
    problems += drive(workspace, session, WRITES[1:] + READS + ERRORS, case_id)
    calls = workspace.fake.calls
    assert {"chat.postMessage", "chat.update"} <= {call.method for call in calls}
    assert sum("&lt;!channel&gt;" in str(call.params) for call in calls) >= 5  # it got through
    problems += unescaped_calls(calls)
    assert not problems, "\n".join(problems)


def test_markup_is_stored_as_typed(workspace: LocalWorkspace, session) -> None:
    """Escaping happens on the way out; the case keeps what the user typed."""
    workspace.command(WRITES[0])
    case = session.scalars(select(Case)).one()
    assert case.subject == HOSTILE
