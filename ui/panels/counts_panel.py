"""How many records the registry holds, per table, with translated names."""

from __future__ import annotations

from collections.abc import Mapping, Set

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.texts import REGISTRY_TABLES, table_label


def format_count(n: int) -> str:
    """A count with thousands separators (both interface languages group by three with ',')."""
    return f"{n:,}"


class RegistryCountsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countsPanel")
        self.setTitle(self.tr("Registry records"))
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("countsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Records"), self.tr("Count")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(int(self.fontMetrics().height() * 2))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("0" * 14))
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        count_header = self.table.horizontalHeaderItem(1)
        if count_header is not None:
            count_header.setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self._rows: dict[str, int] = {}

    def set_counts(self, counts: Mapping[str, int], estimated: Set[str] = frozenset()) -> None:
        """Show the counts; those in ``estimated`` are marked as approximate (≈)."""
        tables = [t for t in REGISTRY_TABLES if t in counts]
        tables += [t for t in counts if t not in REGISTRY_TABLES]
        self.table.setRowCount(len(tables))
        self._rows = {}
        for row, table in enumerate(tables):
            name = QTableWidgetItem(table_label(table))
            name.setData(Qt.ItemDataRole.UserRole, table)
            shown = format_count(counts[table])
            count = QTableWidgetItem(f"≈ {shown}" if table in estimated else shown)
            if table in estimated:
                count.setToolTip(
                    self.tr(
                        "An estimate: the table is large, and counting it exactly would slow "
                        "every start."
                    )
                )
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, count)
            self._rows[table] = row
        self._fit_height()

    def _fit_height(self) -> None:
        """Show every row without scrolling: the table is exactly as tall as its content."""
        table = self.table
        rows = table.verticalHeader().defaultSectionSize() * table.rowCount()
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(rows + header + 2 * table.frameWidth())

    def count_text(self, table: str) -> str | None:
        """The shown count of ``table`` (as displayed), None if it is not shown."""
        row = self._rows.get(table)
        item = None if row is None else self.table.item(row, 1)
        return None if item is None else item.text()

    def label_text(self, table: str) -> str | None:
        row = self._rows.get(table)
        item = None if row is None else self.table.item(row, 0)
        return None if item is None else item.text()
