"""Deadline warnings from the hall's calendar: normal, yellow near the limit, red when overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from registry_cards import registry_card

from desktop.config.paths import AppPaths
from desktop.config.settings import DeadlineSettings, Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.permissions import Principal, Role
from desktop.domain.visit import Outcome
from desktop.domain.workcalendar import DayKind
from desktop.persistence.database import Database
from desktop.services.desk import WindowDesk
from desktop.services.hall import Hall

CLERK = Principal.of("clerk", "窗口 #1", [Role.CLERK])


def _accept_legal_aid(hall: Hall, db: Database) -> Outcome:
    """A legal-aid case (7 working days) accepted at the window for the registry's first
    citizen, on the hall's clock."""
    card = registry_card(
        db,
        "SELECT name, sex, birth_date, id_number, household_address FROM persons "
        "WHERE id_type = 'citizen' ORDER BY id LIMIT 1",
    )
    desk = WindowDesk(hall)
    fy = hall.catalog.by_category("FY")
    visit = desk.open_visit(CLERK, card, matter_codes=[fy.code])
    values = {
        **visit.for_matter(fy.code).as_strings(),
        "address": "深圳市宝安区某路1号",
        "case_type": "wages",
        "other_party": "某某公司",
        "facts": "拖欠工资三个月，共计一万二千元。",
        "phone": "13800138000",
    }
    marked = {m.code: MaterialStatus.RECEIVED for m in fy.materials}
    return desk.submit(CLERK, visit, fy.code, values, marked)


def test_warning_levels_follow_the_working_day_calendar(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    seed_registry(sqlite_db, persons=300, random_seed=3)
    clock = [datetime(2026, 11, 23, 2, 0, tzinfo=UTC)]  # Monday 10:00 in the hall (UTC+8)
    settings = Settings(deadlines=DeadlineSettings(yellow_remaining_days=2, red_remaining_days=-1))
    hall = Hall(sqlite_db, app_home, settings, now=lambda: clock[0])
    out = _accept_legal_aid(hall, sqlite_db)
    number = out.number
    # 7 working days after Monday 2026-11-23: Wednesday 2026-12-02
    assert out.case.summary.promised_date == date(2026, 12, 2)
    assert out.case.summary.warning == "normal"
    clock[0] = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday: 2 working days left
    summary = hall.cases.detail(CLERK, number).summary
    assert summary.remaining_working_days == 2 and summary.warning == "yellow"
    clock[0] = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # the day after the promised date
    summary = hall.cases.detail(CLERK, number).summary
    assert summary.remaining_working_days == -1 and summary.warning == "red"


@pytest.mark.parametrize("red", [0, 5])
def test_thresholds_are_checked_by_the_settings(red: int) -> None:
    from desktop.config.settings import SettingsError, settings_from_mapping

    if red >= 2:
        with pytest.raises(SettingsError):
            settings_from_mapping({"deadlines": {"red_remaining_days": red}})
    else:
        assert settings_from_mapping({"deadlines": {"red_remaining_days": red}}).deadlines


def test_a_holiday_added_after_acceptance_counts_at_once(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    """The case clock is remembered per calendar snapshot: an edit is a new snapshot."""
    seed_registry(sqlite_db, persons=300, random_seed=3)
    clock = [datetime(2026, 11, 23, 2, 0, tzinfo=UTC)]  # Monday 10:00 in the hall (UTC+8)
    hall = Hall(sqlite_db, app_home, Settings(), now=lambda: clock[0])
    number = _accept_legal_aid(hall, sqlite_db).number
    clock[0] = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday: 2 working days left
    assert hall.cases.detail(CLERK, number).summary.remaining_working_days == 2
    admin = Principal.of("admin", "窗口 #1", [Role.ADMINISTRATOR])
    hall.calendar.set_day(date(2026, 12, 1), DayKind.HOLIDAY, "本地假日", admin)
    summary = hall.cases.detail(CLERK, number).summary
    assert summary.remaining_working_days == 1 and summary.warning == "yellow"
