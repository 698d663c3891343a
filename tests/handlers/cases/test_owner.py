"""/case set <case> owner: who answers for a case, by mention or user id."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.models import Case
from bot.local.workspace import LocalWorkspace
from tests.factories import open_seed


def _owner(session) -> str:
    session.expire_all()
    return session.scalar(select(Case.owner).where(Case.id == 1))


def test_the_opener_owns_a_new_case(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    opened_by = session.scalar(select(Case.opened_by).where(Case.id == 1))
    assert _owner(session) == opened_by


@pytest.mark.parametrize("value", ["<@U0OWNER1>", "<@U0OWNER1|alice>", "U0OWNER1"])
def test_owner_accepts_a_mention_or_a_user_id(
    workspace: LocalWorkspace, session, value: str
) -> None:
    open_seed(workspace)
    answer = workspace.command(f"/case set 1 owner {value}")
    assert "owner set to U0OWNER1" in answer.text
    assert _owner(session) == "U0OWNER1"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.field == "owner")).one()
    assert entry.new_value == "U0OWNER1" and entry.old_value == "U0ALICE"


@pytest.mark.parametrize("value", ["alice", "@alice", "<#C0CASES>", "<@U0OWNER1", "u0owner1 x"])
def test_owner_refuses_anything_else(workspace: LocalWorkspace, session, value: str) -> None:
    open_seed(workspace)
    before = _owner(session)
    answer = workspace.command(f"/case set 1 owner {value}")
    assert "is not a person" in answer.text and "U123ABC" in answer.text
    assert _owner(session) == before


def test_changing_the_owner_keeps_the_letter_content_version(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace)
    version = session.scalar(select(Case.content_version).where(Case.id == 1))
    workspace.command("/case set 1 owner U0OWNER1")
    session.expire_all()
    assert session.scalar(select(Case.content_version).where(Case.id == 1)) == version
