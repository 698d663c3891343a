"""/case show of a long case: the first allegations, then how many more and where to read them."""

from __future__ import annotations

from sqlalchemy import insert

from bot.cases.models import Allegation
from bot.local.workspace import LocalWorkspace


def test_a_long_case_shows_its_first_allegations_and_counts_the_rest(
    workspace: LocalWorkspace, session
) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    session.execute(
        insert(Allegation),
        [
            {"case_id": 1, "position": p, "text": f"Paragraph {p + 1} " + "x" * 150}
            for p in range(300)
        ],
    )
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "1. Paragraph 1 " in shown and "Paragraph 300 " not in shown
    last = max(n for n in range(1, 301) if f"{n}. Paragraph {n} " in shown)
    assert f"…and {300 - last} more: /allegation 1 list shows them all." in shown
    assert "*Concern:*" in shown and "*Review:*" in shown  # what follows still fits


def test_a_short_case_shows_every_allegation(workspace: LocalWorkspace) -> None:
    workspace.command("/case open KAZ AL FOAA the closure of a union")
    workspace.command("/allegation 1 Arrested on 3 May.")
    workspace.command("/allegation 1 Released on 4 May.")
    shown = str(workspace.command("/case show 1").json["blocks"])
    assert "1. Arrested on 3 May." in shown and "2. Released on 4 May." in shown
    assert "more: /allegation" not in shown
