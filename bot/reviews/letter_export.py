"""``python -m bot letter export <case> [--public] --format docx|md|txt [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.letter_models import SentLetter
from bot.cases.models import Case
from bot.cases.references import parse_reference
from bot.config import LANGUAGES, Settings
from bot.db import make_engine, make_sessionmaker
from bot.letters.build import letter_input
from bot.letters.export import export, export_filename, export_sent, reference_filename
from bot.letters.render import LetterRenderError
from bot.reviews.public import cleared_public_version, latest_public_version


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``letter`` command and its ``export`` subcommand."""
    letter = commands.add_parser("letter", help="export a case's letter")
    actions = letter.add_subparsers(dest="letter_command", required=True)
    export_parser = actions.add_parser("export", help="write the letter as Word, Markdown or text")
    export_parser.add_argument("case", help="case number (7) or reference (AL KAZ 1/2017)")
    export_parser.add_argument("--format", choices=["docx", "md", "txt"], default="docx")
    export_parser.add_argument("--language", choices=LANGUAGES, default=None)
    export_parser.add_argument(
        "--public",
        action="store_true",
        help="the cleared public version (withheld names replaced) instead of the letter",
    )
    export_parser.add_argument(
        "--out", help="file to write (default: a name from the reference; - for stdout)"
    )


def find_any_case(session: Session, text: str) -> Case | None:
    """A case by number or reference, in any channel (the command line is the team's own)."""
    if text.lstrip("#").isdigit():
        return session.get(Case, int(text.lstrip("#")))
    reference = parse_reference(text)
    if reference is None:
        return None
    return session.scalar(
        select(Case).where(
            Case.reference_code == reference.code,
            Case.reference_number == reference.number,
            Case.reference_year == reference.year,
        )
    )


def sent_copy(session: Session, case: Case) -> SentLetter | None:
    """The letter stored when the case was sent (None for a draft, or one sent before it was kept)."""
    if case.sent_version_id is None:
        return None
    return session.get(SentLetter, case.sent_version_id)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Export the letter: a sent case exactly as stored when sent, a draft marked DRAFT."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            case = find_any_case(session, args.case)
            if case is None:
                print(
                    f"No case {args.case!r}: give a number (7) or a reference (AL KAZ 1/2017).",
                    file=sys.stderr,
                )
                return 2
            if getattr(args, "public", False):
                return _write_public(session, case, args)
            sent = sent_copy(session, case)
            if sent is not None and args.language not in (None, sent.language):
                print(
                    f"Case {args.case} was sent in {sent.language}; only that letter exists.",
                    file=sys.stderr,
                )
                return 2
            letter = letter_input(
                session=session, case=case, language=sent.language if sent else args.language
            )
            try:
                if sent is not None:
                    data = export_sent(
                        markdown=sent.markdown,
                        plain_text=sent.plain_text,
                        docx=sent.docx,
                        fmt=args.format,
                    )
                else:
                    data = export(
                        letter,
                        args.format,
                        templates_dir=settings.templates_dir,
                        draft=True,
                        letterhead=settings.letterhead,
                        team=settings.team_name,
                    )
            except LetterRenderError as error:
                print(f"Case {args.case}: {error}", file=sys.stderr)
                return 2
    finally:
        engine.dispose()
    if args.out == "-":
        sys.stdout.buffer.write(data)
        return 0
    out = Path(args.out or export_filename(letter, args.format))
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


def _write_public(session: Session, case: Case, args: argparse.Namespace) -> int:
    """Write the case's cleared public version, exactly as cleared."""
    public = cleared_public_version(session=session, case_id=case.id)
    if public is None:
        latest = latest_public_version(session=session, case_id=case.id)
        state = (
            f"public version v{latest.number} is not cleared yet (/letter {case.id} public clear)"
            if latest is not None
            else f"it has no public version yet (/letter {case.id} public)"
        )
        print(f"Case {args.case}: {state}.", file=sys.stderr)
        return 2
    data = export_sent(
        markdown=public.markdown, plain_text=public.plain_text, docx=public.docx, fmt=args.format
    )
    if args.out == "-":
        sys.stdout.buffer.write(data)
        return 0
    name = reference_filename(case.reference, public.language, args.format, suffix="public")
    out = Path(args.out or name)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0
