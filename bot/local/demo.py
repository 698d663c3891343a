"""A guided first run: ``python -m bot console --demo`` plays one case end to end in the
console, as three team members would type it, then leaves the console open on that data.

The case is fictional: the company, the town, the union and every person in it are
invented for the demonstration. It goes to a company (OTH), as letters of the Special
Rapporteur on freedom of peaceful assembly and of association sometimes do, so that no
State is said to have done what the demonstration tells.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.cases.models import Case
from bot.config import Settings
from bot.local.console import Console, run_console
from bot.local.render_text import controls
from handlers.letters.ids import ActionId

COMPANY = "Calder Ridge Textiles Ltd."
PAUSE = 1.0  # seconds between lines when someone watches (a terminal), none otherwise


@dataclass(frozen=True)
class Step:
    """What the narrator says, then the lines typed (``{case}``, ``{draft}`` … filled in)."""

    say: str
    lines: tuple[str, ...]


STEPS = (
    Step(
        "Alice opens the case. A fictional company dismissed the workers who founded a union.",
        (
            ":as alice",
            "/case open OTH AL FOAA the dismissal of 14 workers of a garment factory after "
            "they founded a trade union",
            f"/case set {{case}} addressee {COMPANY}",
        ),
    ),
    Step(
        "She records what the source reported, the concern, a question, and the annex.",
        (
            "/allegation {case} On 3 March 2026, workers at the company's factory in the town "
            "of Marlow Flats registered an independent trade union, the Marlow Flats Garment "
            "Workers' Union.",
            "/allegation {case} On 10 March 2026, the company dismissed 14 of the union's "
            'founding members, including its chairperson, Ms. Ana Petrel, citing "restructuring".',
            "/allegation {case} On 12 March 2026, security guards employed by the company "
            "prevented union members from meeting outside the factory gates.",
            "/case set {case} concern Without prejudging the accuracy of these allegations, I "
            "express concern at the dismissal of workers who founded a trade union, which "
            "appears to be related to their exercise of the right to freedom of association.",
            "/letter {case} question Please explain the grounds for the dismissal of the 14 "
            "workers, and the steps taken to ensure that workers can form and join a trade union "
            "without reprisal.",
            "/case set {case} urge halt any reprisal against the workers concerned",
            "/cite {case} ICCPR art. 22",
            "/allegation {case} list",
        ),
    ),
    Step(
        "The team checks the mandate's row, and Alice drafts the letter for review.",
        ("/mandate confirm FOAA", "/letter {case} draft"),
    ),
    Step(
        "Bob comments in the draft's thread; Carol asks for a change with the form.",
        (
            ":as bob",
            ":reply {draft} Allegation 2: say when the union learnt of the dismissals, if known.",
            ":as carol",
            ":click {draft} {request_changes}",
            ':submit reason="Please add ILO Convention No. 87 to the annex."',
        ),
    ),
    Step(
        "Alice makes the change and drafts again; Bob clears the new version.",
        (
            ":as alice",
            "/cite {case} ILO-C87",
            "/letter {case} draft",
            ":as bob",
            ":click {draft} {clear}",
        ),
    ),
    Step(
        "Alice sees the case on her Home tab, then records the letter as sent today.",
        (
            ":as alice",
            ":home",
            "/letter {case} send",
            ":click {confirm} 1",
        ),
    ),
    Step(
        "No answer by the due date: the console runs the reminder sweep as if it were the "
        "next working day after it.",
        (":remind {overdue}",),
    ),
    Step(
        "The company answers; Alice records the reply (dated today), which stops the reminders.",
        (
            "/letter {case} reply {today} The company states that the 14 workers were dismissed "
            "for economic reasons and offers to meet the union.",
            "/case show {case}",
        ),
    ),
)


def run_demo(settings: Settings) -> int:
    """``python -m bot console --demo``: the demo, then the console on its data."""
    return run_console(settings, first=lambda console, live: play(console, pause=PAUSE * live))


def play(console: Console, *, pause: float = 0.0, today: dt.date | None = None) -> None:
    """Type the demo's lines into ``console``, narrated; ``pause`` seconds between lines."""
    today = today or dt.date.today()
    fill = _Filler(console, today)
    console.say("=== A guided first run: one fictional case, from opening to the reply ===")
    console.say("(The company, town, union and people are invented for this demonstration.)")
    for number, step in enumerate(STEPS, 1):
        console.say(f"\n### {number}. {step.say}")
        for template in step.lines:
            line = template.format_map(fill)
            console.say(f"{console.prompt}{line}")
            console.handle(line)
            time.sleep(pause)
    console.say(
        "\n=== That was the whole flow. The console stays open on this case: try "
        ":messages, :thread <n>, :home, /case help, or :help. ==="
    )


class _Filler(dict):
    """The numbers a line needs, looked up when the line is typed (``str.format_map``)."""

    def __init__(self, console: Console, today: dt.date) -> None:
        super().__init__()
        self.console = console
        self.lookups: dict[str, Callable[[], object]] = {
            "case": self._case,
            "draft": lambda: self._latest_with(ActionId.REQUEST_CHANGES),
            "request_changes": lambda: self._button(ActionId.REQUEST_CHANGES),
            "clear": lambda: self._button(f"{ActionId.CLEAR_VERSION}:FOAA"),
            "confirm": lambda: self._latest_with(ActionId.SEND_LETTER),
            "overdue": self._overdue,
            "today": today.isoformat,
        }

    def __missing__(self, key: str) -> object:
        return self.lookups[key]()

    def _case(self) -> int:
        with self.console.workspace.process.sessions() as session:
            return int(session.scalar(select(func.max(Case.id))) or 0)

    def _overdue(self) -> str:
        """09:00 on the first working day after the reply was due."""
        with self.console.workspace.process.sessions() as session:
            case = session.get(Case, self._case())
            due = case.due_on if case is not None else None
        if due is None:
            raise LookupError("the letter is not recorded as sent")
        day = due + dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return f"{day.isoformat()}T09:00"

    def _latest_with(self, action_id: str) -> int:
        """The number of the latest message with this button (a draft's header, a confirmation)."""
        fake = self.console.fake
        for number in range(len(fake.timeline), 0, -1):
            _, message = fake.shown(number)
            if message and any(
                c.element.get("action_id") == action_id
                for c in controls(message.get("blocks") or [])
            ):
                return number
        raise LookupError(f"no message with {action_id}")

    def _button(self, action_id: str) -> int:
        _, message = self.console.fake.shown(self._latest_with(ActionId.REQUEST_CHANGES))
        found = controls((message or {}).get("blocks") or [])
        return next(i for i, c in enumerate(found, 1) if c.element.get("action_id") == action_id)
