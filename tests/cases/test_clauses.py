"""The subject (and the urge) complete a stock sentence: one rule cleans what was typed."""

from __future__ import annotations

import pytest

from bot.cases.clauses import completing_clause
from bot.cases.service import check_subject
from bot.errors import Invalid


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("the closure of the union.", "the closure of the union"),
        ("  the closure\n of   the union . ", "the closure of the union"),
        ("the closure of the union..", "the closure of the union"),
        ("measures against A, B, C ...", "measures against A, B, C ..."),
        ("the arrest of Mr. X", "the arrest of Mr. X"),
        ("", ""),
        (".", ""),
    ],
)
def test_completing_clause(typed: str, kept: str) -> None:
    assert completing_clause(typed) == kept


def test_the_subject_is_cleaned_by_that_rule() -> None:
    typed = "  the closure\n of   the union. "
    assert check_subject(typed) == completing_clause(typed) == "the closure of the union"


def test_a_subject_of_full_stops_only_is_missing() -> None:
    with pytest.raises(Invalid, match="subject is missing") as raised:
        check_subject(" . ")
    assert raised.value.usage is None  # the handler of the command adds its usage
