"""/letter: numbered questions now; drafts, sending and replies join as they are built."""

from __future__ import annotations

import re

from bot.cases.paragraphs import (
    QUESTION,
    add_paragraph,
    edit_paragraph,
    move_paragraph,
    remove_paragraph,
)
from bot.commands.base import Invocation, Reply, Router, card_update
from bot.commands.paragraph_list import list_reply
from bot.commands.refs import take_case
from bot.errors import UserError
from bot.help import LETTER_HELP

LETTER_USAGE = "/letter <case> question <text> | question list|edit|remove|move"
_EDIT = re.compile(r"^edit\s+#?(\d+)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_REMOVE = re.compile(r"^remove\s+#?(\d+)$", re.IGNORECASE)
_MOVE = re.compile(r"^move\s+#?(\d+)\s+(?:to\s+)?#?(\d+)$", re.IGNORECASE)


def question(invocation: Invocation, case, rest: str) -> Reply:  # noqa: ANN001 - Case
    """``question <text>`` or ``question list|edit|remove|move``."""
    session, actor = invocation.session, invocation.user_id
    if rest.lower() == "list":
        return list_reply(case, QUESTION)
    if match := _EDIT.match(rest):
        n = edit_paragraph(
            session=session, case=case, kind=QUESTION, number=match[1], text=match[2], actor=actor
        )
        return Reply(text=f"Question {n} of case #{case.id} changed.").then(card_update(case))
    if match := _REMOVE.match(rest):
        remove_paragraph(session=session, case=case, kind=QUESTION, number=match[1], actor=actor)
        return Reply(
            text=f"Question {match[1]} of case #{case.id} removed; the others are renumbered."
        ).then(card_update(case))
    if match := _MOVE.match(rest):
        move_paragraph(
            session=session, case=case, kind=QUESTION, number=match[1], to=match[2], actor=actor
        )
        return Reply(text=f"Question {match[1]} of case #{case.id} is now number {match[2]}.").then(
            card_update(case)
        )
    n = add_paragraph(session=session, case=case, kind=QUESTION, text=rest, actor=actor)
    return Reply(text=f"Question {n} added to case #{case.id} ({case.reference}).").then(
        card_update(case)
    )


VERBS = {"question": question}


def letter(invocation: Invocation, _text: str) -> Reply:
    """``/letter <case> <verb> ...``."""
    case, rest = take_case(invocation, usage=LETTER_USAGE)
    verb, _, args = rest.partition(" ")
    handler = VERBS.get(verb.lower())
    if handler is None:
        raise UserError(f"What should I do with case #{case.id}? {LETTER_HELP}")
    return handler(invocation, case, args.strip())


LETTER = Router(
    command="/letter",
    help=LETTER_HELP,
    subcommands={"help": lambda invocation: Reply(text=LETTER_HELP)},
    default=letter,
)
