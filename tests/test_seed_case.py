"""The seed case AL KAZ 1/2017 entered through signed Slack requests, reviewed, cleared,
sent on 2017-01-23 and exported: the letter equals the seed (the golden test)."""

from __future__ import annotations

import argparse
import re

import pytest
from sqlalchemy import select

from bot.cases.letter_models import DraftVersion
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from bot.reviews.letter_export import run as export_letter
from tests.factories import clear, send_letter
from tests.letters import seed
from tests.letters.normalise import docx_text, normalise

# The registry as it stood in January 2017: the seed letter's holders and bases are this test's
# data, not a fresh install's (which ships today's holders, with their sources and dates).
SEED_REGISTRY_COMMANDS = [
    '/mandate set FOAA holders "Maina Kiai"',
    "/mandate set FOAA resolutions 32/32",
    '/mandate set FOAA title-fr "Rapporteur spécial sur le droit de réunion pacifique et la '
    "liberté d'association\"",
    '/mandate set FOAA title-es "Relator Especial sobre los derechos a la libertad de reunión '
    'pacífica y de asociación"',
    '/mandate set HRD holders "Michel Forst"',
    "/mandate set HRD resolutions 25/18",
]

SEED_COMMANDS = [
    *SEED_REGISTRY_COMMANDS,
    f"/case open KAZ AL FOAA,HRD {seed.SUBJECT}",
    "/case set 1 reference AL KAZ 1/2017",
    "/case set 1 edition 2017",  # the seed's wording, word for word
    *(f"/allegation 1 {text}" for text in seed.ALLEGATIONS),
    f"/case set 1 concern {seed.CONCERN}",
    f"/case set 1 urge {seed.URGE}",
    "/cite 1 ICCPR art. 21 (right to freedom of association)",
    f'/cite 1 HRC-24/5 OP2 "{seed.HRC_24_5_QUOTE}"',
    "/cite 1 ILO-C87",
    "/cite 1 ILO-C98",
    f"/cite 1 text+ {seed.ILO_CONCERN}",
    "/cite 1 UNDHRD",
    f"/cite 1 text+ {seed.UNDHRD_ARTICLES}",
    f"/cite 1 text {seed.VISIT_REPORT}",
    *(f"/letter 1 question {text}" for text in seed.QUESTIONS),
]


def enter_seed_case(workspace: LocalWorkspace, channel: str = "C0CASES") -> None:
    """Type the seed case as a team member would."""
    for line in SEED_COMMANDS:
        answer = workspace.command(line, user="U0ALICE", channel=channel)
        assert answer.status == 200, line
        assert "went wrong" not in answer.text and "not " not in answer.text[:40], (
            line,
            answer.text,
        )


def expected_letter() -> str:
    text = normalise(seed.SEED_PATH.read_text(encoding="utf-8"))
    assert text.count("13 December 200 ") == 1
    return text.replace("13 December 200 ", "13 December 2000 ")


def test_seed_case_is_entered_and_shown_completely(workspace: LocalWorkspace, session) -> None:
    enter_seed_case(workspace)
    case = session.scalars(select(Case)).one()
    assert case.reference == "AL KAZ 1/2017"
    assert len(case.allegations) == 3 and len(case.questions) == 4 and len(case.citations) == 8
    shown = workspace.command("/case show 1").json
    text = " ".join(
        b.get("text", {}).get("text", "") for b in shown["blocks"] if b["type"] == "section"
    )
    text = text.replace("&amp;", "&")
    for part in (*seed.ALLEGATIONS, *seed.QUESTIONS, seed.CONCERN, seed.URGE, seed.ILO_CONCERN):
        assert part in text, part[:60]
    for key in ("ICCPR", "HRC-24/5", "ILO-C87", "ILO-C98", "UNDHRD"):
        assert key in text
    listed = str(workspace.command("/cite 1 list").json["blocks"])
    assert "24 January 2006" in listed  # Kazakhstan's ICCPR ratification, from the shipped data


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_golden_seed_letter(workspace: LocalWorkspace, session, tmp_path, fmt: str) -> None:
    enter_seed_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    version = session.scalars(select(DraftVersion)).one()
    clear(workspace, version, "FOAA", "U0BOB")
    clear(workspace, version, "HRD", "U0CAROL")
    sent = send_letter(workspace, "/letter 1 send 2017-01-23", user="U0ALICE")
    assert "due on 2017-03-24" in sent.text, sent.text

    out = tmp_path / f"letter.{fmt}"
    args = argparse.Namespace(case="AL KAZ 1/2017", format=fmt, language=None, out=str(out))
    assert export_letter(args, workspace.settings) == 0
    text = out.read_text(encoding="utf-8") if fmt == "md" else docx_text(out.read_bytes())
    assert normalise(text) == expected_letter()


def test_seed_drafts_in_french_and_spanish(workspace: LocalWorkspace) -> None:
    enter_seed_case(workspace)
    for language in ("fr", "es"):
        answer = workspace.command(f"/letter 1 draft {language}")
        assert answer.status == 200 and "posted" in answer.text
    versions = workspace.fake.calls_to("chat.postMessage")
    letter_text = " ".join(call.params.get("text", "") for call in versions)
    assert "Excelencia" in letter_text and re.search(r"Nous avons l.honneur", letter_text)
    assert "Kazajstán" in letter_text  # UNTERM's Spanish short name
    assert "Rapporteur spécial sur la situation des défenseurs des droits de l'homme" in letter_text
    assert "Relator Especial sobre los derechos a la libertad de reunión pacífica" in letter_text
    assert "has no French title" not in str(workspace.fake.calls)


def test_a_missing_translation_is_flagged_and_can_be_recorded(workspace: LocalWorkspace) -> None:
    workspace.command('/mandate add WGX "Working Group on Detention Matters" 51/8 "A. Member"')
    workspace.command("/case open KAZ UA WGX the detention of a union leader")
    workspace.command("/letter 1 draft fr")
    assert "WGX has no French title" in str(workspace.fake.calls)
    answer = workspace.command(
        '/mandate set WGX title-fr "Groupe de travail sur la détention arbitraire"'
    )
    assert "saved" in answer.text
    workspace.command("/letter 1 draft fr")
    texts = " ".join(c.params.get("text", "") for c in workspace.fake.calls_to("chat.postMessage"))
    assert "Groupe de travail sur la détention arbitraire" in texts
