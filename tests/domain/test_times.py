from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from desktop.domain.times import as_utc


def test_naive_is_taken_as_utc_and_aware_is_converted() -> None:
    naive = datetime(2026, 12, 5, 8, 30)
    assert as_utc(naive) == datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    assert as_utc(naive).tzinfo is UTC
    beijing = datetime(2026, 12, 5, 16, 30, tzinfo=timezone(timedelta(hours=8)))
    converted = as_utc(beijing)
    assert converted.tzinfo is UTC and converted.hour == 8
    assert as_utc(None) is None
