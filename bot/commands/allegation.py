"""/allegation: add, list, edit, remove, move (and a modal for long text)."""

from __future__ import annotations

from bot.cases.ordering import pick
from bot.cases.paragraphs import ALLEGATION, paragraphs
from bot.commands.base import Invocation, Reply, Router
from bot.commands.paragraph_list import EDIT, paragraph_command
from bot.commands.refs import take_case
from bot.help import ALLEGATION_HELP
from bot.slack.modals import build_allegation_modal


def allegation(invocation: Invocation, _text: str) -> Reply:
    """``/allegation <case> ...``: the case comes first, then what to do."""
    case, rest = take_case(invocation, usage=ALLEGATION.usage)
    if not rest:
        return Reply(modal=build_allegation_modal(case=case))
    edit = EDIT.match(rest)
    if edit and not (edit[2] or "").strip():
        item = pick(
            paragraphs(case, ALLEGATION), edit[1], what="allegation", usage=ALLEGATION.usage
        )
        return Reply(modal=build_allegation_modal(case=case, number=int(edit[1]), text=item.text))
    return paragraph_command(invocation, case, ALLEGATION, rest)


ALLEGATION_ROUTER = Router(
    command="/allegation",
    help=ALLEGATION_HELP,
    subcommands={"help": lambda invocation: Reply(text=ALLEGATION_HELP)},
    default=allegation,
)
