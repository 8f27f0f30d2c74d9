"""The supervisor's dashboard (看板): the hall's figures for today and a chosen period.

What people would rather look at is drawn (Qt Charts): accepted / issued / refused by matter as
bars, the daily in-time rate as a line; what they would rather read is a table (by matter, by
window, each department's review load, the queue over the period, print faults, ratings, day by
day).
Across the top, today's figures in large type. The period is today, 7 days, 30 days or custom.

The page knows the core only through :class:`~ui.supervisor.ports.DashboardBackend` and the
records of :mod:`desktop.domain.oversight`; every load runs on the worker (``run_task``), and an
answer for an older request is dropped. It refreshes when the live feed reports a change
(coalesced: a busy hall changes every second, the figures need not) and on a slow timer. Every
table exports as CSV or XLSX (``desktop.services.exports``, on the worker).

Keyboard: F5 refreshes, Ctrl+1…4 pick the period, Ctrl+E exports the table on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.oversight import MAX_PERIOD_DAYS, CaseFigures, Dashboard, Period
from desktop.domain.permissions import Principal
from ui.errors import Place, error_text
from ui.live import ChangeFeed
from ui.live_refresh import LiveRefresh, of_kinds
from ui.supervisor.dashboard_tables import dashboard_tables, table_title
from ui.supervisor.figures import FigureTable, TableData, Tile, ask_save_path, export_data
from ui.supervisor.ports import DashboardBackend
from ui.tasks import run_task
from ui.theme import scaled_font

__all__ = ["PERIODS", "DashboardPage", "FigureTable", "TableData"]

log = logging.getLogger(__name__)

#: The live feed's changes are gathered this long before one refresh (a busy hall changes
#: every second; the figures need not follow each).
COALESCE_MS = 2000
#: The topics the figures follow: cases, reviews and queues (and the resync).
_FIGURES = of_kinds("case", "cases", "review", "queue")
#: The slow timer: a refresh at least this often when no change is reported.
POLL_SECONDS = 60
#: The period chooser's choices: days ending today (0: custom).
PERIODS = (1, 7, 30, 0)
#: Bars for at most this many matters (the rest is in the table).
MAX_BARS = 8

_ACCEPTED, _ISSUED, _REFUSED = QColor("#2563eb"), QColor("#16a34a"), QColor("#dc2626")


translate = QCoreApplication.translate


class DashboardPage(QWidget):
    """The dashboard over a :class:`DashboardBackend`; call :meth:`set_principal` to start."""

    #: A dashboard was shown (the scene's "painted" waits for the first).
    sig_loaded = Signal(object)
    #: A load or an export failed (its translated text).
    sig_error = Signal(str)
    #: An export was written (its path).
    sig_exported = Signal(str)

    def __init__(
        self,
        backend: DashboardBackend,
        *,
        tz: tzinfo | None = None,
        poll_seconds: int = POLL_SECONDS,
        export_dir: Path | None = None,
        ask_path: Callable[[str, str], str] | None = None,
        matter_names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        #: The matters' names in the interface language by code (the core's are Chinese).
        self.matter_names = dict(matter_names or {})
        self.principal: Principal | None = None
        self.board: Dashboard | None = None
        self.tz = tz
        self.export_dir = export_dir or Path.home()
        #: Asks where to save (title, suggested path) → a path, "" to cancel; tests replace it.
        self.ask_path = ask_path or (lambda title, path: ask_save_path(self, title, path))
        self._seq = 0
        self._stopped = False
        self.dropped = 0
        self._build()
        self.live = LiveRefresh(
            self.refresh,
            wants=self._wants,
            coalesce_ms=COALESCE_MS,
            poll_ms=max(1, poll_seconds) * 1000,
            parent=self,
        )
        for keys, slot in (
            ("F5", self.refresh),
            ("Ctrl+E", lambda: self.export_current("xlsx")),
            *((f"Ctrl+{i + 1}", lambda i=i: self.period_box.setCurrentIndex(i)) for i in range(4)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ---- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        big = scaled_font(self.font(), 1.15)
        self.setFont(big)
        self.title = QLabel(translate("Dashboard", "Dashboard"), self)
        self.title.setFont(scaled_font(big, 1.3, bold=True))
        self.period_box = QComboBox(self)
        for days in PERIODS:
            self.period_box.addItem(self._period_name(days), days)
        self.period_box.setCurrentIndex(PERIODS.index(30))
        self.period_box.setToolTip(translate("Dashboard", "Period (Ctrl+1 … Ctrl+4)"))
        self.first_edit = QDateEdit(self)
        self.last_edit = QDateEdit(self)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.to_label = QLabel("—", self)
        self.apply_button = QPushButton(translate("Dashboard", "Show"), self)
        self.refresh_button = QPushButton(translate("Dashboard", "Refresh (F5)"), self)
        self.updated_label = QLabel(self)
        self.period_box.currentIndexChanged.connect(self._on_period_choice)
        self.apply_button.clicked.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(QLabel(translate("Dashboard", "Period:"), self))
        top.addWidget(self.period_box)
        top.addWidget(self.first_edit)
        top.addWidget(self.to_label)
        top.addWidget(self.last_edit)
        top.addWidget(self.apply_button)
        top.addStretch(1)
        top.addWidget(self.updated_label)
        top.addWidget(self.refresh_button)

        self.tiles: dict[str, Tile] = {}
        tiles = QGridLayout()
        tiles.setSpacing(6)
        for i, key in enumerate(
            ("accepted", "issued", "refused", "in_time", "waiting", "reviews", "faults", "bad")
        ):
            tile = Tile(self)
            self.tiles[key] = tile
            tiles.addWidget(tile, 0, i)

        self.bar_chart = QChart()
        self.line_chart = QChart()
        self.bar_view = self._chart_view(self.bar_chart)
        self.line_view = self._chart_view(self.line_chart)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.addWidget(self.bar_view)
        charts.addWidget(self.line_view)
        charts.setSizes([660, 340])

        self.tabs = QTabWidget(self)
        self.tables: dict[str, FigureTable] = {}
        for key in (
            "matters",
            "windows",
            "departments",
            "queue",
            "faults",
            "ratings_matter",
            "ratings_window",
            "followups",
            "daily",
        ):
            table = FigureTable(key, self)
            table.sig_export.connect(self.export)
            self.tables[key] = table
            self.tabs.addTab(table, self._table_title(key))

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(charts)
        body.addWidget(self.tabs)
        body.setSizes([270, 330])
        body.setChildrenCollapsible(False)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorHeadline")
        self.error_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addLayout(tiles)
        layout.addWidget(body, 1)
        self._on_period_choice()

    def _chart_view(self, chart: QChart) -> QChartView:
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setFont(scaled_font(self.font(), 0.95))
        chart.setTitleFont(scaled_font(self.font(), 1.05, bold=True))
        view = QChartView(chart, self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(190)
        return view

    @staticmethod
    def _period_name(days: int) -> str:
        return {
            1: translate("Dashboard", "Today"),
            7: translate("Dashboard", "Last 7 days"),
            30: translate("Dashboard", "Last 30 days"),
            0: translate("Dashboard", "Custom…"),
        }[days]

    _table_title = staticmethod(table_title)

    # ---- the period ----------------------------------------------------------------------------

    def today(self) -> date:
        try:
            return self.backend.today()
        except Exception:  # the backend's clock is the hall's; the computer's as a fallback
            return date.today()

    @Slot()
    def _on_period_choice(self) -> None:
        days = int(self.period_box.currentData() or 0)
        custom = days == 0
        for widget in (self.first_edit, self.to_label, self.last_edit, self.apply_button):
            widget.setVisible(custom)
        if custom:
            period = self.board.period if self.board is not None else self.period()
            self.first_edit.setDate(QDate(period.first.year, period.first.month, period.first.day))
            self.last_edit.setDate(QDate(period.last.year, period.last.month, period.last.day))
            self.first_edit.setFocus()
        elif self.principal is not None:
            self.refresh()

    def period(self) -> Period:
        days = int(self.period_box.currentData() or 0)
        if days:
            return Period.ending(self.today(), days)
        first = self.first_edit.date().toPython()
        last = self.last_edit.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        if last < first:
            first, last = last, first
        if (last - first).days >= MAX_PERIOD_DAYS:
            first = last - timedelta(days=MAX_PERIOD_DAYS - 1)
        return Period(first, last)

    # ---- loading -------------------------------------------------------------------------------

    def set_principal(self, principal: Principal) -> None:
        self.principal = principal
        self.refresh()

    def attach_feed(self, feed: ChangeFeed | None) -> None:
        """Refresh (coalesced) on the live feed's changes of cases, reviews and queues."""
        self.live.follow(feed)

    def _wants(self, topics: frozenset[str]) -> bool:
        return self.principal is not None and _FIGURES(topics)

    def stop(self) -> None:
        """The page goes away: no more refreshes; answers still coming are dropped."""
        self._stopped = True
        self.live.stop()

    @Slot()
    def refresh(self) -> None:
        principal = self.principal
        if principal is None or self._stopped:
            return
        self.live.restart_poll()  # the fallback counts from the last load
        self._seq += 1
        seq = self._seq
        period = self.period()
        backend = self.backend
        self.refresh_button.setEnabled(False)

        def done(board: Dashboard | None, error: BaseException | None) -> None:
            if seq != self._seq or self._stopped:
                self.dropped += 1
                return
            self.refresh_button.setEnabled(True)
            if error is not None or board is None:
                text = error_text(error or RuntimeError("no dashboard"), place=Place.ANYWHERE)
                self.error_label.setText(text)
                self.error_label.show()
                self.sig_error.emit(text)
                return
            self.error_label.hide()
            self.show_board(board)

        run_task(lambda: backend.dashboard(principal, period), done)

    # ---- showing -------------------------------------------------------------------------------

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        self._show_tiles(board)
        self._show_bars(board.by_matter)
        self._show_line(board)
        for data in self.tables_of(board):
            self.tables[data.key].show_data(data)
        shown = board.generated_at.astimezone(self.tz) if self.tz else board.generated_at
        self.updated_label.setText(
            translate("Dashboard", "{first} … {last} · updated {time}").format(
                first=board.period.first.isoformat(),
                last=board.period.last.isoformat(),
                time=shown.strftime("%H:%M:%S"),
            )
        )
        self.sig_loaded.emit(board)

    def _show_tiles(self, board: Dashboard) -> None:
        today, period = board.today_totals, board.totals
        queue = board.queue
        tiles = self.tiles

        def today_text(value: str) -> str:
            return (
                translate("Dashboard", "Today: {value}").format(value=value)
                if board.period.days > 1
                else ""
            )

        def rate_text(rate: float | None) -> str:
            return "—" if rate is None else f"{rate:.1%}"

        for key, name, total, now in (
            (
                "accepted",
                translate("Dashboard", "Accepted"),
                period.accepted,
                today.accepted,
            ),
            ("issued", translate("Dashboard", "Issued"), period.issued, today.issued),
            (
                "refused",
                translate("Dashboard", "Refused"),
                period.refused,
                today.refused,
            ),
        ):
            tiles[key].set(f"{total:,}", name, today_text(f"{now:,}"))
        rate = period.in_time_rate
        tiles["in_time"].set(
            rate_text(rate),
            translate("Dashboard", "In-time rate"),
            today_text(rate_text(today.in_time_rate)),
            alert=rate is not None and rate < 0.9,
        )
        tiles["waiting"].set(
            "—" if queue is None else f"{queue.waiting_now:,}",
            translate("Dashboard", "Waiting now"),
            ""
            if queue is None
            else translate("Dashboard", "No-shows: {n}").format(n=queue.no_shows),
        )
        oldest = self._local(
            min((d.oldest_at for d in board.departments if d.oldest_at), default=None)
        )
        tiles["reviews"].set(
            f"{board.open_reviews:,}",
            translate("Dashboard", "Review tasks open"),
            ""
            if oldest is None
            else translate("Dashboard", "Oldest: {day}").format(day=oldest.strftime("%m-%d")),
        )
        tiles["faults"].set(
            f"{board.failed_print_jobs:,}",
            translate("Dashboard", "Failed print jobs"),
            alert=board.failed_print_jobs > 0,
        )
        followups = board.followups
        tiles["bad"].set(
            f"{board.bad_ratings:,}",
            translate("Dashboard", "Bad ratings"),
            ""
            if followups is None
            else translate("Dashboard", "Follow-ups late: {n}").format(n=followups.late),
            alert=board.bad_ratings > 0 or (followups is not None and followups.late > 0),
        )

    def _show_bars(self, matters: Sequence[CaseFigures]) -> None:
        chart = self.bar_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(translate("Dashboard", "Accepted, issued and refused by matter"))
        shown = list(matters[:MAX_BARS])
        series = QBarSeries()
        columns: tuple[tuple[str, QColor, list[int]], ...] = (
            (translate("Dashboard", "Accepted"), _ACCEPTED, [f.counts.accepted for f in shown]),
            (translate("Dashboard", "Issued"), _ISSUED, [f.counts.issued for f in shown]),
            (translate("Dashboard", "Refused"), _REFUSED, [f.counts.refused for f in shown]),
        )
        for name, colour, numbers in columns:
            bars = QBarSet(name)
            bars.setColor(colour)
            bars.append([float(n) for n in numbers])
            series.append(bars)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([self.matter_name(f.key, f.name) or f.key for f in shown] or [""])
        categories.setLabelsFont(scaled_font(self.font(), 0.8))
        values = QValueAxis()
        top = max([max(f.counts.accepted, f.counts.issued) for f in shown] or [0])
        values.setRange(0, max(4, top))
        values.setTickCount(5)
        values.applyNiceNumbers()
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)  # (the height is the bars')

    def _show_line(self, board: Dashboard) -> None:
        chart = self.line_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(translate("Dashboard", "In-time rate by day (%)"))
        series = QLineSeries()
        series.setName(translate("Dashboard", "Finished by the promised date"))
        pen = QPen(_ISSUED)
        pen.setWidth(3)
        series.setPen(pen)
        series.setPointsVisible(True)
        for day in board.daily:
            rate = day.counts.in_time_rate
            if rate is not None:  # a day nothing finished has no rate (no point, not 0 %)
                moment = QDateTime(day.day.year, day.day.month, day.day.day, 12, 0, 0)
                series.append(float(moment.toMSecsSinceEpoch()), 100.0 * rate)
        chart.addSeries(series)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("MM-dd")
        first, last = board.period.first, board.period.last
        axis_x.setRange(
            QDateTime(first.year, first.month, first.day, 0, 0, 0),
            QDateTime(last.year, last.month, last.day, 23, 59, 0),
        )
        axis_x.setTickCount(min(8, max(2, board.period.days)))
        axis_x.setLabelsFont(scaled_font(self.font(), 0.85))
        axis_y = QValueAxis()
        rates = [100.0 * r for d in board.daily if (r := d.counts.in_time_rate) is not None]
        # From a round ten below the lowest day (a flat line at the top says little).
        axis_y.setRange(max(0, (int(min(rates, default=0.0)) // 10 - 1) * 10), 100)
        axis_y.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()  # (one line: the title says what it is)

    # ---- the tables ----------------------------------------------------------------------------

    def tables_of(self, board: Dashboard) -> tuple[TableData, ...]:
        """Every table of ``board``, as shown and as exported."""
        return dashboard_tables(board, self._local, self.matter_name)

    def matter_name(self, code: str, name: str) -> str:
        """A matter's name in the interface language (else the core's)."""
        return self.matter_names.get(code) or name

    def _local(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        shown = moment.astimezone(self.tz) if self.tz else moment
        return shown.replace(tzinfo=None)  # (a spreadsheet cell holds no zone)

    # ---- export --------------------------------------------------------------------------------

    def export_current(self, fmt: str) -> None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, FigureTable):
            self.export(widget.key, fmt)

    @Slot(str, str)
    def export(self, key: str, fmt: str) -> None:
        data = self.tables[key].data
        board = self.board
        if data is None or board is None:
            return
        period = f"{board.period.first:%Y%m%d}-{board.period.last:%Y%m%d}"
        suggested = str(self.export_dir / f"{data.title}_{period}.{fmt}")
        path = self.ask_path(
            translate("Dashboard", "Export “{table}”").format(table=data.title), suggested
        )
        target = export_data(data, path, fmt, self._exported)
        if target is not None:
            self.export_dir = target.parent

    def _exported(self, target: Path, error: BaseException | None) -> None:
        if error is not None:
            text = error_text(error, place=Place.ANYWHERE)
            self.sig_error.emit(text)
            self.error_label.setText(text)
            self.error_label.show()
            return
        self.updated_label.setText(translate("Dashboard", "Saved {name}").format(name=target.name))
        self.sig_exported.emit(str(target))
