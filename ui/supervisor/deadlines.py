"""The supervisor's deadline board (期限): the hall's promised dates at a glance.

Across the top, the open cases by their clock today — yellow, red, overdue, due today, paused —
each a button that chooses which cases the list shows (and says its count); under it, the counts
per matter and accepting window (most red first) and one page of the cases chosen, sorted by
their due date, each coloured by its clock and saying it in words too. Enter (or a double
click) on a case opens it beside the list: its summary and its steps (the drill-down).

The page knows the core only through :class:`DeadlinesBackend` (``hall.deadlines``, the
deadline board service of ``desktop.services.deadlines``) and :class:`CaseLookup`
(``hall.cases.detail``); every call runs on the worker (``run_task``), an answer for an older
query or after the page stopped is dropped. It refreshes on the live feed's case and review
topics (coalesced) and on a slow timer. Both tables export as CSV or XLSX.

Keyboard: F5 refreshes, Alt+1…7 choose the list, PgUp/PgDn page, Enter opens the case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import CaseDetail
from desktop.domain.deadlines import BoardCase, BoardFilter, DeadlineBoard, DeadlineCounts
from desktop.domain.permissions import Principal
from desktop.domain.workcalendar import WarningLevel
from desktop.services.exports import Cell
from ui.errors import Place, error_text
from ui.live import ChangeFeed
from ui.live_refresh import LiveRefresh, of_kinds
from ui.supervisor.figures import FigureTable, TableData, ask_save_path, export_data
from ui.tasks import run_task
from ui.theme import scaled_font

__all__ = ["CaseLookup", "DeadlinesBackend", "DeadlinesPage"]

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

PAGE_SIZE = 50
COALESCE_MS = 2000
#: The topics the board follows: cases and reviews (and the resync).
_CLOCKS = of_kinds("case", "cases", "review")
#: Row colours (background, text) per clock; contrast ≥ 4.5:1. The words say it too.
COLOURS = {
    "yellow": ("#fef3c7", "#78350f"),
    "red": ("#fee2e2", "#7f1d1d"),
    "overdue": ("#7f1d1d", "#ffffff"),
    "paused": ("#e5e7eb", "#111827"),
}
#: Per table, the columns that give up room when the table is too narrow for every column at
#: its contents' width (index → the narrowest it goes, px): the matter's name and the window's
#: (cut on the left: "…窗口 #6"). The counts, the case number, the clock and the due date are
#: never cut. Both tables then fit side by side at 1366 × 768 in either language.
ELASTIC = {"groups": {0: 100, 1: 64}, "cases": {3: 100, 4: 64}}
WINDOW_COLUMN = {"groups": 1, "cases": 4}
FILTERS = (
    BoardFilter.AT_RISK,
    BoardFilter.YELLOW,
    BoardFilter.RED,
    BoardFilter.OVERDUE,
    BoardFilter.DUE_TODAY,
    BoardFilter.PAUSED,
    BoardFilter.RUNNING,
)


class DeadlinesBackend(Protocol):
    """The deadline board (``desktop.services.deadlines.DeadlineBoardService``)."""

    def deadline_board(
        self,
        principal: Principal,
        *,
        day: date | None = None,
        matter: str | None = None,
        window: str | None = None,
        department: str | None = None,
        show: BoardFilter = BoardFilter.AT_RISK,
        limit: int = 50,
        offset: int = 0,
    ) -> DeadlineBoard: ...


class CaseLookup(Protocol):
    """A case, for the drill-down (``desktop.services.cases.CaseService.detail``)."""

    def detail(self, principal: Principal, number: str) -> CaseDetail: ...


def filter_text(show: BoardFilter) -> str:
    return {
        BoardFilter.AT_RISK: translate("Deadlines", "At risk"),
        BoardFilter.YELLOW: translate("Deadlines", "Yellow"),
        BoardFilter.RED: translate("Deadlines", "Red"),
        BoardFilter.OVERDUE: translate("Deadlines", "Overdue"),
        BoardFilter.DUE_TODAY: translate("Deadlines", "Due today"),
        BoardFilter.PAUSED: translate("Deadlines", "Paused"),
        BoardFilter.RUNNING: translate("Deadlines", "All running"),
    }[show]


def filter_count(counts: DeadlineCounts, show: BoardFilter) -> int:
    return {
        BoardFilter.AT_RISK: counts.yellow + counts.red,
        BoardFilter.YELLOW: counts.yellow,
        BoardFilter.RED: counts.red,
        BoardFilter.OVERDUE: counts.overdue,
        BoardFilter.DUE_TODAY: counts.due_today,
        BoardFilter.PAUSED: counts.paused,
        BoardFilter.RUNNING: counts.running,
    }[show]


def clock_text(c: BoardCase) -> str:
    """The case's clock in words (the colour never says it alone)."""
    if c.paused or c.days_left is None:
        return translate("Deadlines", "Paused")
    if c.overdue:
        if c.days_left == -1:
            return translate("Deadlines", "Overdue by 1 day")
        return translate("Deadlines", "Overdue by {days} days").format(days=-c.days_left)
    level = c.colour.value if c.colour is not None else "normal"
    if c.days_left == 1:
        left = translate("Deadlines", "1 day left")
    else:
        left = translate("Deadlines", "{days} days left").format(days=c.days_left)
    if level == WarningLevel.RED.value:
        return translate("Deadlines", "{left} · red").format(left=left)
    if level == WarningLevel.YELLOW.value:
        return translate("Deadlines", "{left} · yellow").format(left=left)
    return left


def clock_key(c: BoardCase) -> str:
    if c.paused:
        return "paused"
    if c.overdue:
        return "overdue"
    return c.colour.value if c.colour is not None else "normal"


class DeadlinesPage(QWidget):
    """The deadline board over a :class:`DeadlinesBackend`; :meth:`set_principal` starts it."""

    sig_loaded = Signal(object)
    sig_case_shown = Signal(object)
    sig_error = Signal(str)
    sig_exported = Signal(str)

    def __init__(
        self,
        backend: DeadlinesBackend,
        cases: CaseLookup,
        *,
        poll_seconds: int = 60,
        export_dir: Path | None = None,
        ask_path: Callable[[str, str], str] | None = None,
        language: str = "zh_CN",
        matter_names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.cases = cases
        self.language = language
        #: The matters' names in the interface language by code (the core's are Chinese).
        self.matter_names = dict(matter_names or {})
        self.principal: Principal | None = None
        self.board: DeadlineBoard | None = None
        self.show_filter = BoardFilter.AT_RISK
        self.offset = 0
        self.export_dir = export_dir or Path.home()
        self.ask_path = ask_path or (lambda title, path: ask_save_path(self, title, path))
        self.dropped = 0
        self._seq = 0
        self._case_seq = 0
        self._stopped = False
        self._build()
        self.live = LiveRefresh(
            self.refresh,
            wants=lambda topics: self.principal is not None and _CLOCKS(topics),
            coalesce_ms=COALESCE_MS,
            poll_ms=max(1, poll_seconds) * 1000,
            parent=self,
        )
        for keys, slot in (
            ("F5", self.refresh),
            ("PgDown", lambda: self.page_by(1)),
            ("PgUp", lambda: self.page_by(-1)),
            *((f"Alt+{i + 1}", lambda f=f: self.choose(f)) for i, f in enumerate(FILTERS)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _build(self) -> None:
        normal = scaled_font(self.font(), 1.0)  # its size set: not inherited from the page's
        big = scaled_font(normal, 1.15)
        self.setFont(big)
        title = QLabel(translate("Deadlines", "Deadlines"), self)
        title.setFont(scaled_font(big, 1.3, bold=True))
        self.day_label = QLabel(self)
        self.refresh_button = QPushButton(translate("Deadlines", "Refresh (F5)"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.day_label)
        top.addStretch(1)
        top.addWidget(self.refresh_button)

        self.chips: dict[BoardFilter, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        chips = QHBoxLayout()
        for show in FILTERS:
            chip = QPushButton(filter_text(show), self)
            chip.setCheckable(True)
            chip.setChecked(show is self.show_filter)
            chip.clicked.connect(lambda _=False, s=show: self.choose(s))
            group.addButton(chip)
            self.chips[show] = chip
            chips.addWidget(chip)
        chips.addStretch(1)

        self.groups = FigureTable("groups", self)
        self.groups.sig_export.connect(self.export)
        self.list = FigureTable("cases", self)
        self.list.sig_export.connect(self.export)
        self.list.table.itemActivated.connect(lambda item: self.open_case(item.row()))
        self.list.table.cellDoubleClicked.connect(lambda row, _col: self.open_case(row))
        rows = QFontMetrics(normal).height() + 10
        for table in (self.groups, self.list):  # the tables in the normal size: both fit 1366 px
            table.table.setFont(normal)
            table.table.verticalHeader().setDefaultSectionSize(rows)
            table.fit_columns(ELASTIC[table.key], elide_left=(WINDOW_COLUMN[table.key],))
        self.page_label = QLabel(self)
        self.prev_button = QPushButton(translate("Deadlines", "◀ Previous (PgUp)"), self)
        self.next_button = QPushButton(translate("Deadlines", "Next (PgDn) ▶"), self)
        self.prev_button.clicked.connect(lambda: self.page_by(-1))
        self.next_button.clicked.connect(lambda: self.page_by(1))
        paging = QHBoxLayout()
        paging.addWidget(self.page_label)
        paging.addStretch(1)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_button)
        cases_box = QWidget(self)
        cases_layout = QVBoxLayout(cases_box)
        cases_layout.setContentsMargins(0, 0, 0, 0)
        cases_layout.addWidget(self.list, 1)
        cases_layout.addLayout(paging)

        self.detail = QTextBrowser(self)
        self.detail.setPlaceholderText(
            translate("Deadlines", "Enter or a double click on a case shows it here.")
        )
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(cases_box)
        right.addWidget(self.detail)
        right.setSizes([430, 150])
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.groups)
        body.addWidget(right)
        body.setSizes([480, 660])  # until the tables say what they need (``_balance``)
        self.body = body
        #: The user moved the tables' divider: it stays where they put it.
        self._divider_moved = False
        body.splitterMoved.connect(self._on_divider_moved)
        self._rebalance = QTimer(self)  # once the tables settled (a fit can show a scroll bar)
        self._rebalance.setSingleShot(True)
        self._rebalance.setInterval(0)
        self._rebalance.timeout.connect(self._balance)
        for table in (self.groups, self.list):
            table.sig_wanted_width.connect(self._rebalance.start)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(chips)
        layout.addWidget(self.error_label)
        layout.addWidget(body, 1)

    # ---- loading -------------------------------------------------------------------------------

    def set_principal(self, principal: Principal) -> None:
        self.principal = principal
        self.refresh()

    def attach_feed(self, feed: ChangeFeed | None) -> None:
        self.live.follow(feed)

    def stop(self) -> None:
        self._stopped = True
        self.live.stop()

    def choose(self, show: BoardFilter) -> None:
        self.show_filter = show
        self.offset = 0
        self.chips[show].setChecked(True)
        self.refresh()

    def page_by(self, step: int) -> None:
        board = self.board
        if board is None:
            return
        offset = self.offset + step * PAGE_SIZE
        if 0 <= offset < max(board.total, 1):
            self.offset = offset
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        principal = self.principal
        if principal is None or self._stopped:
            return
        self.live.restart_poll()
        self._seq += 1
        seq = self._seq
        show, offset, backend = self.show_filter, self.offset, self.backend

        def work() -> DeadlineBoard:
            return backend.deadline_board(principal, show=show, limit=PAGE_SIZE, offset=offset)

        def done(board: DeadlineBoard | None, error: BaseException | None) -> None:
            if seq != self._seq or self._stopped:
                self.dropped += 1
                return
            if error is not None or board is None:
                self._error(error)
                return
            self.error_label.hide()
            self.show_board(board)

        run_task(work, done)

    def _error(self, error: BaseException | None) -> None:
        text = error_text(error or RuntimeError("no board"), place=Place.ANYWHERE)
        self.error_label.setText(text)
        self.error_label.show()
        self.sig_error.emit(text)

    # ---- showing -------------------------------------------------------------------------------

    def show_board(self, board: DeadlineBoard) -> None:
        self.board = board
        self.day_label.setText(
            translate("Deadlines", "On {day}: {running} cases running").format(
                day=board.day.isoformat(), running=board.totals.running
            )
        )
        for show, chip in self.chips.items():
            chip.setText(f"{filter_text(show)} {filter_count(board.totals, show):,}")
        for data in self.tables_of(board):
            table = self.groups if data.key == "groups" else self.list
            table.show_data(data)
        for row, case in enumerate(board.cases):
            background, text = COLOURS.get(clock_key(case), ("", ""))
            if not background:
                continue
            for col in range(self.list.table.columnCount()):
                item = self.list.table.item(row, col)
                if item is not None:
                    item.setBackground(QBrush(QColor(background)))
                    item.setForeground(QBrush(QColor(text)))
        self._balance()
        last = min(board.offset + len(board.cases), board.total)
        self.page_label.setText(
            translate("Deadlines", "{first}–{last} of {total}").format(
                first=board.offset + 1 if board.cases else 0, last=last, total=board.total
            )
        )
        self.prev_button.setEnabled(board.offset > 0)
        self.next_button.setEnabled(last < board.total)
        self.sig_loaded.emit(board)

    def _on_divider_moved(self, _pos: int, _index: int) -> None:
        self._divider_moved = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._balance()

    def _balance(self) -> None:
        """Share the width between the two tables by what they need, so that neither scrolls
        sideways when both can fit (English headers and matter names are wider than Chinese):
        each gets the least it fits in, and what is left goes where text is still cut, in
        proportion; the rest to the list. Not once the user moved the divider."""
        total = sum(self.body.sizes())
        if self._divider_moved or total <= 0:
            return
        (least_g, whole_g), (least_l, whole_l) = (
            self.groups.wanted_width(),
            self.list.wanted_width(),
        )
        if not (least_g and least_l):
            return
        spare = total - least_g - least_l
        if spare < 0:  # too narrow for both: in proportion to their need, scroll bars follow
            groups = total * least_g // (least_g + least_l)
        else:
            wish_g, wish_l = whole_g - least_g, whole_l - least_l
            share = spare * wish_g // (wish_g + wish_l) if wish_g + wish_l else 0
            groups = least_g + min(share, wish_g)
        self.body.setSizes([groups, total - groups])

    def tables_of(self, board: DeadlineBoard) -> tuple[TableData, TableData]:
        groups = TableData(
            "groups",
            translate("Deadlines", "By matter and window"),
            (
                translate("Deadlines", "Matter"),
                translate("Deadlines", "Window"),
                translate("Deadlines", "Running"),
                translate("Deadlines", "Yellow"),
                translate("Deadlines", "Red"),
                translate("Deadlines", "Overdue"),
                translate("Deadlines", "Due today"),
                translate("Deadlines", "Paused"),
            ),
            tuple(
                (
                    self.matter_names.get(g.matter_code) or g.matter_name or g.matter_code,
                    g.window,
                    g.counts.running,
                    g.counts.yellow,
                    g.counts.red,
                    g.counts.overdue,
                    g.counts.due_today,
                    g.counts.paused,
                )
                for g in board.groups
            ),
        )
        rows: tuple[tuple[Cell, ...], ...] = tuple(
            (
                c.case_number,
                clock_text(c),
                c.due_on,
                self.matter_names.get(c.matter_code) or c.matter_name or c.matter_code,
                c.window,
                c.applicant_name,
            )
            for c in board.cases
        )
        cases = TableData(
            "cases",
            filter_text(board.show),
            (
                translate("Deadlines", "Case"),
                translate("Deadlines", "Clock"),
                translate("Deadlines", "Due"),
                translate("Deadlines", "Matter"),
                translate("Deadlines", "Window"),
                translate("Deadlines", "Applicant"),
            ),
            rows,
        )
        return groups, cases

    # ---- the drill-down ------------------------------------------------------------------------

    def open_case(self, row: int) -> None:
        board, principal = self.board, self.principal
        if board is None or principal is None or not 0 <= row < len(board.cases):
            return
        number = board.cases[row].case_number
        self._case_seq += 1
        seq = self._case_seq
        cases = self.cases

        def done(detail: CaseDetail | None, error: BaseException | None) -> None:
            if seq != self._case_seq or self._stopped:
                self.dropped += 1
                return
            if error is not None or detail is None:
                self._error(error)
                return
            self.detail.setHtml(self._case_html(detail))
            self.sig_case_shown.emit(detail)

        self.detail.setPlainText(translate("Deadlines", "Opening {number}…").format(number=number))
        run_task(lambda: cases.detail(principal, number), done)

    def _case_html(self, d: CaseDetail) -> str:
        from html import escape

        from ui.review.texts import step_text

        s = d.summary
        lines = [
            f"<h3>{escape(s.number)} · "
            f"{escape(self.matter_names.get(s.matter_code) or s.matter_name)}</h3>",
            "<p>"
            + escape(
                translate("Deadlines", "{applicant} ({id}) · promised by {date}").format(
                    applicant=s.applicant_name,
                    id=s.applicant_id_masked,
                    date=s.promised_date.isoformat() if s.promised_date else "—",
                )
            )
            + "</p>",
            "<table cellspacing='4'>",
        ]
        departments = {t.department_code: t.department_name for t in d.tasks}
        for step in d.steps:
            when = step.started_at.strftime("%Y-%m-%d %H:%M") if step.started_at else ""
            name = step_text(step, self.language, departments)
            lines.append(
                f"<tr><td>{escape(when)}</td><td>{escape(name)}</td>"
                f"<td>{escape(step.handler)}</td><td>{escape(step.station)}</td></tr>"
            )
        lines.append("</table>")
        return "".join(lines)

    # ---- export --------------------------------------------------------------------------------

    @Slot(str, str)
    def export(self, key: str, fmt: str) -> None:
        table = self.groups if key == "groups" else self.list
        data, board = table.data, self.board
        if data is None or board is None:
            return
        suggested = str(self.export_dir / f"{data.title}_{board.day:%Y%m%d}.{fmt}")
        path = self.ask_path(
            translate("Deadlines", "Export “{table}”").format(table=data.title), suggested
        )
        target = export_data(data, path, fmt, self._exported)
        if target is not None:
            self.export_dir = target.parent

    def _exported(self, target: Path, error: BaseException | None) -> None:
        if error is not None:
            self._error(error)
            return
        self.sig_exported.emit(str(target))
