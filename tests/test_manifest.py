"""The Slack app manifest, the README and the help texts stay in step with the commands."""

from __future__ import annotations

from pathlib import Path

import yaml

from handlers import COMMANDS as ROUTERS
from handlers.allegations.ids import CallbackId
from handlers.cases.ids import CallbackId as CaseCallbackId

ROOT = Path(__file__).resolve().parents[1]


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_every_command_is_in_the_manifest_and_readme() -> None:
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert declared == {router.command for router in ROUTERS}
    readme = (ROOT / "README.md").read_text()
    for router in ROUTERS:
        assert f"`{router.command} " in readme, router.command
        assert router.help.strip(), router.command


def test_shortcuts_events_and_settings() -> None:
    data = manifest()
    shortcuts = {s["callback_id"] for s in data["features"]["shortcuts"]}
    assert shortcuts == {
        CallbackId.MESSAGE_TO_ALLEGATION.value,
        CaseCallbackId.OPEN_CASE_SHORTCUT.value,
    }
    kinds = {s["callback_id"]: s["type"] for s in data["features"]["shortcuts"]}
    assert kinds[CaseCallbackId.OPEN_CASE_SHORTCUT.value] == "global"
    events = set(data["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "message.channels", "member_joined_channel"} <= events
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is False
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "files:write", "channels:read", "groups:read"} <= scopes


def test_help_of_each_command_answers(workspace) -> None:
    for router in ROUTERS:
        answer = workspace.command(f"{router.command} help")
        assert answer.json["response_type"] == "ephemeral"
        assert router.command in answer.text


def test_commands_that_take_users_are_escaped() -> None:
    """With should_escape, Slack sends a picked @person as <@U123|name>: the id is stored."""
    escaped = {c["command"]: c["should_escape"] for c in manifest()["features"]["slash_commands"]}
    assert escaped["/mandate"] is True
    assert escaped["/case"] is True  # /case set <case> owner @bob


def test_commands_read_back_as_typed_are_the_escaped_ones() -> None:
    """A Router that reads links, channels and users back as typed is sent escaped text."""
    escaped = {c["command"]: c["should_escape"] for c in manifest()["features"]["slash_commands"]}
    for router in ROUTERS:
        if router.escaped:
            assert escaped[router.command] is True, router.command
