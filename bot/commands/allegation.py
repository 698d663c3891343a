"""/allegation: add, list, edit, remove, move (and modals for long text)."""

from __future__ import annotations

import re

from bot.cases.ordering import pick
from bot.cases.paragraphs import (
    ALLEGATION,
    add_paragraph,
    edit_paragraph,
    move_paragraph,
    paragraphs,
    remove_paragraph,
)
from bot.commands.base import Invocation, Reply, Router, card_update
from bot.commands.paragraph_list import list_reply
from bot.commands.refs import take_case
from bot.help import ALLEGATION_HELP
from bot.slack.modals import build_allegation_modal

_EDIT = re.compile(r"^edit\s+#?(\d+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_REMOVE = re.compile(r"^remove\s+#?(\d+)$", re.IGNORECASE)
_MOVE = re.compile(r"^move\s+#?(\d+)\s+(?:to\s+)?#?(\d+)$", re.IGNORECASE)


def allegation(invocation: Invocation, _text: str) -> Reply:
    """``/allegation <case> ...``: the case comes first, then what to do."""
    case, rest = take_case(invocation, usage=ALLEGATION.usage)
    session, actor = invocation.session, invocation.user_id
    if not rest:
        return Reply(modal=build_allegation_modal(case=case))
    if rest.lower() == "list":
        return list_reply(case, ALLEGATION)
    if match := _EDIT.match(rest):
        number, text = match[1], (match[2] or "").strip()
        if not text:
            item = pick(
                paragraphs(case, ALLEGATION), number, what="allegation", usage=ALLEGATION.usage
            )
            return Reply(
                modal=build_allegation_modal(case=case, number=int(number), text=item.text)
            )
        n = edit_paragraph(
            session=session, case=case, kind=ALLEGATION, number=number, text=text, actor=actor
        )
        return Reply(text=f"Allegation {n} of case #{case.id} changed.").then(card_update(case))
    if match := _REMOVE.match(rest):
        remove_paragraph(session=session, case=case, kind=ALLEGATION, number=match[1], actor=actor)
        return Reply(
            text=f"Allegation {match[1]} of case #{case.id} removed; the others are renumbered."
        ).then(card_update(case))
    if match := _MOVE.match(rest):
        move_paragraph(
            session=session, case=case, kind=ALLEGATION, number=match[1], to=match[2], actor=actor
        )
        return Reply(
            text=f"Allegation {match[1]} of case #{case.id} is now number {match[2]}."
        ).then(card_update(case))
    n = add_paragraph(session=session, case=case, kind=ALLEGATION, text=rest, actor=actor)
    return Reply(text=f"Allegation {n} added to case #{case.id} ({case.reference}).").then(
        card_update(case)
    )


ALLEGATION_ROUTER = Router(
    command="/allegation",
    help=ALLEGATION_HELP,
    subcommands={"help": lambda invocation: Reply(text=ALLEGATION_HELP)},
    default=allegation,
)
