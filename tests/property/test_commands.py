"""Any text typed after any slash command: never a crash (an ephemeral usage message at
worst) and never a message, ephemeral, modal or response that breaks Slack's limits."""

from __future__ import annotations

import json
import logging
import traceback

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from sqlalchemy import select

from bot.cases.models import Case
from bot.local.workspace import Answer, LocalWorkspace

pytestmark = pytest.mark.slow  # property tests: many examples

COMMANDS = ["/case", "/allegation", "/cite", "/letter", "/mandate"]
CRASH = "Something went wrong (error id"
MAX_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION = 3000

# Keywords of every command, case references, codes, numbers, dates, quotes and markup.
# fmt: off
WORDS = [
    "open", "show", "list", "set", "close", "reopen", "help", "add", "edit", "remove", "move",
    "text", "search", "ratified", "question", "draft", "send", "reply", "to", "page", "all",
    "due", "overdue", "closed", "sources", "history", "subject", "concern", "urge", "type",
    "mandates", "addressee", "language", "reply-days", "reference", "victims-withheld", "report",
    "en", "fr", "es", "AL", "UA", "OL", "JAL", "KAZ", "OTH", "Kazakhstan", "kaz", "FOAA", "HRD",
    "FOAA,HRD", "ICCPR", "ILO-C87", "ILO", "C87", "UNDHRD", "art.", "21", "OP2", "(a)", "(right",
    "association)", "none", "title", "resolutions", "holders", "approvers", "32/32,41/12",
    "<@U0BOB>", "@alice", "<!channel>", "&", "<", ">", "0", "1", "2", "3", "-1", "99999999999",
    "#1", "#0", "2017-01-23", "2017-02-30", "1/2017", '\\"', "“", "”", "«", "»",
]
# fmt: on


@st.composite
def arguments(draw: st.DrawFn, reference: str) -> str:
    """What a user might type after the command: keywords, case refs, numbers, any text."""
    piece = st.one_of(
        st.sampled_from(WORDS),
        st.text(max_size=25),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
        st.builds(lambda w: f'"{w}"', st.text(max_size=15)),
    )
    words = draw(st.lists(piece, max_size=8))
    prefix = draw(st.sampled_from(["", "", "1", "#1", reference, "999", "KAZ 1/1999"]))
    text = " ".join([prefix, *words] if prefix else words)
    if draw(st.integers(0, 9)) == 0:  # now and then something very long
        text += " " + draw(st.sampled_from(["x", "word ", "é", "\n\n", "<@U0BOB> "])) * draw(
            st.integers(500, 6000)
        )
    return text


class Crashes(logging.Handler):
    """Keeps the tracebacks of unexpected errors the app logs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.found.append("".join(traceback.format_exception(*record.exc_info)))


@pytest.fixture
def crashes() -> Crashes:
    handler = Crashes()
    logger = logging.getLogger("bot")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def reference(workspace: LocalWorkspace, session) -> str:
    """A case with content to act on, as the examples' case 1."""
    for line in [
        "/case open KAZ AL FOAA,HRD the closure of a trade union",
        "/allegation 1 The union was closed on 3 May.",
        "/cite 1 ICCPR art. 22",
        "/letter 1 question Please explain the legal basis.",
    ]:
        assert workspace.command(line).status == 200
    workspace.fake.clear()
    return session.scalars(select(Case)).one().reference


def check_message(payload: dict, where: str, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> None:
    """Slack's limits for a message (or a view's blocks)."""
    assert len(payload.get("text") or "") <= MAX_TEXT, where
    blocks = payload.get("blocks") or []
    assert len(blocks) <= max_blocks, (where, len(blocks))
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, (where, raw)
        block.validate_json()
        if raw.get("type") == "section":
            assert len((raw.get("text") or {}).get("text", "")) <= MAX_SECTION, where


def check_answer(workspace: LocalWorkspace, line: str, answer: Answer, crashes: Crashes) -> None:
    assert answer.status == 200, (line, answer.status, answer.body[:300])
    assert CRASH not in answer.body, f"{line!r} crashed:\n" + "\n".join(crashes.found)
    assert not crashes.found, f"{line!r} logged:\n" + "\n".join(crashes.found)
    if answer.body:
        payload = json.loads(answer.body)
        assert payload.get("response_type", "ephemeral") == "ephemeral" or payload.get("text")
        check_message(payload, f"ack of {line!r}")
    for call in workspace.fake.calls:
        where = f"{call.method} after {line!r}"
        assert call.error is None, (where, call.error)
        if call.method in {"chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"}:
            assert CRASH not in str(call.params.get("text")), where
            check_message(call.params, where)
        elif call.method in {"views.open", "views.push", "views.update", "views.publish"}:
            view = call.params["view"]
            assert len(view["title"]["text"]) <= 24, where
            assert len(view.get("private_metadata", "")) <= 3000, where
            check_message(view, where, max_blocks=MAX_VIEW_BLOCKS)


@pytest.mark.parametrize("command", COMMANDS)
def test_any_arguments_get_an_answer_within_slacks_limits(
    workspace: LocalWorkspace, reference: str, crashes: Crashes, command: str
) -> None:
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(text=arguments(reference))
    @example(text="1 Arrested on 3\x00 May")  # NUL: PostgreSQL text cannot hold it
    @example(text="1 edit 1 " + "x" * 12_000)
    @example(text="1 " + "<@U0BOB> " * 2000)
    @example(text="set 1 concern " + "é" * 9000)
    @example(text="show 1 history")
    @example(text="list all page 99999999999")
    @example(text="")
    def run(text: str) -> None:
        workspace.fake.clear()
        crashes.found.clear()
        answer = workspace.command(f"{command} {text}")
        check_answer(workspace, f"{command} {text}", answer, crashes)

    run()


@pytest.mark.parametrize("text", ['1 ""', '1 "art. 21"', "1 “quoted”"])
def test_a_quote_without_a_key_is_a_usage_message(
    workspace: LocalWorkspace, reference: str, crashes: Crashes, text: str
) -> None:
    answer = workspace.command(f"/cite {text}")
    check_answer(workspace, f"/cite {text}", answer, crashes)
