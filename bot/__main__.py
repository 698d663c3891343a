"""Command line: python -m bot run | console | socket | web | worker | migrate | ...

The Slack side (the app and its listeners, the Web API client, the scheduler, the local
console) is imported only by the commands that run it, for start-up time: it adds about a
third to the imports, which ``migrate``, ``report``, ``letter`` and ``web`` (which hands over
to gunicorn) do not need.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading

from bot import migrate
from bot.config import Settings, SettingsError
from bot.db import make_engine, make_sessionmaker, unit_of_work
from bot.logs import configure_logging
from bot.mandates.registry import refresh_mandates
from bot.reports.cli import add_report_parser, run_report
from bot.reviews.letter_export import add_parser as add_letter_parser
from bot.reviews.letter_export import run as run_letter


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="mandate-bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="migrate, then start: Socket Mode, HTTP, or the local console")
    console = commands.add_parser("console", help="the local console (no Slack needed)")
    console.add_argument(
        "--demo", action="store_true", help="play a short case end to end, then stay in the console"
    )
    commands.add_parser("socket", help="connect to Slack in Socket Mode (SLACK_APP_TOKEN)")
    commands.add_parser("web", help="serve HTTP with gunicorn as the Procfile does")
    commands.add_parser("worker", help="run the reminder scheduler alone")
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    reminders = commands.add_parser("reminders", help="reminders of replies due")
    reminder_commands = reminders.add_subparsers(dest="reminders_command", required=True)
    run_sweep = reminder_commands.add_parser("run", help="run one reminder sweep now")
    run_sweep.add_argument(
        "--now", help="sweep as if it were this ISO time (no offset: the team's time zone)"
    )
    mandates = commands.add_parser("mandates", help="the mandate registry")
    mandate_commands = mandates.add_subparsers(dest="mandates_command", required=True)
    mandate_commands.add_parser(
        "refresh", help="load the shipped mandates again (holders, approvers, team edits kept)"
    )
    add_report_parser(commands)
    add_letter_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level if args.command != "console" else "WARNING")
    if args.command == "migrate":
        migrate.upgrade(settings.database_url)
        print("database is at the latest schema")
        return 0
    if args.command == "run":
        migrate.upgrade(settings.database_url)
        if settings.slack_app_token and settings.slack_bot_token:
            return _socket(settings)
        if settings.has_slack_credentials:
            return _web(settings)
        print("No Slack credentials: starting the local console.", file=sys.stderr)
        configure_logging("WARNING")  # the console prints what Slack would show, not logs
        return _console(settings)
    if args.command == "console":
        migrate.upgrade(settings.database_url)
        return _console(settings, demo=args.demo)
    if args.command in {
        "report",
        "reminders",
        "letter",
        "worker",
        "socket",
        "web",
        "mandates",
    } and not (migrate.is_current(settings.database_url)):
        print(
            "The database schema is not up to date: run python -m bot migrate first.",
            file=sys.stderr,
        )
        return 2
    if args.command == "socket":
        return _socket(settings)
    if args.command == "web":
        return _web(settings)
    if args.command == "report":
        return run_report(settings, args)
    if args.command == "reminders":
        return _reminders(settings, args)
    if args.command == "mandates":
        return _mandates_refresh(settings)
    if args.command == "letter":
        return run_letter(args, settings)
    if args.command == "worker":
        from bot.scheduler import run_worker  # the Slack side: see the module's docstring

        run_worker(settings)
        return 0
    return 2


def _reminders(settings: Settings, args: argparse.Namespace) -> int:
    """python -m bot reminders run [--now ISO]: one sweep, one line per message."""
    from bot.app import compose  # the Slack side (docstring)
    from handlers.reminders.sweep import sweep_now

    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now)
        except ValueError:
            print(f"--now {args.now!r} is not an ISO time: write 2017-03-24T09:00", file=sys.stderr)
            return 2
        if now.tzinfo is None:
            now = now.replace(tzinfo=settings.tz)
    process = compose(settings)
    posted = sweep_now(
        sessions=process.sessions,
        client=process.client,
        settings=settings,
        now=now,
        outbox=process.outbox,
    )
    for reminder in posted:
        print(reminder.line())
    if not posted:
        print("no reminder due")
    return 0


def _mandates_refresh(settings: Settings) -> int:
    """python -m bot mandates refresh: the shipped file loaded again, one line per change."""
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(make_sessionmaker(engine)) as session:
            report = refresh_mandates(session=session)
    finally:
        engine.dispose()
    for code in report.added:
        print(f"added {code}")
    for code in report.updated:
        print(f"updated {code}")
    for edit in report.kept:
        print(f"kept the team's {edit}")
    print(report.summary())
    return 0


def _console(settings: Settings, *, demo: bool = False) -> int:
    from bot.local.console import run_console  # the Slack side: see the module's docstring
    from bot.local.demo import run_demo

    return run_demo(settings) if demo else run_console(settings)


def _socket(settings: Settings) -> int:
    if not (settings.slack_app_token and settings.slack_bot_token):
        print("Socket Mode needs SLACK_APP_TOKEN (xapp-...) and SLACK_BOT_TOKEN.", file=sys.stderr)
        return 2
    from bot.app import compose  # the Slack side (docstring)
    from bot.scheduler import start_background_scheduler
    from bot.socket_mode import start_socket_mode

    process = compose(settings)  # one engine, client and outbox for the app and the tick
    if settings.scheduler_enabled:
        start_background_scheduler(settings, process=process)
    start_socket_mode(settings, process=process)
    threading.Event().wait()  # the handler serves on its own threads until the process stops
    return 0


def _web(settings: Settings) -> int:
    port = str(settings.port)
    argv = ["gunicorn", "--workers", "2", "--threads", "4", "--bind", f"0.0.0.0:{port}"]
    os.execvp("gunicorn", [*argv, "bot.web:create_wsgi()"])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
