"""Counts and articles in the bot's answers: "1 allegation", "3 library entries", "an annex item".

The nouns counted are the bot's own words (never user text), so plain rules do: a plural is the
noun with "s" unless the caller gives it ("library entries", "replies").
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 allegation``, ``2 allegations``, ``1 reply``/``2 replies`` (``plural`` given)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def plural_of(n: int, noun: str, plural: str | None = None) -> str:
    """The noun alone, in the number ``n`` calls for."""
    return noun if n == 1 else plural or noun + "s"


def with_article(noun: str) -> str:
    """``a question``, ``an allegation``, ``an annex item`` (by the first letter's sound: the
    nouns are the bot's own, none starts with a silent h or a "you" sound)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def sentence(text: str) -> str:
    """A phrase as a sentence: its first letter a capital, a full stop at the end
    ("the closure of the union" -> "The closure of the union.")."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."
