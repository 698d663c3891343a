"""Which language a piece of typed text is in, when it is clearly not the letter's.

The identification is lingua's (lingua-language-detector), restricted to the letter languages
and built for short text. Its models cost about 1.4 s of CPU to load (holding the interpreter
lock) and 115 MB, so the detector is built once per process, on the first draft that needs it,
never at import: starting the bot and the other commands do not pay for it.

Short text is hard to place, and proper names and references belong to no language ("Maina
Kiai", "ICCPR art. 21", "A/HRC/29/25/Add.2"), so before asking the detector:
- names are left out: a capitalised word that does not start a sentence, a word in capitals,
  and a title before a full stop ("Mr.", "Mme.", "Sr."); quotations inside a paragraph too
  (a letter may quote a text in the language it was written in);
- what is left must have at least ``MIN_WORDS`` words and ``MIN_LETTERS`` letters;
- another language must be the detector's clear first choice (``OTHER_AT_LEAST``) and the
  letter's own language unlikely (``OWN_AT_MOST``).
Calibrated on the seed letter, the stock wording of the three languages, the mandate titles
and some 2,400 holiday names in English, French and Spanish (names stripped as above): no
text was placed in another language than its own, while nine in ten of the texts of three
words or more were placed in theirs when checked against another letter language. Below three
words (a holder function such as "Vice-Chair" or "Chair-Rapporteur") the text is not judged.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}

MIN_WORDS = 3
MIN_LETTERS = 12
OTHER_AT_LEAST = 0.7
OWN_AT_MOST = 0.25
MAX_WORDS = 120  # a long paragraph is placed by its first words: the same answer, faster

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_SENTENCE_END = ".!?:;"

_detector: LanguageDetector | None = None
_building = threading.Lock()


def detector() -> LanguageDetector:
    """The one detector of this process, built on first use (thread-safe, built once)."""
    global _detector
    if _detector is None:
        with _building:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                languages = (Language.ENGLISH, Language.FRENCH, Language.SPANISH)
                _detector = (
                    LanguageDetectorBuilder.from_languages(*languages)
                    .with_preloaded_language_models()
                    .build()
                )
    return _detector


def words_to_judge(text: str, *, names: bool = True) -> list[str]:
    """The words of a text that say which language it is in: with ``names``, proper names,
    capitals, titles before a full stop and quotations left out (a holder function, all
    capitalised, keeps its words)."""
    if names:
        text = _QUOTED.sub(" ", text)
    words: list[str] = []
    after_title = False
    for match in _WORD.finditer(text):
        word = match.group(0)
        gap = text[: match.start()]
        before = gap.rstrip()
        starts_sentence = (
            not before
            or "\n" in gap[len(before) :]
            or (before[-1] in _SENTENCE_END and not after_title)
        )
        after_title = text[match.end() : match.end() + 1] == "." and (
            len(word) <= 3 and word[0].isupper()
        )
        if names and (
            after_title
            or (word.isupper() and len(word) > 1)
            or (word[0].isupper() and not starts_sentence)
        ):
            continue
        words.append(word)
        if len(words) == MAX_WORDS:
            break
    return words


@lru_cache(maxsize=8192)
def other_language(text: str, language: str, *, names: bool = True) -> str | None:
    """The language code (en, fr or es) a text is written in when that is clearly not
    ``language``; None when it is, or when the text is too short to tell. Kept for the next
    draft: a case's paragraphs are checked again at every draft, mostly unchanged."""
    words = words_to_judge(text, names=names)
    if len(words) < MIN_WORDS or sum(len(word) for word in words) < MIN_LETTERS:
        return None
    values = detector().compute_language_confidence_values(" ".join(words))
    confidence = {value.language.iso_code_639_1.name.lower(): value.value for value in values}
    found = max(confidence, key=lambda code: confidence[code])
    if (
        found != language
        and confidence[found] >= OTHER_AT_LEAST
        and confidence.get(language, 0.0) <= OWN_AT_MOST
    ):
        return found
    return None
