"""References: per code per year, gapless and unique under concurrent openings."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from bot.cases.enums import LetterType
from bot.cases.models import Case
from bot.cases.references import parse_reference
from bot.cases.service import open_case
from bot.db import unit_of_work

TODAY = dt.date(2017, 1, 10)


def test_parse_reference() -> None:
    assert str(parse_reference("AL KAZ 1/2017")) == "AL KAZ 1/2017"
    assert str(parse_reference("kaz 12 / 2017")) == "KAZ 12/2017"
    assert parse_reference("JUA OTH 3/2016").letter_type == LetterType.UA
    assert parse_reference("KAZ 1-2017") is None


def test_concurrent_openings_get_distinct_consecutive_numbers(sessions, session) -> None:
    workers = 8
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def open_one(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            with unit_of_work(sessions) as s:
                open_case(
                    session=s,
                    channel_id="C0KAZ",
                    country="KAZ",
                    letter_type=LetterType.AL,
                    mandates=["FOAA"],
                    subject=f"case {n}",
                    opened_by="U0ALICE",
                    today=TODAY,
                )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(
        session.scalars(select(Case.reference_number).where(Case.reference_code == "KAZ"))
    )
    assert numbers == list(range(1, workers + 1))


def test_numbers_count_per_code_and_year(sessions, session) -> None:
    def open_for(country: str, today: dt.date) -> str:
        with unit_of_work(sessions) as s:
            case = open_case(
                session=s,
                channel_id="C0",
                country=country,
                letter_type=LetterType.UA,
                mandates=["HRD"],
                subject="a subject",
                opened_by="U0ALICE",
                today=today,
            )
            return case.reference

    assert open_for("KAZ", TODAY) == "UA KAZ 1/2017"
    assert open_for("UZB", TODAY) == "UA UZB 1/2017"
    assert open_for("KAZ", TODAY) == "UA KAZ 2/2017"
    assert open_for("KAZ", dt.date(2018, 1, 2)) == "UA KAZ 1/2018"
    assert open_for("OTH", TODAY) == "UA OTH 1/2017"


def test_a_failed_opening_gives_its_number_back(sessions, session) -> None:
    try:
        with unit_of_work(sessions) as s:
            open_case(
                session=s,
                channel_id="C0",
                country="KAZ",
                letter_type=LetterType.AL,
                mandates=["FOAA"],
                subject="rolled back",
                opened_by="U0ALICE",
                today=TODAY,
            )
            raise RuntimeError("the request failed after numbering")
    except RuntimeError:
        pass
    with unit_of_work(sessions) as s:
        case = open_case(
            session=s,
            channel_id="C0",
            country="KAZ",
            letter_type=LetterType.AL,
            mandates=["FOAA"],
            subject="kept",
            opened_by="U0ALICE",
            today=TODAY,
        )
        assert case.reference_number == 1
