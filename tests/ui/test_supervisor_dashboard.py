"""The supervisor's dashboard over a fake backend: tiles, charts and tables from the figures,
the period chooser asking for the right period, CSV and XLSX exports read back, the live feed
refreshing coalesced, an older answer dropped; the window's side list of pages; the station."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel

from desktop.domain.oversight import (
    CaseCounts,
    CaseFigures,
    Dashboard,
    DayFigures,
    DepartmentLoad,
    Period,
    PrintFault,
    QueueFigures,
    RatingFigures,
)
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.queueing import StatsRow
from desktop.domain.ratings import FollowUpCounts, GroupCount
from ui.supervisor.dashboard import DashboardPage
from ui.supervisor.pages import PageContext, SupervisorPage, page_title
from ui.supervisor.window import SupervisorWindow

HALL = timezone(timedelta(hours=8))
TODAY = date(2026, 12, 3)
SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])


def board_for(period: Period) -> Dashboard:
    counts = CaseCounts(accepted=40, issued=30, refused=2, rejected=1, finished=20, in_time=18)
    return Dashboard(
        period=period,
        today=TODAY,
        generated_at=datetime(2026, 12, 3, 2, 0, tzinfo=UTC),
        totals=counts,
        today_totals=CaseCounts(accepted=5, issued=4, refused=1),
        by_matter=(
            CaseFigures("M1", "居住登记", counts),
            CaseFigures("M2", "=HYPERLINK(1)", CaseCounts(accepted=3)),
        ),
        by_window=(CaseFigures("窗口 #1", "窗口 #1", counts),),
        daily=tuple(
            DayFigures(d, CaseCounts(accepted=2, finished=2, in_time=1 + i % 2))
            for i, d in enumerate(period.each_day())
        ),
        departments=(
            DepartmentLoad(
                "police",
                "公安",
                4,
                1,
                datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
                5,
                3600.0,
                7200.0,
            ),
        ),
        queue=QueueFigures(
            TODAY,
            7,
            50,
            40,
            3,
            (StatsRow("A", 50, 40, 3, 300.0, 900.0, 240.0, 600.0, 35),),
            (),
        ),
        print_faults=(PrintFault("窗口 #1", "printer.offline", 2, None),),
        ratings_by_matter=(RatingFigures("M1", "居住登记", 10, 1.6, 1),),
        ratings_by_window=(RatingFigures("窗口 #1", "窗口 #1", 10, 1.6, 1),),
        followups=FollowUpCounts(
            2, 1, 0, (GroupCount("M1", "居住登记", 2, 1),), (GroupCount("窗口 #1", "", 2, 1),)
        ),
    )


class FakeOversight:
    """Answers like the oversight service; remembers the periods asked; can hold an answer."""

    def __init__(self) -> None:
        self.asked: list[Period] = []
        self.gate: threading.Event | None = None
        self.refuse = False

    def today(self) -> date:
        return TODAY

    def dashboard(self, principal: Principal, period: Period | None = None) -> Dashboard:
        period = period or Period(TODAY, TODAY)
        self.asked.append(period)
        if self.gate is not None:
            self.gate.wait(5)
        if self.refuse:
            from desktop.domain.permissions import Permission

            raise PermissionDenied(principal, Permission.OVERSIGHT_VIEW)
        return board_for(period)


class Feed(QObject):
    sig_changed = Signal(object)


@pytest.fixture
def backend() -> FakeOversight:
    return FakeOversight()


@pytest.fixture
def page(
    qtbot, qapp: QApplication, backend: FakeOversight, tmp_path: Path
) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    saved: list[str] = []
    page = DashboardPage(
        backend,
        tz=HALL,
        poll_seconds=3600,
        export_dir=tmp_path,
        ask_path=lambda _title, suggested: saved.pop(0) if saved else suggested,
    )
    page.saved = saved  # type: ignore[attr-defined]
    page.resize(1300, 720)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.set_principal(SUPERVISOR)
    yield page
    page.stop()


def test_tiles_charts_and_tables_show_the_figures(
    page: DashboardPage, backend: FakeOversight
) -> None:
    assert backend.asked == [Period(date(2026, 11, 4), TODAY)]  # 30 days by default
    assert page.tiles["accepted"].value.text() == "40"
    assert page.tiles["in_time"].value.text() == "90.0%"
    assert page.tiles["waiting"].value.text() == "7"
    assert page.tiles["reviews"].value.text() == "5"
    assert page.tiles["faults"].value.text() == "2"
    assert "5" in page.tiles["accepted"].today.text()  # today's beside the period's

    bars = page.bar_chart.series()
    assert len(bars) == 1 and isinstance(bars[0], QBarSeries)
    sets = bars[0].barSets()
    assert [s.count() for s in sets] == [2, 2, 2]
    assert [sets[0].at(0), sets[1].at(0), sets[2].at(0)] == [40.0, 30.0, 2.0]
    lines = page.line_chart.series()
    assert len(lines) == 1 and isinstance(lines[0], QLineSeries)
    assert lines[0].count() == 30
    assert {lines[0].at(i).y() for i in range(30)} == {50.0, 100.0}

    matters = page.tables["matters"].table
    assert matters.rowCount() == 2
    assert matters.item(0, 0).text() == "居住登记"
    assert matters.item(0, 1).text() == "40"
    assert matters.item(0, 7).text() == "90.0"  # in-time rate, %
    assert matters.item(0, 8).text() == "M1"
    departments = page.tables["departments"].table
    assert departments.item(0, 3).text() == "2026-11-30 09:00"  # the hall's time
    assert departments.item(0, 5).text() == "60.0"  # minutes
    assert page.tabs.count() == 9
    assert "1" in page.tiles["bad"].today.text()  # late follow-ups under the bad ratings
    followups = page.tables["followups"].table
    assert [followups.item(r, 1).text() for r in range(2)] == ["居住登记", "窗口 #1"]
    assert followups.item(0, 3).text() == "1"


def test_matters_are_named_in_the_interface_language(qtbot, backend: FakeOversight) -> None:  # type: ignore[no-untyped-def]
    """The core's records name matters in Chinese; an English page shows the English names it
    is given (charts and tables), and the core's name for a matter it was given none for."""
    page = DashboardPage(
        backend, tz=HALL, poll_seconds=3600, matter_names={"M1": "Residence registration"}
    )
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.set_principal(SUPERVISOR)
    matters = page.tables["matters"].table
    assert [matters.item(r, 0).text() for r in range(2)] == [
        "Residence registration",
        "=HYPERLINK(1)",
    ]
    assert page.tables["ratings_matter"].table.item(0, 0).text() == "Residence registration"
    axis = page.bar_chart.axes(Qt.Orientation.Horizontal)[0]
    assert "Residence registration" in axis.categories()
    page.stop()


def test_the_period_chooser_asks_for_its_period(
    qtbot,
    page: DashboardPage,
    backend: FakeOversight,  # type: ignore[no-untyped-def]
) -> None:
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.period_box.setCurrentIndex(0)  # today
    assert backend.asked[-1] == Period(TODAY, TODAY)
    assert page.line_chart.series()[0].count() == 1
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.period_box.setCurrentIndex(1)
    assert backend.asked[-1] == Period(date(2026, 11, 27), TODAY)
    page.period_box.setCurrentIndex(3)  # custom: the dates appear, nothing asked yet
    assert page.first_edit.isVisible() and len(backend.asked) == 3
    page.first_edit.setDate(date(2026, 10, 1))
    page.last_edit.setDate(date(2026, 10, 31))
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        page.apply_button.click()
    assert backend.asked[-1] == Period(date(2026, 10, 1), date(2026, 10, 31))


def test_every_table_exports_as_csv_and_xlsx(
    qtbot,
    page: DashboardPage,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    csv_path, xlsx_path = tmp_path / "matters.csv", tmp_path / "out" / "matters"
    xlsx_path.parent.mkdir()
    page.saved.extend([str(csv_path), str(xlsx_path)])  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.sig_exported, timeout=5_000):
        page.tables["matters"].csv_button.click()
    with qtbot.waitSignal(page.sig_exported, timeout=5_000) as saved:
        page.tables["matters"].xlsx_button.click()
    assert saved.args == [str(xlsx_path) + ".xlsx"]  # the suffix added

    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Matter", "Accepted", "Issued"]
    assert rows[1][:3] == ["居住登记", "40", "30"] and rows[1][8] == "M1"
    assert rows[2][0] == "'=HYPERLINK(1)"  # never a formula

    book = openpyxl.load_workbook(str(xlsx_path) + ".xlsx")
    sheet = book.active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Matter", "Accepted", "Issued"]
    assert values[1][:3] == ["居住登记", 40, 30]
    assert values[1][7] == 90.0
    assert values[2][0] == "=HYPERLINK(1)" and sheet.cell(3, 1).data_type == "s"

    # Every other table too (Ctrl+E: the table on screen, as XLSX).
    for index in range(1, page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        with qtbot.waitSignal(page.sig_exported, timeout=5_000) as saved:
            page.export_current("xlsx")
        exported = openpyxl.load_workbook(saved.args[0]).active
        assert exported is not None and exported.max_row >= 1


def test_live_changes_refresh_once_and_an_older_answer_is_dropped(
    qtbot,
    page: DashboardPage,
    backend: FakeOversight,  # type: ignore[no-untyped-def]
) -> None:
    feed = Feed()
    page.attach_feed(feed)
    asked = len(backend.asked)
    feed.sig_changed.emit(frozenset({"printer:x"}))  # not a figure of the dashboard
    for topic in ("cases", "case:1", "review:police", "queue:A"):
        feed.sig_changed.emit(frozenset({topic}))
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000):
        pass
    assert len(backend.asked) == asked + 1  # coalesced into one refresh

    backend.gate = threading.Event()
    page.refresh()  # held by the gate: its answer comes after the next request's
    page.period_box.setCurrentIndex(0)  # (today: another request)
    gate, backend.gate = backend.gate, None
    with qtbot.waitSignal(page.sig_loaded, timeout=5_000) as shown:
        gate.set()
    qtbot.waitUntil(lambda: page.dropped == 1, timeout=5_000)
    assert shown.args[0].period == Period(TODAY, TODAY)
    assert page.board is not None and page.board.period == Period(TODAY, TODAY)


def test_a_refusal_is_shown_in_words(
    qtbot,
    page: DashboardPage,
    backend: FakeOversight,  # type: ignore[no-untyped-def]
) -> None:
    backend.refuse = True
    with qtbot.waitSignal(page.sig_error, timeout=5_000) as shown:
        page.refresh()
    assert shown.args[0] and "auth.permission_denied" not in shown.args[0]
    assert page.error_label.isVisible()


def test_the_window_lists_its_pages_and_builds_them_when_opened(
    qtbot,
    qapp: QApplication,  # type: ignore[no-untyped-def]
) -> None:
    built: list[str] = []

    def make(key: str) -> SupervisorPage:
        def build(context: PageContext) -> QLabel:
            built.append(key)
            assert context.principal is SUPERVISOR
            return QLabel(key)

        return SupervisorPage(key, page_title(key), build)

    context = PageContext(SUPERVISOR, services=None, feed=None, tz=HALL, language="en")
    window = SupervisorWindow(context, (make("dashboard"), make("audit")))
    qtbot.addWidget(window)
    assert [window.side.item(i).text() for i in range(2)] == ["Dashboard", "Audit log"]
    assert built == ["dashboard"]  # the first at once, the others when opened
    window.side.setCurrentRow(1)
    assert built == ["dashboard", "audit"]
    assert isinstance(window.stack.currentWidget(), QLabel)
    window.side.setCurrentRow(0)
    window.side.setCurrentRow(1)
    assert built == ["dashboard", "audit"]  # built once
    window.stop()


def test_the_supervisor_station_is_built_for_its_kind(qtbot, app_home) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from desktop.app import RegistryConnection
    from desktop.config.settings import SecuritySettings, Settings, StationSettings
    from ui.main_window import MainWindow
    from ui.stations import STATIONS, builder_for
    from ui.stations.supervisor import SupervisorSession

    settings = replace(
        Settings(),
        station=StationSettings(name="效能监察", kind="supervisor"),
        security=SecuritySettings(idle_lock_minutes=9),
    )
    connection = RegistryConnection(app_home, settings)
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    assert builder_for("supervisor") is STATIONS["supervisor"]
    session = builder_for("supervisor")(window, connection, language="zh_CN")
    assert isinstance(session, SupervisorSession)
    assert session.config.station.startswith("效能监察")
    assert session.config.idle_lock_minutes == 9
    assert session.config.tz == timezone(timedelta(hours=8))
    assert session.services is None and session.page is None  # once the database is open


def test_the_dashboard_over_the_real_services_after_demo_activity(  # type: ignore[no-untyped-def]
    qtbot, qapp: QApplication, sqlite_db, app_home, tmp_path: Path
) -> None:
    from desktop.config.settings import Settings
    from desktop.demo.activity import fill_activity
    from desktop.demo.seeding import seed_registry
    from desktop.services.hall import Hall
    from desktop.services.oversight import for_hall

    seed_registry(sqlite_db, persons=300, random_seed=5)
    now = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    hall = Hall(sqlite_db, app_home, Settings(), now=lambda: now)
    done = fill_activity(hall, 3, random_seed=3)
    page = DashboardPage(for_hall(hall), tz=hall.tz, poll_seconds=3600, export_dir=tmp_path)
    qtbot.addWidget(page)
    page.show()
    page.period_box.setCurrentIndex(1)  # 7 days (before a principal: nothing asked)
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000) as shown:
        page.set_principal(SUPERVISOR)
    board = shown.args[0]
    assert board.period == Period(date(2026, 11, 28), date(2026, 12, 4))
    assert board.totals.accepted == done.accepted
    assert page.tiles["accepted"].value.text() == f"{done.accepted:,}"
    assert page.tables["matters"].table.rowCount() == len(board.by_matter) > 1
    assert len(page.bar_chart.series()[0].barSets()) == 3
    page.stop()

    # The station's window over the same services: the follow-ups page opens from the side list.
    from desktop.services.audit_viewer import AuditViewer
    from ui.stations.supervisor import SupervisorServices
    from ui.supervisor.audit_page import AuditLogPage
    from ui.supervisor.deadlines import DeadlinesPage
    from ui.supervisor.followups import FollowUpsPage

    audit = AuditViewer.for_station(hall.db, app_home, hall.station_keys, "监察 #1", hall.tz)
    services = SupervisorServices(
        hall=hall,
        oversight=for_hall(hall),
        ratings=hall.ratings,
        audit=audit,
        deadlines=hall.deadlines,
        cases=hall.cases,
    )
    window = SupervisorWindow(
        PageContext(SUPERVISOR, services=services, feed=None, tz=hall.tz, language="zh_CN")
    )
    qtbot.addWidget(window)
    window.side.setCurrentRow(2)
    followups = window.page("followups")
    assert isinstance(followups, FollowUpsPage)
    qtbot.waitUntil(lambda: followups.model.rowCount() > 0, timeout=10_000)
    window.side.setCurrentRow(3)
    assert isinstance(window.page("audit"), AuditLogPage)
    window.side.setCurrentRow(1)
    deadlines = window.page("deadlines")
    assert isinstance(deadlines, DeadlinesPage)
    qtbot.waitUntil(lambda: deadlines.board is not None, timeout=10_000)
    assert deadlines.board.totals.running > 0  # the demo's cases in review run
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(lambda: dashboard.board is not None, timeout=10_000)
    window.stop()

    clerk = Principal.of("clerk", "窗口 #1", [Role.CLERK])
    refused = DashboardPage(for_hall(hall), poll_seconds=3600)
    qtbot.addWidget(refused)
    with qtbot.waitSignal(refused.sig_error, timeout=10_000):
        refused.set_principal(clerk)
    refused.stop()


def test_the_station_registers_the_dashboard_and_the_follow_ups() -> None:
    from ui.supervisor.pages import PAGES

    assert [p.key for p in PAGES] == ["dashboard", "deadlines", "followups", "audit"]
    assert [p.title() for p in PAGES] == [
        "Dashboard",
        "Deadlines",
        "Rating follow-ups",
        "Audit log",
    ]
