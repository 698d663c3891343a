"""The Slack app manifest, the README and the help texts stay in step with the commands."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from handlers import COMMANDS
from handlers.allegations.ids import CallbackId
from handlers.cases.ids import CallbackId as CaseCallbackId
from handlers.mandates.commands import MANDATE
from handlers.shared.commands import readme_table

ROOT = Path(__file__).resolve().parents[1]


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


README_TABLE = re.compile(r"<!-- commands: start[^>]*-->\n(.*?)\n<!-- commands: end -->", re.DOTALL)


def test_every_command_is_in_the_manifest_with_its_declared_usage_hint() -> None:
    declared = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    assert set(declared) == {command.name for command in COMMANDS}
    for command in COMMANDS:
        assert declared[command.name]["usage_hint"] == command.usage_hint, command.name


def test_the_readme_table_of_commands_is_the_declarations() -> None:
    """README.md's table lists every subcommand with its help, as declared (to update it,
    paste the table this test prints)."""
    found = README_TABLE.search((ROOT / "README.md").read_text())
    assert found is not None, "README.md has no <!-- commands: start --> table"
    expected = readme_table(COMMANDS)
    assert found[1] == expected, f"README.md's table of commands should read:\n{expected}"


def test_help_names_every_form_and_every_other_command() -> None:
    from handlers.cases.commands import BODY_USAGE, CASE
    from handlers.letters.commands import LETTER
    from handlers.shared.hints import MANDATE_USAGE

    for command in COMMANDS:
        for sub in command.subcommands:
            assert f"`{command.usage_of(sub)}`" in command.help or sub.usage_line, sub.grammar
        if command is not CASE:
            assert f"`{command.name} help`" in CASE.footer, command.name
    assert LETTER.usage("body").partition(" | ")[0] == BODY_USAGE
    assert (
        "/mandate "
        + " | ".join(
            sub.grammar for sub in MANDATE.subcommands if sub.name in ("list", "show")
        ).replace(" [<page>]", "")
        == MANDATE_USAGE
    )


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
    for command in COMMANDS:
        answer = workspace.command(f"{command.name} help")
        assert answer.json["response_type"] == "ephemeral"
        assert answer.text == command.help


def test_commands_that_take_users_are_escaped() -> None:
    """With should_escape, Slack sends a picked @person as <@U123|name>: the id is stored."""
    escaped = {c["command"]: c["should_escape"] for c in manifest()["features"]["slash_commands"]}
    assert escaped["/mandate"] is True
    assert escaped["/case"] is True  # /case set <case> owner @bob


def test_commands_read_back_as_typed_are_the_escaped_ones() -> None:
    """A command that reads links, channels and users back as typed is sent escaped text."""
    escaped = {c["command"]: c["should_escape"] for c in manifest()["features"]["slash_commands"]}
    for command in COMMANDS:
        if command.escaped:
            assert escaped[command.name] is True, command.name
