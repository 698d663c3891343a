"""/case: open (or the modal), show, list, set, close, reopen, help."""

from __future__ import annotations

from bot.audit.service import history
from bot.casefile.details import case_details
from bot.casefile.fields import SETTERS, close_case, reopen_case, set_field
from bot.casefile.listing import list_cases
from bot.cases.service import case_not_found, case_number, find_case, open_case
from bot.errors import UserError
from bot.mandates.service import list_mandates
from bot.slack.commands import Invocation, Reply, Router, usage_of
from bot.slack.escape import escape_mrkdwn, user_ids
from handlers.cases.blocks import build_case_details, build_case_list, case_list_line
from handlers.cases.membership import refuse_unless_member
from handlers.cases.modals import build_open_case_modal
from handlers.cases.parse import parse_open
from handlers.cases.report import case_report, case_search
from handlers.shared.card import card_update, case_card_text, new_card
from handlers.shared.help import CASE_HELP
from handlers.shared.messages import case_messages, many_cases
from handlers.shared.refs import split_case_ref, take_case

OPEN_USAGE = "/case open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>"
SHOW_USAGE = "/case show <case> [sources|history]"
LIST_USAGE = "/case list [open|closed|overdue|due|all|<COUNTRY>|<MANDATE>] [page <n>]"
SET_USAGE = "/case set <case> <field> <value>"
CLOSE_USAGE = "/case close <case> [reason]"
REOPEN_USAGE = "/case reopen <case>"
REPORT_USAGE = "/case report <from> <to> [replies-from <date>] [replies-until <date>]"
SEARCH_USAGE = "/case search <words>"
# A concern too long for one paragraph: the rest goes into body paragraphs.
BODY_USAGE = "/letter <case> body <paragraph>"


def set_usage(field: str, value: str) -> str:
    """The usage shown when ``/case set <case> <field> <value>`` is refused."""
    name = field.strip().lower().replace("_", "-")
    if name not in SETTERS:
        return SET_USAGE
    if name == "concern" and value.strip():
        return BODY_USAGE
    return f"/case set <case> {name} <value>"


def case_modal(invocation: Invocation) -> Reply:
    """/case with no arguments: the "Open a case" modal."""
    mandates = list_mandates(session=invocation.session)
    return Reply(modal=build_open_case_modal(channel_id=invocation.channel_id, mandates=mandates))


def case_open(invocation: Invocation) -> Reply:
    """Open a case and post its card in the channel."""
    parsed = parse_open(invocation.args)
    refuse_unless_member(invocation.client, invocation.channel_id)
    case = open_case(
        session=invocation.session,
        channel_id=invocation.channel_id,
        country=parsed.country,
        letter_type=parsed.letter_type,
        mandates=parsed.mandates,
        subject=parsed.subject,
        opened_by=invocation.user_id,
        today=invocation.today,
        reply_days=invocation.settings.reply_days[parsed.letter_type.value],
        edition=invocation.settings.letter_edition,
    )
    return Reply().then(new_card(case))


def case_show(invocation: Invocation) -> Reply:
    """Everything in a case, to the caller only; sources and history on request."""
    ref, rest = split_case_ref(invocation.args, usage=SHOW_USAGE)
    extra = rest.lower().split()
    if any(word not in {"sources", "history"} for word in extra):
        raise UserError(f"Add sources or history, or nothing: not {rest!r}.", usage=SHOW_USAGE)
    session, channel_id = invocation.session, invocation.channel_id
    # A number is read with the rest of the case; a reference is looked up first.
    case_id = case_number(ref)
    if case_id is None:
        case_id = find_case(session=session, ref=ref, channel_id=channel_id).id
    details = case_details(session=session, case_id=case_id)
    if details is None or details.case.channel_id != channel_id:
        raise case_not_found(ref)
    case = details.case
    recent = history(session=session, case_id=case.id, limit=15) if "history" in extra else None
    latest = details.latest_version
    blocks = build_case_details(
        details,
        posted=case_messages(case, version_id=latest.id if latest is not None else None),
        history=recent,
        show_sources="sources" in extra,
    )
    return Reply(text=case_card_text(case), blocks=blocks)


def case_list(invocation: Invocation) -> Reply:
    """The channel's cases, what needs attention first, a page at a time."""
    page = list_cases(
        session=invocation.session,
        channel_id=invocation.channel_id,
        text=invocation.args,
        today=invocation.today,
    )
    lines = [
        case_list_line(item.case, item.label, posted)
        for item, posted in zip(
            page.items,
            many_cases(invocation.session, [(i.case.id, i.case.version_id) for i in page.items]),
            strict=True,
        )
    ]
    more = None
    if page.pages > 1:
        more = f"Page {page.page} of {page.pages} ({page.total} cases). Next: /case list {invocation.args.split(' page ')[0]} page {min(page.page + 1, page.pages)}".replace(
            "  ", " "
        )
    blocks = build_case_list(lines, title=f"{page.title} ({page.total})", more=more)
    return Reply(text=f"{page.title}: {page.total}", blocks=blocks)


def case_set(invocation: Invocation) -> Reply:
    """Change one field of a case; the card is updated in place."""
    case, rest = take_case(invocation, usage=SET_USAGE)
    field, _, value = rest.partition(" ")
    if not field:
        raise UserError(
            "Which field? subject, concern, urge, type, mandates, addressee, language, reply-days, reference, edition, press-release, sources, victims-withheld, victims or owner.",
            usage=SET_USAGE,
        )
    with usage_of(set_usage(field, value)):
        shown = set_field(
            session=invocation.session,
            case=case,
            field=field,
            value=_owner(invocation, value) if field.lower() == "owner" else value,
            actor=invocation.user_id,
            settings=invocation.settings,
        )
    invocation.session.flush()
    return Reply(text=f"Case #{case.id}: {field.lower()} set to {escape_mrkdwn(shown)}").then(
        card_update(case)
    )


def _owner(invocation: Invocation, value: str) -> str:
    """The person picked from Slack's @ menu (its id), else the value as typed."""
    picked = user_ids(invocation.wire)
    return f"<@{picked[0]}>" if len(picked) == 1 else value


def case_close(invocation: Invocation) -> Reply:
    """Close a case, with an optional reason."""
    case, reason = take_case(invocation, usage=CLOSE_USAGE)
    close_case(session=invocation.session, case=case, reason=reason, actor=invocation.user_id)
    return Reply(text=f"Case #{case.id} ({case.reference}) is closed.").then(card_update(case))


def case_reopen(invocation: Invocation) -> Reply:
    """Reopen a closed case."""
    case, rest = take_case(invocation, usage=REOPEN_USAGE)
    if rest:
        raise UserError("/case reopen takes only the case.", usage=REOPEN_USAGE)
    reopen_case(
        session=invocation.session,
        case=case,
        actor=invocation.user_id,
        settings=invocation.settings,
    )
    return Reply(text=f"Case #{case.id} ({case.reference}) is open again.").then(card_update(case))


CASE = Router(
    command="/case",
    help=CASE_HELP,
    escaped=True,  # owners are picked from Slack's @ menu; free text is read back as typed
    subcommands={
        "": case_modal,
        "open": case_open,
        "show": case_show,
        "list": case_list,
        "set": case_set,
        "close": case_close,
        "reopen": case_reopen,
        "report": case_report,
        "search": case_search,
        "help": lambda invocation: Reply(text=CASE_HELP),
    },
    usages={
        "open": OPEN_USAGE,
        "show": SHOW_USAGE,
        "list": LIST_USAGE,
        "set": SET_USAGE,
        "close": CLOSE_USAGE,
        "reopen": REOPEN_USAGE,
        "report": REPORT_USAGE,
        "search": SEARCH_USAGE,
    },
    read_only=frozenset({"show", "list", "search"}),
)

__all__ = ["CASE", "LIST_USAGE", "new_card"]
