"""Refusals read the same since usage lines left the domain: the message in the domain's words,
the command that helps added by the Slack side, and the usage of the subcommand that ran."""

from __future__ import annotations

import re

import pytest

from bot.local.workspace import LocalWorkspace

OPEN = "/case open KAZ AL FOAA,HRD the closure of a union"
QUESTION_USAGE = (
    "/letter <case> question <text> | question list | question edit <n> <text> "
    "| question remove <n> | question move <n> <to>"
)
CITE_USAGE = '/cite <case> <key> [<pinpoint>] [(<topic>)] ["<quote>"]'
MANDATE_SET_USAGE = (
    "/mandate set <CODE> title|title-fr|title-es|resolutions|resolutions-fr|resolutions-es"
    "|holders|holders-fr|holders-es|approvers|paragraph|paragraph-fr|paragraph-es <value>"
)


def usage(text: str) -> str:
    return f"\nUsage: `{text}`"


@pytest.fixture
def opened(workspace: LocalWorkspace) -> LocalWorkspace:
    opened = workspace.command(OPEN)
    assert opened.status == 200 and not opened.text  # the case card is posted in the channel
    return workspace


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        (
            "/case open KAZ FOAA the closure",
            "I need a country, a letter type (AL, UA or OL), the mandates and a subject."
            + usage("/case open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>"),
        ),
        (
            "/case show 9",
            "There is no case 9 in this channel. Cases are shown and changed only in the channel "
            "where they were opened; /case list shows this channel's cases.",
        ),
        (
            "/case list page x",
            "Give a page number, e.g. page 2."
            + usage(
                "/case list [open|closed|overdue|due|unpublished|all|<COUNTRY>|<MANDATE>] "
                "[page <n>]"
            ),
        ),
        (
            "/case set 1 concern",
            "Give the new concern after the field name."
            + usage("/case set <case> concern <value>"),
        ),
        (
            "/case set 1 reply-days many",
            "Give the reply period in days, 1 to 365 (e.g. 60)."
            + usage("/case set <case> reply-days <value>"),
        ),
        (
            "/case set 1 colour red",
            "'colour' is not a field I can set. Fields: subject, concern, urge, type, mandates, "
            "addressee, language, reply-days, reference, edition, press-release, sources, "
            "victims-withheld, victims, owner, lead, published."
            + usage("/case set <case> <field> <value>"),
        ),
        (
            "/case set 1 mandates FOAA,HDR",
            "No mandate has the code 'HDR'. Did you mean HRD? /mandate list shows them all; "
            'add one with /mandate add <CODE> "<title>" <resolution> "<holder>".'
            + usage("/mandate list | show <CODE>"),
        ),
        (
            "/letter 1 question edit 4 Why?",
            "There are no questions yet." + usage(QUESTION_USAGE),
        ),
        (
            "/letter 1 draft de",
            "'de' is not a letter language: use en, fr or es."
            + usage("/letter <case> draft [en|fr|es]"),
        ),
        (
            "/letter 1 send",
            "Case #1 has no draft yet. Make one with /letter 1 draft, have it cleared in its "
            "thread, then send it." + usage("/letter <case> send [<YYYY-MM-DD>]"),
        ),
        (
            "/letter 1 reply 2017-03-20",
            "Case #1 has not been sent, so it cannot have a reply yet. "
            "Send it first: /letter 1 send [YYYY-MM-DD]"
            + usage("/letter <case> reply <YYYY-MM-DD> [<summary>]"),
        ),
        (
            "/cite 1 NOSUCHKEY",
            "'NOSUCHKEY' is not in the citation library. Find the key with /cite search <words>, "
            "or add your own wording with /cite <case> text <paragraph>." + usage(CITE_USAGE),
        ),
        ("/cite 1 remove 3", "There are no annex items yet." + usage("/cite <case> remove <n>")),
        (
            "/cite ratified KAZ UNDHRD 2006-01-24",
            "UNDHRD is a declaration: States do not ratify it, so no date is printed. "
            "Cite it as it is with /cite <case> UNDHRD." + usage(CITE_USAGE),
        ),
        (
            "/cite ratified KAZ ICCPR 2006-02-30",
            "2006-02-30 is not a date that exists (check the day and the month)."
            + usage("/cite ratified <COUNTRY> <key> <YYYY-MM-DD>"),
        ),
        (
            '/mandate add FOAA "Another title" 1/1 "Someone"',
            "The mandate FOAA is already registered: see /mandate show FOAA, and change it with "
            "/mandate set FOAA <field> <value>." + usage(MANDATE_SET_USAGE),
        ),
        (
            "/mandate set FOAA resolutions thirty",
            "'thirty' is not a legal basis: write a Human Rights Council resolution like 32/32 "
            "(or HRC 32/32), a Commission on Human Rights one like CHR 2004/37, a General "
            "Assembly one like GA 60/251, or a treaty article in quotation marks starting with "
            '"article" or "artículo": "article 41 of the American Convention on Human Rights"; '
            "separate them with commas." + usage(MANDATE_SET_USAGE),
        ),
    ],
)
def test_a_refusal_reads_as_before(opened: LocalWorkspace, line: str, answer: str) -> None:
    reply = opened.command(line)
    assert reply.json["response_type"] == "ephemeral"
    assert reply.text == answer


def test_a_long_concern_points_to_body_paragraphs(opened: LocalWorkspace) -> None:
    reply = opened.command("/case set 1 concern " + "x" * 3001)
    assert "put the rest (legal analysis, context) in body paragraphs" in reply.text
    assert reply.text.endswith(usage("/letter <case> body <paragraph>"))


def test_a_closed_case_says_how_to_reopen_it(opened: LocalWorkspace) -> None:
    opened.command("/case close 1")
    refused = opened.command("/allegation 1 It was closed.").text
    assert re.fullmatch(
        r"Case #1 \(AL KAZ 1/\d{4}\) is closed\. Reopen it first: /case reopen 1", refused
    )
    assert opened.command("/letter 1 draft").text == (
        "Case #1 is closed. Reopen it first: /case reopen 1"
    )
    assert opened.command("/case close 1").text == (
        "Case #1 is already closed. /case reopen 1 reopens it."
    )


def test_a_button_refusal_gets_its_hint_too(workspace: LocalWorkspace, session) -> None:
    from tests.factories import build_case, clear, versions

    build_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    workspace.command("/letter 1 question Why?")
    (v1,) = versions(session)
    assert clear(workspace, v1, "FOAA", "U0BOB") == (
        "The case changed after v1 was made, so it can no longer be cleared. "
        "Make a new draft: /letter 1 draft"
    )
