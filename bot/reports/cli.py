"""``python -m bot report``: the communications report of every channel, or some, to a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import make_engine, make_sessionmaker
from bot.errors import UserError
from bot.grammar import counted
from bot.reports.export import report_csv, report_docx
from bot.reports.service import communication_rows, make_period, parse_day

CLI_USAGE = (
    "python -m bot report <from> <to> [--replies-from DATE] [--replies-until DATE] "
    "[--channel C...] [--format csv|docx] [--out FILE]"
)


def add_report_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` and its options to the CLI."""
    parser = commands.add_parser(
        "report",
        help="the communications report (letters sent in a period, with their replies)",
        description="Letters sent from FROM to TO (YYYY-MM-DD), with the replies received "
        "until --replies-until (default: TO + 60 days). CSV goes to standard output "
        "unless --out is given; a .docx needs --out or is written to the working folder.",
    )
    parser.add_argument("sent_from", metavar="from")
    parser.add_argument("sent_to", metavar="to")
    parser.add_argument("--replies-from", metavar="DATE")
    parser.add_argument("--replies-until", metavar="DATE")
    parser.add_argument("--channel", nargs="+", action="extend", metavar="C", dest="channels")
    parser.add_argument("--format", choices=("csv", "docx"), default="csv")
    parser.add_argument("--out", type=Path)


def write_report(
    *, session: Session, args: argparse.Namespace, stdout: BinaryIO | None = None
) -> str:
    """Write the report as the arguments ask; return a line saying what was written."""
    period = make_period(
        sent_from=parse_day(args.sent_from, what="first day"),
        sent_to=parse_day(args.sent_to, what="last day"),
        replies_from=_day(args.replies_from, "--replies-from"),
        replies_until=_day(args.replies_until, "--replies-until"),
    )
    rows = communication_rows(session=session, period=period, channel_ids=args.channels)
    content = report_docx(rows, period=period) if args.format == "docx" else report_csv(rows)
    summary = f"{counted(len(rows), 'communication')} {period.description}"
    out: Path | None = args.out
    if out is None and args.format == "docx":
        out = Path(f"{period.file_stem}.docx")
    if out is None:
        (stdout or sys.stdout.buffer).write(content)
        return summary
    out.write_bytes(content)
    return f"{summary}: written to {out}"


def run_report(settings: Settings, args: argparse.Namespace) -> int:
    """The CLI entry: 0 when written, 2 (with the reason on stderr) when the input is wrong."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            print(write_report(session=session, args=args), file=sys.stderr)
    except UserError as error:
        print(f"{error.message}\nUsage: {CLI_USAGE}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _day(text: str | None, what: str) -> dt.date | None:
    return None if text is None else parse_day(text, what=what)
