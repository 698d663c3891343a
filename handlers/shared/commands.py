"""Each slash command and subcommand declared once: grammar, help, whether it writes, handler.

A feature's ``commands.py`` declares its ``Command``; everything else is derived from it when
the module is imported: ``/x help``, the usage line of a refusal, "did you mean", the
routing, which forms only read, the manifest's ``usage_hint`` and the README's command table
(``tests/test_manifest.py`` fails when manifest.yml or README.md disagree). The models are
Click and Typer (usage from the declaration) and python-discord (a command carries its help).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.cases.service import CASE_REF_HELP
from bot.errors import UserError
from bot.slack.commands import Invocation, Reply, usage_of
from bot.slack.escape import escape_mrkdwn
from handlers.shared.refs import split_case_ref, take_case

CASE_REF = f"`<case>` is {CASE_REF_HELP}."

# Words people type for a subcommand (taken only where the command has that subcommand).
SYNONYMS = {"delete": "remove", "del": "remove", "rm": "remove", "ls": "list", "show": "list"}
CLOSE = 0.6  # difflib ratio from which a word that can only be a subcommand was meant as one
NEAR_MISS = 0.75  # the same for a word that may also start free text (a paragraph, a key)
# What follows a misspelt subcommand (``lst``, ``delete 1``, ``move 5 to 2``), never free text.
NUMBERS_ONLY = re.compile(r"^(?:(?:to|#?[-+]?\d+)(?:\s+|$))*$", re.IGNORECASE)


def did_you_mean(word: str, names: Iterable[str], *, cutoff: float = CLOSE) -> str | None:
    """The one of ``names`` a mistyped ``word`` was meant to be (a synonym people type, or a
    close spelling), or None. The only "did you mean" of the commands."""
    word, names = word.lower(), [name for name in names if name]
    if SYNONYMS.get(word) in names:
        return SYNONYMS[word]
    close = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def first_word(text: str) -> tuple[str, str]:
    """``"edit 3 New text"`` -> ("edit", "3 New text"); any whitespace separates."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def required(grammar: str) -> str:
    """A grammar without its optional parts: ``show <case> [sources|history]`` -> ``show <case>``."""
    while True:
        shorter = re.sub(r"\s*\[[^\[\]]*\]", "", grammar)
        if shorter == grammar:
            return " ".join(grammar.split())
        grammar = shorter


# A subcommand's handler: ``(Invocation) -> Reply``, or after the case
# ``(Invocation, Case, rest) -> Reply`` (the case found and locked, the text after its word).
Run = Callable[..., Reply]


@dataclass(frozen=True)
class Subcommand:
    """One form of a command, as typed after the command name.

    ``grammar`` starts with ``<case>`` for a form that names a case first (``<case> draft
    [en|fr|es]``); its first literal word picks it (none: the command's default form, e.g.
    ``<case> <paragraph>``; an empty grammar is the command alone).
    """

    grammar: str
    help: str  # what it does: after its usage in `/x help`, and in the README's table
    run: Run
    writes: bool = True  # False: a read transaction (no write lock), nothing recorded
    details: str = ""  # more lines under its line in `/x help` (examples, forms)
    usage_line: str = ""  # the usage of a refusal, when not the command and its grammar
    after_case: bool = field(init=False)
    name: str = field(init=False)  # the word that picks it ("" for the default form)

    def __post_init__(self) -> None:
        words = self.grammar.split()
        after_case = bool(words) and words[0] == "<case>"
        word = (words[1:] if after_case else words)[:1]
        literal = word[0] if word and word[0][0] not in '<[("' else ""
        object.__setattr__(self, "after_case", after_case)
        object.__setattr__(self, "name", literal.lower())

    @property
    def bare(self) -> bool:
        """The command alone, or the case alone."""
        return self.grammar.strip() in {"", "<case>"}


@dataclass(frozen=True)
class Command:
    """A slash command: its subcommands and what is derived from them, once, at import."""

    name: str  # "/case"
    summary: str  # the first line of `/x help`
    subcommands: tuple[Subcommand, ...]
    notes: str = ""  # lines of `/x help` after the subcommands (buttons, shortcuts)
    footer: str = CASE_REF  # the last line of `/x help`
    escaped: bool = False  # sent with should_escape (manifest): args read back as typed
    help: str = field(init=False)
    case_usage: str = field(init=False)  # the usage when the case before a form is wrong
    _top: dict[str, Subcommand] = field(init=False, repr=False)
    _after: dict[str, Subcommand] = field(init=False, repr=False)
    _help_text: str = field(init=False, repr=False)
    _reads_after_case: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        top = {s.name: s for s in self.subcommands if not s.after_case}
        after = {s.name: s for s in self.subcommands if s.after_case and not s.bare}
        after.update(("<case>", s) for s in self.subcommands if s.after_case and s.bare)
        if len(top) + len(after) != len(self.subcommands):
            raise ValueError(f"{self.name}: two subcommands are picked by the same word")
        forms = [s.grammar for s in self.subcommands if s.after_case and not s.bare]
        case_usage = " | ".join(
            [f"{self.name} {f}" for f in forms[:1]] + [f.removeprefix("<case> ") for f in forms[1:]]
        )
        lines = [f"*{self.name}* — {self.summary}", *map(self.help_line, self.subcommands)]
        lines += [self.notes, f"• `{self.name} help` — this help", self.footer]
        help_ = "\n".join(line for line in lines if line)
        for name, value in (
            ("_top", top),
            ("_after", after),
            ("case_usage", case_usage),
            ("help", help_),
            ("_help_text", escape_mrkdwn(help_)),  # shows <case> as typed, never a link
            ("_reads_after_case", any(not form.writes for form in after.values())),
        ):
            object.__setattr__(self, name, value)

    # What is derived -----------------------------------------------------------------------

    def usage(self, name: str) -> str:
        """The usage line of a subcommand, by the word that picks it (after the case first;
        "" for the default form after the case, else the command alone)."""
        sub = self._after.get(name) or self._top.get(name)
        if sub is None:
            raise KeyError(f"{self.name} has no subcommand {name!r}")
        return self.usage_of(sub)

    def usage_of(self, sub: Subcommand) -> str:
        """The usage line of a refusal of ``sub``."""
        return sub.usage_line or f"{self.name} {sub.grammar}".rstrip()

    def help_line(self, sub: Subcommand) -> str:
        """`/x help`'s line of a subcommand: its usage, what it does, then its details."""
        line = f"• `{self.name} {sub.grammar}".rstrip() + "`"
        if sub.help:
            line += f" — {sub.help}"
        return f"{line}\n{sub.details}" if sub.details else line

    @property
    def usage_hint(self) -> str:
        """The manifest's usage_hint: each form without its optional parts, then help."""
        forms = [required(s.grammar) for s in self.subcommands if not s.bare]
        return " | ".join([*forms, "help"])

    @property
    def case_forms(self) -> list[str]:
        """The words that pick a form after the case (for "did you mean" there)."""
        return [name for name in self._after if name and name != "<case>"]

    # Routing -------------------------------------------------------------------------------

    def __call__(self, invocation: Invocation) -> Reply:
        text = invocation.args.strip()
        word, rest = first_word(text)
        name = word.lower()
        if not text and "" not in self._top or name == "help":
            return Reply(text=self._help_text)
        sub = self._top.get(name)
        if sub is not None:
            invocation.args = rest
            with usage_of(self.usage_of(sub)):
                return sub.run(invocation)
        if not self._after:
            raise self._unknown(word)
        if self._top and (meant := did_you_mean(name, self._top)) and not _starts_with_case(text):
            raise self._unknown(word, meant)
        case, rest = take_case(invocation, usage=self.case_usage)
        word, tail = first_word(rest)
        sub = self._after.get(word.lower()) if word else self._after.get("<case>")
        if sub is None:
            sub, tail = self._after.get(""), rest
        if sub is None:
            meant = did_you_mean(word, self.case_forms)
            if meant is None:
                raise UserError(f"What should I do with case #{case.id}? {self.help}")
            raise self._unknown(f"{case.id} {word}", f"{case.id} {meant}")
        with usage_of(self.usage_of(sub)):
            return sub.run(invocation, case, tail)

    def _unknown(self, word: str, meant: str | None = None) -> UserError:
        meant = meant if meant is not None else did_you_mean(word, self._top)
        said = f" Did you mean `{self.name} {meant}`?" if meant else ""
        return UserError(
            f"{self.name} {word} is not a command I know.{said} `{self.name} help` lists them all."
        )

    def reads_only(self, args: str) -> bool:
        """Whether this command text only reads: help, a form declared ``writes=False``, or
        a text refused before anything is read. Cheap: no database."""
        text = args.strip()
        word, rest = first_word(text)
        if not text:
            bare = self._top.get("")
            return bare is None or not bare.writes
        if word.lower() == "help":
            return True
        sub = self._top.get(word.lower())
        if sub is not None or not self._after:
            return sub is None or not sub.writes
        if not self._reads_after_case:
            return False  # no form after the case only reads: no need to find where it ends
        try:
            _ref, rest = split_case_ref(text, usage="")
        except UserError:
            return True  # refused before anything is read
        word, _tail = first_word(rest)
        after = self._after.get(word.lower()) if word else self._after.get("<case>")
        after = after or self._after.get("")
        return after is None or not after.writes


def _starts_with_case(text: str) -> bool:
    try:
        split_case_ref(text, usage="")
    except UserError:
        return False
    return True


def readme_table(commands: Iterable[Command]) -> str:
    """The README's table of commands: one row per subcommand, its usage and its help."""

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    rows = ["| command | what it does |", "|---|---|"]
    for command in commands:
        for sub in command.subcommands:
            usage = f"{command.name} {sub.grammar}".rstrip()
            rows.append(f"| `{cell(usage)}` | {cell(sub.help)} |")
    return "\n".join(rows)


def run_with(function: Callable[..., Reply], **bound: Any) -> Run:
    """A handler for a declaration that calls ``function`` with some arguments bound."""

    def run(*args: Any) -> Reply:
        return function(*args, **bound)

    run.__name__ = getattr(function, "__name__", "run")
    return run
