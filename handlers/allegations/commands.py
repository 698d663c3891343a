"""/allegation: add, list, edit, remove, move (and a modal for long text)."""

from __future__ import annotations

from bot.cases.models import Case
from bot.cases.ordering import pick
from bot.cases.paragraphs import ALLEGATION, paragraphs
from bot.letters.stock import allegations_heading
from bot.slack.commands import Invocation, Reply
from handlers.allegations.modals import build_allegation_modal
from handlers.shared.commands import Command, Subcommand
from handlers.shared.paragraphs import EDIT, edit, paragraph_subcommands


def form(invocation: Invocation, case: Case, _rest: str) -> Reply:
    """``/allegation <case>``: a form for a long paragraph."""
    return Reply(modal=build_allegation_modal(case=case))


def edit_or_form(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``edit <n> <paragraph>``; ``edit <n>`` alone opens paragraph n in a form."""
    match = EDIT.match(rest)
    if match and not (match[2] or "").strip():
        item = pick(paragraphs(case, ALLEGATION), match[1], what="allegation")
        return Reply(modal=build_allegation_modal(case=case, number=int(match[1]), text=item.text))
    return edit(invocation, case, rest, kind=ALLEGATION)


_add, *_forms = paragraph_subcommands(
    ALLEGATION,
    add_help="add a paragraph at the end",
    helps={"edit": "replace paragraph n (`edit <n>` alone opens it in a form)"},
)
ALLEGATION_COMMAND = Command(
    name="/allegation",
    summary=f'the paragraphs under "{allegations_heading()}"',  # the letter's own heading
    subcommands=(
        _add,
        Subcommand("<case>", "add one in a form (for long text)", form),
        *(Subcommand(s.grammar, s.help, edit_or_form) if s.name == "edit" else s for s in _forms),
    ),
    notes="• Message shortcut *Add to case as allegation* copies a Slack message into a case.",
)
