"""Numbered paragraphs of a case (allegations, questions, citations): add, edit, remove, move.

Users count from 1; positions are renumbered after every change so numbers stay 1..n.
The database holds UNIQUE (case_id, position): renumbering stores the new positions in two
steps (first out of the way, below zero, then in place) so no row ever collides with another.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy.orm import object_session

from bot.errors import Invalid


class Positioned(Protocol):
    position: int


T = TypeVar("T", bound=Positioned)


def pick(items: list[T], number: str | int, *, what: str) -> T:
    """The item with this 1-based number, or a UserError saying which numbers exist."""
    try:
        n = int(str(number).lstrip("#"))
    except ValueError:
        raise Invalid(f"{number!r} is not a number: give the {what} number.") from None
    if not items:
        raise Invalid(f"There are no {what}s yet.")
    if not 1 <= n <= len(items):
        raise Invalid(f"There is no {what} {n}: use 1 to {len(items)}.")
    return items[n - 1]


def renumber(items: list[T]) -> None:
    """Positions 0..n-1 in list order, flushed in two steps under UNIQUE (case_id, position)."""
    moved = [(index, item) for index, item in enumerate(items) if item.position != index]
    if not moved:
        return
    session = next((object_session(item) for item in items if object_session(item)), None)
    if session is not None:
        for index, item in moved:
            item.position = -1 - index  # out of the way of every stored position
        session.flush()
    for index, item in moved:
        item.position = index
    if session is not None:
        session.flush()


def move(items: list[T], number: str | int, to: str | int, *, what: str) -> T:
    """Move item ``number`` to position ``to`` (both 1-based); the list is reordered in place."""
    item = pick(items, number, what=what)
    target = pick(items, to, what=what)
    new_index = items.index(target)
    items.remove(item)
    items.insert(new_index, item)
    renumber(items)
    return item
