"""The main window with fake status providers, and desktop/app.py's start on an empty home."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import app as app_module
from desktop.config.paths import AppPaths
from desktop.config.settings import ENV_DATABASE_URL
from desktop.persistence.engine import DatabaseError, DatabaseErrorCode
from desktop.services.status import RegistryStatus
from ui.errors import Place, error_text
from ui.i18n import qm_path
from ui.i18n.build import release
from ui.main_window import MainWindow
from ui.panels.header import StationInfo
from ui.texts import PHASE_OPEN, REGISTRY_TABLES

COUNTS = {
    "persons": 20_000,
    "dwellings": 8_123,
    "buildings": 412,
    "standard_addresses": 8_535,
    "units": 1_250,
    "dwelling_parties": 31_004,
    "employments": 12_777,
    "issued_certificates": 1_234_567,
    "audit_events": 3,
}


def make_status(*, synthetic: bool = True, **overrides: Any) -> RegistryStatus:
    fields: dict[str, Any] = {
        "display_url": "sqlite+pysqlite:////srv/onewindow/data/onewindow.sqlite3",
        "backend": "sqlite",
        "embedded": True,
        "revision": "20261123_0001",
        "counts": dict(COUNTS),
        "synthetic": synthetic,
        "seed_info": {"random_seed": "2026"} if synthetic else {},
    }
    fields.update(overrides)
    return RegistryStatus(**fields)


class FakeProvider:
    """Answers with the queued outcomes in turn (a status, or an exception to raise)."""

    def __init__(self, *outcomes: RegistryStatus | BaseException) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self, report: Any) -> RegistryStatus:
        self.calls += 1
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        report(PHASE_OPEN, 0, 0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


@pytest.fixture
def make_window(qtbot):
    def make(provider: Any, **kwargs: Any) -> MainWindow:
        window = MainWindow(provider, **kwargs)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        return window

    return make


@pytest.fixture
def zh_translator(qapp: QApplication) -> Iterator[None]:
    if not qm_path("zh_CN").exists():
        release(["zh_CN"])
    translator = QTranslator()
    assert translator.load(str(qm_path("zh_CN")))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def load(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sig_status_shown, timeout=10_000):
        window.load_status()


# ---- the status view ---------------------------------------------------------------------


def test_counts_are_shown_with_thousands_separators(qtbot, make_window) -> None:
    window = make_window(FakeProvider(make_status()))
    load(qtbot, window)
    panel = window.counts_panel
    assert panel.count_text("persons") == "20,000"
    assert panel.count_text("issued_certificates") == "1,234,567"
    assert panel.count_text("audit_events") == "3"
    assert [panel.label_text(t) for t in REGISTRY_TABLES] == [
        "Persons",
        "Dwellings",
        "Buildings",
        "Standard addresses",
        "Units (employers)",
        "Dwelling relations",
        "Employments",
        "Certificates",
        "Audit events",
    ]
    count_item = panel.table.item(0, 1)
    assert count_item.textAlignment() & Qt.AlignmentFlag.AlignRight
    assert window.pages.currentWidget() is window.status_page
    assert window.status == make_status()


def test_estimated_counts_are_marked_and_explained(qtbot, make_window, zh_translator) -> None:
    status = make_status(estimated=frozenset({"persons"}))
    window = make_window(FakeProvider(status))
    load(qtbot, window)
    panel = window.counts_panel
    assert panel.count_text("persons") == "≈ 20,000"
    assert panel.count_text("audit_events") == "3"  # counted exactly: no mark
    row = panel._rows["persons"]
    assert panel.table.item(row, 1).toolTip().startswith("估计值")
    assert panel.table.item(panel._rows["audit_events"], 1).toolTip() == ""


def test_the_database_panel_names_the_active_database(qtbot, make_window) -> None:
    window = make_window(FakeProvider(make_status()))
    load(qtbot, window)
    panel = window.database_panel
    assert panel.url_label.text() == "sqlite+pysqlite:////srv/onewindow/data/onewindow.sqlite3"
    assert "embedded" in panel.kind_label.text()
    assert panel.revision_label.text() == "20261123_0001"
    assert "2026" in panel.data_label.text()


def test_a_shared_postgresql_database_is_named_as_such(qtbot, make_window) -> None:
    status = make_status(
        synthetic=False,
        display_url="postgresql+psycopg://onewindow:***@db.hall.local:5432/onewindow",
        backend="postgresql",
        embedded=False,
    )
    window = make_window(FakeProvider(status))
    load(qtbot, window)
    assert "***" in window.database_panel.url_label.text()
    assert "shared" in window.database_panel.kind_label.text()


def test_the_demo_banner_shows_for_a_synthetic_registry(qtbot, make_window) -> None:
    window = make_window(FakeProvider(make_status(synthetic=True)))
    assert not window.demo_banner.isVisible()  # not before we know
    load(qtbot, window)
    assert window.demo_banner.isVisible()
    assert window.demo_banner.text() == "DEMO DATA · synthetic registry, not real people"


def test_no_demo_banner_for_a_real_registry(qtbot, make_window) -> None:
    window = make_window(FakeProvider(make_status(synthetic=False)))
    load(qtbot, window)
    assert not window.demo_banner.isVisible()
    assert window.database_panel.data_label.text() == "Registry data"


def test_the_window_title_and_station(qtbot, make_window) -> None:
    station = StationInfo(
        hall_name="示范区政务服务中心", station_name="综合受理窗口", window_number=3
    )
    window = make_window(FakeProvider(make_status()), station=station)
    assert window.windowTitle() == "OneWindow 一窗通"
    assert window.header.station_label.text() == "示范区政务服务中心 · 综合受理窗口 · Window 3"


def test_seed_progress_is_shown_while_the_registry_is_created(qtbot, make_window) -> None:
    release_provider = threading.Event()
    reported = threading.Event()

    def provider(report: Any) -> RegistryStatus:
        report("seed.persons", 1_200, 20_000)
        reported.set()
        assert release_provider.wait(10), "the test never released the provider"
        return make_status()

    window = make_window(provider)
    window.load_status()
    try:
        assert window.pages.currentWidget() is window.startup_panel
        qtbot.waitUntil(lambda: window.startup_panel.progress_bar.maximum() == 20_000)
        panel = window.startup_panel
        assert panel.progress_bar.value() == 1_200
        assert panel.step_label.text() == "Persons: 1,200 of 20,000"
        assert "synthetic demo registry" in panel.phase_label.text()
        assert window.is_loading
    finally:
        release_provider.set()
    qtbot.waitUntil(lambda: window.status is not None)
    assert window.pages.currentWidget() is window.status_page


# ---- the error view ----------------------------------------------------------------------


def test_an_error_shows_its_headline_and_retry_asks_the_provider_again(qtbot, make_window) -> None:
    error = DatabaseError(
        DatabaseErrorCode.UNREACHABLE,
        "Cannot reach the database server for postgresql+psycopg://u@db:5432/x: refused.",
    )
    provider = FakeProvider(error, make_status())
    window = make_window(provider)
    with qtbot.waitSignal(window.sig_error_shown, timeout=10_000) as shown:
        window.load_status()
    assert shown.args == ["db.unreachable", str(error)]
    panel = window.error_panel
    assert window.pages.currentWidget() is panel
    assert panel.headline_label.text() == "The database cannot be reached."
    assert "refused" in panel.detail_label.text()
    assert panel.retry_button.isVisible()
    assert panel.retry_button.isEnabled()
    assert not window.demo_banner.isVisible()
    assert provider.calls == 1

    with qtbot.waitSignal(window.sig_status_shown, timeout=10_000):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert provider.calls == 2
    assert window.counts_panel.count_text("persons") == "20,000"


def test_the_error_headline_is_translated(qtbot, make_window, zh_translator) -> None:
    error = DatabaseError(DatabaseErrorCode.NO_PASSWORD, "No password is stored for x.")
    window = make_window(FakeProvider(error))
    with qtbot.waitSignal(window.sig_error_shown, timeout=10_000):
        window.load_status()
    assert window.error_panel.headline_label.text() == "尚未保存该数据库的密码。"
    assert window.error_panel.retry_button.text() == "重试"
    assert window.error_panel.detail_label.text() == "No password is stored for x."


def _view_entries(window: MainWindow) -> list[str]:
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    return [a.text() for m in menus for a in m.actions() if a.text()]


@pytest.mark.parametrize(
    ("kind", "entry"),
    [
        ("window", "窗口受理"),
        ("reception", "导服台"),
        ("review", "审批台"),
        ("supervisor", "效能监察"),
    ],
)
def test_the_view_menu_names_the_stations_own_page(
    qtbot, make_window, zh_translator, kind: str, entry: str
) -> None:
    from PySide6.QtWidgets import QLabel

    window = make_window(FakeProvider(make_status()))
    load(qtbot, window)
    page = QLabel("page")
    window.show_desk(page, "someone", kind=kind)
    entries = _view_entries(window)
    assert entries[:2] == [entry, "数据库状态"]
    assert "窗口受理" not in entries[1:] and (kind == "window") == ("窗口受理" in entries)
    window._status_action.trigger()  # away to the status and back by the station's own entry
    assert window.pages.currentWidget() is window.status_page
    window._desk_action.trigger()
    assert window.pages.currentWidget() is page


def test_a_station_that_cannot_start_says_which(qtbot, make_window) -> None:
    window = make_window(FakeProvider(make_status()))
    window.show_desk_error(RuntimeError("boom"), kind="supervisor")
    assert window.statusBar().currentMessage().startswith("Supervision cannot start")


def test_an_unexpected_error_gets_a_general_headline_and_can_be_retried(
    qtbot, make_window, caplog
) -> None:
    provider = FakeProvider(RuntimeError("disk on fire"), make_status())
    window = make_window(provider)
    with (
        caplog.at_level(logging.ERROR, logger="ui.main_window"),
        qtbot.waitSignal(window.sig_error_shown, timeout=10_000) as shown,
    ):
        window.load_status()
    assert shown.args == ["", "disk on fire"]
    assert window.error_panel.headline_label.text() == "OneWindow could not open the registry."
    assert any(r.exc_info for r in caplog.records), "an unexpected error is logged with traceback"
    with qtbot.waitSignal(window.sig_status_shown, timeout=10_000):
        qtbot.mouseClick(window.error_panel.retry_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("code", list(DatabaseErrorCode))
def test_every_database_error_code_has_its_own_headline(code: DatabaseErrorCode) -> None:
    general = error_text(RuntimeError("x"), place=Place.STARTUP)
    assert error_text(DatabaseError(code, "x"), place=Place.STARTUP) not in (general, "x")


# ---- desktop/app.py: the composition root ------------------------------------------------


def _launch(qapp: QApplication, *argv: str) -> app_module.RunningApp:
    running = app_module.launch(app_module.build_parser().parse_args(list(argv)), qapp)
    assert isinstance(running, app_module.RunningApp), f"launch failed with exit code {running}"
    return running


def _write_settings(home: AppPaths, text: str) -> None:
    home.config_file.write_text(text, encoding="utf-8")


try:
    from desktop.demo.seeding import seed_registry  # noqa: F401

    _SEEDING = True
except ImportError:  # being written; the end-to-end start needs it
    _SEEDING = False
needs_seeding = pytest.mark.skipif(not _SEEDING, reason="desktop.demo.seeding is not available yet")


@pytest.mark.slow
@needs_seeding
def test_the_app_starts_on_an_empty_home_and_seeds_a_synthetic_registry(
    qtbot, qapp, app_home: AppPaths, app_state
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 300\n")
    running = _launch(qapp, "--lang", "en")
    try:
        window = running.window
        assert window.isVisible()
        qtbot.waitUntil(lambda: not window.is_loading, timeout=300_000)  # status or error
        assert window.pages.currentWidget() is not window.error_panel, (
            window.error_panel.detail_label.text()
        )
        assert window.counts_panel.count_text("persons") == "300"
        assert window.demo_banner.isVisible()
        assert window.status is not None
        assert window.status.synthetic
        assert window.status.embedded
        assert window.database_panel.url_label.text().endswith("onewindow.sqlite3")
        assert app_home.default_database.exists()
    finally:
        running.close()


@pytest.mark.slow
@needs_seeding
def test_an_interrupted_demo_seeding_is_redone_at_the_next_start(
    qtbot, qapp, app_home: AppPaths, app_state
) -> None:
    from sqlalchemy import text

    from desktop.demo.seeding import seed_registry
    from desktop.persistence.database import open_database

    db = open_database(app_home)
    try:
        seed_registry(db, persons=40)
        with db.begin() as session:  # as if the process died before the seeder finished
            session.execute(
                text("UPDATE registry_meta SET value = 'incomplete' WHERE key = 'status'")
            )
    finally:
        db.dispose()
    _write_settings(app_home, "[database]\ndemo_seed_persons = 120\n")
    running = _launch(qapp, "--lang", "en")
    try:
        window = running.window
        qtbot.waitUntil(lambda: not window.is_loading, timeout=300_000)
        assert window.pages.currentWidget() is not window.error_panel, (
            window.error_panel.detail_label.text()
        )
        assert window.counts_panel.count_text("persons") == "120"
        assert window.status is not None
        assert window.status.seed_info.get("status") == "complete"
    finally:
        running.close()


@pytest.mark.slow
@needs_seeding
def test_the_smoke_test_exits_0_once_the_status_is_shown(
    qapp, app_home: AppPaths, app_state
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 50\n")
    assert app_module.main(["--smoke-test", "--lang", "zh_CN"]) == 0


@pytest.mark.slow
@needs_seeding
def test_the_accepted_scene_signs_in_accepts_a_case_and_prints_its_papers(
    qapp, app_home: AppPaths, app_state, memory_keyring
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 50\n")
    assert app_module.main(["--smoke-test", "--lang", "zh_CN", "--scene", "accepted"]) == 0
    printed = sorted(p.name for p in (app_home.data_dir / "printed").glob("*.pdf"))
    assert any("acceptance_notice" in name for name in printed), printed
    assert any("residence_registration_slip" in name for name in printed), printed


@pytest.mark.slow
@needs_seeding
def test_the_deadlines_scene_opens_an_overdue_case_on_the_supervisors_board(
    qapp, app_home: AppPaths, app_state, memory_keyring, capsys
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 50\n")
    argv = ["--smoke-test", "--lang", "en", "--scene", "supervisor-deadlines"]
    assert app_module.main(argv) == 0
    assert capsys.readouterr().out.strip().endswith("ready")


def test_the_login_scene_is_ready_once_the_sign_in_is_painted(
    qapp, app_home: AppPaths, app_state, memory_keyring, capsys
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 50\n")
    assert app_module.main(["--smoke-test", "--lang", "en", "--scene", "login"]) == 0
    assert capsys.readouterr().out.strip() == "ready"


def test_the_app_shows_a_database_error_in_the_window(
    qtbot, qapp, app_home: AppPaths, app_state, memory_keyring, monkeypatch
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, "postgresql://onewindow@127.0.0.1:1/onewindow")
    running = _launch(qapp, "--lang", "zh_CN")
    try:
        window = running.window
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.error_panel)
        assert window.error_panel.headline_label.text() == "尚未保存该数据库的密码。"
        assert "onewindow-admin db set-password" in window.error_panel.detail_label.text()
        assert window.demo_banner.text() == "演示数据 · 合成人口库，非真实个人信息"
        assert not window.demo_banner.isVisible()
    finally:
        running.close()
    assert qapp.translate("RegistryTables", "Persons") == "Persons", "translator not removed"


def test_smoke_test_and_screenshot_exit_1_when_an_error_is_shown(
    qapp, app_home: AppPaths, app_state, memory_keyring, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, "postgresql://onewindow@127.0.0.1:1/onewindow")
    shot = tmp_path / "shot.png"
    assert app_module.main(["--smoke-test", "--lang", "en", "--screenshot", str(shot)]) == 1
    assert shot.exists()
    assert shot.stat().st_size > 0


def test_a_broken_settings_file_exits_2(qapp, app_home: AppPaths, app_state, capsys) -> None:
    _write_settings(app_home, "[database]\nno_such_key = 1\n")
    assert app_module.main(["--smoke-test"]) == 2
    assert "no_such_key" in capsys.readouterr().err


# ---- the card reader on the embedded default ---------------------------------------------


@pytest.mark.slow
def test_the_embedded_default_shows_the_demo_reader_and_reads_a_demo_card(
    qtbot, qapp, app_home: AppPaths, app_state
) -> None:
    _write_settings(app_home, "[database]\ndemo_seed_persons = 300\n")
    running = _launch(qapp, "--lang", "en")
    try:
        window = running.window
        panel = window.reader_panel
        qtbot.waitUntil(
            lambda: panel.isVisible() and panel.status.state == "reader_ready", timeout=120_000
        )
        assert panel.status.is_demo
        assert panel.tap_button.isVisible()
        qtbot.mouseClick(panel.tap_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Last card" in panel.card_label.text(), timeout=10_000)
        text = panel.card_label.text()
        assert "demo card" in text
        assert "****" in text  # the number is masked
        document = running.reader.backend.read_once(timeout=5)  # type: ignore[union-attr]
        assert document.demo
    finally:
        running.close()
    assert running.reader is not None and not running.reader.is_running


@pytest.mark.slow
def test_no_reader_panel_when_the_reader_is_turned_off(
    qtbot, qapp, app_home: AppPaths, app_state
) -> None:
    _write_settings(app_home, '[database]\ndemo_seed_persons = 300\n\n[reader]\nbackend = "none"\n')
    running = _launch(qapp, "--lang", "en")
    try:
        qtbot.waitUntil(lambda: running.window.status is not None, timeout=120_000)
        qapp.processEvents()
        assert running.reader is None
        assert not running.window.reader_panel.isVisible()
    finally:
        running.close()


@pytest.mark.slow
def test_a_reader_that_cannot_start_leaves_the_window_working(
    qtbot, qapp, app_home: AppPaths, app_state, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devices.idcard.errors import CardErrorCode, CardReadError

    def broken(*_args: object, **_kw: object) -> object:
        raise CardReadError(CardErrorCode.SERVICE_UNAVAILABLE, "pcscd is not running")

    monkeypatch.setattr("devices.factory.create_backend", broken)
    _write_settings(app_home, '[database]\ndemo_seed_persons = 300\n\n[reader]\nbackend = "pcsc"\n')
    running = _launch(qapp, "--lang", "en")
    try:
        window = running.window
        qtbot.waitUntil(lambda: window.reader_panel.isVisible(), timeout=120_000)
        assert window.reader_panel.status.state == "service_unavailable"
        assert window.counts_panel.count_text("persons") == "300"
        assert running.reader is None
    finally:
        running.close()
