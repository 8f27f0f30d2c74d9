"""The supervisor's figures as widgets: a table with its export buttons and a tile in large type,
and the export itself (shared by the dashboard and the deadline board)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
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


class FigureTable(QWidget):
    """A read-only table with its export buttons (CSV, XLSX)."""

    sig_export = Signal(str, str)  # table key, format ("csv" / "xlsx")

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.data: TableData | None = None
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
