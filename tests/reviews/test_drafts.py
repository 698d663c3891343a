"""A draft is rendered from one LetterInput, built once, which its posts use too."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from bot.cases.enums import LetterType
from bot.cases.paragraphs import ALLEGATION, QUESTION, add_paragraph
from bot.cases.service import open_case
from bot.reviews.drafts import ChangeSummary, make_draft, summarise_changes
from bot.slack.outbox import Upload
from handlers.letters.blocks import changes_text
from handlers.letters.posts import draft_posts

TODAY = dt.date(2017, 1, 20)


def drafted(session: Session, *, subject: str, language: str | None = None):
    case = open_case(
        session=session,
        channel_id="C0",
        country="KAZ",
        letter_type=LetterType.AL,
        mandates=["FOAA", "HRD"],
        subject=subject,
        opened_by="U0ALICE",
        today=TODAY,
    )
    add_paragraph(session=session, case=case, kind=ALLEGATION, text="It was closed.", actor="U0A")
    add_paragraph(session=session, case=case, kind=QUESTION, text="Please explain.", actor="U0A")
    return case, make_draft(
        session=session, case=case, actor="U0ALICE", language=language, today=TODAY
    )


def test_the_draft_carries_the_letter_it_rendered(session: Session) -> None:
    case, draft = drafted(session, subject="the closure of the union", language="fr")
    assert draft.letter.language == draft.version.language == "fr"
    assert draft.letter.reference == case.printed
    assert draft.letter.subject == case.subject
    assert draft.letter.date == TODAY


def test_the_posts_name_the_file_from_that_letter(session: Session) -> None:
    case, draft = drafted(session, subject="the closure of the union")
    (upload,) = [item for item in draft_posts(case=case, draft=draft) if isinstance(item, Upload)]
    assert upload.filename == "AL-KAZ-1-2017-en-v1.docx"
    renamed = dataclasses.replace(draft, letter=dataclasses.replace(draft.letter, language="es"))
    (upload,) = [i for i in draft_posts(case=case, draft=renamed) if isinstance(i, Upload)]
    assert upload.filename == "AL-KAZ-1-2017-es-v1.docx"


def test_the_subject_is_printed_once_with_one_full_stop(session: Session) -> None:
    case, draft = drafted(session, subject="  the closure of\n the union.  ")
    assert case.subject == "the closure of the union"
    assert "concerning the **closure of the union**." in draft.rendered.markdown


def test_each_draft_says_what_changed_since_the_one_before(session: Session) -> None:
    case, first = drafted(session, subject="the closure of the union")
    assert first.changes is None  # nothing before it
    again = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
    assert again.version.text_hash == first.version.text_hash
    assert again.changes is not None and again.changes.empty
    add_paragraph(session=session, case=case, kind=ALLEGATION, text="He was held.", actor="U0A")
    third = make_draft(session=session, case=case, actor="U0ALICE", today=TODAY)
    assert third.changes is not None
    assert third.changes.added == ["He was held."] and not third.changes.removed


def test_the_change_summary_pairs_changed_paragraphs_and_ignores_spacing() -> None:
    old = "Intro.\n\nIt was  closed.\n\nKept.\n\nGone.\n\nEnd.\n"
    new = "Intro.\n\nIt was shut.\n\nKept.\n\nEnd.\n\nAfter the end.\n"
    changes = summarise_changes(old, new)
    assert changes.changed == [("It was closed.", "It was shut.")]
    assert changes.removed == ["Gone."] and changes.added == ["After the end."]
    assert summarise_changes(old, old.replace("It was  closed.", "It was\nclosed. ")).empty


def test_a_draft_is_compared_with_the_version_before_it_in_its_language(session: Session) -> None:
    case, first = drafted(session, subject="the closure of the union")  # v1, English
    french = make_draft(session=session, case=case, actor="U0ALICE", language="fr", today=TODAY)
    assert french.changes is not None and french.changes.since is None  # no French before it
    add_paragraph(session=session, case=case, kind=ALLEGATION, text="He was held.", actor="U0A")
    english = make_draft(session=session, case=case, actor="U0ALICE", language="en", today=TODAY)
    assert english.changes is not None and english.changes.since == 1  # not the French v2
    assert english.changes.added == ["He was held."]
    assert not english.changes.changed and not english.changes.removed
    again = make_draft(session=session, case=case, actor="U0ALICE", language="fr", today=TODAY)
    assert again.changes is not None and again.changes.since == 2
    assert len(again.changes.added) == 1 and not again.changes.changed


def test_the_version_header_names_the_version_it_compares_with() -> None:
    assert "first French version" in (changes_text(ChangeSummary(), "French") or "")
    text = changes_text(ChangeSummary(added=["A."], since=2), "French") or ""
    assert text.startswith(
        "*Changes since v2* (the French version before this one): 1 paragraph added"
    )
