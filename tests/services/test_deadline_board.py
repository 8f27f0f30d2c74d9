"""The deadline board in SQL (issue 16) and the case clock as stored dates: after every kind
of change — acceptance on different days, a special procedure started and ended, a return
for correction, decisions, a calendar edit — the board's colours are the case clock's, and
recomputing every case from its record changes nothing (the template kept them right)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.config.paths import AppPaths
from desktop.config.settings import DeadlineSettings, Settings
from desktop.demo.cases import create_demo_cases
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.domain.cases import CaseEvent, CaseState, PauseKind
from desktop.domain.deadlines import BoardFilter
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.workcalendar import DayKind
from desktop.persistence.database import Database
from desktop.services.cases import tables as t
from desktop.services.hall import Hall

SUPERVISOR = Principal.of("supervisor", "值班长", [Role.SUPERVISOR])
ADMIN = Principal.of("admin", "机房", [Role.ADMINISTRATOR])
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK])
POLICE = Principal.of("approver-police", "审批 #1", [Role.APPROVER], departments=["police"])
TODAY = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday, 10:00 in the hall


class Clock:
    def __init__(self) -> None:
        self.now = TODAY

    def __call__(self) -> datetime:
        return self.now


def _hall(db: Database, app_home: AppPaths, clock: Clock, settings: Settings) -> Hall:
    seed_registry(db, persons=300, random_seed=5)
    ensure_demo_users(db)
    return Hall(db, app_home, settings, now=clock)


def _busy_hall(db: Database, app_home: AppPaths, settings: Settings) -> tuple[Hall, Clock]:
    """Cases accepted over the last four weeks, some paused, resumed, returned, decided."""
    clock = Clock()
    hall = _hall(db, app_home, clock, settings)
    for seed, days_back in enumerate((27, 21, 17, 14, 10, 6, 3, 0)):
        clock.now = TODAY - timedelta(days=days_back)
        made = create_demo_cases(hall, 3, random_seed=seed)
        assert made.numbers
        if days_back == 17:
            clock.now += timedelta(days=1)
            hall.cases.pause_clock(SUPERVISOR, made.numbers[0], PauseKind.HEARING, "听证")
            clock.now += timedelta(days=4)
            hall.cases.resume_clock(SUPERVISOR, made.numbers[0])
        if days_back == 10:  # stays paused
            clock.now += timedelta(days=2)
            hall.cases.pause_clock(SUPERVISOR, made.numbers[1], PauseKind.INSPECTION, "勘查")
        if days_back == 6:  # a rejection ends one case
            case = hall.cases.detail(SUPERVISOR, made.numbers[0])
            task = case.tasks[0]
            approver = Principal.of(
                "approver", "审批 #9", [Role.APPROVER], departments=[task.department_code]
            )
            hall.cases.claim(approver, task.id)
            hall.cases.decide(approver, task.id, CaseEvent.REJECT, "不符合条件")
    clock.now = TODAY
    return hall, clock


def _check_agrees(hall: Hall) -> None:
    """Every open case: the board's colour, overdue flag and days left are the clock's."""
    summaries = {
        s.number: s
        for s in hall.cases.list_cases(SUPERVISOR, limit=1000)
        if s.state.value not in ("issued", "rejected", "refused", "withdrawn", "terminated")
    }
    board = hall.deadlines.deadline_board(SUPERVISOR, show=BoardFilter.RUNNING, limit=500)
    paused = hall.deadlines.deadline_board(SUPERVISOR, show=BoardFilter.PAUSED, limit=500)
    shown = {c.case_number: c for c in board.cases + paused.cases}
    with_dates = {n for n, s in summaries.items() if s.promised_date is not None}
    assert set(shown) == with_dates
    for number, row in shown.items():
        s = summaries[number]
        if s.paused:
            assert row.paused and row.colour is None
            continue
        assert row.colour is not None and row.colour.value == s.warning, number
        assert row.days_left == s.remaining_working_days, number
        assert row.overdue == (
            s.remaining_working_days is not None and s.remaining_working_days < 0
        )
    totals = board.totals
    expected = {
        "yellow": sum(1 for s in summaries.values() if s.warning == "yellow" and not s.paused),
        "red": sum(1 for s in summaries.values() if s.warning == "red" and not s.paused),
        "paused": sum(1 for s in summaries.values() if s.paused),
    }
    assert (totals.yellow, totals.red, totals.paused) == (
        expected["yellow"],
        expected["red"],
        expected["paused"],
    )
    assert totals.running == totals.normal + totals.yellow + totals.red == len(board.cases)
    # what the template wrote is what the record gives: recomputing changes nothing
    assert hall.cases.recompute_deadlines() == 0


@pytest.mark.parametrize(
    "deadlines",
    [
        DeadlineSettings(),
        DeadlineSettings(yellow_remaining_days=4, red_remaining_days=0, yellow_percent=40),
    ],
)
def test_board_colours_are_the_case_clocks(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object, deadlines: DeadlineSettings
) -> None:
    hall, clock = _busy_hall(sqlite_db, app_home, Settings(deadlines=deadlines))
    board = hall.deadlines.deadline_board(SUPERVISOR)
    assert board.totals.red and board.totals.yellow and board.totals.paused and board.totals.normal
    _check_agrees(hall)
    # the days pass: the stored dates still agree
    for days in (1, 3, 8):
        clock.now = TODAY + timedelta(days=days)
        _check_agrees(hall)


def test_board_on_postgresql(pg_db: Database, app_home: AppPaths, memory_keyring: object) -> None:
    hall, _ = _busy_hall(pg_db, app_home, Settings())
    _check_agrees(hall)


def test_a_calendar_edit_moves_the_open_cases_dates(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    hall, _ = _busy_hall(sqlite_db, app_home, Settings())
    before = _dates(sqlite_db)
    # the hall closes for the rest of the week: fewer working days are left before the
    # promised dates (the record's anchor), so the clocks turn yellow and red sooner
    for d in (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)):
        hall.calendar.set_day(d, DayKind.HOLIDAY, "闭厅", ADMIN)
    after = _dates(sqlite_db)
    moved = [n for n in after if after[n] != before[n]]
    assert moved
    assert all(after[n][1] <= before[n][1] for n in moved if after[n][1] and before[n][1])
    _check_agrees(hall)
    hall.calendar.clear_day(date(2026, 11, 26), ADMIN)
    _check_agrees(hall)


def test_filters_drill_down_and_permission(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    hall, _ = _busy_hall(sqlite_db, app_home, Settings())
    board = hall.deadlines
    everything = board.deadline_board(SUPERVISOR)
    group = everything.groups[0]
    narrowed = board.deadline_board(SUPERVISOR, matter=group.matter_code, window=group.window)
    assert narrowed.groups == (group,)
    assert narrowed.totals == group.counts
    red = board.deadline_board(SUPERVISOR, show=BoardFilter.RED, limit=2)
    assert red.total == everything.totals.red
    assert len(red.cases) == min(2, red.total)
    assert all(c.colour is not None and c.colour.value == "red" for c in red.cases)
    dues = [c.due_on for c in red.cases]
    assert dues == sorted(dues)  # type: ignore[type-var]
    second = board.deadline_board(SUPERVISOR, show=BoardFilter.RED, limit=2, offset=2)
    assert not {c.case_number for c in second.cases} & {c.case_number for c in red.cases}
    police = board.deadline_board(SUPERVISOR, department="police", show=BoardFilter.RUNNING)
    assert 0 < police.totals.running <= everything.totals.running
    assert board.deadline_board(SUPERVISOR, department="nobody").totals.running == 0
    for who in (CLERK, POLICE):
        with pytest.raises(PermissionDenied):
            board.deadline_board(who)


def _dates(db: Database) -> dict[str, tuple[date | None, ...]]:
    c = t.cases.c
    with db.engine.connect() as conn:
        return {
            r.number: (r.due_on, r.yellow_on, r.red_on, r.overdue_on)
            for r in conn.execute(
                select(c.number, c.due_on, c.yellow_on, c.red_on, c.overdue_on).where(
                    c.state.not_in([CaseState.ISSUED.value, CaseState.REJECTED.value])
                )
            )
        }


def test_recompute_never_overwrites_a_change_committed_meanwhile(
    pg_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    """PostgreSQL: a recompute reads a case, a transition on another connection pauses it and
    commits, then the recompute would write the dates it computed from what it read — its
    UPDATE checks the version, so the paused case keeps no dates."""
    clock = Clock()
    hall = _hall(pg_db, app_home, clock, Settings())
    clock.now = TODAY - timedelta(days=10)
    number = create_demo_cases(hall, 2).numbers[0]
    clock.now = TODAY
    c = t.cases.c
    with pg_db.engine.begin() as conn:  # its dates drifted (written by hand): recompute fixes
        conn.execute(
            t.cases.update()
            .where(c.number == number)
            .values(due_on=date(2027, 1, 1), yellow_on=date(2027, 1, 1))
        )
        first_id = conn.execute(select(c.id).order_by(c.id).limit(1)).scalar_one()
        assert conn.execute(select(c.number).where(c.id == first_id)).scalar_one() == number
    clock_ = hall.cases._clock
    real = clock_.deadline_values
    calls = []

    def meanwhile(*args: object, **kwargs: object) -> dict[str, date | None]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:  # the first case read: another station pauses it now
            hall.cases.pause_clock(SUPERVISOR, number, PauseKind.HEARING, "听证")
        return found

    clock_.deadline_values = meanwhile  # type: ignore[method-assign]
    try:
        hall.cases.recompute_deadlines()
    finally:
        clock_.deadline_values = real  # type: ignore[method-assign]
    assert _dates(pg_db)[number] == (None, None, None, None)
    assert hall.cases.recompute_deadlines() == 0
