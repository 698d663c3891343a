"""The process's timer hands each call over once due, in order, and keeps going."""

from __future__ import annotations

import threading
import time

from bot.slack.timer import Timer


def test_calls_are_handed_over_when_due_in_the_order_they_fall_due() -> None:
    ran: list[str] = []
    done = threading.Event()
    timer = Timer(lambda call: call())
    started = time.monotonic()
    timer.call_later(0.3, lambda: (ran.append("later"), done.set()))
    timer.call_later(0.1, lambda: ran.append("sooner"))
    assert ran == [] and timer.waiting == 2
    assert done.wait(5)
    assert ran == ["sooner", "later"]
    assert time.monotonic() - started >= 0.3
    assert timer.waiting == 0


def test_run_all_hands_every_waiting_call_over_now() -> None:
    ran: list[int] = []
    timer = Timer(lambda call: call())
    for n in (3, 1, 2):
        timer.call_later(60 + n, lambda n=n: ran.append(n))
    assert timer.run_all() == 3
    assert ran == [1, 2, 3] and timer.waiting == 0


def test_a_call_that_cannot_be_handed_over_does_not_stop_the_timer() -> None:
    done = threading.Event()

    def run(call) -> None:  # noqa: ANN001
        if not done.is_set() and call is first:
            raise RuntimeError("the executor refused")
        call()

    timer = Timer(run)
    first = lambda: None  # noqa: E731
    timer.call_later(0, first)
    timer.call_later(0.05, done.set)
    assert done.wait(5)
