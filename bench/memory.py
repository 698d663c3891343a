"""Peak memory (RSS) of one web worker over 10,000 requests: under 200 MB and not growing.

gunicorn is started as the Procfile starts it, with one worker (``--workers 1``) so that
every request reaches the process measured; a fake Slack stands in for Slack. The requests
mix the commands a team uses (listing, showing, help, adding allegations and annex text and
removing as many, so the amount of data stays the same and growth would be a leak); VmRSS and
VmHWM of the worker are read from /proc/<pid>/status every 2,000 requests.

Usage:
    python bench/memory.py [--database sqlite|postgresql|both] [--requests 10000]
        [--clients 10] [--until reply|ack] [--postgres-admin postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.reply_latency import (  # noqa: E402
    ALLEGATION,
    BOT_TARGET,
    CASES,
    database,
    fake_slack,
    gunicorn,
    run_load,
    seed,
    slash,
)
from bot.local.requests import SignedRequest, SlackRequests  # noqa: E402

LIMIT_MB = 200
STEP = 2000


def _case(i: int) -> int:
    """The case of the i-th request: one case per round of MIX, so each round adds and
    removes on the same case and the amount of data stays the same."""
    return (i // len(MIX)) % CASES + 1


def _slash(name: str, text: str):  # noqa: ANN202
    def make(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
        return slash(requests, replies, name, text.format(case=_case(i), i=i), i)

    make.__name__ = f"{name} {text}"
    return make


MIX = [
    _slash("/case", "list"),
    _slash("/allegation", "{case} " + ALLEGATION),
    _slash("/case", "show {case}"),
    _slash("/cite", "{case} text The State is party to the Covenant since 2006 (note {i})."),
    _slash("/allegation", "{case} list"),
    _slash("/case", "help"),
    _slash("/allegation", "{case} remove 1"),
    _slash("/cite", "{case} remove 1"),
]


def mixed(requests: SlackRequests, replies: str, i: int) -> SignedRequest:
    """The commands of MIX in turn."""
    return MIX[i % len(MIX)](requests, replies, i)


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024
    return values


def measure(kind: str, args: argparse.Namespace, folder: Path) -> list[tuple[int, float, float]]:
    samples = []
    with (
        database(kind, args.postgres_admin) as url,
        fake_slack() as slack_url,
        gunicorn(
            "bot", BOT_TARGET, database_url=url, slack_url=slack_url, folder=folder, workers=1
        ) as bot,
    ):
        seed(bot, slack_url)
        [pid] = bot.worker_pids()
        done = 0
        start = status_mb(pid)
        samples.append((done, start["VmRSS"], start["VmHWM"]))
        print(f"| {kind} | {done} | {start['VmRSS']:.1f} | {start['VmHWM']:.1f} |", flush=True)
        while done < args.requests:
            result = run_load(
                bot.port, mixed, clients=args.clients, total=STEP, warmup=0, until=args.until
            )
            done += len(result.replies_ms)
            bot.wait_until_idle()  # the work after the answers is part of the requests
            now = status_mb(pid)
            samples.append((done, now["VmRSS"], now["VmHWM"]))
            errors = f" errors: {result.errors}" if result.errors else ""
            print(
                f"| {kind} | {done} | {now['VmRSS']:.1f} | {now['VmHWM']:.1f} |{errors}",
                flush=True,
            )
    return samples


def verdict(kind: str, samples: list[tuple[int, float, float]]) -> str:
    peak = max(hwm for _, _, hwm in samples)
    second = samples[min(2, len(samples) - 1)][1]  # after 4,000 requests, warmed up
    last = samples[-1][1]
    growth = last - second
    ok = peak < LIMIT_MB and growth < 0.05 * second + 5
    return (
        f"{kind}: peak {peak:.1f} MB (limit {LIMIT_MB}); RSS {second:.1f} MB after "
        f"{samples[min(2, len(samples) - 1)][0]} requests, {last:.1f} MB after {samples[-1][0]}"
        f" ({growth:+.1f} MB): {'met' if ok else 'NOT met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument(
        "--until",
        choices=["reply", "ack"],
        default="reply",
        help="a client's next command waits for the reply, or only for the ack (a flood)",
    )
    parser.add_argument(
        "--postgres-admin",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print("| database | requests | worker RSS (MB) | worker peak RSS, VmHWM (MB) |")
    print("|---|---|---|---|", flush=True)
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            logs = Path(folder) / kind
            logs.mkdir()
            verdicts.append(verdict(kind, measure(kind, args, logs)))
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
