"""A registry that says how old it is: where each part of a row came from, /mandate confirm,
and the draft's findings about unconfirmed rows, old confirmations, expired bases, and
functions and treaty provisions printed in the letter's language."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, update

from bot.cases.models import Case
from bot.letters.build import letter_input
from bot.letters.render import render_letter
from bot.local.workspace import LocalWorkspace
from bot.mandates.models import Mandate

OPEN = "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
IACHR_ES = "artículo 41 de la Convención Americana sobre Derechos Humanos"
IACHR_EN = "article 41 of the American Convention on Human Rights"


def _draft_findings(workspace: LocalWorkspace, language: str = "en") -> str:
    """What the latest draft post says (the findings are posted in the review thread)."""
    before = len(workspace.fake.calls_to("chat.postMessage"))
    answer = workspace.command(f"/letter 1 draft {language}")
    assert "posted" in answer.text, answer.text
    posts = [c.params for c in workspace.fake.calls_to("chat.postMessage")[before:]]
    return json.dumps(posts, ensure_ascii=False).replace("&amp;", "&")


def _letter(session, language: str) -> str:  # noqa: ANN001
    session.expire_all()
    case = session.get(Case, 1)
    return " ".join(
        render_letter(letter_input(session=session, case=case, language=language)).markdown.split()
    )


def test_a_fresh_install_warns_until_the_team_confirms(workspace: LocalWorkspace, session) -> None:
    workspace.command(OPEN)
    findings = _draft_findings(workspace)
    for code in ("FOAA", "HRD"):
        assert f"{code}'s holders and legal bases are not confirmed by the team" in findings
        assert f"/mandate confirm {code}" in findings
    assert "holders shipped: ohchr-foaa-holder, as of 2024-06-28" in findings
    assert "Mandate HRD has no holder to sign" in findings  # no source names HRD's holder now
    # FOAA's latest numbered renewal (41/12, 2019) and HRD's (43/16, 2020) are past their term
    assert "FOAA's latest legal basis, Human Rights Council resolution 41/12, is older" in findings
    assert "HRD's latest legal basis, Human Rights Council resolution 43/16" in findings

    confirmed = workspace.command("/mandate confirm foaa", user="U0ALICE")
    assert "confirmed" in confirmed.text
    blocks = str(confirmed.json["blocks"])
    assert "Confirmed* by <@U0ALICE>" in blocks
    findings = _draft_findings(workspace)
    assert "FOAA's holders and legal bases are not confirmed" not in findings
    assert "HRD's holders and legal bases are not confirmed" in findings

    # An edit makes the row unconfirmed again, until someone confirms it once more.
    workspace.command('/mandate set HRD holders "A. Holder"', user="U0BOB")
    workspace.command("/mandate set HRD resolutions 43/16, 58/1", user="U0BOB")
    workspace.command("/mandate set FOAA resolutions 41/12, 59/1", user="U0BOB")
    findings = _draft_findings(workspace)
    assert "FOAA's holders and legal bases are not confirmed by the team, changed since" in findings
    shown = str(workspace.command("/mandate show HRD").json["blocks"])
    assert "Holders: edited by <@U0BOB> on" in shown and "Not confirmed" in shown
    assert "Title: shipped: ohchr-hrd+seed, as of 2026-12-07" in shown
    for code in ("FOAA", "HRD"):
        workspace.command(f"/mandate confirm {code}", user="U0CAROL")
    findings = _draft_findings(workspace)
    assert "not confirmed" not in findings and "no holder" not in findings
    assert "latest legal basis" not in findings  # 59/1 and 58/1 (2025) are in term


def test_a_confirmation_older_than_the_teams_limit_is_flagged(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(OPEN)
    workspace.command("/mandate set FOAA resolutions 59/1")
    workspace.command("/mandate confirm FOAA")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=181)
    session.execute(
        update(Mandate)
        .where(Mandate.code == "FOAA")
        .values(
            confirmed_at=long_ago,
            provenance={"title": {"by": "U0", "at": "2020-01-01T00:00:00+00:00"}},
        )
    )
    session.commit()
    findings = _draft_findings(workspace)
    assert (
        f"FOAA's holders and legal bases were last confirmed on {long_ago.date().isoformat()}, "
        "more than 180 days ago" in findings
    )


def test_confirm_refusals_change_nothing(workspace: LocalWorkspace, session) -> None:
    for line, expected in {
        "/mandate confirm": "Which mandate",
        "/mandate confirm FOAA HRD": "Which mandate",
        "/mandate confirm NOPE": "No mandate has the code 'NOPE'",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, answer.text
    session.expire_all()
    assert all(m.confirmed_at is None for m in session.scalars(select(Mandate)))
    assert "/mandate confirm <CODE>" in workspace.command("/mandate help").text


def test_a_treaty_article_typed_in_spanish_is_registered_and_printed_in_spanish(
    workspace: LocalWorkspace, session
) -> None:
    added = workspace.command(
        f'/mandate add IACHR "Special Rapporteur on the Americas" "{IACHR_ES}" "Ana Pérez"'
    )
    assert "registered" in added.text, added.text
    workspace.command("/case open KAZ AL IACHR,FOAA the closure of a union")
    workspace.command('/mandate set IACHR title-es "Relatora Especial sobre las Américas"')
    assert f"de conformidad con {IACHR_ES}" in _letter(session, "es") or IACHR_ES in _letter(
        session, "es"
    )
    english = _draft_findings(workspace, "en")
    assert "IACHR's legal basis" in english and "has no English form" in english
    assert "resolutions-en" in english
    workspace.command(f'/mandate set IACHR resolutions-en "{IACHR_EN}"')
    assert IACHR_EN in _letter(session, "en") and IACHR_ES not in _letter(session, "en")
    assert IACHR_ES in _letter(session, "es")


def test_a_function_with_no_form_in_the_language_is_one_finding_not_two(
    workspace: LocalWorkspace,
) -> None:
    """Printed as recorded, it also reads as English: the registry's finding says both."""
    workspace.command('/mandate set WGAD holders "Elina Steinerte | Vice-Chair on Follow-Up"')
    workspace.command("/case open KAZ AL WGAD the closure of a union")
    spanish = _draft_findings(workspace, "es")
    assert spanish.count("Elina Steinerte's function") == 1, spanish
    assert "has no Spanish form" in spanish
    assert 'holders-es \\"Elina Steinerte | &lt;function in Spanish&gt;\\"' in spanish, spanish
    workspace.command('/mandate set WGAD holders-es "Elina Steinerte | Vice-Chair on Follow-Up"')
    spanish = _draft_findings(workspace, "es")  # a Spanish form typed in English: flagged
    assert 'function \\"Vice-Chair on Follow-Up\\" reads as English' in spanish, spanish


def test_a_treaty_basis_and_a_function_print_in_the_letters_language(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command(f'/mandate set HRD resolutions 52/4, "{IACHR_EN}"')
    workspace.command('/mandate set WGAD holders "Elina Steinerte | Vice-Chair"')
    workspace.command("/case open KAZ AL HRD,WGAD the closure of a union")
    spanish = _draft_findings(workspace, "es")
    assert "HRD's legal basis" in spanish and "has no Spanish form" in spanish
    assert "Elina Steinerte's function in WGAD (Vice-Chair) has no Spanish form" in spanish
    assert IACHR_EN in _letter(session, "es")  # printed as recorded, and flagged
    saved = workspace.command(f'/mandate set HRD resolutions-es 52/4, "{IACHR_ES}"')
    assert "saved" in saved.text, saved.text
    workspace.command('/mandate set WGAD holders-es "Elina Steinerte | Vicepresidenta"')
    letter = _letter(session, "es")
    assert IACHR_ES in letter and IACHR_EN not in letter
    assert "Vicepresidenta del Grupo de Trabajo sobre la Detención Arbitraria" in letter
    assert IACHR_EN in _letter(session, "en") and "Vice-Chair of the Working Group" in _letter(
        session, "en"
    )
    spanish = _draft_findings(workspace, "es")
    assert "has no Spanish form" not in spanish
    shown = str(workspace.command("/mandate show HRD").json["blocks"])
    assert f"es: {IACHR_ES}" in shown
    # the forms follow their entries: a wrong count or name is refused, changing nothing
    for line, expected in {
        f'/mandate set HRD resolutions-es "{IACHR_ES}", "{IACHR_ES} bis"': "treaty provision",
        '/mandate set WGAD holders-fr "Someone | Présidente"': "is not a holder of WGAD",
        "/mandate set FOAA resolutions-fr 41/12": "no treaty provision",
    }.items():
        answer = workspace.command(line)
        assert answer.json["response_type"] == "ephemeral" and expected in answer.text, answer.text
