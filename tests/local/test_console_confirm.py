"""The local console shows an answer with buttons as a numbered message one can :click
(by the button's number, or its action id)."""

from __future__ import annotations

import io
import re

from bot.cases.models import Case
from bot.local.console import Console
from bot.local.workspace import LocalWorkspace
from tests.factories import cleared_case


def test_send_is_confirmed_in_the_console(workspace: LocalWorkspace, session) -> None:
    cleared_case(workspace, session)
    out = io.StringIO()
    console = Console(workspace, out=out)

    console.handle("/letter 1 send 2017-01-23")
    shown = out.getvalue()
    number = re.search(r"--- message (\d+), only you see ---", shown)
    assert number and "[1 Send]  [2 Cancel]" in shown and "2017-03-24" in shown, shown
    assert session.get(Case, 1).sent_on is None

    console.handle(f":click {number[1]} send_letter")
    assert "recorded as sent on 2017-01-23" in out.getvalue()
    session.expire_all()
    assert session.get(Case, 1).sent_on is not None
