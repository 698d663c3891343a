"""The domain knows no slash-command syntax: usage lines belong to the handlers of a command."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = (
    "bot/cases",
    "bot/citations",
    "bot/letters",
    "bot/mandates",
    "bot/reminders",
    "bot/reviews",
    "bot/casefile",
    "bot/reports",
    "bot/home",
    "bot/audit",
)
# A command with a placeholder to fill, anywhere in a text ("... with /case set <case> victims").
USAGE_LINE = re.compile(
    r"(?<![\w/])/(?:case|letter|allegation|cite|mandate)\s[^\n]*<[^<>\s][^<>]*>"
)


def strings(tree: ast.AST) -> list[str]:
    """Every string literal of a module, an f-string with ``{}`` for each value put in."""
    found: list[str] = []
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                inside_fstring.add(id(value))
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                else:
                    parts.append("{}")
            found.append("".join(parts))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in inside_fstring:
            found.append(node.value)
    return found


def usage_lines() -> set[tuple[str, str]]:
    """(module, text) of every string in a domain module that holds a usage line."""
    lines = set()
    for folder in DOMAIN:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module = path.relative_to(ROOT).as_posix()
            lines |= {(module, text) for text in strings(tree) if USAGE_LINE.search(text)}
    return lines


def test_no_usage_lines_in_the_domain() -> None:
    """Not even in the draft checks' findings: the Slack side adds the command that fixes
    each (handlers/letters/fixes.py)."""
    assert usage_lines() == set()


@pytest.mark.parametrize(
    "text",
    [
        "/case open <COUNTRY> <TYPE> <MANDATE>[,<MANDATE>...] <subject>",
        "/letter <case> draft [en|fr|es]",
        '/cite <case> <key> [<pinpoint>] [(<topic>)] ["<quote>"]',
        "/mandate set {} title-{} <title>",
        "Alleged victims: as recorded with /case set <case> victims <n>.",
    ],
)
def test_a_usage_line_is_recognised(text: str) -> None:
    assert USAGE_LINE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "/case list shows this channel's cases",
        "Reopen it first: /case reopen {}",
        "a < b",
    ],
)
def test_other_text_is_not_a_usage_line(text: str) -> None:
    assert not USAGE_LINE.search(text)
