"""/case search: subjects, allegations and citations of this channel's cases, never sources."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases import paragraphs
from bot.cases.follow_ups import open_follow_up
from bot.cases.models import Case
from bot.cases.search import Term, parse_query, search_cases
from bot.errors import UserError
from bot.local.workspace import LocalWorkspace
from bot.slack.escape import unescape_slack
from tests.factories import insert_case, opened_case

SEED = (
    "/case open KAZ AL FOAA,HRD the permanent closure of the Confederation of Independent "
    "Trade Unions of Kazakhstan"
)
ALLEGATION = (
    "/allegation 1 On 4 January 2017, the Specialized Inter-District Economic Court of "
    "Shymkent ordered the liquidation of the Confederation."
)


@pytest.fixture
def cases(workspace: LocalWorkspace) -> LocalWorkspace:
    """Case 1 (the seed, with an allegation, citations and a confidential source) here,
    case 2 about other unions here, case 3 about trade unions in another channel."""
    answers = [
        workspace.command(SEED),
        workspace.command(ALLEGATION),
        workspace.command("/cite 1 ICCPR art. 22 (right to freedom of association)"),
        workspace.command(
            "/cite 1 text The ILO Committee on Freedom of Association has raised concern."
        ),
        workspace.command("/case set 1 sources Zhanartemova, by Signal"),
        workspace.command("/case open UZB UA FOAA the arrest of <!channel> & union leaders"),
        workspace.command(SEED.replace("Kazakhstan", "Kyrgyzstan"), channel="C0OTHER"),
    ]
    assert all(answer.status == 200 for answer in answers)
    return workspace


def found(session, text: str, channel: str = "C0CASES") -> list[int]:
    result = search_cases(session=session, channel_id=channel, text=text)
    return [hit.case.id for hit in result.hits]


def test_finds_by_subject_allegation_and_citation_words_in_this_channel_only(
    cases: LocalWorkspace, session
) -> None:
    assert found(session, "confederation") == [1]
    assert found(session, "Shymkent liquidation") == [1]
    assert found(session, "ICCPR") == [1]
    assert found(session, '"freedom of association"') == [1]
    assert sorted(found(session, "unions")) == [1]  # words start as typed: no stems
    assert sorted(found(session, "union")) == [1, 2]
    assert found(session, "Shymkent nowhere") == []
    assert found(session, "Kyrgyzstan") == []
    assert found(session, "Kyrgyzstan", channel="C0OTHER") == [3]
    assert found(session, "union -Shymkent") == [2]


def test_never_searches_or_shows_sources(cases: LocalWorkspace, session) -> None:
    assert found(session, "Zhanartemova") == []
    answer = cases.command("/case search Signal")
    assert "0 cases" in answer.text
    assert "Zhanartemova" not in answer.body


def test_search_where_the_words_matched(cases: LocalWorkspace, session) -> None:
    result = search_cases(session=session, channel_id="C0CASES", text="Shymkent")
    (hit,) = result.hits
    (match,) = hit.matches
    assert match.where == "allegation 1"
    start, end = match.spans[0]
    assert match.snippet[start:end] == "Shymkent"
    citation = search_cases(session=session, channel_id="C0CASES", text="ICCPR").hits[0]
    assert citation.matches[0].where == "citation 1"


def test_slash_command_answers_ephemerally_with_escaped_snippets(cases: LocalWorkspace) -> None:
    answer = cases.command("/case search union leaders")
    assert answer.json["response_type"] == "ephemeral"
    blocks = answer.json["blocks"]
    text = str(blocks)
    assert "UA UZB" in text and "*union*" in text
    assert "&lt;!channel&gt; &amp;" in text and "<!channel>" not in text
    assert len(blocks) <= 50


@pytest.mark.slow
def test_many_matches_stay_within_slack_limits(workspace: LocalWorkspace) -> None:
    for n in range(14):
        workspace.command(f"/case open KAZ AL FOAA trade union number {n} closed")
        workspace.command(f"/allegation {n + 1} " + "The trade union was closed. " * 80)
    answer = workspace.command("/case search trade union")
    assert "14 cases" in answer.text
    blocks = answer.json["blocks"]
    assert len(blocks) <= 50
    assert sum(len(b.get("text", {}).get("text", "")) for b in blocks) < 12_000
    assert "the newest 10 are shown" in str(blocks)


@pytest.mark.parametrize(
    ("words", "says"),
    [("", "What should I look for"), ("   ", "What should I look for"), ("-union", "at least")],
)
def test_empty_searches_are_refused(cases: LocalWorkspace, words: str, says: str) -> None:
    answer = cases.command(f"/case search {words}")
    assert answer.json["response_type"] == "ephemeral"
    text = unescape_slack(answer.text)
    assert says in text and "Usage: `/case search <words>`" in text


def test_query_parsing() -> None:
    assert parse_query('closure "trade unions" or union -Shymkent') == [
        [Term("closure")],
        [Term("trade unions"), Term("union")],
        [Term("Shymkent", negated=True)],
    ]
    with pytest.raises(UserError):
        parse_query("x" * 201)


TURKISH = "/case open TUR UA FOAA the detention of a journalist in Diyarbakır, Güneydoğu region"


def ok(workspace: LocalWorkspace, *lines: str) -> None:
    for line in lines:
        answer = workspace.command(line)
        assert answer.status == 200 and "went wrong" not in answer.text, (line, answer.text)


def test_case_and_accents_and_dotless_i_do_not_matter(workspace: LocalWorkspace, session) -> None:
    ok(
        workspace,
        TURKISH,
        "/allegation 1 On 3 May, police in Şırnak arrested İlknur Doğan at her home.",
        "/case open KAZ AL FOAA the closure of a union in Diyarbakir street, Almaty",
    )
    assert found(session, "diyarbakir") == [2, 1]  # ı = i both ways, newest first
    assert found(session, "Diyarbakır") == [2, 1]
    assert found(session, "DIYARBAKIR -almaty") == [1]
    assert found(session, "Guneydogu") == [1]
    assert found(session, "GÜNEYDOĞU") == [1]
    assert found(session, "sirnak ilknur dogan") == [1]
    assert found(session, '"ilknur dogan"') == [1]
    assert found(session, '"dogan ilknur"') == []
    assert found(session, "arrest") == [1]  # a word starting as typed
    (hit,) = search_cases(session=session, channel_id="C0CASES", text="ilknur").hits
    (match,) = hit.matches
    start, end = match.spans[0]
    assert match.where == "allegation 1" and match.snippet[start:end] == "İlknur"


def test_finds_by_country_name_alias_and_reference(workspace: LocalWorkspace, session) -> None:
    ok(workspace, TURKISH, "/case open KAZ AL FOAA the closure of a union")
    for words in ("Turkey", "türkiye", "TURKIYE", "Republic of Türkiye", "TUR"):
        assert found(session, words) == [1], words
    (hit,) = search_cases(session=session, channel_id="C0CASES", text="turkey").hits
    (match,) = hit.matches
    assert match.where == "country" and match.snippet == "Türkiye (Turkey)"
    start, end = match.spans[0]
    assert match.snippet[start:end] == "Turkey"
    reference = hit.case.reference  # UA TUR 1/<year>
    assert found(session, reference) == [1]
    assert found(session, reference.removeprefix("UA ")) == [1]
    assert sorted(found(session, reference.split()[-1])) == [1, 2]  # KAZ 1/<year> too
    assert found(session, "Kazakhstan") == [2]


def test_finds_a_word_only_in_a_body_paragraph_question_or_citation(
    workspace: LocalWorkspace, session
) -> None:
    ok(
        workspace,
        TURKISH,
        "/letter 1 body The Working Group recalls the Yogyakarta principles on this point.",
        "/letter 1 question Please explain the legal basis for the Kapıkule transfer.",
        "/cite 1 text The Venice Commission has raised concern.",
    )
    assert found(session, "yogyakarta") == [1]
    assert found(session, "kapikule") == [1]
    assert found(session, "venice") == [1]
    hit = search_cases(session=session, channel_id="C0CASES", text="yogyakarta").hits[0]
    assert [m.where for m in hit.matches] == ["body paragraph 1"]
    answer = workspace.command("/case search yogyakarta")
    assert "body paragraph 1" in str(answer.json["blocks"]) and "*Yogyakarta*" in str(
        answer.json["blocks"]
    )


def test_the_words_follow_every_change(workspace: LocalWorkspace, session) -> None:
    ok(workspace, TURKISH, "/allegation 1 He was taken to Silivri prison.")
    assert found(session, "silivri") == [1]
    ok(workspace, "/allegation 1 edit 1 He was taken to Sincan prison.")
    assert found(session, "silivri") == [] and found(session, "sincan") == [1]
    ok(workspace, "/allegation 1 remove 1")
    assert found(session, "sincan") == []
    ok(workspace, "/case set 1 subject the dismissal of a judge in Ankara")
    assert found(session, "Diyarbakir") == [] and found(session, "ankara") == [1]
    ok(workspace, "/cite 1 text The Venice Commission has raised concern.")
    assert found(session, "venice") == [1]
    ok(workspace, "/cite 1 remove 1")
    assert found(session, "venice") == []


def test_a_change_rolled_back_leaves_the_words_as_they_were(sessions, session) -> None:
    with sessions() as first:
        case_id = opened_case(first, subject="the arrest of a lawyer in Izmir").id
        first.commit()
    with sessions() as second:
        case = second.get(Case, case_id)
        paragraphs.add_paragraph(
            session=second, case=case, kind=paragraphs.ALLEGATION, text="Held in Buca.", actor="U0"
        )
        second.rollback()
    assert found(session, "izmir") == [case_id]
    assert found(session, "buca") == []


def test_a_follow_up_is_found_by_its_words_once_committed(session) -> None:
    earlier = insert_case(
        session,
        number=1,
        mandates=["FOAA"],
        channel_id="C0CASES",
        subject="the closure of the Güneydoğu union",
        sent_on=dt.date(2026, 1, 23),
        due_on=dt.date(2026, 3, 24),
    )
    later = open_follow_up(
        session=session, earlier=earlier, opened_by="U0BOB", today=dt.date(2026, 12, 7)
    )
    session.commit()
    assert found(session, "guneydogu") == [later.id]  # the earlier one, a row inserted, has none
    assert later.id != earlier.id
