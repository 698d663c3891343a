"""Shared test data: cases as a person makes them (commands and clicks through the local
workspace), as the services leave them, or as rows inserted directly.

Every test module takes its cases from here, never from another test module; a builder used
by one module alone may stay there if it only calls these.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, sessionmaker

from bot.cases.enums import LetterType
from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case, CaseMandate
from bot.cases.paragraphs import ALLEGATION, QUESTION, add_paragraph
from bot.cases.service import open_case
from bot.config import Settings
from bot.db import make_engine, make_sessionmaker, unit_of_work, utcnow
from bot.errors import UserError
from bot.local.workspace import Answer, LocalWorkspace, find_action
from bot.mandates.models import Mandate
from bot.reminders.models import Reminder
from bot.reminders.service import schedule_for_sent_letter
from bot.reviews.clearance import clear_version
from bot.reviews.drafts import make_draft
from bot.slack.client import make_client
from bot.slack.messages import VERSION, find
from handlers.cases.ids import ActionId as CaseActionId
from handlers.cases.ids import BlockId as CaseBlockId
from handlers.letters.ids import ActionId
from handlers.reminders.sweep import PostedReminder, sweep

TODAY = dt.date(2017, 1, 20)  # a working day before the seed letter was sent
CHANNEL = "C0CASES"
SEED_SUBJECT = (
    "the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
)
OPEN = f"/case open KAZ AL FOAA,HRD {SEED_SUBJECT}"


def utc(*args: int) -> dt.datetime:
    """A UTC instant: ``utc(2017, 3, 17, 8)``."""
    return dt.datetime(*args, tzinfo=dt.UTC)


# --- Through the workspace, as a person does -------------------------------------------------


def build_case(workspace: LocalWorkspace) -> None:
    """Case 1, the seed letter's case in brief: an allegation, concern, urge, a citation and a
    question, each typed as a command in C0CASES."""
    for line in (
        OPEN,
        "/allegation 1 On 4 January 2017, the economic court ordered the permanent closure.",
        "/case set 1 concern Serious concern is expressed about the closure.",
        "/case set 1 urge ensure that independent trade unions can operate freely",
        "/cite 1 ICCPR art. 21 (right to freedom of association)",
        "/letter 1 question Please provide any additional information.",
    ):
        answer = workspace.command(line)
        assert answer.status == 200 and "went wrong" not in answer.text, (line, answer.text)


def open_seed(workspace: LocalWorkspace, channel: str = CHANNEL) -> None:
    """``/case open`` of the seed case (FOAA and HRD), nothing else."""
    assert workspace.command(OPEN, channel=channel).status == 200


def versions(session: Session) -> list[DraftVersion]:
    """Every draft version, oldest first, read afresh."""
    session.expire_all()
    return list(session.scalars(select(DraftVersion).order_by(DraftVersion.number)))


def only_case(session: Session) -> Case:
    """The one case of the test, read afresh."""
    session.expire_all()
    return session.scalars(select(Case)).one()


def header_ts(version: DraftVersion) -> str:
    """The ts of a version's header message, as the outbox recorded it."""
    message = find(object_session(version), VERSION, version.id)
    assert message is not None, f"v{version.number} was not posted"
    return message.ts


def header_of(workspace: LocalWorkspace, version: DraftVersion) -> dict:
    """A draft version's header message as the fake Slack holds it now, with its ts."""
    ts = header_ts(version)
    return {"ts": ts, **workspace.fake.messages[(CHANNEL, ts)]}


def clear(workspace: LocalWorkspace, version: DraftVersion, code: str, user: str) -> str:
    """Click "Clear for <code>" on a version's header (as it was posted); the ephemeral answer."""
    workspace.send(
        workspace.requests.block_actions(
            user_id=user,
            channel_id=CHANNEL,
            action={
                "action_id": f"{ActionId.CLEAR_VERSION}:{code}",
                "block_id": f"review-v{version.id}",
                "type": "button",
                "value": f"{version.id}:{code}",
            },
            message={"ts": header_ts(version), "text": "draft"},
            response_url=workspace.response_url(),
        )
    )
    return workspace.fake.calls_to("response_url")[-1].params["text"]


def send_letter(
    workspace: LocalWorkspace, line: str, *, user: str = "U0ALICE", channel: str = CHANNEL
) -> Answer:
    """``/letter <case> send [date]``, then Send in its confirmation (the click's answer); a
    refusal as it is."""
    asked = workspace.command(line, user=user, channel=channel)
    if find_action(asked.ack.get("blocks") or [], ActionId.SEND_LETTER) is None:
        return asked
    return workspace.click(asked.ack, ActionId.SEND_LETTER, user=user, channel=channel)


def cleared_case(workspace: LocalWorkspace, session: Session) -> None:
    """Case 1 drafted by Alice and cleared for FOAA and HRD by Bob."""
    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    assert "You cleared" in clear(workspace, v1, "FOAA", "U0BOB")
    assert "You cleared" in clear(workspace, v1, "HRD", "U0BOB")


def sent_case(workspace: LocalWorkspace, session: Session, *, on: str = "2017-01-23") -> None:
    """Case 1 cleared and sent on ``on``."""
    cleared_case(workspace, session)
    assert "recorded as sent" in send_letter(workspace, f"/letter 1 send {on}").text


# --- Through the services ---------------------------------------------------------------------


def opened_case(
    session: Session,
    *,
    mandates: Sequence[str] = ("FOAA", "HRD"),
    country: str = "KAZ",
    channel_id: str = CHANNEL,
    subject: str = "the closure of a union",
    letter_type: LetterType = LetterType.AL,
    today: dt.date = TODAY,
) -> Case:
    """A case opened by Alice through the service, in the caller's transaction."""
    return open_case(
        session=session,
        channel_id=channel_id,
        country=country,
        letter_type=letter_type,
        mandates=list(mandates),
        subject=subject,
        opened_by="U0ALICE",
        today=today,
    )


def drafted_case(
    sessions: sessionmaker[Session], *, approvers: list[str] | None = None
) -> tuple[int, int]:
    """A committed FOAA/HRD case with an allegation and a question, drafted by Alice (v1);
    ``approvers`` are FOAA's. Returns the case's and the version's ids."""
    with unit_of_work(sessions) as session:
        if approvers is not None:
            foaa = session.scalars(select(Mandate).where(Mandate.code == "FOAA")).one()
            foaa.approvers = approvers
        case = opened_case(session)
        for kind, text in ((ALLEGATION, "It was closed."), (QUESTION, "Please explain.")):
            add_paragraph(session=session, case=case, kind=kind, text=text, actor="U0ALICE")
        draft = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
        return case.id, draft.version.id


def clear_by(
    sessions: sessionmaker[Session],
    case_id: int,
    version_id: int,
    user: str,
    code: str | None = None,
) -> list[Mandate]:
    """``user`` clears the version (for ``code``, or every mandate they may) in a transaction of
    its own; the mandates cleared."""
    with unit_of_work(sessions) as session:
        case = session.get(Case, case_id)
        version = session.get(DraftVersion, version_id)
        assert case is not None and version is not None
        return clear_version(
            session=session, case=case, version=version, actor=user, mandate_code=code
        ).cleared


# --- Rows inserted directly -------------------------------------------------------------------


def insert_case(
    session: Session,
    *,
    number: int | None = None,
    mandates: Sequence[str | Mandate] = (),
    channel_id: str = CHANNEL,
    country: str = "KAZ",
    year: int = 2017,
    **values: Any,
) -> Case:
    """A case row as the bot would leave it (flushed), numbered after the country's last one
    unless ``number`` is given; ``values`` set any other column (``sent_on``, ``due_on``...)."""
    if number is None:
        last = session.scalar(
            select(func.max(Case.reference_number)).where(Case.reference_code == country)
        )
        number = (last or 0) + 1
    fields: dict[str, Any] = {
        "letter_type": LetterType.AL,
        "subject": "the permanent closure of the Confederation of Independent Trade Unions",
        "opened_by": "U0ALICE",
    }
    case = Case(
        channel_id=channel_id,
        country_code=country,
        reference_code=country,
        reference_number=number,
        reference_year=year,
        **(fields | values),
    )
    session.add(case)
    session.flush()
    for position, mandate in enumerate(mandates):
        if isinstance(mandate, str):
            mandate = session.scalars(select(Mandate).where(Mandate.code == mandate)).one()
        session.add(CaseMandate(case_id=case.id, mandate_id=mandate.id, position=position))
    return case


def unsaved_case(**changes: Any) -> Case:
    """The seed case, sent and not stored: for builders that only read a case's fields."""
    fields: dict[str, Any] = {
        "id": 7,
        "channel_id": "C0KAZ",
        "letter_type": LetterType.AL,
        "country_code": "KAZ",
        "subject": "the permanent closure of the Confederation of Independent Trade Unions",
        "reference_code": "KAZ",
        "reference_number": 1,
        "reference_year": 2017,
        "sent_on": dt.date(2017, 1, 23),
        "due_on": dt.date(2017, 3, 24),
    }
    return Case(**(fields | changes))


def racing_sweeps(
    *, database_url: str, api_url: str, settings: Settings, now: dt.datetime, sweepers: int = 4
) -> list[list[PostedReminder]]:
    """Sweeps started at the same moment, each on its own engine (as another process has its
    own connection), in small batches so that they interleave; what each posted."""
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(sweepers)

    def sweeper(n: int) -> list[PostedReminder]:
        own_engine = make_engine(database_url)
        try:
            client = make_client(Settings(slack_api_url=api_url, slack_bot_token="xoxb-t"))
            start.wait()
            return sweep(
                sessions=make_sessionmaker(own_engine),
                client=client,
                settings=settings,
                now=now,
                worker_id=f"sweeper-{n}",
                limit=5,
            )
        finally:
            own_engine.dispose()

    with ThreadPoolExecutor(sweepers) as pool:
        return list(pool.map(sweeper, range(sweepers)))


def reminders_of(session: Session, case_id: int) -> list[Reminder]:
    """A case's reminders, read afresh, soonest first."""
    session.expire_all()
    return list(
        session.scalars(
            select(Reminder).where(Reminder.case_id == case_id).order_by(Reminder.due_at)
        )
    )


# --- Races ------------------------------------------------------------------------------------


def race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions at the same moment, one thread each; their results or UserErrors."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        barrier.wait(timeout=30)
        try:
            outcomes[index] = action()
        except UserError as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


# --- Sent letters and reminders ---------------------------------------------------------------

SENT_ON = dt.date(2017, 1, 23)  # the seed letter
DUE_ON = dt.date(2017, 3, 24)

Sent = Callable[..., Case]  # makes a sent case with its reminders scheduled


def add_sent_case(
    session: Session,
    *,
    channel_id: str = "C0KAZ",
    sent_on: dt.date | None = SENT_ON,
    due_on: dt.date | None = DUE_ON,
) -> Case:
    """A sent AL to Kazakhstan, inserted directly (as /letter send would leave it)."""
    return insert_case(session, channel_id=channel_id, sent_on=sent_on, due_on=due_on)


def reminder_in_channel(workspace: LocalWorkspace, sessions: sessionmaker[Session]) -> dict:
    """Open the seed case in C0KAZ, send it (2017-01-23, due 2017-03-24), sweep: the reminder
    message (years overdue: one catch-up message)."""
    assert workspace.command(OPEN, channel="C0KAZ").status == 200
    with unit_of_work(sessions) as work:
        case = work.scalars(select(Case)).one()
        case.sent_on, case.due_on = SENT_ON, DUE_ON
        schedule_for_sent_letter(session=work, case=case, settings=workspace.settings)
    posted = sweep(
        sessions=sessions,
        client=make_client(workspace.settings),
        settings=workspace.settings,
        now=utcnow(),
        worker_id="test",
    )
    assert len(posted) == 1
    return workspace.fake.messages[("C0KAZ", posted[0].ts)]


def clear_all(workspace: LocalWorkspace, version: DraftVersion) -> list[str]:
    """Both mandates cleared by their approvers (FOAA by Bob, HRD by Carol); each answer."""
    return [
        clear(workspace, version, code, user)
        for code, user in (("FOAA", "U0BOB"), ("HRD", "U0CAROL"))
    ]


def open_case_values(*, mandates: list[str], subject: str, country: str = "KAZ") -> dict:
    """What the "Open a case" form holds once filled in, as Slack submits it."""
    return {
        CaseBlockId.COUNTRY: {
            CaseActionId.OPEN_CASE_COUNTRY: {
                "type": "static_select",
                "selected_option": {"value": country},
            }
        },
        CaseBlockId.TYPE: {
            CaseActionId.OPEN_CASE_TYPE: {
                "type": "static_select",
                "selected_option": {"value": "AL"},
            }
        },
        CaseBlockId.MANDATES: {
            CaseActionId.OPEN_CASE_MANDATES: {
                "type": "multi_static_select",
                "selected_options": [{"value": code} for code in mandates],
            }
        },
        CaseBlockId.SUBJECT: {
            CaseActionId.OPEN_CASE_SUBJECT: {"type": "plain_text_input", "value": subject}
        },
    }
