"""/letter <case> public: the sent letter with its withheld names replaced, posted as .docx
and .md in the review thread, cleared by a team member and frozen; exported by the CLI."""

from __future__ import annotations

import io
import subprocess
import sys

from docx import Document as WordDocument
from sqlalchemy import select

from bot.audit.models import AuditEntry
from bot.cases.letter_models import PublicVersion, SentLetter
from bot.local.workspace import LocalWorkspace
from bot.reviews.public import cleared_public_case_ids, cleared_public_version
from bot.slack.messages import PUBLIC, THREAD, find
from handlers.letters.blocks import build_public_header
from handlers.letters.ids import ActionId
from tests.factories import CHANNEL, OPEN, clear, send_letter, unsaved_case, versions

NAMES = ("Ahmet", "Aksoy", "Zeynep", "Kaya", "Öztürk")


def named_case(workspace: LocalWorkspace) -> None:
    """Case 1 with two victims named in allegations, a body paragraph, a question and the
    annex, with accents and possessives."""
    for line in (
        OPEN,
        "/allegation 1 On 4 January 2017, Mr. Ahmet Aksoy, a union leader, was arrested.",
        "/allegation 1 Mr. Aksoy's wife, Ms. Zeynep Kaya-Öztürk, was questioned; AHMET AKSOY "
        "remains in custody.",
        "/case set 1 concern Serious concern is expressed about the arrest.",
        "/case set 1 urge ensure that independent trade unions can operate freely",
        "/letter 1 body The detention of Ms. Kaya-Öztürk's husband appears arbitrary.",
        "/cite 1 ICCPR art. 21 (right to freedom of association)",
        "/cite 1 text We recall that Ahmet Aksoy has the right to a lawyer.",
        "/letter 1 question Please explain the legal basis of Mr. Aksoy’s detention.",
    ):
        answer = workspace.command(line)
        assert answer.status == 200 and "went wrong" not in answer.text, (line, answer.text)


def sent_named_case(workspace: LocalWorkspace, session) -> None:
    named_case(workspace)
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    assert "You cleared" in clear(workspace, v1, "FOAA", "U0BOB")
    assert "You cleared" in clear(workspace, v1, "HRD", "U0BOB")
    assert "recorded as sent" in send_letter(workspace, "/letter 1 send 2017-01-23").text


def public_files(workspace: LocalWorkspace) -> dict[str, bytes]:
    return {
        f["filename"].rsplit(".", 1)[1]: f["content"]
        for f in workspace.fake.files.values()
        if "public" in f["filename"]
    }


def word_text(data: bytes) -> str:
    word = WordDocument(io.BytesIO(data))
    core = word.core_properties
    return "\n".join([p.text for p in word.paragraphs] + [core.title or "", core.subject or ""])


def test_refused_before_sending_and_without_withheld_names(
    workspace: LocalWorkspace, session
) -> None:
    named_case(workspace)
    refused = workspace.command("/letter 1 public")
    assert "has not been sent" in refused.text and "/letter 1 send" in refused.text
    workspace.command("/letter 1 draft", user="U0ALICE")
    (v1,) = versions(session)
    clear(workspace, v1, "FOAA", "U0BOB")
    clear(workspace, v1, "HRD", "U0BOB")
    send_letter(workspace, "/letter 1 send 2017-01-23")
    refused = workspace.command("/letter 1 public")
    assert "withholds no victim's name" in refused.text
    assert "/case set 1 victims-withheld" in refused.text
    assert "is not a form of public" in workspace.command("/letter 1 public now").text
    assert session.scalars(select(PublicVersion)).all() == []


def test_every_withheld_name_is_replaced_in_the_md_and_the_docx(
    workspace: LocalWorkspace, session
) -> None:
    sent_named_case(workspace, session)
    workspace.command("/case set 1 victims-withheld ahmet aksoy; Zeynep Kaya-Ozturk (Ms. K)")
    answer = workspace.command("/letter 1 public", user="U0ALICE")
    assert "Public version v1 of case #1 is posted for review" in answer.text

    files = public_files(workspace)
    markdown, word = files["md"].decode(), word_text(files["docx"])
    for text in (markdown, word):
        for name in NAMES:
            assert name.lower() not in text.lower(), (name, text)
        assert "Mr. A.A. was arrested" in text.replace(", a union leader,", "") or (
            "Mr. A.A., a union leader" in text
        )
        assert "Mr. A.A.'s wife, Ms. Ms. K, was questioned; A.A. remains" in text
        assert "Ms. K's husband" in text  # the possessive stays after the label
        assert "Mr. A.A.’s detention" in text  # a question
        assert "A.A. has the right to a lawyer" in text  # the annex
    # nothing else changes: the sent letter with the names replaced is the public version
    sent = session.scalars(select(SentLetter)).one()
    expected = (
        sent.markdown.replace("Zeynep Kaya-Öztürk", "Ms. K")
        .replace("Kaya-Öztürk", "Ms. K")
        .replace("Ahmet Aksoy", "A.A.")
        .replace("AHMET AKSOY", "A.A.")
        .replace("Aksoy", "A.A.")
    )
    assert markdown == expected
    # posted in the review thread with its Clear button; no name in any post
    thread_ts = find(session, THREAD, 1).ts
    thread = workspace.fake.thread(CHANNEL, thread_ts)
    header = next(m for m in thread if "Public version v1" in m.get("text", ""))
    shown = str(header["blocks"])
    assert "A.A. ×5" in shown and "Ms. K ×2" in shown and "No withheld name is left" in shown
    assert not any(name in shown for name in NAMES)
    uploads = workspace.fake.calls_to("files.completeUploadExternal")
    assert [u.params.get("thread_ts") for u in uploads[-2:]] == [thread_ts, thread_ts]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "public")).one()
    assert entry.field == "public v1" and "Aksoy" not in (entry.new_value or "")


def test_a_name_never_printed_and_a_name_left_in_lower_case_are_reported(
    workspace: LocalWorkspace, session
) -> None:
    sent_named_case(workspace, session)
    workspace.command("/case set 1 victims-withheld Ahmet Aksoy, Lena Unprinted, Grace Union")
    answer = workspace.command("/letter 1 public")
    assert "3 findings" in answer.text
    (version,) = session.scalars(select(PublicVersion)).all()
    messages = [f["message"] for f in version.findings]
    assert any("L.U." in m and "never appears" in m for m in messages)
    assert any("G.U." in m and "never appears" in m for m in messages)
    # "union" is a part of a withheld name: in lower case it is left, and reported
    assert any("G.U. is still in paragraph" in m and "in lower case" in m for m in messages)
    assert not any("Lena" in m or "Aksoy" in m for m in messages)


def test_cleared_by_another_member_then_frozen_and_exported(
    workspace: LocalWorkspace, session, settings, tmp_path
) -> None:
    sent_named_case(workspace, session)
    sent = session.scalars(select(SentLetter)).one()
    as_sent = (sent.markdown, sent.plain_text, sent.docx)
    workspace.command("/case set 1 victims-withheld Ahmet Aksoy, Zeynep Kaya-Öztürk")
    workspace.command("/letter 1 public", user="U0ALICE")
    refused = workspace.command("/letter 1 public clear", user="U0ALICE")
    assert "you cannot clear it" in refused.text
    # the names change: v1 can no longer be cleared, v2 is made
    workspace.command("/case set 1 victims-withheld Ahmet Aksoy (Mr. A), Zeynep Kaya-Öztürk")
    assert (
        "can no longer be cleared" in workspace.command("/letter 1 public clear", user="U0BOB").text
    )
    workspace.command("/letter 1 public", user="U0ALICE")
    v1, v2 = session.scalars(select(PublicVersion).order_by(PublicVersion.number)).all()
    # Bob clears v2 with its button (as a team member, not an approver)
    workspace.send(
        workspace.requests.block_actions(
            user_id="U0BOB",
            channel_id=CHANNEL,
            action={
                "action_id": ActionId.CLEAR_PUBLIC,
                "block_id": f"public-v{v2.id}",
                "type": "button",
                "value": str(v2.id),
            },
            message={"ts": "1.2", "text": "public"},
            response_url=workspace.response_url(),
        )
    )
    said = workspace.fake.calls_to("response_url")[-1].params["text"]
    assert "You cleared public version v2 of case #1" in said
    session.expire_all()
    cleared = cleared_public_version(session=session, case_id=1)
    assert cleared is not None and cleared.id == v2.id and cleared.cleared_by == "U0BOB"
    assert cleared_public_case_ids(session=session, case_ids=[1, 2]) == {1}
    thread = workspace.fake.thread(CHANNEL, find(session, THREAD, 1).ts)
    assert any("cleared public version v2" in m["text"] for m in thread)
    # the headers follow: v1 replaced, v2 cleared, neither with a Clear button any more
    header_v1 = str(workspace.fake.messages[(CHANNEL, find(session, PUBLIC, v1.id).ts)])
    header_v2 = str(workspace.fake.messages[(CHANNEL, find(session, PUBLIC, v2.id).ts)])
    assert "Replaced: see the newest public version" in header_v1
    assert "Cleared by <@U0BOB>" in header_v2 and "Mr. A" in header_v2
    assert ActionId.CLEAR_PUBLIC not in header_v1 + header_v2
    # frozen: no new version, no second clearance, the old v1 cannot be cleared
    assert "it is frozen" in workspace.command("/letter 1 public").text
    assert "it is frozen" in workspace.command("/letter 1 public clear", user="U0CAROL").text
    assert session.scalars(select(PublicVersion)).all() == [v1, v2]
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "public-clear")).one()
    session.refresh(sent)
    assert (sent.markdown, sent.plain_text, sent.docx) == as_sent  # the sent letter is as sent

    # the CLI writes the cleared version, as stored (a new process: it survives restarts)
    out = tmp_path / "public.md"
    env = {"DATABASE_URL": settings.database_url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "letter",
            "export",
            "1",
            "--public",
            "--format",
            "md",
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "Mr. A's wife" in text and "Aksoy" not in text and "Zeynep" not in text


def test_the_header_fits_slack_with_many_findings_and_long_labels() -> None:
    case = unsaved_case(id=7)
    finding = {"code": "withheld-name", "part": "letter", "number": 3, "key": None}
    version = PublicVersion(
        id=1,
        number=2,
        language="fr",
        made_by="U0ALICE",
        findings=[{**finding, "message": "x" * 600 + str(n)} for n in range(80)],
    )
    blocks = build_public_header(case, version, replaced=", ".join(["L" * 40 + " ×9"] * 60))
    assert len(blocks) <= 50
    assert sum(len(str(b.to_dict())) for b in blocks) < 13000
    for block in blocks:
        block.validate_json()
    assert any(ActionId.CLEAR_PUBLIC in str(b.to_dict()) for b in blocks)
