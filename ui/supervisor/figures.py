"""The supervisor's figures as widgets: a table with its export buttons and a tile in large type,
and the export itself (shared by the dashboard and the deadline board)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.exports import Cell, export_table
from ui.tasks import run_task
from ui.theme import scaled_font

__all__ = ["FigureTable", "TableData", "Tile", "ask_save_path", "export_data", "number_text"]

translate = QCoreApplication.translate


def number_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class TableData:
    """One table as shown and exported: numbers stay numbers (units in the headers)."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def ask_save_path(parent: QWidget, title: str, suggested: str) -> str:
    """The save dialog of an export (the suggested name's ending picks the filter); "" when the
    user cancels."""
    filters = "Excel (*.xlsx)" if suggested.endswith(".xlsx") else "CSV (*.csv)"
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return str(path)


def export_data(
    data: TableData, path: str, fmt: str, done: Callable[[Path, BaseException | None], None]
) -> Path | None:
    """Write ``data`` as ``fmt`` (``csv``, ``xlsx``) to ``path`` on the worker, the ending added
    when missing; ``done(target, error)`` on the GUI thread. None: no path (cancelled)."""
    if not path:
        return None
    if not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    target = Path(path)
    sheet = data.title[:31]  # (a sheet's name is at most 31 characters)
    run_task(
        lambda: export_table(target, data.headers, data.rows, sheet_title=sheet),
        lambda _result, error: done(target, error),
    )
    return target


def shrink_to_fit(widths: list[int], elastic: Mapping[int, int], available: int) -> list[int]:
    """Column widths that fit ``available`` pixels: the ``elastic`` columns (index → the
    narrowest they go) give up what is too much, the widest first; the others keep their width.
    What still does not fit after that is left to the scroll bar; room to spare goes to the last
    column."""
    widths = list(widths)
    excess = sum(widths) - available
    if excess <= 0:
        if widths:
            widths[-1] -= excess
        return widths
    while excess > 0:
        shrinkable = [c for c in elastic if 0 <= c < len(widths) and widths[c] > elastic[c]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda c: widths[c])
        others = [widths[c] for c in shrinkable if c != widest]
        # down to the next widest (or its own floor) in one step, never past what is needed;
        # columns as wide as each other take turns a pixel at a time
        floor = max([elastic[widest], *others])
        step = max(1, min(excess, widths[widest] - floor))
        widths[widest] -= step
        excess -= step
    return widths


class FigureTable(QWidget):
    """A read-only table with its export buttons (CSV, XLSX)."""

    sig_export = Signal(str, str)  # table key, format ("csv" / "xlsx")
    #: What :meth:`wanted_width` says changed (after a fit: new data, or a scroll bar came).
    sig_wanted_width = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.data: TableData | None = None
        #: :meth:`fit_columns`' elastic columns (None: the columns take their contents' width).
        self._elastic: dict[int, int] | None = None
        self._elide_left: frozenset[int] = frozenset()
        #: The columns' widths with nothing cut (as last fitted).
        self._natural: list[int] = []
        self._fitting = False
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.csv_button = QPushButton(translate("Dashboard", "Export CSV"), self)
        self.xlsx_button = QPushButton(translate("Dashboard", "Export Excel"), self)
        self.csv_button.clicked.connect(lambda: self.sig_export.emit(self.key, "csv"))
        self.xlsx_button.clicked.connect(lambda: self.sig_export.emit(self.key, "xlsx"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_data(self, data: TableData) -> None:
        self.data = data
        table = self.table
        selected = table.currentRow()
        table.setSortingEnabled(False)
        table.clear()
        table.setColumnCount(len(data.headers))
        table.setHorizontalHeaderLabels(list(data.headers))
        table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(number_text(value))
                if isinstance(value, int | float):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setData(Qt.ItemDataRole.UserRole, value)
                table.setItem(r, c, item)
        if 0 <= selected < table.rowCount():
            table.selectRow(selected)
        if self._elastic is not None:
            self._fit()

    def fit_columns(self, elastic: Mapping[int, int], *, elide_left: Iterable[int] = ()) -> None:
        """Fit the columns to the table's width from now on (each time data is shown or the
        table is resized), so that no horizontal scroll bar is needed where room can be found:
        a header of several words over a narrower column goes on two lines, and the ``elastic``
        columns (index → the narrowest they go, in pixels) give up what is still too much — cut
        short with "…" (on the left for the ``elide_left`` ones: "…窗口 #6"), their whole text
        in the tooltip."""
        first = self._elastic is None
        self._elastic = dict(elastic)
        self._elide_left = frozenset(elide_left)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if first:
            self.table.viewport().installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        if self._elastic is None or self._fitting or self.data is None:
            return
        self._fitting = True  # (a width changed can show or hide the vertical scroll bar)
        try:
            view, data = self.table, self.data
            header = view.horizontalHeader()
            for column, label in enumerate(data.headers):  # the labels as shown data first
                item = view.horizontalHeaderItem(column)
                if item is not None:
                    item.setText(label)
                for row in range(view.rowCount()):
                    cell = view.item(row, column)
                    if cell is not None and column in self._elastic:
                        cell.setText(number_text(data.rows[row][column]))
            contents = [view.sizeHintForColumn(c) for c in range(view.columnCount())]
            for column, label in enumerate(data.headers):
                item = view.horizontalHeaderItem(column)
                if (
                    item is not None
                    and column not in self._elastic
                    and " " in label
                    and header.sectionSizeHint(column) > contents[column]
                ):
                    item.setText(label.replace(" ", "\n", 1))  # "Due today": two short lines
            natural = [
                max(contents[c], header.sectionSizeHint(c)) for c in range(view.columnCount())
            ]
            wanted = self.wanted_width()
            self._natural = natural
            widths = shrink_to_fit(natural, self._elastic, view.viewport().width())
            for column, width in enumerate(widths):
                header.resizeSection(column, width)
            self._elide(widths)
        finally:
            self._fitting = False
        if self.wanted_width() != wanted:
            self.sig_wanted_width.emit()

    def wanted_width(self) -> tuple[int, int]:
        """How wide this widget would be with the elastic columns at their narrowest (the
        least it fits in without a scroll bar), and with nothing cut; (0, 0) before data."""
        if not self._natural or self._elastic is None:
            return 0, 0
        chrome = self.width() - self.table.viewport().width()  # margins, frame, scroll bar
        elastic = self._elastic
        least = sum(min(w, elastic.get(c, w)) for c, w in enumerate(self._natural))
        return least + chrome, sum(self._natural) + chrome

    def _elide(self, widths: list[int]) -> None:
        """Cut the elastic columns' text to their width ("…" where it was cut; the whole text
        in the tooltip). Done here, not by the view: a view cuts only on the right."""
        view = self.table
        metrics = view.fontMetrics()
        margin = (
            2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
            + 4
        )
        assert self._elastic is not None
        for column in self._elastic:
            mode = (
                Qt.TextElideMode.ElideLeft
                if column in self._elide_left
                else Qt.TextElideMode.ElideRight
            )
            cut = widths[column] < self._natural[column]  # (else all of it fits)
            for row in range(view.rowCount()):
                item = view.item(row, column)
                if item is None:
                    continue
                whole = item.text()
                item.setToolTip(whole)
                if cut:
                    item.setText(metrics.elidedText(whole, mode, max(0, widths[column] - margin)))


class Tile(QFrame):
    """One figure in large type: the number over its name, and today's beside the period's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—", self)
        self.value.setFont(scaled_font(self.font(), 2.0, bold=True))
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.today = QLabel(self)
        self.today.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.today.setStyleSheet("color: #374151;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.today)

    def set(self, value: str, caption: str, today: str = "", *, alert: bool = False) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.today.setText(today)
        self.today.setVisible(bool(today))
        # (red says "look here"; the caption says what it is)
        self.value.setStyleSheet("color: #b91c1c;" if alert else "")
