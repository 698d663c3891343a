"""The Home tab: the user's docket in at most 100 blocks, however many cases."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.cases.models import Case
from bot.cases.service import addressee_name
from bot.grammar import counted, plural_of
from bot.home.service import Docket, DocketEntry, Group
from bot.slack.blocks import mrkdwn_section, to_dicts
from bot.slack.escape import escape_mrkdwn as esc
from bot.slack.escape import plain
from handlers.home.ids import ActionId
from handlers.shared.links import case_links
from handlers.shared.messages import case_messages, read_ahead

# Cases shown per group: 3 opening blocks + 6 groups x (title, more, divider) + 73 + the
# cases led (title, list, divider) = 97, within the 100 blocks of a Home tab
# (View.validate_json checks it too).
SHOWN = {
    Group.OVERDUE: 20,
    Group.TO_CLEAR: 12,
    Group.CLEARED: 12,
    Group.DUE_SOON: 12,
    Group.PUBLIC_SOON: 5,
    Group.RECENT_REPLIES: 12,
}
LED_SHOWN = 15  # one line each, in one section
SUBJECT_CHARS = 150
CHANNELS_NAMED = 5


_TITLES = {
    Group.OVERDUE: ":rotating_light: Overdue replies",
    Group.TO_CLEAR: ":white_check_mark: Drafts for you to clear",
    Group.CLEARED: ":outbox_tray: Cleared, not yet sent",
    Group.DUE_SOON: ":hourglass_flowing_sand: Replies due this week",
    Group.PUBLIC_SOON: ":newspaper: Letters becoming public (is the public version cleared?)",
    Group.RECENT_REPLIES: ":incoming_envelope: Replies in the last 30 days",
}
_LIST_COMMAND = {
    Group.OVERDUE: "/case list overdue",
    Group.DUE_SOON: "/case list due",
    Group.RECENT_REPLIES: "/case list all",
    Group.PUBLIC_SOON: "/case list unpublished",
}
HELP = (
    "What needs doing in your channels (where you are a member or open, draft or clear cases) "
    "and in the cases "
    "of the mandates you clear for; most urgent first. *Open* takes you to the case card in its "
    "channel, where `/case show <case>` and `/letter` act on it. Refreshed whenever you open "
    "this tab."
)


def channel_url(channel_id: str, team_id: str | None = None) -> str:
    """A link that opens the channel in whichever Slack client the user has."""
    query = {"channel": channel_id} | ({"team": team_id} if team_id else {})
    return f"https://slack.com/app_redirect?{urlencode(query)}"


def build_home_blocks(docket: Docket, *, team_id: str | None = None) -> list[Block]:
    """Header, help, then each non-empty group: a title, its first cases, and what is left."""
    counts = " · ".join(
        _counted(len(docket.entries(group)), group) for group in Group if docket.entries(group)
    )
    blocks: list[Block] = [
        HeaderBlock(text="Your cases"),
        ContextBlock(elements=[MarkdownTextObject(text=HELP)]),
        mrkdwn_section(
            f"*{counted(docket.followed, 'open case')}* in {counted(len(docket.channels), 'channel')} "
            f"as of {docket.today.isoformat()}" + (f": {counts}" if counts else ".")
        ),
    ]
    if not docket.groups:
        blocks.append(mrkdwn_section(_nothing_to_do(docket)))
    read_ahead([e.case for group in Group for e in docket.entries(group)[: SHOWN[group]]])
    for group in Group:
        entries = docket.entries(group)
        if not entries:
            continue
        blocks.append(mrkdwn_section(f"*{_TITLES[group]} ({len(entries)})*"))
        blocks += [_case_block(entry, team_id) for entry in entries[: SHOWN[group]]]
        left = entries[SHOWN[group] :]
        if left:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_more(group, left))]))
        blocks.append(DividerBlock())
    if docket.led:
        blocks += _led_blocks(docket.led, docket.led_count)
    return blocks


def _led_blocks(led: list[DocketEntry], total: int) -> list[Block]:
    """The open cases led by a mandate the user clears for, a line each."""
    lines = [
        f"*#{e.case.id}* {esc(e.case.reference)} · {esc(plain(addressee_name(e.case), 60))} · "
        f"<#{e.case.channel_id}> · _{esc(e.note)}_"
        for e in led[:LED_SHOWN]
    ]
    if total > len(lines):
        lines.append(f"…and {total - len(lines)} more: `/case list <MANDATE>` in their channels")
    return [
        mrkdwn_section(f"*:compass: Cases your mandates lead ({total})*"),
        mrkdwn_section("\n".join(lines)),
        DividerBlock(),
    ]


def build_home_view(docket: Docket, *, team_id: str | None = None) -> dict:
    """The Home tab view, validated (100 blocks at most) and ready for views.publish."""
    view = View(type="home", blocks=to_dicts(build_home_blocks(docket, team_id=team_id)))
    view.validate_json()
    return view.to_dict()


def _case_block(entry: DocketEntry, team_id: str | None) -> SectionBlock:
    case: Case = entry.case
    links = case_links(case)
    text = (
        f"*#{case.id}* {esc(case.reference)} · {esc(addressee_name(case))} · <#{case.channel_id}>\n"
        f"{esc(plain(case.subject, SUBJECT_CHARS))}\n_{esc(entry.note)}_"
        + (f"\n{links}" if links else "")
    )
    button = ButtonElement(
        text="Open",
        action_id=ActionId.HOME_OPEN_CASE.value,
        value=str(case.id),
        url=case_messages(case).card_link or channel_url(case.channel_id, team_id),
        accessibility_label=plain(f"Open the case card of {case.reference}", 75),
    )
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


def _more(group: Group, left: list[DocketEntry]) -> str:
    """``and 240 more overdue: /case list overdue in #a (200), #b (40)``."""
    per_channel = Counter(entry.case.channel_id for entry in left).most_common()
    named = ", ".join(f"<#{channel}> ({n})" for channel, n in per_channel[:CHANNELS_NAMED])
    others = len(per_channel) - CHANNELS_NAMED
    if others > 0:
        named += f" and {counted(others, 'other channel')}"
    command = _LIST_COMMAND.get(group, "/case list")
    return f"…and {_counted(len(left), group, 'more ')}: `{command}` in {named}"


def _counted(n: int, group: Group, more: str = "") -> str:
    """``3 overdue``, ``1 recent reply``, ``2 more recent replies``."""
    if group is Group.RECENT_REPLIES:
        return f"{n} {more}{plural_of(n, 'recent reply', 'recent replies')}"
    return f"{n} {more}{group.value}"


def _nothing_to_do(docket: Docket) -> str:
    if not docket.channels:
        return (
            "No cases yet. Open one in your team's channel with `/case open` "
            "(`/case help` explains how); it will show here."
        )
    return "Nothing needs you right now: no draft to clear, no letter to send, no reply due."
