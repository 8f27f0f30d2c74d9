"""The hall's calendar: overrides persisted, the cached calendar refreshed, every edit audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from desktop.config.settings import DeadlineSettings
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.workcalendar import CalendarError, DayKind, DaySource, WarningLevel
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, CalendarDay
from desktop.services.audit import verify_chain
from desktop.services.calendar import (
    CalendarService,
    hall_calendar_available,
    thresholds_from_settings,
)

ACTOR = Principal.of("admin01", "后台", [Role.ADMINISTRATOR])
CLERK = Principal.of("clerk01", "窗口1", [Role.CLERK])
SPRING_SATURDAY = date(2026, 2, 14)  # national: swapped working day


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_db")
    else:
        yield request.getfixturevalue("pg_db")


def _events(db: Database) -> list[AuditEvent]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_set_day_persists_audits_and_refreshes_the_calendar(db: Database) -> None:
    service = CalendarService(db)
    assert hall_calendar_available(db)
    cal = service.calendar()
    assert cal.is_working_day(SPRING_SATURDAY) and service.calendar() is cal  # cached

    o = service.set_day(SPRING_SATURDAY, "holiday", "  本厅  闭厅 ", ACTOR)
    assert (o.kind, o.name, o.changed_by) == (DayKind.HOLIDAY, "本厅 闭厅", "admin01")
    assert not service.calendar().is_working_day(SPRING_SATURDAY)  # refreshed at once
    assert service.calendar().status(SPRING_SATURDAY).source is DaySource.HALL
    assert service.calendar().add_working_days(date(2026, 2, 13), 1).day == date(2026, 2, 24)

    [stored] = service.overrides()
    assert stored.day == SPRING_SATURDAY and stored.kind is DayKind.HOLIDAY
    assert stored.changed_at.tzinfo is not None

    [event] = _events(db)
    assert (event.action, event.subject, event.actor) == (
        "calendar.set_day",
        "calendar:2026-02-14",
        "admin01",
    )
    assert event.detail["kind"] == "holiday" and event.detail["previous"] is None
    assert event.detail["national"] == {"kind": "workday", "name": "春节"}


def test_replacing_and_clearing_an_override(db: Database) -> None:
    service = CalendarService(db)
    day = date(2026, 10, 5)  # national holiday
    service.set_day(day, DayKind.WORKDAY, "值班", ACTOR)
    service.set_day(day, DayKind.WORKDAY, "全天值班", ACTOR)
    assert [o.name for o in service.overrides()] == ["全天值班"]
    assert service.calendar().is_working_day(day)

    service.clear_day(day, ACTOR)
    assert service.overrides() == []
    assert not service.calendar().is_working_day(day)

    events = _events(db)
    assert [e.action for e in events] == [
        "calendar.set_day",
        "calendar.set_day",
        "calendar.clear_day",
    ]
    assert events[1].detail["previous"] == {"kind": "workday", "name": "值班"}
    assert events[2].detail["previous"] == {"kind": "workday", "name": "全天值班"}
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok


@pytest.mark.parametrize(
    ("kind", "name", "code"),
    [
        ("weekend", "x", "calendar.bad_kind"),
        ("holiday", "   ", "calendar.name_required"),
        ("holiday", "长" * 101, "calendar.name_too_long"),
    ],
)
def test_bad_edits_change_nothing(db: Database, kind: str, name: str, code: str) -> None:
    service = CalendarService(db)
    with pytest.raises(CalendarError) as e:
        service.set_day(date(2026, 3, 4), kind, name, ACTOR)
    assert e.value.code == code and e.value.message_zh
    assert service.overrides() == [] and _events(db) == []


def test_a_clerk_may_not_edit_the_calendar_and_the_refusal_is_audited(db: Database) -> None:
    service = CalendarService(db)
    service.set_day(date(2026, 3, 4), "holiday", "区级节日", ACTOR)
    before = service.overrides()
    with pytest.raises(PermissionDenied):
        service.set_day(date(2026, 3, 5), "holiday", "x", CLERK)
    with pytest.raises(PermissionDenied):
        service.clear_day(date(2026, 3, 4), CLERK)
    assert service.overrides() == before
    assert not service.calendar().is_working_day(date(2026, 3, 4))
    assert service.calendar().is_working_day(date(2026, 3, 5))
    events = _events(db)
    assert [(e.action, e.subject, e.actor) for e in events] == [
        ("calendar.set_day", "calendar:2026-03-04", "admin01"),
        ("auth.denied", "calendar:2026-03-05", "clerk01"),
        ("auth.denied", "calendar:2026-03-04", "clerk01"),
    ]
    assert {e.detail["permission"] for e in events[1:]} == {"calendar.edit"}
    with db.engine.connect() as conn:
        assert verify_chain(conn).ok


def test_clearing_a_day_without_override_is_an_error(db: Database) -> None:
    with pytest.raises(CalendarError) as e:
        CalendarService(db).clear_day(date(2026, 3, 4), ACTOR)
    assert e.value.code == "calendar.not_overridden"
    assert _events(db) == []


def test_an_edit_that_fails_to_audit_is_rolled_back(db: Database) -> None:
    with pytest.raises(Exception, match="purpose"):
        CalendarService(db).set_day(date(2026, 3, 4), "holiday", "x", ACTOR, purpose=" ")
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(CalendarDay)) == 0


def test_other_stations_edits_arrive_after_max_age_or_refresh(db: Database) -> None:
    day = date(2026, 3, 4)
    cached = CalendarService(db, max_age_s=3600)
    expiring = CalendarService(db, max_age_s=0)  # every read is past the cache's age
    for service in (cached, expiring):
        assert service.calendar().is_working_day(day)  # loaded (and cached) before the edit
    CalendarService(db).set_day(day, "holiday", "区级节日", ACTOR)  # another station
    assert cached.calendar().is_working_day(day)  # still the cached calendar
    assert not expiring.calendar().is_working_day(day)  # past max_age: re-read
    assert not cached.refresh().is_working_day(day)
    assert not cached.calendar().is_working_day(day)


def test_thresholds_from_settings() -> None:
    t = thresholds_from_settings(
        DeadlineSettings(yellow_remaining_days=4, red_remaining_days=0, yellow_percent=10)
    )
    assert t.level(4, 100) is WarningLevel.YELLOW and t.level(0, 100) is WarningLevel.RED
    assert t.level(10, 100) is WarningLevel.YELLOW and t.level(11, 100) is WarningLevel.NORMAL
    assert thresholds_from_settings(DeadlineSettings()).level(2, 20) is WarningLevel.YELLOW


def test_set_day_records_the_time(db: Database) -> None:
    moment = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    o = CalendarService(db, now=lambda: moment).set_day(date(2026, 3, 4), "holiday", "x", ACTOR)
    assert o.changed_at == moment
    [stored] = CalendarService(db).overrides()
    assert stored.changed_at == moment
