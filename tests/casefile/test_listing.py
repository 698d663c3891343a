"""/case list reads each case's line and state from one query: the same as from the case."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bot.casefile.listing import PAGE_SIZE, list_cases
from bot.casefile.state import CaseState, attention_rank, case_state
from bot.cases.enums import CaseStatus, LetterType
from bot.cases.letter_models import AddresseeReply, Clearance, DraftVersion
from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.errors import Invalid
from bot.mandates.models import Mandate
from bot.slack.blocks import to_dicts
from bot.slack.escape import escape_mrkdwn
from handlers.shared.card import STATE_ICONS, build_case_card, render_card
from tests.factories import insert_case

TODAY = dt.date(2017, 3, 1)
CHANNEL = "C0LIST"


def _case(session: Session, n: int, mandates: list[Mandate], **values: object) -> Case:
    return insert_case(
        session,
        number=n,
        mandates=mandates,
        channel_id=CHANNEL,
        country=["KAZ", "OTH", "FRA"][n % 3],
        letter_type=list(LetterType)[n % 3],
        addressee="A *company* <x>" if n % 6 == 1 else None,
        subject=f"subject {n} " + "x" * (n % 4) * 40,
        opened_at=dt.datetime(2017, 1, 1 + n % 5, tzinfo=dt.UTC),  # ties: the id decides
        content_version=3,
        **values,
    )


def _versions(
    session: Session, case: Case, contents: list[int], cleared: list[list[Mandate]]
) -> None:
    for number, (content, mandates) in enumerate(zip(contents, cleared, strict=True), 1):
        version = DraftVersion(
            case_id=case.id,
            number=number,
            language="en",
            content_version=content,
            markdown="letter",
            text_hash="hash",
            made_by="U0BOB",
        )
        session.add(version)
        session.flush()
        for mandate in mandates:
            session.add(Clearance(version_id=version.id, mandate_id=mandate.id, cleared_by="U0C"))


@pytest.fixture
def cases(engine: Engine) -> None:
    """Cases in every state: drafts, changed drafts, half and fully cleared (a clearance by a
    mandate no longer co-signing included), sent, due today, overdue, replied, closed."""
    with Session(engine) as session, session.begin():
        foaa, hrd, wgad = (
            session.scalar(select(Mandate).where(Mandate.code == code))
            for code in ("FOAA", "HRD", "WGAD")
        )
        assert foaa and hrd and wgad
        shapes = itertools.cycle(
            [
                ([foaa], [], []),
                ([foaa, hrd], [3], [[foaa]]),
                ([foaa, hrd], [3], [[foaa, hrd]]),
                ([foaa, hrd], [2, 3], [[foaa, hrd], [hrd, wgad]]),
                ([foaa], [3, 2], [[foaa], [foaa]]),
                ([foaa, hrd, wgad], [1, 2, 3], [[], [foaa], [wgad, hrd]]),
                ([], [3], [[]]),
            ]
        )
        for n in range(1, 50):
            mandates, contents, cleared = next(shapes)
            values: dict[str, object] = {}
            if n % 5 == 2:
                values.update(
                    sent_on=TODAY - dt.timedelta(days=n), due_on=TODAY + dt.timedelta(n % 3 - 1)
                )
            if n % 7 == 3:
                values.update(status=CaseStatus.CLOSED, closed_reason="done")
            case = _case(session, n, mandates, **values)
            _versions(session, case, contents, cleared)
            for days in range(n % 4 if n % 5 == 2 else 0):
                session.add(
                    AddresseeReply(
                        case_id=case.id,
                        received_on=TODAY - dt.timedelta(days=days),
                        recorded_by="U0",
                    )
                )
        _case(session, 99, [foaa]).channel_id = "C0ELSEWHERE"


def _listed(engine: Engine, text: str) -> list:
    """Every page of the list, in order."""
    listed, page, pages = [], 1, 1
    with Session(engine) as session:
        while page <= pages:
            found = list_cases(
                session=session, channel_id=CHANNEL, text=f"{text} page {page}", today=TODAY
            )
            listed += [(item.case, item.state, item.label) for item in found.items]
            page, pages = page + 1, found.pages
    return listed


def test_each_line_says_what_the_loaded_case_says(engine: Engine, cases: None) -> None:
    listed = _listed(engine, "all")
    with Session(engine) as session:
        loaded = {
            case.id: case
            for case in session.scalars(select(Case).where(Case.channel_id == CHANNEL))
        }
        assert sorted(line.id for line, _, _ in listed) == sorted(loaded)
        states = set()
        for line, state, label in listed:
            case = loaded[line.id]
            assert (state, label) == case_state(case, today=TODAY)
            states.add(state)
            assert line.reference == case.reference
            assert line.addressee_name == addressee_name(case)
            assert line.subject == case.subject
            latest = case.latest_version
            assert line.version_number == (latest.number if latest else None)
            assert line.version_id == (latest.id if latest else None)
        assert states == set(CaseState)
        expected = sorted(
            loaded.values(),
            key=lambda c: attention_rank(c, case_state(c, today=TODAY)[0], today=TODAY),
        )
        assert [line.id for line, _, _ in listed] == [case.id for case in expected]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("", lambda case, state: case.status == CaseStatus.OPEN),
        ("open", lambda case, state: case.status == CaseStatus.OPEN),
        ("closed", lambda case, state: case.status == CaseStatus.CLOSED),
        ("overdue", lambda case, state: state == CaseState.OVERDUE),
        ("due", lambda case, state: state in {CaseState.OVERDUE, CaseState.SENT}),
        ("kaz", lambda case, state: case.country_code == "KAZ"),
        ("HRD", lambda case, state: "HRD" in [m.code for m in case.mandates]),
    ],
)
def test_filters_keep_the_cases_they_name(engine: Engine, cases: None, text: str, wanted) -> None:  # noqa: ANN001
    listed = _listed(engine, text)
    with Session(engine) as session:
        loaded = session.scalars(select(Case).where(Case.channel_id == CHANNEL)).all()
        expected = {c.id for c in loaded if wanted(c, case_state(c, today=TODAY)[0])}
    assert expected
    assert sorted(line.id for line, _, _ in listed) == sorted(expected)


def test_pages_and_unknown_filters(engine: Engine, cases: None) -> None:
    with Session(engine) as session:
        total = session.scalar(
            select(func.count()).select_from(Case).where(Case.channel_id == CHANNEL)
        )
        page = list_cases(session=session, channel_id=CHANNEL, text="all page 2", today=TODAY)
        assert (page.page, page.pages, page.total) == (2, 2, total)
        assert len(page.items) == total - PAGE_SIZE
        with pytest.raises(Invalid, match="only 2 page"):
            list_cases(session=session, channel_id=CHANNEL, text="all page 3", today=TODAY)
        with pytest.raises(Invalid, match="neither a filter"):
            list_cases(session=session, channel_id=CHANNEL, text="Narnia", today=TODAY)


def test_the_card_shows_the_state_the_loaded_case_has(engine: Engine, cases: None) -> None:
    """The card reads its latest version's facts with the case; its state is the loaded case's."""
    with Session(engine) as session:
        ids = list(session.scalars(select(Case.id).where(Case.channel_id == CHANNEL)))
    states = set()
    for case_id in ids:
        with Session(engine) as session:
            rendered = render_card(session, case_id, TODAY)
        with Session(engine) as session:
            case = session.get(Case, case_id)
            assert case is not None and rendered is not None
            state, label = case_state(case, today=TODAY)
            assert rendered[1] == to_dicts(build_case_card(case, TODAY)), case_id
            assert f"{STATE_ICONS[state]} {escape_mrkdwn(label)}" in str(rendered[1])
            states.add(state)
    assert states == set(CaseState)
