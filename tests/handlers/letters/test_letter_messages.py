"""Slack messages: every word of a long letter kept, escaped, and within Slack's limits."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter

import pytest
from slack_sdk.models.blocks import Block, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.letters.context import AnnexCitation, AnnexText, LetterInput
from bot.letters.document import Document, Paragraph, Run
from bot.letters.render import render_letter
from handlers.letters.letter_messages import (
    MAX_BLOCKS,
    MAX_MESSAGE_CHARS,
    MAX_SECTION_CHARS,
    to_slack_messages,
)
from tests.letters.normalise import normalise
from tests.letters.seed import (
    CAT,
    CRC,
    HRC_24_5,
    ICCPR,
    ICESCR,
    ILO_C87,
    ILO_C98,
    UDHR,
    seed_letter_input,
)

WORDS = [
    "authorities",
    "detained",
    "members",
    "union",
    "reportedly",
    "court",
    "hearing",
    "lawyers",
    "access",
    "family",
    "released",
    "charges",
    "police",
    "station",
    "protest",
    "peaceful",
    "workers",
    "strike",
    "dismissed",
    "threatened",
    "journalists",
    "association",
    "registration",
    "denied",
    "ministry",
    "decision",
    "appeal",
    "rejected",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(_sentence(rng))
    return " ".join(sentences)


def long_letter() -> LetterInput:
    """60 allegations of about 150 words, 30 citations, 20 questions, and hostile text."""
    rng = random.Random(7)
    allegations = [_paragraph(rng, 150) for _ in range(60)]
    allegations[3] = (
        "Workers & lawyers wrote <!channel> and <@U123|boss> on a <https://x.org|sign>."
    )
    allegations[10] = _paragraph(rng, 900)  # one paragraph longer than a Slack section
    entries = [ICCPR, ICESCR, CAT, CRC, UDHR, HRC_24_5]
    annex: list = []
    for n in range(30):
        entry = entries[n % len(entries)]
        annex.append(
            AnnexCitation(
                entry,
                pinpoint=f"art. {n + 1}",
                quote=_paragraph(rng, 40) if entry is HRC_24_5 else None,
                ratified=dt.date(2000 + n % 20, 1 + n % 12, 1 + n % 28),
            )
        )
    annex[12:12] = [AnnexCitation(ILO_C87, ratified=dt.date(2000, 12, 13)), AnnexCitation(ILO_C98)]
    annex.append(AnnexText(_paragraph(rng, 120)))
    questions = [_sentence(rng) for _ in range(20)]
    return seed_letter_input(
        allegations=tuple(allegations), questions=tuple(questions), annex=tuple(annex)
    )


@pytest.fixture(scope="module")
def rendered():
    return render_letter(long_letter())


@pytest.fixture(scope="module")
def messages(rendered) -> list[dict]:
    return to_slack_messages(rendered.document, title="AL KAZ 1/2017 — draft 3")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _letter_sections(messages: list[dict]) -> list[str]:
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    return sections[1:]  # the first section is the title


def test_every_word_of_the_letter_is_in_the_messages(rendered, messages) -> None:
    markdown = re.sub(r"\\(.)", r"\1", rendered.markdown)  # Markdown's backslash escapes
    expected = Counter(normalise(markdown).split())
    got = Counter(_unescape(" ".join(_letter_sections(messages))).replace("*", "").split())
    assert got == expected


def test_messages_keep_within_slack_limits(messages) -> None:
    assert len(messages) > 3
    for message in messages:
        assert message["text"].strip()
        assert len(message["blocks"]) <= MAX_BLOCKS
        texts = [
            b["text"]["text"] if b["type"] == "section" else b["elements"][0]["text"]
            for b in message["blocks"]
            if b["type"] in ("section", "context")
        ]
        assert all(0 < len(t) <= MAX_SECTION_CHARS for t in texts)
        assert sum(map(len, texts)) <= MAX_MESSAGE_CHARS
        assert len(message["text"]) <= 40000


def test_every_block_validates_with_slack_sdk(messages) -> None:
    for message in messages:
        for payload in message["blocks"]:
            block = Block.parse(payload)
            assert block is not None
            block.validate_json()
            if payload["type"] == "section":
                SectionBlock(text=MarkdownTextObject(text=payload["text"]["text"])).validate_json()
    assert messages[-1]["blocks"][-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"Part {len(messages)} of {len(messages)}"}],
    }


def test_user_text_is_escaped_and_never_pings(messages) -> None:
    dumped = json.dumps(messages)
    assert "<!channel>" not in dumped and "<@U123" not in dumped and "<https://" not in dumped
    assert "Workers &amp; lawyers wrote &lt;!channel&gt; and &lt;@U123|boss&gt;" in dumped


def test_long_paragraphs_are_split_between_sentences(rendered, messages) -> None:
    sections = _letter_sections(messages)
    long_paragraph = rendered.document.blocks
    assert any(
        isinstance(b, Paragraph) and len(b.lines[0][0].text) > MAX_SECTION_CHARS
        for b in long_paragraph
    )
    pieces = [s for s in sections if len(s) > 2000]
    assert pieces and all(re.search(r"[.!?;:]$", piece) for piece in pieces)


def test_bold_uses_single_asterisks(messages) -> None:
    sections = _letter_sections(messages)
    assert sections[0].startswith("*Mandates of the Special Rapporteur")
    assert "**" not in " ".join(sections)
    subject = next(s for s in sections if s.startswith("In this connection"))
    assert "concerning the *permanent closure of the" in subject and subject.endswith(
        "Kazakhstan*."
    )


def test_a_word_longer_than_a_section_is_cut_without_losing_text() -> None:
    word = "https://example.org/" + "a" * 7000
    document = Document((Paragraph(((Run("See " + word + " now."),),)),))
    messages = to_slack_messages(document)
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    assert all(len(s) <= MAX_SECTION_CHARS for s in sections)
    assert "".join(sections).replace(" ", "") == ("See " + word + " now.").replace(" ", "")


def test_short_letter_is_one_message_without_part_numbers() -> None:
    messages = to_slack_messages(render_letter(seed_letter_input()).document)
    assert len(messages) == 1
    assert all(block["type"] != "context" for block in messages[0]["blocks"])
    assert messages[0]["text"].startswith("Mandates of the Special Rapporteur")
    assert {"type": "divider"} in messages[0]["blocks"]
