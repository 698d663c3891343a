"""/letter <case> public: the public version of the sent letter, posted in the review thread
as a .docx and a .md with its findings, and its clearance (button or command)."""

from __future__ import annotations

from sqlalchemy.orm import Session, object_session

from bot.cases.letter_models import PublicVersion
from bot.cases.models import Case
from bot.cases.service import find_case
from bot.errors import Invalid, NotFound
from bot.events import PublicVersionCleared
from bot.grammar import counted
from bot.letters.export import ExportFormat, reference_filename
from bot.letters.redaction import parse_withheld
from bot.reviews.public import (
    NotSentYet,
    NoWithheldNames,
    PublicResult,
    clear_public_version,
    make_public_version,
)
from bot.slack.blocks import to_dicts
from bot.slack.commands import Invocation, Reply
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.messages import PUBLIC, THREAD, read
from bot.slack.outbox import Item, Post, Upload
from bot.slack.runtime import EventHandlers, Request
from handlers.letters.blocks import build_public_header
from handlers.shared.links import with_links
from handlers.shared.messages import review_thread

PUBLIC_DOCX = "public_docx"  # the outbox's file renderers of a public version's files
PUBLIC_MD = "public_md"


def public(invocation: Invocation, case: Case, rest: str) -> Reply:
    """``public [clear]``: make the public version for review, or clear the latest."""
    word = rest.strip().lower()
    if word == "clear":
        return _clear(invocation.session, case, invocation.user_id)
    if word:
        raise Invalid(f"{rest.strip()!r} is not a form of public: give nothing, or clear.")
    try:
        made = make_public_version(
            session=invocation.session,
            case=case,
            actor=invocation.user_id,
            letterhead=invocation.settings.letterhead,
            team=invocation.settings.team_name,
        )
    except NotSentYet as error:
        error.message += f" Send it first: /letter {case.id} send [YYYY-MM-DD]"
        raise
    except NoWithheldNames as error:
        error.message += (
            f" To withhold names, list them: /case set {case.id} victims-withheld "
            "Ahmet Aksoy, Zeynep Kaya (a label in brackets after a name replaces its initials)"
        )
        raise
    number = made.version.number
    found = f" {counted(len(made.issues), 'finding')}: see the thread." if made.issues else ""
    text = f"Public version v{number} of case #{case.id} is posted for review.{found}"
    return Reply(text=text).then(*public_posts(case=case, made=made))


def _clear(session: Session, case: Case, actor: str, version_id: int | None = None) -> Reply:
    version = clear_public_version(session=session, case=case, actor=actor, version_id=version_id)
    return Reply(
        text=with_links(
            f"You cleared public version v{version.number} of case #{case.id}: it is frozen; "
            f"python -m bot letter export {case.id} --public writes it.",
            case,
        )
    )


def replaced_text(made: PublicResult) -> str:
    """What replaced each withheld name, and how often: "A.A. ×3, Z.K. ×1" (labels only)."""
    return ", ".join(
        f"{name.label} ×{count}" for name, count in zip(made.names, made.counts, strict=True)
    )


def public_posts(*, case: Case, made: PublicResult) -> list[Item]:
    """The header with its findings and Clear button, then the .md and the .docx, in the
    case's review thread."""
    version = made.version
    thread = review_thread(case)
    header = Post(
        channel=case.channel_id,
        text=public_header_text(case, version),
        blocks=to_dicts(build_public_header(case, version, replaced=replaced_text(made))),
        thread_ts=thread.ts if thread else None,
        remember=[(PUBLIC, version.id)] if thread else [(PUBLIC, version.id), (THREAD, case.id)],
    )
    thread_of = None if thread else 0  # without a thread, the header starts one
    formats: tuple[tuple[ExportFormat, str], ...] = (("docx", PUBLIC_DOCX), ("md", PUBLIC_MD))
    files: list[Item] = [
        Upload(
            channel=case.channel_id,
            filename=reference_filename(
                case.reference, version.language, fmt, suffix=f"public-v{version.number}"
            ),
            title=f"{case.reference} public version v{version.number} ({fmt})",
            content=b"",
            render=render,
            render_id=version.id,
            thread_ts=header.thread_ts,
            thread_of=thread_of,
        )
        for fmt, render in formats
    ]
    before = [p for p in (refresh_public_header(case, b, stale=True) for b in made.before) if p]
    return [header, *files, *before]


def public_header_text(case: Case, version: PublicVersion) -> str:
    """Fallback text of a public version's header message."""
    return f"Public version v{version.number} of {case.reference} for review"


def refresh_public_header(
    case: Case, version: PublicVersion, *, stale: bool = False
) -> Post | None:
    """Update a public version's header in place: cleared, or replaced (no Clear button)."""
    session = object_session(version)
    found = read(session, [(PUBLIC, version.id)]) if session is not None else {}
    message = found.get((PUBLIC, version.id))
    if message is None:
        return None
    labels = ", ".join(name.label for name in parse_withheld(case.victims_withheld))
    return Post(
        channel=message.channel,
        ts=message.ts,
        text=public_header_text(case, version),
        blocks=to_dicts(build_public_header(case, version, replaced=labels, stale=stale)),
    )


def render_public_docx(session: Session, version_id: int) -> bytes | None:
    """A public version's Word file, as stored when it was made."""
    version = session.get(PublicVersion, version_id)
    return version.docx if version is not None else None


def render_public_markdown(session: Session, version_id: int) -> bytes | None:
    """A public version's Markdown, as stored when it was made."""
    version = session.get(PublicVersion, version_id)
    return version.markdown.encode("utf-8") if version is not None else None


def click_clear_public(request: Request) -> Reply:
    """The "Clear public version" button: clear the version it was posted with."""
    action = (request.body.get("actions") or [{}])[0]
    value = str(action.get("value", ""))
    version = request.session.get(PublicVersion, int(value)) if value.isdigit() else None
    if version is None:
        raise NotFound("That public version no longer exists.")
    case = find_case(
        session=request.session, ref=str(version.case_id), channel_id=request.channel_id
    )
    return _clear(request.session, case, request.user_id, version_id=version.id)


def public_version_cleared(session: Session, event: PublicVersionCleared, actor: str) -> list[Item]:
    """Who cleared the public version, in the review thread."""
    case = session.get(Case, event.case_id)
    version = session.get(PublicVersion, event.public_version_id)
    thread = review_thread(case) if case is not None else None
    if case is None or version is None or thread is None:
        return []
    notice = Post(
        channel=case.channel_id,
        thread_ts=thread.ts,
        text=f":unlock: <@{actor}> cleared public version v{version.number} of "
        f"{esc(case.reference)}: it is frozen beside the sent letter.",
    )
    refreshed = refresh_public_header(case, version)
    return [notice, refreshed] if refreshed is not None else [notice]


def subscribe_public(events: EventHandlers) -> None:
    """The review thread says when a public version is cleared."""
    events.on(PublicVersionCleared, public_version_cleared)
