"""Numbered paragraphs (allegations, questions, body paragraphs): add, list, edit, remove, move.

One grammar for the three kinds, declared once (``FORMS``): ``/allegation <case>`` takes its
forms right after the case, ``/letter <case> question|body`` after the kind's word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.cases.models import Case
from bot.cases.paragraphs import (
    ALLEGATION,
    ParagraphKind,
    add_paragraph,
    edit_paragraph,
    move_paragraph,
    paragraphs,
    remove_paragraph,
)
from bot.errors import Invalid
from bot.grammar import counted, with_article
from bot.slack.blocks import BlockBudget, to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn
from handlers.shared.commands import (
    NEAR_MISS,
    NUMBERS_ONLY,
    Subcommand,
    did_you_mean,
    first_word,
    run_with,
)
from handlers.shared.removals import quoted, removed_reply

EDIT = re.compile(r"^#?(\d+)(?:\s+(.*))?$", re.DOTALL)
REMOVE = re.compile(r"^#?(\d+)$")
MOVE = re.compile(r"^#?(\d+)\s+(?:to\s+)?#?(\d+)$", re.IGNORECASE)


def text_word(kind: ParagraphKind) -> str:
    """What the usage calls one paragraph of this kind."""
    return "<text>" if kind.name == "question" else "<paragraph>"


def refuse(word: str, meant: str, kind: ParagraphKind) -> Invalid:
    """The answer to a form that does not parse: what was ``meant``; the usage is added by
    the subcommand that ran."""
    if word.lower() != meant:
        said = f"{word!r} is not a subcommand; did you mean {meant!r}?"
    else:
        form = FORM_GRAMMAR[meant].replace("{text}", "<text>")
        said = f"{meant} needs {form!r} (n is {with_article(kind.name)} number, 1 or more)."
    return Invalid(
        f"{said} Nothing was added. To add {with_article(kind.name)} starting with that word, "
        "use the form (the command with the case alone) or reword it."
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
    return Reply(text=counted(len(items), kind.name), blocks=to_dicts(blocks))


def add(invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind) -> Reply:
    """A paragraph to add; a near miss of a form (``lst``, ``delete 1``) is refused."""
    word, tail = first_word(rest)
    if NUMBERS_ONLY.match(tail) and (meant := did_you_mean(word, FORM_GRAMMAR, cutoff=NEAR_MISS)):
        raise refuse(word, meant, kind)
    n = add_paragraph(
        session=invocation.session, case=case, kind=kind, text=rest, actor=invocation.user_id
    )
    text = f"{kind.name.capitalize()} {n} added to case #{case.id} ({case.reference})."
    return Reply(text=text)


def list_all(invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind) -> Reply:
    """``list``: every paragraph, numbered."""
    if rest:
        raise refuse("list", "list", kind)
    return list_reply(case, kind)


def edit(invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind) -> Reply:
    """``edit <n> <text>``: replace paragraph n."""
    match = EDIT.match(rest)
    if match is None:
        raise refuse("edit", "edit", kind)
    n = edit_paragraph(
        session=invocation.session,
        case=case,
        kind=kind,
        number=match[1],
        text=match[2] or "",
        actor=invocation.user_id,
    )
    text = f"{kind.name.capitalize()} {n} of case #{case.id} changed."
    return Reply(text=text)


def remove(invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind) -> Reply:
    """``remove <n>``: the others are renumbered."""
    match = REMOVE.match(rest)
    if match is None:
        raise refuse("remove", "remove", kind)
    removal = remove_paragraph(
        session=invocation.session, case=case, kind=kind, number=match[1], actor=invocation.user_id
    )
    text = (
        f"{kind.name.capitalize()} {removal.number} of case #{case.id} removed; the others are "
        f"renumbered. It read: {quoted(removal.text)}"
    )
    return removed_reply(text, removal)


def move(invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind) -> Reply:
    """``move <n> <to>`` (or ``move <n> to <to>``)."""
    match = MOVE.match(rest)
    if match is None:
        raise refuse("move", "move", kind)
    move_paragraph(
        session=invocation.session,
        case=case,
        kind=kind,
        number=match[1],
        to=match[2],
        actor=invocation.user_id,
    )
    text = f"{kind.name.capitalize()} {match[1]} of case #{case.id} is now number {match[2]}."
    return Reply(text=text)


# The forms after the kind's word: (grammar, help, handler, writes); {text} is text_word(kind).
Form = tuple[str, str, Callable[..., Reply], bool]
FORMS: dict[str, Form] = {
    "list": ("list", "all of them, numbered", list_all, False),
    "edit": ("edit <n> {text}", "replace paragraph n", edit, True),
    "remove": ("remove <n>", "remove paragraph n (Undo in the answer puts it back)", remove, True),
    "move": ("move <n> <to>", "move paragraph n to number <to>", move, True),
}
FORM_GRAMMAR = {name: form[0] for name, form in FORMS.items()}


def paragraph_subcommands(
    kind: ParagraphKind, *, add_help: str, helps: dict[str, str] | None = None
) -> tuple[Subcommand, ...]:
    """The forms of ``kind`` as subcommands right after the case (``/allegation``)."""
    helps = helps or {}
    text = text_word(kind)
    forms = tuple(
        Subcommand(
            f"<case> {grammar.format(text=text)}",
            helps.get(name, help_),
            run_with(run, kind=kind),
            writes=writes,
        )
        for name, (grammar, help_, run, writes) in FORMS.items()
    )
    usage = forms_usage(kind, "")
    add_form = Subcommand(f"<case> {text}", add_help, run_with(add, kind=kind), usage_line=usage)
    return (add_form, *forms)


def forms_usage(kind: ParagraphKind, word: str) -> str:
    """Every form of ``kind`` in one usage line, e.g. ``/letter <case> question <text> |
    question list | question edit <n> <text> | ...``."""
    text = text_word(kind)
    lead = f"{word} " if word else ""
    forms = [f"{lead}{grammar.format(text=text)}" for grammar in FORM_GRAMMAR.values()]
    return " | ".join([f"{kind_command(kind)} <case> {lead}{text}", *forms])


def forms_line(kind: ParagraphKind, word: str) -> str:
    """`/x help`'s line of the forms after ``word``: list · edit · remove · move."""
    text = text_word(kind)
    forms = [f"{word} {grammar.format(text=text)}" for grammar in FORM_GRAMMAR.values()]
    first = f"{kind_command(kind)} <case> {forms[0]}"
    return "• " + " · ".join(f"`{form}`" for form in [first, *forms[1:]])


def kind_command(kind: ParagraphKind) -> str:
    """The command that holds paragraphs of this kind."""
    return "/allegation" if kind is ALLEGATION else "/letter"


def paragraph_command(
    invocation: Invocation, case: Case, rest: str, *, kind: ParagraphKind
) -> Reply:
    """``<word> list|edit|remove|move ...``, or a paragraph to add (``/letter <case> question``)."""
    word, tail = first_word(rest)
    form = FORMS.get(word.lower())
    if form is None:
        return add(invocation, case, rest, kind=kind)
    _grammar, _help, run, _writes = form
    return run(invocation, case, tail, kind=kind)
