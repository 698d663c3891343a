"""Dict blocks are the dicts slack_sdk's blocks give, within the same limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
)

from bot.slack.block_dicts import DictBudget, context, divider, header, section
from bot.slack.blocks import MESSAGE_BLOCKS, BlockBudget, mrkdwn_section, to_dicts

# Never empty: the builders are given labelled text (slack_sdk drops an empty text, and
# Slack refuses a section without one either way).
texts = st.one_of(
    st.text(min_size=1, max_size=40),
    st.builds(
        lambda word, n: (word + " ") * n,
        st.sampled_from(["x", "word", "a\nb"]),
        st.integers(1, 1500),
    ),
    st.builds(lambda n: "y" * n, st.integers(2990, 3010)),
)


def valid(blocks: list[dict]) -> None:
    assert len(blocks) <= MESSAGE_BLOCKS
    for block in blocks:
        Block.parse(block).validate_json()


@given(texts)
def test_each_builder_gives_slack_sdk_s_dict(text: str) -> None:
    assert section(text) == to_dicts([mrkdwn_section(text)])[0]
    assert (
        context(text[:3000])
        == ContextBlock(elements=[MarkdownTextObject(text=text[:3000])]).to_dict()
    )
    assert header(text[:150]) == HeaderBlock(text=text[:150]).to_dict()
    assert divider() == DividerBlock().to_dict()
    valid([section(text), context(text), header(text), divider()])
    assert len(header(text)["text"]["text"]) <= 150


@given(st.lists(st.tuples(st.sampled_from(["section", "divider", "context"]), texts), max_size=70))
def test_the_budget_keeps_block_budget_s_rules(steps: list[tuple[str, str]]) -> None:
    ours, theirs = DictBudget(), BlockBudget()
    for kind, text in steps:
        if kind == "section":
            assert ours.section(text) == theirs.section(text)
        elif kind == "divider":
            assert ours.add(divider()) == theirs.add(DividerBlock())
        else:
            short = text[:3000]
            assert ours.add(context(short), len(short)) == theirs.add(
                ContextBlock(elements=[MarkdownTextObject(text=short)]), len(short)
            )
    blocks = ours.finish("Some did not fit.")
    assert blocks == to_dicts(theirs.finish("Some did not fit."))
    valid(blocks)
