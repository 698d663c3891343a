"""Text as search compares it: case, accents and script folded away (Diyarbakır = diyarbakir).

Unicode decomposition alone leaves letters that have none (Turkish dotless ı, ø, ł, đ, æ);
anyascii transliterates every character to ASCII, so one rule serves the stored words and
the words typed, on any database.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII: "Güneydoğu, Diyarbakır" -> "guneydogu, diyarbakir"."""
    return text.lower() if text.isascii() else anyascii(text).lower()


def folded_words(text: str) -> list[str]:
    """The words of the text, folded; punctuation splits words ("1/2026" -> "1", "2026")."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return anyascii(char).lower()


def folded_with_positions(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each of its characters, where it came from in ``text``
    (None when each character folded to one: the positions are the same)."""
    if text.isascii():
        return text.lower(), None
    pieces = [char if char.isascii() else _fold_char(char) for char in text]
    if all(len(piece) == 1 for piece in pieces):
        return "".join(pieces).lower(), None
    origin: list[int] = []
    for at, piece in enumerate(pieces):
        origin += [at] * len(piece)
    return "".join(pieces).lower(), origin


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each folded word of the text with where it stands in ``text`` (start, end)."""
    folded, origin = folded_with_positions(text)
    if origin is None:
        return [(m[0], m.start(), m.end()) for m in _WORD.finditer(folded)]
    return [(m[0], origin[m.start()], origin[m.end() - 1] + 1) for m in _WORD.finditer(folded)]
