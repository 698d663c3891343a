"""/cite through signed requests: the seed annex, list, remove, move, search and ratified."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.audit.models import AuditEntry
from bot.cases.enums import CitationForm
from bot.cases.models import Case, CaseCitation
from bot.citations.models import Ratification
from bot.errors import UserError
from bot.local.workspace import LocalWorkspace
from bot.slack.messages import CARD, find
from handlers.citations.commands import CITE, parse_citation

OPEN = (
    "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent "
    "Trade Unions of Kazakhstan"
)
QUOTE = (
    "[r]emind[ed] States of their obligation to respect and fully protect the rights of all "
    "individuals to assemble peacefully and associate freely... including... trade unionists and "
    "others..."
)
ILO_CONCERN = (
    "The ILO has on several occasions raised concern about the registration and mandatory "
    "affiliation requirements contained in the Law on Professional Unions of the Republic of "
    "Kazakhstan."
)
SEED_ANNEX = [
    "/cite 1 ICCPR art. 21 (right to freedom of association)",
    f'/cite 1 HRC-24/5 OP2 "{QUOTE}"',
    "/cite 1 ILO-C87",
    "/cite 1 c98",
    f"/cite 1 text {ILO_CONCERN}",
    "/cite 1 UNDHRD",
    "/cite 1 text In particular, we would like to refer to articles 1 and 2 of the Declaration.",
]


def open_seed(workspace: LocalWorkspace, channel: str = "C0CASES") -> None:
    assert workspace.command(OPEN, channel=channel).status == 200


def annex(session) -> list[CaseCitation]:
    session.expire_all()
    return list(session.scalars(select(CaseCitation).order_by(CaseCitation.position)))


def audit(session, action: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(session.scalars(query))


def enter_seed_annex(workspace: LocalWorkspace) -> list[str]:
    answers = [workspace.command(line) for line in SEED_ANNEX]
    assert all(a.status == 200 for a in answers)
    return [a.text for a in answers]


def test_help_lists_every_form(workspace: LocalWorkspace) -> None:
    answer = workspace.command("/cite help")
    assert answer.json["response_type"] == "ephemeral"
    for form in ("text <paragraph>", "list", "remove <n>", "move <n> <to>", "search", "ratified"):
        assert form in answer.text
    assert workspace.command("/cite").text == CITE.help


def test_seed_annex_is_entered_with_its_ratification_dates(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace)
    texts = enter_seed_annex(workspace)
    assert "annex item 1 of 1" in texts[0]
    assert "ratified by Kazakhstan on *24 January 2006*" in texts[0]
    assert "UN Treaty Collection data as of 14 March 2015" in texts[0]
    assert "no ratification date is printed" in texts[1]
    assert "13 December 2000" in texts[2] and "ILO" in texts[2]
    assert "18 May 2001" in texts[3]
    assert "annex item 5 of 5" in texts[4]
    items = annex(session)
    assert [(c.form, c.key) for c in items] == [
        (CitationForm.LIBRARY, "ICCPR"),
        (CitationForm.LIBRARY, "HRC-24/5"),
        (CitationForm.LIBRARY, "ILO-C87"),
        (CitationForm.LIBRARY, "ILO-C98"),
        (CitationForm.TEXT, None),
        (CitationForm.LIBRARY, "UNDHRD"),
        (CitationForm.TEXT, None),
    ]
    assert (items[0].pinpoint, items[0].topic, items[0].quote) == (
        "art. 21",
        "right to freedom of association",
        None,
    )
    assert (items[1].pinpoint, items[1].quote) == ("OP2", QUOTE)
    assert items[2].pinpoint is None and items[2].topic is None
    assert items[4].text == ILO_CONCERN
    assert [c.position for c in items] == list(range(7))
    case = session.get(Case, 1)
    assert case.content_version == 1 + 7
    assert len(audit(session, "cite")) == 7


def test_card_is_updated_in_place_after_each_change(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    case = session.get(Case, 1)
    workspace.command("/cite 1 ICCPR art. 21")
    workspace.command("/cite 1 UNDHRD")
    workspace.command("/cite 1 move 2 1")
    workspace.command("/cite 1 remove 1")
    updates = workspace.fake.calls_to("chat.update")
    assert len(updates) == 4
    assert all(u.params["ts"] == find(session, CARD, case.id).ts for u in updates)
    assert "2 citations" in str(updates[1].params["blocks"])
    assert "1 citation" in str(updates[-1].params["blocks"])


def test_curly_quotes_and_aliases(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    workspace.command("/cite 1 A/HRC/RES/24/5 OP2 “[r]emind[ed] States”")
    workspace.command("/cite #1 ILO C87")
    workspace.command("/cite KAZ 1/" + str(session.get(Case, 1).reference_year) + " DHRD")
    items = annex(session)
    assert [c.key for c in items] == ["HRC-24/5", "ILO-C87", "UNDHRD"]
    assert items[0].quote == "[r]emind[ed] States" and items[0].pinpoint == "OP2"


def test_missing_ratification_is_flagged_with_the_fix(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    answer = workspace.command("/cite 1 ICRMW art. 26")
    assert "Kazakhstan is not a party to ICRMW" in answer.text
    assert "UN Treaty Collection data as of 14 March 2015" in answer.text
    assert "/cite ratified KAZ ICRMW <YYYY-MM-DD>" in answer.text
    assert len(annex(session)) == 1  # allowed, but said plainly
    workspace.command("/case open FRA AL FOAA the dissolution of a trade union")
    ilo = workspace.command("/cite 2 ILO-C87")
    assert "No ILO ratification date is recorded for France and ILO-C87" in ilo.text
    assert "/cite ratified FRA ILO-C87 <YYYY-MM-DD>" in ilo.text


def test_non_state_addressee_has_no_ratification_check(workspace: LocalWorkspace) -> None:
    workspace.command("/case open OTH OL FOAA the terms of service of a platform")
    answer = workspace.command("/cite 1 ICCPR art. 19")
    assert "not a State (OTH)" in answer.text
    assert "ratified by" not in answer.text


def test_unknown_key_suggests_search_and_close_matches(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    answer = workspace.command("/cite 1 ICCRP art. 21")
    assert answer.json["response_type"] == "ephemeral"
    assert "ICCPR" in answer.text and "/cite search <words>" in answer.text
    assert "Usage:" in answer.text
    assert annex(session) == []
    assert workspace.fake.calls_to("chat.update") == []


def test_list_numbers_items_with_status_and_escapes_text(workspace: LocalWorkspace) -> None:
    open_seed(workspace)
    enter_seed_annex(workspace)
    workspace.command("/cite 1 text Everyone <!channel> & <@U0BOB> must read this.")
    workspace.command("/cite 1 ICCPR-OP2")
    answer = workspace.command("/cite 1 list")
    assert answer.json["response_type"] == "ephemeral"
    blocks = str(answer.json["blocks"])
    assert "*1.* `ICCPR` art. 21 (right to freedom of association)" in blocks
    assert "ratified 24 January 2006" in blocks
    assert "*3.* `ILO-C87`" in blocks and "13 December 2000" in blocks
    assert "*8.* _text_ Everyone &lt;!channel&gt; &amp; &lt;@U0BOB&gt;" in blocks
    assert "<!channel>" not in blocks and "<@U0BOB>" not in blocks
    assert "/cite ratified KAZ ICCPR-OP2 <YYYY-MM-DD>" in blocks


def test_free_paragraph_is_stored_exactly_as_typed(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    workspace.command('/cite 1 text Everyone <!channel> & "quoted" (para. 34) stays.')
    assert annex(session)[0].text == 'Everyone <!channel> & "quoted" (para. 34) stays.'


def test_long_annex_list_fits_slack_limits(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    long_text = "x" * 2900
    session.add_all(
        CaseCitation(case_id=1, position=i, form=CitationForm.TEXT, text=f"{i} {long_text}")
        for i in range(120)
    )
    session.commit()
    answer = workspace.command("/cite 1 list")
    blocks = answer.json["blocks"]
    assert len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert "/cite 1 list " in str(blocks[-1])
    later = workspace.command("/cite 1 list 100")
    assert "*100.*" in str(later.json["blocks"])
    assert "*99.*" not in str(later.json["blocks"])


def test_remove_and_move_renumber(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    enter_seed_annex(workspace)
    removed = workspace.command("/cite 1 remove 2")
    assert "Removed annex item 2" in removed.text and "6 items" in removed.text
    assert [c.key for c in annex(session)][:3] == ["ICCPR", "ILO-C87", "ILO-C98"]
    moved = workspace.command("/cite 1 move 5 1")
    assert "Moved annex item 5 to 1" in moved.text
    items = annex(session)
    assert [c.key for c in items] == ["UNDHRD", "ICCPR", "ILO-C87", "ILO-C98", None, None]
    assert [c.position for c in items] == list(range(6))
    assert [e.field for e in audit(session, "cite-remove")] == ["annex 2"]
    moves = audit(session, "cite-move")
    assert [(m.old_value, m.new_value) for m in moves] == [("5", "1")]
    for line, expected in {
        "/cite 1 remove 9": "There is no annex item 9: use 1 to 6",
        "/cite 1 remove two": "is not a number",
        "/cite 1 move 1": "where it goes",
        "/cite 1 move 1 7": "There is no annex item 7",
        "/cite 1 list 8": "There is no annex item 8 to start from",
    }.items():
        answer = workspace.command(line)
        assert expected in answer.text, (line, answer.text)
        assert "Usage:" in answer.text
    assert [c.key for c in annex(session)] == [c.key for c in items]
    assert "Moved annex item 2 to 1" in workspace.command("/cite 1 move 2 to 1").text
    assert [c.key for c in annex(session)][:2] == ["ICCPR", "UNDHRD"]


def test_a_case_of_another_channel_is_refused_and_unchanged(
    workspace: LocalWorkspace, session
) -> None:
    open_seed(workspace, channel="C0OTHER")
    workspace.command("/cite 1 ICCPR", channel="C0OTHER")
    for line in ("/cite 1 UNDHRD", "/cite 1 list", "/cite 1 remove 1", "/cite 1 text hello"):
        answer = workspace.command(line, channel="C0CASES")
        assert "There is no case 1 in this channel" in answer.text
        assert "ICCPR" not in answer.text
    assert [c.key for c in annex(session)] == ["ICCPR"]


def test_search(workspace: LocalWorkspace) -> None:
    found = workspace.command("/cite search association")
    blocks = str(found.json["blocks"])
    assert "`ICCPR`" in blocks and "`ILO-C87`" in blocks and "treaty" in blocks
    nothing = workspace.command("/cite search zzzqqq")
    assert "Nothing in the library matches" in nothing.text and "/cite search" in nothing.text
    empty = workspace.command("/cite search")
    assert "Usage: `/cite search <words>`" in empty.text
    assert workspace.command("/cite search ILO-C87").text == "1 library entry found"
    assert workspace.command("/cite search association").text == "3 library entries found"


def test_ratified_adds_corrects_and_wins_over_shipped(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    added = workspace.command("/cite ratified KAZ ICRMW 2020-05-04", user="U0BOB")
    assert "Recorded: Kazakhstan became a party to ICRMW on *4 May 2020*" in added.text
    corrected = workspace.command("/cite ratified Kazakhstan icrmw 2020-05-05")
    assert "It replaces 4 May 2020 (entered by <@U0BOB>" in corrected.text
    rows = session.scalars(select(Ratification)).all()
    assert [(r.key, r.country, r.date, r.entered_by) for r in rows] == [
        ("ICRMW", "KAZ", dt.date(2020, 5, 5), "U0ALICE")
    ]
    shipped = workspace.command("/cite ratified KAZ ICCPR 2006-01-25")
    assert "It replaces 24 January 2006 from UN Treaty Collection data" in shipped.text
    cited = workspace.command("/cite 1 ICCPR art. 21")
    assert "*25 January 2006*" in cited.text and "entered by <@U0ALICE>" in cited.text
    entries = audit(session, "ratification")
    assert [(e.case_id, e.field, e.old_value, e.new_value) for e in entries] == [
        (None, "ICRMW KAZ", None, "2020-05-04"),
        (None, "ICRMW KAZ", "2020-05-04", "2020-05-05"),
        (None, "ICCPR KAZ", "2006-01-24", "2006-01-25"),
    ]
    again = workspace.command("/cite ratified KAZ ICCPR 2006-01-25")
    assert "already recorded" in again.text
    assert len(audit(session, "ratification")) == 3


def test_ratified_multi_word_country(workspace: LocalWorkspace, session) -> None:
    answer = workspace.command("/cite ratified United Kingdom CPED 2023-01-02")
    assert "became a party to CPED" in answer.text, answer.text
    assert session.scalars(select(Ratification.country)).one() == "GBR"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/cite ratified KAZ ICCPR 2017-02-30", "not a date that exists"),
        ("/cite ratified KAZ ICCPR 24/01/2006", "YYYY-MM-DD"),
        ("/cite ratified KAZ ICCPR 2999-01-01", "in the future"),
        ("/cite ratified Atlantis ICCPR 2006-01-24", "not a country I know"),
        ("/cite ratified OTH ICCPR 2006-01-24", "not a State"),
        ("/cite ratified KAZ NOPE 2006-01-24", "not in the citation library"),
        ("/cite ratified KAZ UNDHRD 2006-01-24", "declaration: States do not ratify it"),
        ("/cite ratified KAZ HRC-24/5 2006-01-24", "resolution"),
        ("/cite ratified KAZ 2006-01-24", "I need the country"),
    ],
)
def test_ratified_refusals_change_nothing(
    workspace: LocalWorkspace, session, line: str, expected: str
) -> None:
    answer = workspace.command(line)
    assert answer.json["response_type"] == "ephemeral"
    assert expected in answer.text, answer.text
    assert "Usage:" in answer.text
    assert session.scalar(select(func.count(Ratification.id))) == 0
    assert audit(session, "ratification") == []


def test_bad_citations_are_refused(workspace: LocalWorkspace, session) -> None:
    open_seed(workspace)
    for line, expected in {
        "/cite 1": "What should I cite?",
        '/cite 1 ICCPR art. 21 "unfinished quote': "no closing quotation mark",
        '/cite 1 ICCPR "quote" art. 21': "Put the quote last",
        "/cite 1 text   ": "empty",
        "/cite list": "is not a case",
        f"/cite 1 ICCPR {'x' * 300}": "pinpoint",
    }.items():
        answer = workspace.command(line)
        assert expected in answer.text, (line, answer.text)
        assert "Usage:" in answer.text, line
    assert annex(session) == []


def test_parse_citation() -> None:
    args = parse_citation("UNDHRD arts. 1, 2 and 5(a) (right to defend rights) “they …”")
    assert (args.key, args.pinpoint, args.topic, args.quote) == (
        "UNDHRD",
        "arts. 1, 2 and 5(a)",
        "right to defend rights",
        "they …",
    )
    sub = parse_citation("ICCPR art. 22 (a)")
    assert (sub.pinpoint, sub.topic) == ("art. 22 (a)", None)
    assert parse_citation("ILO C87").key == "ILO C87"
    with pytest.raises(UserError):
        parse_citation("")
