"""The communications report: /case report posts CSV and Word files; the CLI writes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from sqlalchemy import func, select

from bot.__main__ import main
from bot.cases.letter_models import AddresseeReply
from bot.cases.models import Case
from bot.errors import UserError
from bot.local.workspace import LocalWorkspace
from bot.reports.export import COLUMNS, report_csv
from bot.reports.service import ReportPeriod, ReportRow, communication_rows
from bot.slack.escape import unescape_slack
from handlers.cases.report import parse_period

SUBJECT = "the permanent closure of the Confederation of Independent Trade Unions of Kazakhstan"
SUMMARY = "The permanent closure of the Confederation of Independent Trade Unions of Kazakhstan."
SEED_WINDOW = "2016-12-01 2017-02-28 replies-until 2017-04-30"


def sent_case(
    workspace: LocalWorkspace,
    session,
    *,
    command: str = f"/case open KAZ AL FOAA,HRD {SUBJECT}",
    channel: str = "C0CASES",
    reference: str | None = "AL KAZ 1/2017",
    sent_on: dt.date = dt.date(2017, 1, 23),
    replies: tuple[dt.date, ...] = (dt.date(2017, 3, 20),),
    addressee: str | None = None,
) -> Case:
    """Open a case through the command, then mark it sent with replies, as /letter would."""
    assert workspace.command(command, channel=channel).status == 200
    case_id = session.scalar(select(func.max(Case.id)))
    if reference:
        answer = workspace.command(f"/case set {case_id} reference {reference}", channel=channel)
        assert "set to" in answer.text, answer.text
        answer = workspace.command(f"/case set {case_id} victims 1", channel=channel)
        assert "set to 1" in answer.text, answer.text
    if addressee:
        answer = workspace.command(f"/case set {case_id} addressee {addressee}", channel=channel)
        assert "set to" in answer.text, answer.text
    case = session.get(Case, case_id)
    session.refresh(case)
    case.sent_on, case.due_on = sent_on, sent_on + dt.timedelta(days=60)
    for day in replies:
        case.replies.append(AddresseeReply(received_on=day, recorded_by="U0ALICE"))
    session.flush()
    return case


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_docx(content: bytes) -> tuple[Document, list[list[str]]]:
    word = Document(io.BytesIO(content))
    table = word.tables[0]
    return word, [[cell.text for cell in row.cells] for row in table.rows]


def assert_seed_row(row: dict[str, str]) -> None:
    assert row == {
        "Date": "2017-01-23",
        "Country": "Kazakhstan",
        "Type": "JAL",
        "Reference": "AL KAZ 1/2017",
        "Mandates": "FOAA, HRD",
        "Summary": SUMMARY,
        "Alleged victims": "1",
        "Replies": "2017-03-20",
        "Follows": "",
    }


def test_slash_command_posts_csv_and_word_files_of_this_channel(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(workspace, session)
    sent_case(workspace, session, channel="C0OTHER", reference=None)  # another team's letter
    sent_case(workspace, session, sent_on=dt.date(2017, 3, 1), reference=None)  # after the window
    workspace.fake.clear()

    answer = workspace.command(f"/case report {SEED_WINDOW}")

    assert answer.json["response_type"] == "ephemeral"
    assert answer.text.startswith("Report for 1 communication sent 2016-12-01 to 2017-02-28")
    files = {f["name"]: f for f in workspace.fake.files.values()}
    assert set(files) == {
        "communications-2016-12-01-to-2017-02-28.csv",
        "communications-2016-12-01-to-2017-02-28.docx",
    }
    assert all(f["channels"] == ["C0CASES"] and f["uploaded"] for f in files.values())
    rows = read_csv(files["communications-2016-12-01-to-2017-02-28.csv"]["content"])
    assert len(rows) == 1
    assert_seed_row(rows[0])
    word, table = read_docx(files["communications-2016-12-01-to-2017-02-28.docx"]["content"])
    assert word.sections[0].orientation == WD_ORIENT.LANDSCAPE
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[1] == (
        "1 communication sent 2016-12-01 to 2017-02-28, replies received until 2017-04-30."
    )
    assert not any("/case" in p or "field" in p or "command" in p for p in paragraphs)
    assert table[0] == list(COLUMNS)
    assert table[1] == [
        "2017-01-23",
        "Kazakhstan",
        "JAL",
        "AL KAZ 1/2017",
        "FOAA, HRD",
        SUMMARY,
        "1",
        "2017-03-20",
        "",
    ]


def test_replies_are_listed_up_to_the_end_of_the_reply_window(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(workspace, session, replies=(dt.date(2017, 3, 20), dt.date(2017, 5, 2)))
    period = parse_period("2016-12-01 2017-02-28")  # replies until 60 days later: 2017-04-29
    assert period.replies_until == dt.date(2017, 4, 29)
    (row,) = communication_rows(session=session, period=period, channel_ids=["C0CASES"])
    assert row.replies == [dt.date(2017, 3, 20)]
    later = parse_period("2016-12-01 2017-02-28 replies-from 2017-04-01 replies-until 2017-05-31")
    (row,) = communication_rows(session=session, period=later)
    assert row.replies == [dt.date(2017, 5, 2)]


def test_an_addressee_other_than_a_state_is_named_and_a_single_mandate_is_not_joint(
    workspace: LocalWorkspace, session
) -> None:
    sent_case(
        workspace,
        session,
        command="/case open OTH UA HRD the detention of staff of Acme & Sons",
        reference=None,
        replies=(),
        addressee="Acme & Sons Ltd",
    )
    period = ReportPeriod(dt.date(2017, 1, 1), dt.date(2017, 1, 31), dt.date(2017, 4, 1))
    rows = read_csv(report_csv(communication_rows(session=session, period=period)))
    assert [(r["Country"], r["Type"], r["Replies"]) for r in rows] == [
        ("Acme & Sons Ltd", "UA", "")
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("", "first and last day"),
        ("2017-02-30 2017-03-31", "not a date that exists"),
        ("2017-1-1 2017-03-31", "write the first day as YYYY-MM-DD"),
        ("2017-03-01 2017-02-01", "starts (2017-03-01) after it ends"),
        ("2017-01-01 2017-02-01 replies-until 2016-12-31", "before the first letter"),
        ("2017-01-01 2017-02-01 replies-until", "is not understood here"),
        ("2017-01-01 2017-02-01 until 2017-03-01", "is not understood here"),
    ],
)
def test_bad_periods_are_refused_with_the_usage(
    workspace: LocalWorkspace, session, args: str, says: str
) -> None:
    sent_case(workspace, session)
    workspace.fake.clear()
    answer = workspace.command(f"/case report {args}")
    assert answer.json["response_type"] == "ephemeral"
    text = unescape_slack(answer.text)
    assert says in text and "Usage: `/case report <from> <to>" in text
    assert not workspace.fake.calls_to("files.getUploadURLExternal")


def test_a_period_without_letters_posts_nothing(workspace: LocalWorkspace, session) -> None:
    sent_case(workspace, session)
    answer = workspace.command("/case report 2018-01-01 2018-12-31")
    assert "nothing to report" in answer.text
    assert not workspace.fake.files


def test_cli_writes_all_channels_or_the_ones_named(
    workspace: LocalWorkspace, session, database_url: str, tmp_path, monkeypatch, capsysbinary
) -> None:
    sent_case(workspace, session)
    sent_case(workspace, session, channel="C0OTHER", reference=None, replies=())
    monkeypatch.setenv("DATABASE_URL", database_url)

    docx_path = tmp_path / "report.docx"
    assert (
        main(["report", "2016-12-01", "2017-02-28", "--format", "docx", "--out", str(docx_path)])
        == 0
    )
    _, table = read_docx(docx_path.read_bytes())
    assert len(table) == 3 and table[1][3] == "AL KAZ 1/2017" and table[1][7] == "2017-03-20"

    csv_path = tmp_path / "report.csv"
    argv = ["report", "2016-12-01", "2017-02-28", "--replies-until", "2017-04-30"]
    assert main([*argv, "--channel", "C0CASES", "--out", str(csv_path)]) == 0
    rows = read_csv(csv_path.read_bytes())
    assert len(rows) == 1
    assert_seed_row(rows[0])

    capsysbinary.readouterr()
    assert main([*argv, "--channel", "C0OTHER", "C0NONE"]) == 0
    rows = read_csv(capsysbinary.readouterr().out)
    assert [row["Type"] for row in rows] == ["JAL"] and rows[0]["Replies"] == ""


def test_cli_refuses_impossible_dates(database_url: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["report", "2017-02-30", "2017-03-31"]) == 2
    assert "not a date that exists" in capsys.readouterr().err
    with pytest.raises(UserError):
        parse_period("2017-03-31 2017-03-01")


def test_csv_cells_never_run_as_formulas() -> None:
    row = ReportRow(
        sent_on=dt.date(2017, 1, 23),
        country="Kazakhstan",
        type_code="AL",
        reference="AL KAZ 1/2017",
        mandates=["FOAA"],
        summary='=HYPERLINK("http://example.org","x")',
        alleged_victims=None,
        replies=[],
    )
    (read,) = read_csv(report_csv([row]))
    assert read["Summary"] == '\'=HYPERLINK("http://example.org","x")'


@pytest.mark.e2e
def test_cli_runs_as_its_own_process(workspace: LocalWorkspace, session, database_url: str) -> None:
    sent_case(workspace, session)
    env = {**os.environ, "DATABASE_URL": database_url}
    argv = [sys.executable, "-m", "bot", "report", "2016-12-01", "2017-02-28"]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    (row,) = read_csv(done.stdout)
    assert_seed_row(row)
