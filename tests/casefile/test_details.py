"""/case show reads the columns each section prints, and asks nothing of an empty collection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bot.casefile.details import case_details
from bot.cases.enums import CitationForm
from bot.cases.letter_models import AddresseeReply, Clearance, DraftVersion, ReviewComment
from bot.cases.models import Allegation, Case, CaseCitation, Question
from bot.cases.paragraphs import (
    ALLEGATION,
    QUESTION,
    add_paragraph,
    move_paragraph,
    remove_paragraph,
)
from bot.mandates.models import Mandate
from bot.reviews.comments import recent_comments
from bot.slack.messages import Message
from handlers.cases.blocks import build_case_details
from handlers.shared.card import render_card
from handlers.shared.messages import CaseMessages
from tests.factories import insert_case


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _open(session: Session, codes: list[str]) -> Case:
    return insert_case(
        session, number=1, mandates=codes, channel_id="C0", subject="the closure of a union"
    )


@pytest.fixture
def full_case(engine: Engine) -> int:
    """Every collection: allegations, questions, annex items, five drafts cleared now and
    then (once by a mandate that no longer co-signs), replies and comments."""
    with Session(engine) as session, session.begin():
        case = _open(session, ["HRD", "FOAA", "WGAD"])
        wgad = session.scalars(select(Mandate).where(Mandate.code == "WGAD")).one()
        hrd = session.scalars(select(Mandate).where(Mandate.code == "HRD")).one()
        foaa = session.scalars(select(Mandate).where(Mandate.code == "FOAA")).one()
        session.add_all(Allegation(case_id=case.id, position=p, text=f"A{p}") for p in range(40))
        session.add_all(Question(case_id=case.id, position=p, text=f"Q{p}?") for p in range(3))
        session.add(CaseCitation(case_id=case.id, position=0, form=CitationForm.TEXT, text="free"))
        session.add(
            CaseCitation(
                case_id=case.id, position=1, form=CitationForm.LIBRARY, key="ICCPR", quote="q"
            )
        )
        for number in range(1, 6):
            version = DraftVersion(
                case_id=case.id,
                number=number,
                language="en" if number % 2 else "fr",
                content_version=1,
                markdown="letter",
                text_hash="h",
                made_by="U0BOB",
                made_at=dt.datetime(2017, 1, number, tzinfo=dt.UTC),
            )
            session.add(version)
            session.flush()
            for minute, mandate in enumerate([foaa, hrd, wgad][: number % 4]):
                session.add(
                    Clearance(
                        version_id=version.id,
                        mandate_id=mandate.id,
                        cleared_by=f"U0{mandate.code}",
                        cleared_at=dt.datetime(2017, 2, number, 9, 10 - minute, tzinfo=dt.UTC),
                    )
                )
            session.add(
                ReviewComment(
                    case_id=case.id,
                    version_id=version.id if number % 2 else None,
                    author="U0CAROL",
                    kind="changes" if number == 4 else "comment",
                    text=f"comment {number}",
                    message_ts=f"1.{number}",
                    created_at=dt.datetime(2017, 3, number, tzinfo=dt.UTC),
                )
            )
        for day in (9, 3):
            session.add(
                AddresseeReply(
                    case_id=case.id,
                    received_on=dt.date(2017, 4, day),
                    summary=f"on {day}",
                    recorded_by="U0",
                )
            )
        return case.id


def test_the_details_are_the_case_s_collections(engine: Engine, full_case: int) -> None:
    with Session(engine) as session:
        case = session.get(Case, full_case)
        assert case is not None
        with statements(engine) as seen:
            details = case_details(session=session, case_id=case.id, shown=30)
        assert len(seen) == 6  # mandates, latest draft, clearances, counts; allegations; ...
        assert [(m.code, m.title) for m in details.mandates] == [
            (m.code, m.title) for m in case.mandates
        ]
        assert details.is_joint and case.is_joint
        assert details.allegations == [a.text for a in case.allegations][:30]
        assert details.allegation_count == 40
        assert details.questions == [q.text for q in case.questions]
        assert [(c.form, c.key, c.quote, c.text) for c in details.citations] == [
            (c.form, c.key, c.quote, c.text) for c in case.citations
        ]
        latest = case.versions[-1]  # v5, cleared for FOAA only; v3 was cleared for all three
        assert details.latest_version is not None
        assert (
            details.latest_version.id,
            details.latest_version.number,
            details.latest_version.language,
            details.latest_version.made_by,
            details.latest_version.made_at,
        ) == (latest.id, latest.number, latest.language, latest.made_by, latest.made_at)
        assert [(m.code, m.cleared_by) for m in details.mandates] == [
            ("HRD", None),
            ("FOAA", "U0FOAA"),
            ("WGAD", None),
        ]
        assert [(r.received_on, r.summary) for r in details.replies] == [
            (r.received_on, r.summary) for r in case.replies
        ]
        numbers = {v.id: v.number for v in case.versions}
        assert [(c.author, c.kind, c.text, c.version_number) for c in details.comments] == [
            (c.author, c.kind, c.text, numbers.get(c.version_id))
            for c in recent_comments(session=session, case_id=full_case)
        ]


def test_an_empty_case_asks_for_its_mandates_only(engine: Engine) -> None:
    with Session(engine) as session:
        case = _open(session, ["FOAA"])
        session.flush()
        with statements(engine) as seen:
            details = case_details(session=session, case_id=case.id)
            build_case_details(details, show_sources=True)  # reads nothing more of the case
        assert len(seen) == 1
        assert [m.code for m in details.mandates] == ["FOAA"] and not details.is_joint
        assert (details.allegations, details.allegation_count) == ([], 0)
        assert not (details.questions or details.citations or details.latest_version)
        assert not (details.replies or details.comments)


def test_showing_a_full_case_reads_nothing_more(engine: Engine, full_case: int) -> None:
    with Session(engine) as session:
        case = session.get(Case, full_case)
        assert case is not None
        details = case_details(session=session, case_id=case.id)
        with statements(engine) as seen:
            latest = details.latest_version
            assert latest is not None
            link = Message("C0", f"1.{latest.number}", f"https://example.slack.com/{latest.number}")
            blocks = build_case_details(details, posted=CaseMessages(version=link), history=[])
        assert seen == []
        shown = str(blocks)
        assert "• draft v5 (en) by <@U0BOB> 2017-01-05 00:00 UTC, the latest of 5" in shown
        assert "• cleared: FOAA by <@U0FOAA>\\n• to clear v5: HRD, WGAD" in shown
        assert "<@U0CAROL> comments on v5: comment 5" in shown
        assert "<@U0CAROL> requests changes: comment 4" in shown
        assert (
            "…and 10 more: /allegation" in shown
            and "<https://example.slack.com/5|Draft v5>" in shown
        )


def test_counts_follow_removals_and_moves(engine: Engine) -> None:
    """The counts read the last position: removing and moving paragraphs keeps them right."""
    with Session(engine) as session:
        case = _open(session, ["FOAA"])
        for text in ("one", "two", "three", "four"):
            add_paragraph(session=session, case=case, kind=ALLEGATION, text=text, actor="U0")
            add_paragraph(session=session, case=case, kind=QUESTION, text=f"{text}?", actor="U0")
        remove_paragraph(session=session, case=case, kind=ALLEGATION, number=2, actor="U0")
        move_paragraph(session=session, case=case, kind=ALLEGATION, number=1, to=3, actor="U0")
        remove_paragraph(session=session, case=case, kind=QUESTION, number=4, actor="U0")
        remove_paragraph(session=session, case=case, kind=QUESTION, number=1, actor="U0")
        session.flush()
        details = case_details(session=session, case_id=case.id)
        assert details is not None
        assert (details.allegations, details.allegation_count) == (["three", "four", "one"], 3)
        rendered = render_card(session, case.id)
        assert rendered is not None
        assert "3 allegations · 0 body paragraphs · 2 questions · 0 citations" in str(rendered[1])
