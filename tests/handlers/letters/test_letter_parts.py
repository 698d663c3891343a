"""Body paragraphs, editions, the press notice, legacy references, mandate paragraphs, legal
bases and holders' functions, through signed slash commands; then the case's letter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.models import BodyParagraph, Case
from bot.letters.build import letter_input
from bot.letters.render import render_letter
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate
from tests.letters.seed import use_2017_registry

OPEN = "/case open KAZ AL FOAA,HRD,WGAD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
WGAD = '/mandate set WGAD holders "Priya Gopalan"'  # WGAD ships with the registry


def _ok(workspace: LocalWorkspace, line: str) -> str:
    answer = workspace.command(line)
    assert (
        answer.status == 200
        and answer.json["response_type"] != "ephemeral"
        or ("error" not in answer.text.lower() and "not " not in answer.text[:40])
    ), (line, answer.text)
    return answer.text


def _letter(session, case_id: int = 1) -> str:  # noqa: ANN001
    session.expire_all()
    case = session.get(Case, case_id)
    return render_letter(letter_input(session=session, case=case)).markdown


def test_body_paragraphs_add_list_edit_move_remove(workspace: LocalWorkspace, session) -> None:
    workspace.command(WGAD)
    workspace.command(OPEN)
    workspace.command("/case set 1 concern Serious concern is expressed.")
    for n in (1, 2, 3):
        answer = workspace.command(f"/letter 1 body Paragraph number {n} of the analysis.")
        assert f"Body paragraph {n} added" in answer.text, answer.text
    listed = workspace.command("/letter 1 body list")
    assert "Paragraph number 2" in str(listed.json["blocks"])
    assert "changed" in workspace.command("/letter 1 body edit 2 The second, revised.").text
    assert "now number 1" in workspace.command("/letter 1 body move 3 1").text
    assert "removed" in workspace.command("/letter #1 body remove 2").text
    session.expire_all()
    texts = [
        p.text for p in session.scalars(select(BodyParagraph).order_by(BodyParagraph.position))
    ]
    assert texts == ["Paragraph number 3 of the analysis.", "The second, revised."]
    letter = _letter(session)
    assert (
        letter.index("Serious concern")
        < letter.index("Paragraph number 3")
        < letter.index("The second, revised.")
        < letter.index("Please accept")
    )
    actions = [e.action for e in session.scalars(select(AuditEntry))]
    assert {"body-paragraph-add", "body-paragraph-edit", "body-paragraph-move"} <= set(actions)
    assert "body-paragraph-remove" in actions


def test_body_paragraph_errors_change_nothing(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN.replace(",WGAD", ""))
    version = session.get(Case, 1).content_version
    for line, expected in {
        "/letter 1 body remove 1": "no body paragraphs yet",
        "/letter 1 body " + "x" * 3001: "3000",
        "/letter 1 body move 1 2": "no body paragraphs",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, (
            line,
            answer.text,
        )
    session.expire_all()
    assert session.get(Case, 1).content_version == version
    assert "body" in workspace.command("/letter help").text


def test_new_cases_take_the_default_edition_and_can_switch(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN.replace(",WGAD", ""))
    session.expire_all()
    case = session.get(Case, 1)
    assert case.edition == "current" and case.press_release is False
    before = case.content_version
    assert "set to 2017" in workspace.command("/case set 1 edition 2017").text
    assert "set to yes" in workspace.command("/case set 1 press-release yes").text
    bad = workspace.command("/case set 1 edition 2020")
    assert bad.json["response_type"] == "ephemeral" and "current" in bad.text
    bad = workspace.command("/case set 1 press-release maybe")
    assert bad.json["response_type"] == "ephemeral" and "yes" in bad.text
    session.expire_all()
    case = session.get(Case, 1)
    assert case.edition == "2017" and case.press_release is True
    assert case.content_version == before + 2  # clearances of earlier drafts are void
    letter = _letter(session)
    assert "Your Excellency's Government's response will be made available" in letter
    assert "We may publicly express our concerns" in letter


def test_a_legacy_reference_is_printed_as_typed(workspace: LocalWorkspace, session) -> None:
    workspace.command("/case open SYR UA FOAA arbitrary detention of a lawyer")
    answer = workspace.command("/case set 1 reference UA G/SO 214 (53-24) SYR 3/2014")
    assert "UA G/SO 214 (53-24) SYR 3/2014" in answer.text, answer.text
    session.expire_all()
    case = session.get(Case, 1)
    assert case.reference == "UA SYR 3/2014"
    assert (case.reference_number, case.reference_year) == (3, 2014)
    assert "REFERENCE:  \nUA G/SO 214 (53-24) SYR 3/2014\n" in _letter(session)
    assert workspace.command("/case show SYR 3/2014").status == 200
    bad = workspace.command("/case set 1 reference G/SO 214 (53-24)")
    assert bad.json["response_type"] == "ephemeral" and "not a reference" in bad.text


def test_mandate_paragraph_function_and_legal_bases(workspace: LocalWorkspace, session) -> None:
    use_2017_registry(session)
    workspace.command(WGAD)
    answers = [
        workspace.command(
            '/mandate set WGAD holders "Matthew Gillett | Vice-Chair" "Priya Gopalan"'
        ),
        workspace.command("/mandate set WGAD resolutions HRC 51/8, CHR 1997/50"),
        workspace.command(
            "/mandate set WGAD paragraph The Working Group may also transmit the case through "
            "its regular procedure."
        ),
        workspace.command(
            '/mandate set HRD resolutions 25/18, GA 60/251, "article 41 of the American '
            'Convention on Human Rights"'
        ),
        workspace.command("/mandate set FOAA holders Maina Kiai (Chair-Rapporteur)"),
    ]
    assert all("saved" in a.text for a in answers), [a.text for a in answers]
    session.expire_all()
    wgad = session.scalar(select(Mandate).where(Mandate.code == "WGAD"))
    assert wgad.holders == ["Matthew Gillett | Vice-Chair", "Priya Gopalan"]
    assert wgad.resolutions == ["51/8", "CHR 1997/50"]
    hrd = session.scalar(select(Mandate).where(Mandate.code == "HRD"))
    assert hrd.resolutions == [
        "25/18",
        "GA 60/251",
        "article 41 of the American Convention on Human Rights",
    ]
    workspace.command(OPEN)
    workspace.command("/case set 1 reply-days 45")
    workspace.command("/case set 1 urge release the detained trade unionists")
    letter = _letter(session)
    assert (
        "pursuant to Human Rights Council resolutions 32/32, 25/18 and 51/8, General Assembly "
        "resolution 60/251, article 41 of the American Convention on Human Rights and Commission "
        "on Human Rights resolution 1997/50." in " ".join(letter.split())
    )
    assert "Matthew Gillett  \nVice-Chair of the Working Group on Arbitrary Detention" in letter
    assert "Priya Gopalan" not in letter  # a Working Group signs with one member
    assert "within 45 days" in letter
    assert (
        letter.index("release the detained")
        < letter.index("regular procedure")
        < letter.index("This communication and any response")
    )
    # A French letter without the French paragraph: the English one is printed and flagged.
    workspace.command('/mandate set WGAD title-fr "Groupe de travail sur la détention arbitraire"')
    workspace.command("/case set 1 language fr")
    draft = workspace.command("/letter 1 draft fr")
    assert "problem" in draft.text
    posted = str([c.params for c in workspace.fake.calls_to("chat.postMessage")])
    assert "paragraph-fr" in posted
    workspace.command("/mandate set WGAD paragraph-fr Le Groupe de travail peut aussi agir.")
    assert "Le Groupe de travail peut aussi agir." in _letter(session)
    help_text = workspace.command("/mandate help").text
    assert "Vice-Chair" in help_text and "paragraph-fr" in help_text and "CHR 2004/37" in help_text


def test_bad_legal_basis_and_holder_are_refused(workspace: LocalWorkspace, session) -> None:
    use_2017_registry(session)
    for line, expected in {
        "/mandate set FOAA resolutions UNESCO 12": "not a legal basis",
        "/mandate set FOAA holders | Vice-Chair": "name is missing",
        "/mandate set FOAA paragraph-de text": "not a field",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, (
            line,
            answer.text,
        )
    session.expire_all()
    foaa = session.scalar(select(Mandate).where(Mandate.code == "FOAA"))
    assert foaa.resolutions == ["32/32"] and foaa.holders == ["Maina Kiai"]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        (
            "fr",
            "Rapporteur spécial sur la promotion et la protection du droit à la liberté d'opinion",
        ),
        (
            "es",
            "Relator Especial sobre la promoción y protección del derecho a la libertad de opinión",
        ),
    ],
)
def test_a_shipped_mandate_signs_with_its_shipped_translation(
    workspace: LocalWorkspace, session, language: str, title: str
) -> None:
    """SRFOE comes with the registry: the team only names its holder."""
    workspace.command('/mandate set SRFOE holders "Irene Khan"')
    workspace.command("/case open KAZ AL FOAA,SRFOE the closure of an independent newspaper")
    workspace.command(f"/case set 1 language {language}")
    letter = " ".join(_letter(session).split())
    assert title in letter and "Irene Khan" in letter
    assert "43/4" in letter
