"""/allegation: add, list, edit, remove, move (and a modal for long text)."""

from __future__ import annotations

from bot.cases.ordering import pick
from bot.cases.paragraphs import ALLEGATION, paragraphs
from bot.slack.commands import Invocation, Reply, Router
from handlers.allegations.modals import build_allegation_modal
from handlers.shared.help import ALLEGATION_HELP
from handlers.shared.paragraphs import EDIT, PARAGRAPH_USAGE, paragraph_command, reads_list
from handlers.shared.refs import take_case

USAGE = PARAGRAPH_USAGE[ALLEGATION.name]


def allegation(invocation: Invocation, _text: str) -> Reply:
    """``/allegation <case> ...``: the case comes first, then what to do."""
    case, rest = take_case(invocation, usage=USAGE)
    if not rest:
        return Reply(modal=build_allegation_modal(case=case))
    edit = EDIT.match(rest)
    if edit and not (edit[2] or "").strip():
        item = pick(paragraphs(case, ALLEGATION), edit[1], what="allegation")
        return Reply(modal=build_allegation_modal(case=case, number=int(edit[1]), text=item.text))
    return paragraph_command(invocation, case, ALLEGATION, rest)


ALLEGATION_ROUTER = Router(
    command="/allegation",
    help=ALLEGATION_HELP,
    subcommands={"help": lambda invocation: Reply(text=ALLEGATION_HELP)},
    default=allegation,
    default_usage=USAGE,
    default_reads=lambda text: reads_list(text, usage=USAGE),
)
