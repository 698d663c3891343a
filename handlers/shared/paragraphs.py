"""Numbered paragraphs (allegations, questions): list, add, edit, remove, move."""

from __future__ import annotations

import difflib
import re

from bot.cases.models import Case
from bot.cases.paragraphs import (
    ALLEGATION,
    BODY,
    QUESTION,
    ParagraphKind,
    add_paragraph,
    edit_paragraph,
    move_paragraph,
    paragraphs,
    remove_paragraph,
)
from bot.errors import UserError
from bot.slack.blocks import BlockBudget, to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn
from handlers.shared.refs import split_case_ref

EDIT = re.compile(r"^edit\s+#?(\d+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
REMOVE = re.compile(r"^remove\s+#?(\d+)$", re.IGNORECASE)
MOVE = re.compile(r"^move\s+#?(\d+)\s+(?:to\s+)?#?(\d+)$", re.IGNORECASE)

# The usage of each kind of numbered paragraph, by ParagraphKind.name.
PARAGRAPH_USAGE = {
    ALLEGATION.name: "/allegation <case> <paragraph> | <case> list | edit <n> <paragraph> | remove <n> | move <n> <to>",
    QUESTION.name: "/letter <case> question <text> | question list | question edit <n> <text> | question remove <n> | question move <n> <to>",
    BODY.name: "/letter <case> body <paragraph> | body list | body edit <n> <paragraph> | body remove <n> | body move <n> <to>",
}

SUBCOMMANDS = ("list", "edit", "remove", "move")
# Words people type for a subcommand; followed by nothing or numbers they are never a paragraph.
SYNONYMS = {"delete": "remove", "del": "remove", "rm": "remove", "ls": "list", "show": "list"}
NUMBERS_ONLY = re.compile(r"^(?:(?:to|#?[-+]?\d+)(?:\s+|$))*$", re.IGNORECASE)
NEAR_MISS = 0.75  # difflib ratio from which a first word is a misspelt subcommand


def meant_subcommand(rest: str) -> str | None:
    """The subcommand the text starts with, or seems meant to (``lst``, ``delete 1``).

    A subcommand word followed by anything is a subcommand (which then must parse); a word
    close to one (or a synonym) is taken for it only when nothing but numbers follow, so
    "Removal of the union's leaders..." stays a paragraph.
    """
    first, _, tail = rest.strip().partition(" ")
    word = first.lower()
    if word in SUBCOMMANDS:
        return word
    if not NUMBERS_ONLY.match(tail.strip()):
        return None
    if word in SYNONYMS:
        return SYNONYMS[word]
    close = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=NEAR_MISS)
    return close[0] if close else None


def refuse(rest: str, meant: str, kind: ParagraphKind) -> UserError:
    """The answer to a subcommand that does not parse: what was ``meant``, and the usage."""
    first = rest.split(maxsplit=1)[0]
    forms = {
        "list": "list",
        "edit": "edit <n> <text>",
        "remove": "remove <n>",
        "move": "move <n> <to>",
    }
    if first.lower() != meant:
        said = f"{first!r} is not a subcommand; did you mean {meant!r}?"
    else:
        said = f"{meant} needs {forms[meant]!r} (n is a {kind.name} number, 1 or more)."
    return UserError(
        f"{said} Nothing was added. To add a {kind.name} starting with that word, "
        "use the form (the command with the case alone) or reword it.",
        usage=PARAGRAPH_USAGE[kind.name],
    )


def list_reply(case: Case, kind: ParagraphKind) -> Reply:
    """Every paragraph numbered; what does not fit in one message is said."""
    items = paragraphs(case, kind)
    budget = BlockBudget()
    budget.section(
        f"*{kind.name.capitalize()}s of case #{case.id} ({escape_mrkdwn(case.reference)})*"
    )
    if not items:
        budget.section(f"No {kind.name}s yet.")
    for number, item in enumerate(items, 1):
        budget.section(f"*{number}.* {escape_mrkdwn(item.text)}")
    blocks = budget.finish(f"Too long for one message: {budget.left_out} more not shown.")
    return Reply(text=f"{len(items)} {kind.name}(s)", blocks=to_dicts(blocks))


def reads_list(text: str, *, usage: str) -> bool:
    """``<case> list``: only reads (see Router.reads_only)."""
    try:
        _ref, rest = split_case_ref(text, usage=usage)
    except UserError:
        return True  # refused before anything is read
    return rest.lower() == "list"


def paragraph_command(invocation: Invocation, case: Case, kind: ParagraphKind, rest: str) -> Reply:
    """``list``, ``edit <n> <text>``, ``remove <n>``, ``move <n> <to>``, or a paragraph to add."""
    session, actor = invocation.session, invocation.user_id
    name = kind.name.capitalize()
    if rest.lower() == "list":
        return list_reply(case, kind)
    if match := EDIT.match(rest):
        text = match[2] or ""
        n = edit_paragraph(
            session=session, case=case, kind=kind, number=match[1], text=text, actor=actor
        )
        return Reply(text=f"{name} {n} of case #{case.id} changed.")
    if match := REMOVE.match(rest):
        removed = remove_paragraph(
            session=session, case=case, kind=kind, number=match[1], actor=actor
        )
        quoted = escape_mrkdwn(removed if len(removed) <= 80 else removed[:79] + "…")
        text = (
            f"{name} {match[1]} of case #{case.id} removed (“{quoted}”); the others are renumbered."
        )
        return Reply(text=text)
    if match := MOVE.match(rest):
        move_paragraph(
            session=session, case=case, kind=kind, number=match[1], to=match[2], actor=actor
        )
        text = f"{name} {match[1]} of case #{case.id} is now number {match[2]}."
        return Reply(text=text)
    if meant := meant_subcommand(rest):
        raise refuse(rest, meant, kind)
    n = add_paragraph(session=session, case=case, kind=kind, text=rest, actor=actor)
    text = f"{name} {n} added to case #{case.id} ({case.reference})."
    return Reply(text=text)
