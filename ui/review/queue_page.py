"""The department's queue: a paged table of review tasks, filter chips with counts, a matter
filter and a search box (a case number, or an applicant's ID number).

The table shows one :class:`~desktop.domain.review.QueuePage` at a time; sorting (by due date
by default, received or number: a header click) and paging are the core's, so a page of 50 out of
10,000 is all that crosses to the window. Rows are coloured by the case clock and say it in words
too; a task a colleague holds is greyed out. A refresh keeps the selected task and the scroll
position. The page runs no work itself: it asks (:attr:`QueueView.sig_query_changed`) and is
given pages (:meth:`QueueView.show_page`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import TaskStatus
from desktop.domain.review import QueueFilter, QueuePage, QueueQuery, QueueRow, QueueSort
from ui.review import texts
from ui.widgets.records_model import RecordsModel

__all__ = ["COLUMNS", "QueueModel", "QueueView"]

#: Column keys, in display order.
COLUMNS = (
    "number",
    "matter",
    "applicant",
    "clock",
    "status",
    "promised",
    "received",
    "department",
    "round",
)
#: Which header sorts by what (the others do not sort).
SORT_COLUMNS: Mapping[str, QueueSort] = {
    "number": QueueSort.NUMBER,
    "received": QueueSort.RECEIVED,
    "promised": QueueSort.DUE,
    "clock": QueueSort.DUE,
}
#: Shown only while no case is open beside the queue (the narrow queue keeps what decides).
WIDE_ONLY = ("matter", "promised", "received", "department", "round")

#: The model's role carrying a row's task id.
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class QueueModel(RecordsModel[QueueRow]):
    """One page of the queue (rows in the core's order)."""

    columns = COLUMNS

    def __init__(self, me: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.me = me

    # ---- data --------------------------------------------------------------------------------

    def row_of(self, task_id: int) -> int:
        for i, row in enumerate(self._rows):
            if row.task_id == task_id:
                return i
        return -1

    def task(self, row: int) -> QueueRow | None:
        return self.record(row)

    def update_row(self, new: QueueRow) -> None:
        """One task changed (claimed, released): repaint its row at once, before any refresh."""
        i = self.row_of(new.task_id)
        if i >= 0:
            self._rows[i] = new
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def mark_held(self, task_id: int, user: str) -> None:
        """A colleague holds this task (a claim was refused): grey it out at once."""
        i = self.row_of(task_id)
        if i >= 0:
            self.update_row(replace(self._rows[i], status=TaskStatus.CLAIMED, claimed_by=user))

    def held_by_other(self, row: QueueRow) -> bool:
        return (
            row.status is TaskStatus.CLAIMED and bool(row.claimed_by) and row.claimed_by != self.me
        )

    # ---- QAbstractTableModel -----------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header_text(COLUMNS[section])

    def header_text(self, key: str) -> str:
        texts_ = {
            "number": self.tr("Case number"),
            "matter": self.tr("Matter"),
            "applicant": self.tr("Applicant"),
            "clock": self.tr("Time left"),
            "status": self.tr("Claim"),
            "promised": self.tr("Promised by"),
            "received": self.tr("Received"),
            "department": self.tr("Department"),
            "round": self.tr("Round"),
        }
        return texts_[key]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == TASK_ID_ROLE:
            return row.task_id
        other = self.held_by_other(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if other:
                return QBrush(QColor(texts.OTHERS_COLOUR))
            colour = texts.CLOCK_COLOURS.get(texts.clock_level(row), ("", ""))[1]
            return QBrush(QColor(colour)) if colour and key == "clock" else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if other:
                return QBrush(QColor("#f3f4f6"))
            colour = texts.CLOCK_COLOURS.get(texts.clock_level(row), ("", ""))[0]
            return QBrush(QColor(colour)) if colour and key == "clock" else None
        if role == Qt.ItemDataRole.FontRole:
            if other:
                font = QFont()
                font.setItalic(True)
                return font
            if key == "clock" and texts.clock_level(row) in ("red", "overdue"):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            until = (
                f"{row.claim_expires_at.astimezone():%H:%M}"
                if row.claim_expires_at is not None
                else ""
            )
            if other:
                text = self.tr("{user} is working on this task").format(user=row.claimed_by)
                if until:
                    text += "\n" + self.tr("The claim lapses at {time}.").format(time=until)
                return text
            if until and row.status is TaskStatus.CLAIMED:
                return self.tr("Yours until {time}; then it goes back to the queue.").format(
                    time=until
                )
            if key == "applicant":
                return row.applicant_id_masked
            return None
        return None

    def _display(self, row: QueueRow, key: str) -> str:
        if key == "number":
            return row.case_number
        if key == "matter":
            return row.matter_name
        if key == "applicant":
            return row.applicant_name
        if key == "clock":
            return texts.clock_text(row)
        if key == "status":
            return texts.task_status_text(row.status, row.claimed_by, self.me)
        if key == "promised":
            return row.promised_date.isoformat() if row.promised_date else ""
        if key == "received":
            return f"{row.received_at.astimezone():%Y-%m-%d %H:%M}"
        if key == "department":
            return row.department_name
        if key == "round":
            return str(row.round) if row.round > 1 else ""
        return ""


class _Table(QTableView):
    """The queue's table: Enter on a row claims it (the page turns it into a signal)."""

    sig_enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
        ):
            self.sig_enter.emit()
            return
        super().keyPressEvent(event)


class QueueView(QWidget):
    """Filter chips, matter filter, search, the table, paging, and the claim buttons."""

    #: The query changed (filter, matter, search, sort, page): load this page.
    sig_query_changed = Signal(object)  # QueueQuery
    #: Claim the most urgent open task (F2 / Ctrl+N, anywhere in the window).
    sig_claim_next = Signal()
    #: Claim (or open, when it is mine) the chosen task (Enter, double click).
    sig_open_task = Signal(object)  # QueueRow
    #: Give the chosen task back (asks for the reason).
    sig_unclaim = Signal(object)  # QueueRow
    #: A supervisor hands the chosen task to someone else (asks whom and why).
    sig_reassign = Signal(object)  # QueueRow

    def __init__(
        self,
        *,
        me: str = "",
        matters: Sequence[tuple[str, str]] = (),
        page_size: int = 50,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.query = QueueQuery(limit=page_size)
        self.total = 0
        self.model = QueueModel(me, self)

        # ---- filter chips
        self.chips: dict[QueueFilter, QToolButton] = {}
        self.chip_group = QButtonGroup(self)
        self.chip_group.setExclusive(True)
        chips_row = QHBoxLayout()
        chips_row.setSpacing(4)
        chips_row.setContentsMargins(0, 0, 0, 0)
        for which in QueueFilter:
            chip = QToolButton(self)
            chip.setObjectName(f"chip_{which.value}")
            chip.setCheckable(True)
            chip.setAutoRaise(False)
            chip.setText(texts.filter_text(which))
            chip.clicked.connect(lambda _=False, w=which: self.set_filter(w))
            self.chip_group.addButton(chip)
            self.chips[which] = chip
        self.chips[QueueFilter.ALL].setChecked(True)
        self.chip_rows = (QHBoxLayout(), QHBoxLayout())
        for i, which in enumerate(QueueFilter):
            self.chip_rows[0 if i < 5 else 1].addWidget(self.chips[which])
        for row in self.chip_rows:
            row.setSpacing(4)
            row.addStretch(1)

        # ---- matter filter and search
        self.matter_box = QComboBox(self)
        self.matter_box.setObjectName("matterFilter")
        self.matter_box.addItem(self.tr("All matters"), None)
        for code, name in matters:
            self.matter_box.addItem(name, code)
        self.matter_box.currentIndexChanged.connect(self._on_matter_changed)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("queueSearch")
        self.search_edit.setPlaceholderText(self.tr("Case number or ID number, then Enter"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self._on_search)
        self.search_edit.textChanged.connect(self._on_search_text)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(400)
        self._search_timer.timeout.connect(self._on_search)
        filters = QHBoxLayout()
        filters.addWidget(self.matter_box, 2)
        filters.addWidget(self.search_edit, 3)

        # ---- the table
        self.table = _Table(self)
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COLUMNS.index("clock"), Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._on_header_clicked)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._on_enter())
        self.table.sig_enter.connect(self._on_enter)

        # ---- paging and actions
        self.page_label = QLabel(self)
        self.page_label.setObjectName("queuePageLabel")
        self.prev_button = QPushButton(self.tr("‹ Previous"), self)
        self.prev_button.clicked.connect(self.previous_page)
        self.next_page_button = QPushButton(self.tr("Next ›"), self)
        self.next_page_button.clicked.connect(self.next_page)
        paging = QHBoxLayout()
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_page_button)

        self.claim_next_button = QPushButton(self.tr("Claim next (F2)"), self)
        self.claim_next_button.setObjectName("claimNextButton")
        self.claim_next_button.setToolTip(
            self.tr("Take the most urgent task nobody holds (F2 or Ctrl+N)")
        )
        self.claim_next_button.clicked.connect(self.sig_claim_next)
        self.open_button = QPushButton(self.tr("Claim / open (Enter)"), self)
        self.open_button.setObjectName("claimChosenButton")
        self.open_button.clicked.connect(self._on_enter)
        self.unclaim_button = QPushButton(self.tr("Give back…"), self)
        self.unclaim_button.setObjectName("unclaimButton")
        self.unclaim_button.setToolTip(
            self.tr("Return the chosen task to the queue, with a reason")
        )
        self.unclaim_button.clicked.connect(self._on_unclaim)
        self.reassign_button = QPushButton(self.tr("Reassign…"), self)
        self.reassign_button.setObjectName("reassignButton")
        self.reassign_button.setToolTip(
            self.tr("Hand the chosen task to another approver, with a reason (supervisors)")
        )
        self.reassign_button.clicked.connect(self._on_reassign)
        self.reassign_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.claim_next_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.unclaim_button)
        actions.addWidget(self.reassign_button)
        actions.addStretch(1)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("queueStatus")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(actions)
        for row in self.chip_rows:
            layout.addLayout(row)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)
        layout.addWidget(self.status_label)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._counts: Mapping[QueueFilter, int] = {}
        self._update_buttons()
        self._render_page_label()

    # ---- what the page asks -----------------------------------------------------------------

    def set_me(self, user: str, *, supervisor: bool = False) -> None:
        self.model.me = user
        self.reassign_button.setVisible(supervisor)

    def set_filter(self, which: QueueFilter) -> None:
        self.chips[which].setChecked(True)
        self._change(replace(self.query, filter=which, offset=0))

    def set_search(self, text: str) -> None:
        self.search_edit.setText(text)
        self._on_search()

    def next_page(self) -> None:
        if self.query.offset + self.query.limit < self.total:
            self._change(replace(self.query, offset=self.query.offset + self.query.limit))

    def previous_page(self) -> None:
        if self.query.offset > 0:
            self._change(replace(self.query, offset=max(0, self.query.offset - self.query.limit)))

    def _change(self, query: QueueQuery) -> None:
        self.query = query
        self.sig_query_changed.emit(query)

    @Slot(int)
    def _on_matter_changed(self, _index: int) -> None:
        code = self.matter_box.currentData()
        self._change(replace(self.query, matter_code=code, offset=0))

    @Slot(str)
    def _on_search_text(self, text: str) -> None:
        if not text.strip() and self.query.search:
            self._on_search()  # cleared: the whole queue again at once
        elif text.strip():
            self._search_timer.start()

    @Slot()
    def _on_search(self) -> None:
        self._search_timer.stop()
        text = self.search_edit.text().strip().upper()
        if text != self.query.search:
            self._change(replace(self.query, search=text, offset=0))

    @Slot(int)
    def _on_header_clicked(self, section: int) -> None:
        sort = SORT_COLUMNS.get(COLUMNS[section])
        header = self.table.horizontalHeader()
        if sort is None:  # keep showing the sort in force
            current = next(
                i for i, k in enumerate(COLUMNS) if SORT_COLUMNS.get(k) is self.query.sort
            )
            header.setSortIndicator(current, Qt.SortOrder.AscendingOrder)
            return
        header.setSortIndicator(section, Qt.SortOrder.AscendingOrder)
        if sort is not self.query.sort:
            self._change(replace(self.query, sort=sort, offset=0))

    # ---- what the page is given -------------------------------------------------------------

    def show_page(self, page: QueuePage) -> None:
        """A page arrived: show it, keeping the selected task and the scroll position."""
        selected = self.selected()
        scroll = self.table.verticalScrollBar().value()
        self.total = page.total
        self.model.set_rows(page.rows)
        self.set_counts(page.counts)
        if selected is not None:
            self.select_task(selected.task_id, scroll_to=False)
        self.table.verticalScrollBar().setValue(scroll)
        self._render_page_label()
        self._update_buttons()

    def set_counts(self, counts: Mapping[QueueFilter, int]) -> None:
        self._counts = counts
        for which, chip in self.chips.items():
            count = counts.get(which)
            name = texts.filter_text(which)
            chip.setText(name if count is None else f"{name} ({count})")
            chip.setToolTip(name)

    def count(self, which: QueueFilter) -> int | None:
        return self._counts.get(which)

    def select_task(self, task_id: int, *, scroll_to: bool = True) -> bool:
        row = self.model.row_of(task_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        if scroll_to:
            self.table.scrollTo(index)
        return True

    def selected(self) -> QueueRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.task(index.row()) if index.isValid() else None

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b91c1c;" if error else "")

    def set_narrow(self, narrow: bool) -> None:
        """A case is open beside the queue: show only the columns that decide what to take."""
        for key in WIDE_ONLY:
            self.table.setColumnHidden(COLUMNS.index(key), narrow)

    def _render_page_label(self) -> None:
        q = self.query
        if self.total == 0:
            self.page_label.setText(self.tr("No tasks"))
        else:
            self.page_label.setText(
                self.tr("{first}–{last} of {total}").format(
                    first=q.offset + 1,
                    last=min(q.offset + q.limit, self.total),
                    total=self.total,
                )
            )
        self.prev_button.setEnabled(q.offset > 0)
        self.next_page_button.setEnabled(q.offset + q.limit < self.total)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None and not self.model.held_by_other(row))
        self.unclaim_button.setEnabled(
            row is not None and row.status is TaskStatus.CLAIMED and row.claimed_by == self.model.me
        )
        self.reassign_button.setEnabled(row is not None)

    @Slot()
    def _on_enter(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_open_task.emit(row)

    @Slot()
    def _on_reassign(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_reassign.emit(row)

    @Slot()
    def _on_unclaim(self) -> None:
        row = self.selected()
        if row is not None:
            self.sig_unclaim.emit(row)
