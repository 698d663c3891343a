"""The case card's edit forms (also from a draft's "Edit…" menu) and the "Open a case" shortcut.

A form's submission changes the case through the same services as the commands, so each
change is audited and voids the clearances of a draft made before it.
"""

from __future__ import annotations

from bot.casefile.fields import set_field
from bot.cases.paragraphs import (
    BODY,
    QUESTION,
    ParagraphKind,
    add_paragraph,
    edit_paragraph,
    paragraphs,
    remove_paragraph,
)
from bot.cases.service import find_case
from bot.errors import UserError
from bot.mandates.service import list_mandates
from bot.slack.commands import Reply
from bot.slack.runtime import Request
from bot.slack.views import view_metadata, view_value
from handlers.cases.ids import ActionId, BlockId
from handlers.cases.modals import (
    build_edit_paragraphs_modal,
    build_edit_text_modal,
    build_open_case_modal,
    paragraph_block_id,
)
from handlers.shared.ids import EditForm
from handlers.shared.links import tell, with_links

KINDS: dict[str, ParagraphKind] = {EditForm.QUESTIONS: QUESTION, EditForm.BODY: BODY}
TEXT_FIELDS = (
    ("concern", BlockId.CONCERN, ActionId.EDIT_CONCERN),
    ("urge", BlockId.URGE, ActionId.EDIT_URGE),
    ("addressee", BlockId.ADDRESSEE, ActionId.EDIT_ADDRESSEE),
)


def click_edit(request: Request) -> Reply:
    """An edit button of the case card, or an option of a draft's "Edit…" menu: its form."""
    action = (request.body.get("actions") or [{}])[0]
    value = str((action.get("selected_option") or {}).get("value") or action.get("value") or "")
    form, _, case_id = value.partition(":")
    case = find_case(session=request.session, ref=case_id, channel_id=request.channel_id)
    if case.sent_on is not None:
        raise UserError(f"Case #{case.id} was sent: a sent letter does not change.")
    if form == EditForm.TEXT:
        modal = build_edit_text_modal(case=case, channel_id=request.channel_id)
    elif form in KINDS:
        kind = KINDS[form]
        modal = build_edit_paragraphs_modal(
            case=case,
            channel_id=request.channel_id,
            form=form,
            what=kind.name,
            items=list(paragraphs(case, kind)),
        )
    else:
        raise UserError("That button no longer opens anything; use the command instead.")
    return Reply(modal=modal)


def _form_case(request: Request):  # noqa: ANN202 - Case
    meta = view_metadata(request.body["view"])
    case = find_case(
        session=request.session,
        ref=str(meta.get("case_id", "")),
        channel_id=str(meta.get("channel_id", "")),
    )
    return case, meta


def submit_edit_text(request: Request) -> Reply:
    """Save the concern, urge and addressee that changed (each audited like /case set)."""
    case, _meta = _form_case(request)
    view = request.body["view"]
    changed = []
    submitted = view.get("state", {}).get("values", {})
    for field, block_id, action_id in TEXT_FIELDS:
        if block_id not in submitted:
            continue  # not in the form (too long to edit there)
        value = str(view_value(view, block_id, action_id) or "").strip()
        current = (getattr(case, field) or "").strip()
        if value == current or (not value and not current):
            continue
        set_field(
            session=request.session,
            case=case,
            field=field,
            value=value,
            actor=request.user_id,
            settings=request.settings,
        )
        changed.append(field)
    request.session.flush()
    said = ", ".join(changed) if changed else "nothing (no change)"
    confirmed = with_links(f"Case #{case.id}: changed {said}.", case)
    return Reply().after(tell(case.channel_id, request.user_id, confirmed))


def submit_edit_paragraphs(request: Request) -> Reply:
    """Edit the questions or body paragraphs whose text changed, remove those emptied, add the
    new one; paragraphs are matched by identity, so a change made meanwhile is not overwritten."""
    case, meta = _form_case(request)
    kind = KINDS.get(str(meta.get("form", "")))
    if kind is None:
        raise UserError("That form is out of date; open it again.")
    view, session, actor = request.body["view"], request.session, request.user_id
    values = view.get("state", {}).get("values", {})
    edited = removed = 0
    to_remove = []
    for item in list(paragraphs(case, kind)):
        block_id = paragraph_block_id(item.id)
        if block_id not in values:
            continue  # not in the form (added meanwhile, or beyond what the form showed)
        text = str(view_value(view, block_id, ActionId.EDIT_PARAGRAPH) or "").strip()
        if not text:
            to_remove.append(item)
        elif text != item.text:
            number = list(paragraphs(case, kind)).index(item) + 1
            edit_paragraph(
                session=session, case=case, kind=kind, number=number, text=text, actor=actor
            )
            edited += 1
    for item in sorted(to_remove, key=lambda i: i.position, reverse=True):
        number = list(paragraphs(case, kind)).index(item) + 1
        remove_paragraph(session=session, case=case, kind=kind, number=number, actor=actor)
        removed += 1
    new = str(view_value(view, BlockId.NEW_PARAGRAPH, ActionId.EDIT_PARAGRAPH) or "").strip()
    if new:
        add_paragraph(session=session, case=case, kind=kind, text=new, actor=actor)
    session.flush()
    if not (edited or removed or new):
        confirmed = f"Case #{case.id}: no change to its {kind.name}s."
        return Reply().after(tell(case.channel_id, actor, confirmed))
    said = f"{edited} edited, {removed} removed" + (", 1 added" if new else "")
    confirmed = with_links(f"Case #{case.id}, {kind.name}s: {said}.", case)
    return Reply().after(tell(case.channel_id, actor, confirmed))


def open_case_shortcut(request: Request) -> Reply:
    """The global shortcut "Open a case": the same form, asking for the channel too."""
    mandates = list_mandates(session=request.session)
    return Reply(modal=build_open_case_modal(channel_id=None, mandates=mandates))
