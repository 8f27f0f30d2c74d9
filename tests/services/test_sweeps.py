"""The daily sweeps (issue 16) as a service: one run terminates the overdue 容缺 case,
releases the lapsed claim, fails the stuck print job and snapshots the deadline board; a second
run does nothing new; a run finding the lock held does nothing at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text, update

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.cases import create_demo_cases
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.domain.cases import CaseState
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.persistence.database import Database
from desktop.persistence.models import DeadlineSnapshot, PrintJob, SweepLock
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall
from desktop.services.print_queue import JobStatus
from desktop.services.sweeps import SweepService
from services.test_window_desk import (  # type: ignore[import-not-found]
    CLERK,
    _card_of,
    _values,
)

SUPERVISOR = Principal.of("supervisor", "值班长", [Role.SUPERVISOR])


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in the hall

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hall(sqlite_db: Database, app_home: AppPaths, memory_keyring: object, clock: Clock) -> Hall:
    seed_registry(sqlite_db, persons=300, random_seed=5)
    ensure_demo_users(sqlite_db)
    return Hall(sqlite_db, app_home, Settings(), now=clock)


def _owing_case(hall: Hall) -> str:
    """A residence permit accepted with 容缺 (the employment proof owed)."""
    desk = WindowDesk(hall)
    zz = hall.catalog.by_category("ZZ").code
    visit = desk.open_visit(CLERK, _card_of(hall.db, "dp.role = 'tenant'"), matter_codes=[zz])
    marked = {
        "id_document": MaterialStatus.RECEIVED,
        "photo_receipt": MaterialStatus.RECEIVED,
        "registration_slip": MaterialStatus.RECEIVED,
    }
    values = _values(visit, zz, basis="job", phone="13800138000")
    out = desk.submit(CLERK, visit, zz, values, marked, promise_signed=True)
    assert out.case.supplement_deadline is not None
    return str(out.case.number)


def _audit_count(hall: Hall, action: str) -> int:
    with hall.db.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM audit_events WHERE action = :a"), {"a": action}
            ).scalar_one()
        )


def test_one_run_does_every_step_and_a_second_nothing_new(hall: Hall, clock: Clock) -> None:
    number = _owing_case(hall)
    deadline = hall.cases.detail(SUPERVISOR, number).supplement_deadline
    assert deadline is not None
    create_demo_cases(hall, 3)
    task = next(t for t in hall.cases.review_queue(SUPERVISOR) if t.case_number != number)
    approver = Principal.of("a1", "审批", [Role.APPROVER], departments=[task.department_code])
    hall.cases.claim(approver, task.id)
    job = hall.print_queue.jobs(CLERK.station)[0]
    hall.print_queue.mark_printing(job)
    with hall.db.engine.begin() as conn:  # the printer hung at 08:00
        conn.execute(
            update(PrintJob)
            .where(PrintJob.id == job.id)
            .values(updated_at=clock.now - timedelta(hours=2))
        )
    clock.now += timedelta(minutes=45)  # the claim (30 minutes) lapsed
    day = deadline + timedelta(days=1)

    report = SweepService(hall).run(SUPERVISOR, day=day)

    assert report.status == "done", report
    steps = {s.name: s for s in report.steps}
    assert steps["terminate_overdue"].detail["terminated"] == [number]
    assert hall.cases.detail(SUPERVISOR, number).state is CaseState.TERMINATED
    assert steps["release_claims"].detail["released"] == 1
    assert steps["print_jobs"].detail["failed"] == [job.id]
    failed = hall.print_queue.get(job.id)
    assert failed.status is JobStatus.FAILED and failed.last_error_code == "print.stuck"
    snap = steps["snapshot"].detail
    assert snap["taken"] is True
    board = hall.deadlines.deadline_board(SUPERVISOR, day=day)
    assert snap["running"] == board.totals.running > 0
    assert snap["red"] == board.totals.red
    with hall.db.engine.connect() as conn:
        rows = conn.execute(select(DeadlineSnapshot).where(DeadlineSnapshot.day == day)).all()
    assert len(rows) == len(board.groups) + 1  # the groups and the totals row
    assert _audit_count(hall, "sweep.run") == 1

    again = SweepService(hall).run(SUPERVISOR, day=day)
    assert again.status == "done"
    steps = {s.name: s for s in again.steps}
    assert steps["terminate_overdue"].detail["terminated"] == []
    assert steps["release_claims"].detail["released"] == 0
    assert steps["print_jobs"].detail["failed"] == []
    assert steps["snapshot"].detail == {"taken": False, "already_taken": True}
    assert steps["deadlines"].detail == {"changed": 0}
    assert _audit_count(hall, "sweep.run") == 2
    assert again.as_json()["steps"]["snapshot"]["ok"] is True


def test_a_held_lock_means_nothing_is_done(hall: Hall, clock: Clock) -> None:
    with hall.db.engine.begin() as conn:
        conn.execute(
            insert(SweepLock).values(
                name="daily",
                holder="station-7 (running)",
                taken_at=clock.now,
                expires_at=clock.now + timedelta(hours=1),
            )
        )
    report = SweepService(hall).run(SUPERVISOR)
    assert report.status == "already_running" and report.steps == ()
    assert report.holder == "station-7 (running)"
    assert _audit_count(hall, "sweep.run") == 0
    with hall.db.engine.connect() as conn:
        assert conn.execute(select(DeadlineSnapshot)).first() is None

    clock.now += timedelta(hours=3)  # the holder crashed: its row is stale and taken over
    assert SweepService(hall).run(SUPERVISOR).status == "done"
    with hall.db.engine.connect() as conn:
        assert conn.execute(select(SweepLock)).first() is None  # released after the run


def test_only_a_supervisor_runs_it(hall: Hall) -> None:
    with pytest.raises(PermissionDenied):
        SweepService(hall).run(CLERK)
    assert _audit_count(hall, "auth.denied") == 1
