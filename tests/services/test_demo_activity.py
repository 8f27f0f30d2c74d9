"""``demo activity``: days of a small hall's work through the real services, deterministic for a
seed, only on a synthetic registry; the dashboard counts what it did."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.activity import DemoActivityError, fill_activity, recent_cases
from desktop.demo.seeding import seed_registry
from desktop.domain.oversight import Dashboard, Period
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database, open_database
from desktop.services.hall import Hall
from desktop.services.keying import attach_hall_secret
from desktop.services.oversight import for_hall
from desktop.services.secrets import StationKeys

#: Friday 4 December 2026, 15:00 in the hall: the last of three working days (Wed–Fri).
NOW = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])


def _hall(db: Database, paths: AppPaths) -> Hall:
    return Hall(db, paths, Settings(), now=lambda: NOW)


def _run(db: Database, paths: AppPaths) -> tuple[object, Dashboard]:
    seed_registry(db, persons=300, random_seed=5)
    hall = _hall(db, paths)
    done = fill_activity(hall, 3, random_seed=11)
    return done, for_hall(hall).dashboard(SUPERVISOR, Period.ending(hall.today(), 3))


def _figures(board: Dashboard) -> tuple[object, ...]:
    return (board.totals, board.by_matter, board.by_window, board.daily, board.ratings_by_matter)


def test_three_days_of_activity_are_what_the_dashboard_counts(
    sqlite_db: Database, app_home: AppPaths, tmp_path: Path
) -> None:
    done, board = _run(sqlite_db, app_home)
    assert done.days == 3  # type: ignore[attr-defined]
    assert done.accepted >= 30 and done.tickets >= done.accepted  # type: ignore[attr-defined]
    assert board.totals.accepted == done.accepted  # type: ignore[attr-defined]
    assert board.totals.refused == done.refused  # type: ignore[attr-defined]
    assert board.totals.issued == done.issued  # type: ignore[attr-defined]
    assert sum(r.ratings for r in board.ratings_by_matter) == done.ratings  # type: ignore[attr-defined]
    assert len(board.by_window) >= 3  # several windows took cases
    assert board.departments and sum(d.decided_in_period for d in board.departments) > 0
    assert board.queue is not None and board.queue.taken > 0
    assert recent_cases(_hall(sqlite_db, app_home), Period.ending(NOW.date(), 3).first) == (
        done.accepted + done.refused  # type: ignore[attr-defined]
    )

    # The same seed on another synthetic registry gives the same hall.
    other_paths = AppPaths(
        config_dir=tmp_path / "o" / "config",
        data_dir=tmp_path / "o" / "data",
        log_dir=tmp_path / "o" / "logs",
        archive_dir=tmp_path / "o" / "archive",
    ).ensure()
    other = open_database(other_paths)
    attach_hall_secret(other.engine, StationKeys(other_paths), eager=True)
    try:
        again, board_again = _run(other, other_paths)
    finally:
        other.dispose()
    assert again == done
    assert _figures(board_again) == _figures(board)


def test_activity_is_refused_outside_a_synthetic_registry(
    sqlite_db: Database, app_home: AppPaths
) -> None:
    with pytest.raises(DemoActivityError):
        fill_activity(_hall(sqlite_db, app_home), 2)
    assert recent_cases(_hall(sqlite_db, app_home), NOW.date()) == 0
