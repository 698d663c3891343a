"""Free annex paragraphs: each its own paragraph (in Word too), unless typed to run on."""

from __future__ import annotations

import datetime as dt
import io

import docx
from sqlalchemy import select

from bot.cases.models import Case, CaseCitation
from bot.letters.build import letter_input
from bot.letters.render import render_letter
from bot.local.workspace import LocalWorkspace

OPEN = "/case open KAZ AL FOAA,HRD the permanent closure of a trade union confederation"
ILO = "The ILO has on several occasions raised concern about the law."
OWN = "We would also like to recall the observations of the Committee."
MORE = "It has asked the Government to amend the law."


def _annex_paragraphs(session) -> list[str]:
    """The annex of case 1's letter as Word prints it: the paragraphs after its heading."""
    session.expire_all()
    case = session.get(Case, 1)
    letter = letter_input(session=session, case=case, language="en", date=dt.date(2017, 1, 23))
    word = docx.Document(io.BytesIO(render_letter(letter).to_docx()))
    texts = [p.text for p in word.paragraphs]
    return texts[texts.index("Reference to international human rights law") + 1 :]


def test_a_free_paragraph_after_a_citation_is_a_paragraph_of_its_own(
    workspace: LocalWorkspace, session
) -> None:
    for line in (OPEN, "/cite 1 ILO-C87", f"/cite 1 text {OWN}"):
        assert workspace.command(line).status == 200
    paragraphs = _annex_paragraphs(session)
    assert len(paragraphs) == 2
    assert "Convention 87" in paragraphs[0] and OWN not in paragraphs[0]
    assert paragraphs[1] == OWN


def test_text_plus_runs_on_into_the_paragraph_before(workspace: LocalWorkspace, session) -> None:
    assert workspace.command(OPEN).status == 200
    for line in (
        "/cite 1 ILO-C87",
        f"/cite 1 text+ {ILO}",
        f"/cite 1 text+ {MORE}",
        f"/cite 1 text {OWN}",
    ):
        answer = workspace.command(line)
        assert answer.status == 200 and "annex item" in answer.text, (line, answer.text)
    paragraphs = _annex_paragraphs(session)
    assert len(paragraphs) == 2
    assert "Convention 87" in paragraphs[0] and paragraphs[0].endswith(f". {ILO} {MORE}")
    assert paragraphs[1] == OWN
    rows = list(session.scalars(select(CaseCitation).order_by(CaseCitation.position)))
    assert [(r.form.value, r.runs_on, r.text) for r in rows] == [
        ("library", False, None),
        ("text", True, ILO),
        ("text", True, MORE),
        ("text", False, OWN),
    ]
    listed = str(workspace.command("/cite 1 list").json)
    assert listed.count("text, run on") == 2


def test_help_and_usage_name_text_plus(workspace: LocalWorkspace) -> None:
    help_text = workspace.command("/cite help").text
    assert "/cite <case> text+ <paragraph>" in help_text
    assert workspace.command(OPEN).status == 200
    empty = workspace.command("/cite 1 text+   ")
    assert "/cite <case> text+ <paragraph>" in empty.text
