"""Calls made a while from now, by one daemon thread of the process: what the outbox delays.

The work itself is handed to ``run`` when due (the app's executor), so the timer's thread only
waits. Nothing here is durable: what it was to do after a crash is in the database, and the
scheduler tick finds it there.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("bot.slack")

Call = Callable[[], None]


class Timer:
    """Hands each call to ``run`` once its delay has passed, in the order they fall due."""

    def __init__(self, run: Callable[[Call], None], *, name: str = "timer") -> None:
        self.run = run
        self.name = name
        self._waiting: list[tuple[float, int, Call]] = []  # a heap: (due, order, call)
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def call_later(self, delay: float, call: Call) -> None:
        """Hand ``call`` to ``run`` in ``delay`` seconds."""
        with self._changed:
            due = time.monotonic() + max(delay, 0.0)
            heapq.heappush(self._waiting, (due, next(self._order), call))
            # Started on first use, and again in a forked child (threads do not survive a fork).
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()
            self._changed.notify()

    def run_all(self) -> int:
        """Hand every waiting call to ``run`` now, in order; how many (the local console,
        which shows what the bot posts after each line)."""
        with self._changed:
            calls = [call for _, _, call in sorted(self._waiting)]
            self._waiting.clear()
        for call in calls:
            self._hand_over(call)
        return len(calls)

    @property
    def waiting(self) -> int:
        """How many calls are not yet due."""
        with self._changed:
            return len(self._waiting)

    def _loop(self) -> None:
        while True:
            with self._changed:
                while not self._waiting or self._waiting[0][0] > time.monotonic():
                    timeout = self._waiting[0][0] - time.monotonic() if self._waiting else None
                    self._changed.wait(timeout)
                _, _, call = heapq.heappop(self._waiting)
            self._hand_over(call)

    def _hand_over(self, call: Call) -> None:
        try:
            self.run(call)
        except Exception:  # noqa: BLE001 - the timer goes on; the tick retries what is stored
            logger.exception("delayed work could not be started")
