"""A review station names itself the review desk, not a service window (issue 13)."""

from __future__ import annotations

from desktop.config.settings import REVIEW_STATION_NAME, StationSettings


def test_an_unconfigured_review_station_is_the_review_desk_without_a_window_number() -> None:
    station = StationSettings(kind="review")
    assert station.shown_name() == REVIEW_STATION_NAME
    assert station.shown_window_number() is None
    assert station.audit_label() == f"{REVIEW_STATION_NAME} #1"
    # a window's settings running the review scene: the kind it runs as decides
    window = StationSettings()
    assert window.shown_name("review") == REVIEW_STATION_NAME
    assert window.shown_name() == "综合受理窗口" and window.shown_window_number() == 1


def test_a_named_review_station_keeps_its_name() -> None:
    station = StationSettings(name="公安分局审批科", kind="review", window_number=2)
    assert station.shown_name() == "公安分局审批科"
    assert station.audit_label() == "公安分局审批科 #2"
