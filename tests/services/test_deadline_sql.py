"""The colours in SQL equal the case clock's: over random calendars, pauses, limits and
thresholds (hypothesis), the dates the clock stores, compared with a day *in SQL* by the very
expressions the deadline board and the review queue use, grade every day as
:func:`case_clock_from_record` does — on SQLite (every example) and PostgreSQL (a sample)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Date, Engine, Integer, MetaData, Table, create_engine, select

from desktop.domain.workcalendar import (
    CALENDAR_DAYS,
    DayCalendar,
    DeadlineThresholds,
    case_clock_from_record,
    deadline_dates_from_record,
)
from desktop.services.deadlines import colour_sql, conditions

START = date(2026, 11, 2)
DAYS = 70

meta = MetaData()
probe = Table(
    "probe",
    meta,
    Column("id", Integer, primary_key=True),
    Column("due_on", Date),
    Column("yellow_on", Date),
    Column("red_on", Date),
    Column("overdue_on", Date),
)


class Flipped:
    def __init__(self, flipped: frozenset[date]) -> None:
        self.flipped = flipped

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() < 5) != (day in self.flipped)

    def is_provisional(self, day: date) -> bool:
        return False


Record = tuple[DayCalendar, date, date, list[tuple[date, date | None]], DeadlineThresholds]


def _record(rnd: Any) -> Record:
    """A record drawn by ``rnd`` (hypothesis' data or a seeded random.Random)."""
    calendar: DayCalendar = (
        CALENDAR_DAYS
        if rnd.randint(0, 3) == 0
        else Flipped(frozenset(START + timedelta(days=rnd.randint(0, 90)) for _ in range(8)))
    )
    accepted = START + timedelta(days=rnd.randint(0, 7))
    promised = accepted + timedelta(days=rnd.randint(0, 40))
    spans: list[tuple[date, date | None]] = []
    day = accepted
    for _ in range(rnd.randint(0, 3)):
        start = day + timedelta(days=rnd.randint(0, 6))
        day = start + timedelta(days=rnd.randint(0, 6))
        spans.append((start, day))
    red = rnd.randint(-3, 2)
    th = DeadlineThresholds(red + rnd.randint(1, 5), red, rnd.choice([0, 0, 20, 50]))
    return calendar, accepted, promised, spans, th


class _Drawn:
    """random.Random's interface over hypothesis' data."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def randint(self, a: int, b: int) -> int:
        return self.data.draw(st.integers(a, b))

    def choice(self, items: list[int]) -> int:
        return self.data.draw(st.sampled_from(items))


def _check(engine: Engine, records: list[Record]) -> None:
    with engine.begin() as conn:
        conn.execute(probe.delete())
        rows = []
        for i, (cal, accepted, promised, spans, th) in enumerate(records):
            d = deadline_dates_from_record(cal, accepted, promised, spans, thresholds=th)
            assert d is not None
            rows.append(
                {
                    "id": i,
                    "due_on": d.due_on,
                    "yellow_on": d.yellow_on,
                    "red_on": d.red_on,
                    "overdue_on": d.overdue_on,
                }
            )
        conn.execute(probe.insert(), rows)
        for offset in range(DAYS):
            day = START + timedelta(days=offset)
            conds = conditions(day, probe.c)
            got = {
                r.id: r
                for r in conn.execute(
                    select(
                        probe.c.id,
                        colour_sql(day, probe.c).label("colour"),
                        conds["overdue"].label("overdue"),
                        conds["due_today"].label("due_today"),
                        conds["yellow"].label("yellow"),
                    )
                )
            }
            for i, (cal, accepted, promised, spans, th) in enumerate(records):
                if day < accepted:
                    continue
                clock = case_clock_from_record(
                    cal, accepted, promised, spans, on=day, thresholds=th
                )
                row = got[i]
                assert row.colour == clock.level.value, (i, day)
                assert bool(row.yellow) == (clock.level.value == "yellow")
                assert bool(row.overdue) == clock.overdue, (i, day)
                assert bool(row.due_today) == (clock.due_date == day), (i, day)


@pytest.fixture(scope="module")
def sqlite_engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    meta.create_all(engine)
    yield engine
    engine.dispose()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_sql_colours_equal_the_clock_on_sqlite(sqlite_engine: Engine, data: st.DataObject) -> None:
    drawn = _Drawn(data)
    _check(sqlite_engine, [_record(drawn) for _ in range(3)])


@pytest.mark.postgres
def test_sql_colours_equal_the_clock_on_postgresql(pg_database: Any) -> None:
    engine = create_engine(pg_database.url)
    try:
        meta.create_all(engine)
        rnd = random.Random(16)
        _check(engine, [_record(rnd) for _ in range(300)])
    finally:
        engine.dispose()
