"""A command's declaration routes the text, attaches the usage of the form that ran to a
refusal that has none, says which forms only read, and derives its help and usage lines."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import Invalid, NotFound, UserError
from bot.slack.commands import Invocation, Reply, usage_of
from handlers.shared.commands import Command, Subcommand, did_you_mean, required


def invocation(args: str) -> Invocation:
    return Invocation(session=None, settings=Settings(), user_id="U0A", channel_id="C0", args=args)  # type: ignore[arg-type]


def raising(error: UserError):
    def subcommand(invocation: Invocation, *rest: str) -> Reply:
        raise error

    return subcommand


def command(error: UserError) -> Command:
    return Command(
        name="/thing",
        summary="things",
        subcommands=(
            Subcommand("add <name>", "add a thing", raising(error)),
            Subcommand("drop", "", raising(error), usage_line=""),
            Subcommand("list [<page>]", "every thing", raising(error), writes=False),
        ),
        footer="",
    )


def refusal(route: Command, line: str) -> UserError:
    with pytest.raises(UserError) as raised:
        route(invocation(line))
    return raised.value


def test_an_invalid_value_gets_the_usage_of_its_subcommand() -> None:
    assert refusal(command(Invalid("No name.")), "ADD x").usage == "/thing add <name>"
    assert refusal(command(Invalid("No name.")), "drop x").usage == "/thing drop"


def test_a_usage_given_is_kept() -> None:
    error = Invalid("No name.", usage="/thing add <name> [<colour>]")
    assert refusal(command(error), "add").usage == "/thing add <name> [<colour>]"


def test_other_refusals_are_left_as_they_are() -> None:
    assert refusal(command(NotFound("There is no x.")), "add x").usage is None
    assert refusal(command(UserError("Not now.")), "add x").usage is None


def test_the_innermost_grammar_decides() -> None:
    with pytest.raises(Invalid) as raised, usage_of("/thing <name> <verb>"), usage_of("/thing x"):
        raise Invalid("Bad.")
    assert raised.value.usage == "/thing x"


def test_an_unknown_word_is_refused_with_what_was_meant() -> None:
    route = command(Invalid("x"))
    assert refusal(route, "lsit").message == (
        "/thing lsit is not a command I know. Did you mean `/thing list`? "
        "`/thing help` lists them all."
    )
    assert "Did you mean" not in refusal(route, "xyzzy").message


def test_help_is_derived_from_the_declarations() -> None:
    route = command(Invalid("x"))
    assert route.help == (
        "*/thing* — things\n"
        "• `/thing add <name>` — add a thing\n"
        "• `/thing drop`\n"
        "• `/thing list [<page>]` — every thing\n"
        "• `/thing help` — this help"
    )
    shown = route.help.replace("<", "&lt;").replace(">", "&gt;")  # <name> as typed, never a link
    assert route(invocation("help")).text == shown
    assert route(invocation("")).text == shown
    assert route.usage_hint == "add <name> | drop | list | help"


def test_which_forms_only_read() -> None:
    route = command(Invalid("x"))
    assert route.reads_only("list 2") and route.reads_only("help") and route.reads_only("nope")
    assert not route.reads_only("add x") and not route.reads_only("drop")


def test_two_forms_picked_by_one_word_are_refused_at_import() -> None:
    with pytest.raises(ValueError, match="same word"):
        Command(
            name="/thing",
            summary="things",
            subcommands=(
                Subcommand("add <name>", "", raising(Invalid("x"))),
                Subcommand("add <name> <colour>", "", raising(Invalid("x"))),
            ),
        )


@pytest.mark.parametrize(
    ("word", "names", "meant"),
    [
        ("lsit", ["list", "show"], "list"),
        ("ls", ["list"], "list"),
        ("delete", ["remove", "move"], "remove"),
        ("delete", ["list"], None),  # a synonym only of a form the command has
        ("xyzzy", ["list"], None),
    ],
)
def test_did_you_mean(word: str, names: list[str], meant: str | None) -> None:
    assert did_you_mean(word, names) == meant


def test_required_drops_optional_parts() -> None:
    assert required("open <COUNTRY> <MANDATE>[,<MANDATE>...] <subject>") == (
        "open <COUNTRY> <MANDATE> <subject>"
    )
    assert required('<case> <key> [<pinpoint>] [(<topic>)] ["<quote>"]') == "<case> <key>"
