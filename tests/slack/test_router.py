"""The Router attaches the usage of the subcommand that ran to a refusal that has none."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import Invalid, NotFound, UserError
from bot.slack.commands import Invocation, Reply, Router, usage_of


def invocation(args: str) -> Invocation:
    return Invocation(session=None, settings=Settings(), user_id="U0A", channel_id="C0", args=args)  # type: ignore[arg-type]


def raising(error: UserError):
    def subcommand(invocation: Invocation, *rest: str) -> Reply:
        raise error

    return subcommand


def router(error: UserError) -> Router:
    return Router(
        command="/thing",
        help="help",
        subcommands={"add": raising(error), "drop": raising(error)},
        default=raising(error),
        usages={"add": "/thing add <name>"},
        default_usage="/thing <name> <verb>",
    )


def refusal(route: Router, line: str) -> UserError:
    with pytest.raises(UserError) as raised:
        route(invocation(line))
    return raised.value


def test_an_invalid_value_gets_the_usage_of_its_subcommand() -> None:
    assert refusal(router(Invalid("No name.")), "ADD x").usage == "/thing add <name>"
    assert refusal(router(Invalid("No name.")), "x verb").usage == "/thing <name> <verb>"


def test_a_subcommand_without_a_usage_leaves_none() -> None:
    assert refusal(router(Invalid("No name.")), "drop x").usage is None


def test_a_usage_given_is_kept() -> None:
    error = Invalid("No name.", usage="/thing add <name> [<colour>]")
    assert refusal(router(error), "add").usage == "/thing add <name> [<colour>]"


def test_other_refusals_are_left_as_they_are() -> None:
    assert refusal(router(NotFound("There is no x.")), "add x").usage is None
    assert refusal(router(UserError("Not now.")), "add x").usage is None


def test_the_innermost_grammar_decides() -> None:
    with pytest.raises(Invalid) as raised, usage_of("/thing <name> <verb>"), usage_of("/thing x"):
        raise Invalid("Bad.")
    assert raised.value.usage == "/thing x"
