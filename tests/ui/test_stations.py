"""Stations: a station kind picks its windows; the composition root gives the clerk's station its
configuration and services; nothing of the database is loaded on the way to the sign-in."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.app import RegistryConnection
from desktop.config.paths import AppPaths
from desktop.config.settings import PrintingSettings, SecuritySettings, Settings, StationSettings
from ui.main_window import MainWindow
from ui.stations import STATIONS, builder_for
from ui.stations.clerk import ClerkSession

ROOT = Path(__file__).resolve().parents[2]


def test_the_station_and_the_composition_root_load_no_database_code() -> None:
    probe = (
        "import sys, desktop.app, ui.stations, ui.stations.clerk\n"
        "heavy = ('sqlalchemy', 'alembic', 'desktop.persistence', 'desktop.services.hall',"
        " 'desktop.services.desk', 'desktop.demo', 'argon2', 'reportlab')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_a_service_window_is_the_clerks_station_and_unbuilt_kinds_fall_back_to_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert {"window", "review", "kiosk", "display"} <= set(STATIONS)
    assert builder_for("window") is STATIONS["window"]
    assert builder_for("review") is STATIONS["review"]
    assert builder_for("kiosk") is STATIONS["kiosk"]
    with caplog.at_level(logging.WARNING, logger="ui.stations"):
        assert builder_for("no-such-kind") is STATIONS["window"]
    assert "no 'no-such-kind' station yet" in caplog.text


def test_the_clerks_station_gets_its_configuration_from_the_composition_root(
    qtbot,
    qapp: QApplication,
    app_home: AppPaths,  # type: ignore[no-untyped-def]
) -> None:
    settings = replace(
        Settings(),
        station=StationSettings(name="综合受理窗口", window_number=3),
        security=SecuritySettings(idle_lock_minutes=7),
    )
    connection = RegistryConnection(app_home, settings)
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    session = builder_for("window")(window, connection, language="zh_CN")
    assert isinstance(session, ClerkSession)
    assert session.config.station == "综合受理窗口 #3"
    assert session.config.idle_lock_minutes == 7
    assert session.config.pdf_dir == app_home.data_dir / "printed"
    assert session.local_draft_file == app_home.data_dir / "local-draft.json"
    assert session.hall is None  # the services come once the database is open
    printing = replace(settings, printing=PrintingSettings(pdf_output_dir="/srv/pdf"))
    assert RegistryConnection(app_home, printing).clerk_config().pdf_dir == Path("/srv/pdf")


def test_the_review_station_gets_its_configuration_from_the_composition_root(
    qtbot,
    qapp: QApplication,
    app_home: AppPaths,  # type: ignore[no-untyped-def]
) -> None:
    from ui.stations.review import ReviewSession

    settings = replace(
        Settings(),
        station=StationSettings(name="后台审批", kind="review"),
        security=SecuritySettings(idle_lock_minutes=5),
    )
    connection = RegistryConnection(app_home, settings)
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    session = builder_for("review")(window, connection, language="zh_CN")
    assert isinstance(session, ReviewSession)
    assert session.config.station.startswith("后台审批")
    assert session.config.idle_lock_minutes == 5
    assert session.config.desk_name == "后台审批"  # the header names the desk so
    unnamed = replace(settings, station=StationSettings(kind="review"))
    assert RegistryConnection(app_home, unnamed).review_config().desk_name == ""
    assert session.desk is None and session.page is None  # services once the database is open


def test_a_reception_desk_is_a_window_station_in_reception_mode(
    qtbot,
    qapp: QApplication,
    app_home: AppPaths,  # type: ignore[no-untyped-def]
) -> None:
    """``[station] mode = "reception"``: after sign-in the clerk's window shows the reception
    page (tickets, booking check-in) instead of the desk, and card reads go to it."""
    from types import SimpleNamespace

    from test_reception import Card, FakeQueue, FakeSource  # type: ignore[import-not-found]

    from desktop.config.settings import SettingsError, load_settings
    from desktop.domain.permissions import Principal, Role
    from ui.clerk.reception import ReceptionPage

    settings = replace(Settings(), station=StationSettings(mode="reception"))
    connection = RegistryConnection(app_home, settings)
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    session = builder_for("window")(window, connection, language="zh_CN")
    assert isinstance(session, ClerkSession) and session.config.mode == "reception"

    class Hall:
        queue = FakeQueue()

    session.hall = Hall()  # type: ignore[assignment]
    source = FakeSource()
    session.services = SimpleNamespace(changes=lambda: source)  # type: ignore[assignment]
    session._install_idle_lock = lambda *_a: None  # type: ignore[method-assign]
    session._open_reception(Principal.of("reception", "导服台", [Role.CLERK]))
    assert isinstance(session.reception, ReceptionPage)
    # The waiting counts follow the station's change feed (one for all its pages).
    assert session.reception.feed is session.feed
    assert session.feed is not None and session.feed.is_running
    session._on_card_read(Card())
    assert session.reception.card is not None
    session.principal = None  # (no sign-out to record: the hall here is a fake)
    session.close()
    assert source.stopped and not session.feed.is_running

    app_home.config_file.write_text('[station]\nmode = "front"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="mode must be one of desk, reception"):
        load_settings(app_home)
