"""Kiosk declarations waiting for a clerk (自主申报): the list, the claim, and the way to the desk.

A citizen declares at the kiosk (``desktop.services.kiosk.KioskDesk.declare``); the declaration
waits as a draft until a clerk confirms it. Here the clerk's window gets:

* :class:`DeclarationsDialog` — the waiting declarations, oldest first (when, what, whose:
  the name and number masked, which kiosk); Enter or a double click claims the selected one.
  Two clerks cannot claim the same: the core gives the second ``kiosk.declaration_gone``,
  which the list says before it refreshes;
* :class:`DeclarationsControl` — the entry points: a button with a count badge in the menu
  bar's corner, a menu entry (both with F8), the count kept live from the hall's change feed
  (``ui.live.LiveFeed``: :data:`~desktop.domain.kiosk.DECLARATIONS_TOPIC`, ``*``) with a slow
  poll as the fallback;
  a claimed declaration is handed to ``open_draft``, which opens it at the desk like any draft
  (pre-filled from the declaration; the clerk checks the materials and accepts or refuses
  through the desk's own path).

The core is known only through :class:`DeclarationDesk` (``KioskDesk`` provides it); every
call runs through :func:`ui.tasks.run_task`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.cases import DraftRecord
from desktop.domain.errors import CodedError
from desktop.domain.kiosk import DECLARATIONS_TOPIC, KioskErrorCode, PendingDeclaration
from desktop.domain.permissions import Principal
from ui.errors import error_text
from ui.live import ChangeFeed, LiveFeed
from ui.live_refresh import LiveRefresh
from ui.tasks import run_task

__all__ = [
    "POLL_MS",
    "SHORTCUT",
    "DeclarationDesk",
    "DeclarationsControl",
    "DeclarationsDialog",
]

log = logging.getLogger(__name__)

#: The key that opens the list (the desk keeps F12, the calling strip F9/F10).
SHORTCUT = "F8"
#: The fallback poll when no change arrives (a lost feed): once a minute.
POLL_MS = 60_000


class DeclarationDesk(Protocol):
    """What the list needs of the core (``desktop.services.kiosk.KioskDesk`` provides it)."""

    def pending_declarations(self, clerk: Principal) -> Sequence[PendingDeclaration]: ...

    def claim_declaration(self, clerk: Principal, draft_id: str) -> DraftRecord: ...

    def claimed_declarations(self, clerk: Principal) -> Sequence[PendingDeclaration]: ...

    def release_declaration(self, clerk: Principal, draft_id: str) -> None: ...


def _table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _selected(table: QTableWidget, rows: Sequence[PendingDeclaration]) -> PendingDeclaration | None:
    picked = table.selectionModel().selectedRows()
    if not picked or picked[0].row() >= len(rows):
        return None
    return rows[picked[0].row()]


class DeclarationsDialog(QDialog):
    """The waiting declarations; Enter (or a double click, or the button) claims one. Below,
    those this clerk claimed and has not made a case of yet, each to hand back."""

    #: A declaration was claimed by this clerk: the draft to open at the desk.
    sig_claimed = Signal(object)
    #: The list was read: how many wait.
    sig_loaded = Signal(int)

    def __init__(
        self,
        desk: DeclarationDesk,
        principal: Principal,
        *,
        english: bool = False,
        tz: tzinfo | None = None,
        is_open: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("declarationsDialog")
        self.setWindowTitle(self.tr("Kiosk declarations"))
        self.setModal(False)
        self.resize(780, 480)
        self.desk = desk
        self.principal = principal
        self.english = english
        self.tz = tz
        self.rows: list[PendingDeclaration] = []
        #: Claimed by this clerk, no case yet.
        self.mine: list[PendingDeclaration] = []
        #: Whether the desk has this draft open now (it is not handed back from under it).
        self._is_open = is_open or (lambda _draft_id: False)
        self._busy = False
        #: Bumped per read: an older read's answer is dropped.
        self._seq = 0
        self.hint = QLabel(
            self.tr(
                "Declared by citizens at the self-service kiosk. Claim one (Enter) to open it at "
                "the desk: check the materials, then accept or refuse it there."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        headers = [self.tr("Declared"), self.tr("Matter"), self.tr("Person"), self.tr("Kiosk")]
        self.table = _table(self, "declarationsTable", headers)
        # Enter on a row, or a double click (the view's "activated"), claims it.
        self.table.activated.connect(lambda _index: self.claim_selected())
        self.message = QLabel("", self)
        self.message.setObjectName("declarationsMessage")
        self.message.setWordWrap(True)
        self.claim_button = QPushButton(self.tr("Claim and open (Enter)"), self)
        self.claim_button.setObjectName("claimDeclaration")
        self.claim_button.clicked.connect(self.claim_selected)
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"), self)
        self.refresh_button.clicked.connect(self.refresh)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.close)
        for button in (self.claim_button, self.refresh_button, close):
            button.setAutoDefault(False)  # Enter belongs to the list (the row it is on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.claim_button)
        buttons.addWidget(close)
        # Claimed by this clerk and not yet a case: to hand back (claimed by mistake, or the
        # person is served at another window).
        self.mine_box = QWidget(self)
        self.mine_label = QLabel(self.tr("Claimed by you, not yet accepted or refused:"), self)
        self.mine_table = _table(self.mine_box, "claimedTable", headers)
        self.mine_table.setMaximumHeight(140)
        self.release_button = QPushButton(self.tr("Hand back to the list"), self.mine_box)
        self.release_button.setObjectName("releaseDeclaration")
        self.release_button.setAutoDefault(False)
        self.release_button.clicked.connect(self.release_selected)
        mine = QVBoxLayout(self.mine_box)
        mine.setContentsMargins(0, 8, 0, 0)
        mine.addWidget(self.mine_label)
        mine.addWidget(self.mine_table)
        mine.addWidget(self.release_button, 0, Qt.AlignmentFlag.AlignRight)
        self.mine_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.mine_box)
        layout.addLayout(buttons)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.refresh)
        self._update_buttons()

    # ---- reading -----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the waiting declarations again (the selection is kept when it still waits)."""
        self._seq += 1
        seq = self._seq
        desk, principal = self.desk, self.principal

        def work() -> tuple[tuple[PendingDeclaration, ...], tuple[PendingDeclaration, ...]]:
            return (
                tuple(desk.pending_declarations(principal)),
                tuple(desk.claimed_declarations(principal)),
            )

        run_task(work, lambda rows, error: self._on_loaded(seq, rows, error))

    def _on_loaded(
        self,
        seq: int,
        rows: tuple[tuple[PendingDeclaration, ...], tuple[PendingDeclaration, ...]] | None,
        error: BaseException | None,
    ) -> None:
        if seq != self._seq:
            return
        if error is not None or rows is None:
            self._say(error_text(error), alert=True)
            return
        self.show_rows(rows[0], rows[1])
        self.sig_loaded.emit(len(rows[0]))

    def show_rows(
        self, rows: Sequence[PendingDeclaration], mine: Sequence[PendingDeclaration] = ()
    ) -> None:
        self.rows = self._fill(self.table, self.rows, rows)
        self.mine = self._fill(self.mine_table, self.mine, mine)
        self.mine_box.setVisible(bool(self.mine))
        empty = self.tr("No declaration is waiting.")
        if not self.rows:
            self._say(empty)
        elif self.message.text() == empty:  # (what a claim said stays until the next claim)
            self._say("")
        self._update_buttons()

    def _fill(
        self,
        table: QTableWidget,
        before: Sequence[PendingDeclaration],
        rows: Sequence[PendingDeclaration],
    ) -> list[PendingDeclaration]:
        """Show ``rows`` in ``table``, keeping the selected declaration selected."""
        selected = _selected(table, before)
        keep = selected.draft_id if selected is not None else None
        table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            when = row.declared_at.astimezone(self.tz) if self.tz else row.declared_at.astimezone()
            cells = (
                when.strftime("%Y-%m-%d %H:%M"),
                row.matter_en if self.english else row.matter_zh,
                f"{row.masked_name}  {row.masked_id}".strip(),
                row.station,
            )
            for column, text in enumerate(cells):
                table.setItem(i, column, QTableWidgetItem(text))
            if row.draft_id == keep:
                table.selectRow(i)
        if rows and _selected(table, rows) is None:
            table.selectRow(0)
        return list(rows)

    def selected(self) -> PendingDeclaration | None:
        return _selected(self.table, self.rows)

    def selected_mine(self) -> PendingDeclaration | None:
        return _selected(self.mine_table, self.mine)

    # ---- claiming ----------------------------------------------------------------------------

    @Slot()
    def claim_selected(self) -> None:
        row = self.selected()
        if row is None or self._busy:
            return
        self._busy = True
        self._update_buttons()
        self._say(self.tr("Claiming…"))
        desk, principal, draft_id = self.desk, self.principal, row.draft_id
        run_task(lambda: desk.claim_declaration(principal, draft_id), self._on_claimed)

    def _on_claimed(self, draft: DraftRecord | None, error: BaseException | None) -> None:
        self._busy = False
        self._update_buttons()
        if error is not None or draft is None:
            if isinstance(error, CodedError) and error.code == KioskErrorCode.DECLARATION_GONE:
                self._say(
                    self.tr("Another clerk has taken this declaration. The list is refreshed."),
                    alert=True,
                )
            else:
                self._say(error_text(error), alert=True)
            self.refresh()
            return
        self._say("")
        self.sig_claimed.emit(draft)
        self.refresh()

    # ---- handing back ------------------------------------------------------------------------

    @Slot()
    def release_selected(self) -> None:
        row = self.selected_mine()
        if row is None or self._busy:
            return
        if self._is_open(row.draft_id):
            self._say(
                self.tr(
                    "This declaration is open at the desk: accept or refuse it there, or press "
                    "F12 first, then hand it back."
                ),
                alert=True,
            )
            return
        self._busy = True
        self._update_buttons()
        desk, principal, draft_id = self.desk, self.principal, row.draft_id

        def done(_none: None, error: BaseException | None) -> None:
            self._busy = False
            self._update_buttons()
            if error is not None:
                self._say(error_text(error), alert=True)
            else:
                self._say(self.tr("Handed back: another clerk can claim it now."))
            self.refresh()

        run_task(lambda: desk.release_declaration(principal, draft_id), done)

    # ---- the rest ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.claim_button.setEnabled(bool(self.rows) and not self._busy)
        self.release_button.setEnabled(bool(self.mine) and not self._busy)

    def _say(self, text: str, *, alert: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c;" if alert else "")


class DeclarationsControl(QObject):
    """The window's entries to the list: a button with a count badge, a menu entry, F8,
    the count kept live. ``open_draft(draft)`` opens a claimed declaration at the desk."""

    #: How many declarations wait (after each read).
    sig_count = Signal(int)
    #: A claimed declaration was handed to the desk.
    sig_opened = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        desk: DeclarationDesk,
        principal: Principal,
        open_draft: Callable[[DraftRecord], None],
        *,
        feed: ChangeFeed | None = None,
        english: bool = False,
        tz: tzinfo | None = None,
        is_open: Callable[[str], bool] | None = None,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.principal = principal
        self._open_draft = open_draft
        self.english = english
        self.tz = tz
        self._is_open = is_open
        self.count: int | None = None
        self.dialog: DeclarationsDialog | None = None
        self._seq = 0
        self.action = QAction(self.tr("Kiosk declarations… (F8)"), window)
        self.action.setObjectName("declarationsAction")
        self.action.triggered.connect(self.open_list)
        self.menu = window.menuBar().addMenu(self.tr("Declarations"))
        self.menu.addAction(self.action)
        # The button and its badge: in the menu bar's right corner (no row of its own), or
        # on a toolbar when something else holds that corner.
        self.corner = QWidget()
        self.corner.setObjectName("declarationsCorner")
        self.button = QToolButton(self.corner)
        self.button.setObjectName("declarationsButton")
        self.button.setText(self.tr("Kiosk declarations (F8)"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.open_list)
        self.badge = QLabel("", self.corner)
        self.badge.setObjectName("declarationsBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(22)
        self.badge.setFixedHeight(18)
        self.badge.setStyleSheet(
            "QLabel#declarationsBadge { background: #b91c1c; color: white; font-weight: bold;"
            " border-radius: 9px; padding: 0px 6px; }"
        )
        self.badge.hide()
        row = QHBoxLayout(self.corner)
        row.setContentsMargins(0, 0, 8, 0)
        row.setSpacing(2)
        row.addWidget(self.button)
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.toolbar: QToolBar | None = None
        bar = window.menuBar()
        if bar.cornerWidget(Qt.Corner.TopRightCorner) is None:
            bar.setCornerWidget(self.corner, Qt.Corner.TopRightCorner)
        else:
            self.toolbar = QToolBar(self.tr("Kiosk declarations"), window)
            self.toolbar.setObjectName("declarationsToolbar")
            self.toolbar.setMovable(False)
            self.toolbar.addWidget(self.corner)
            window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.corner.show()
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.open_list)
        #: The station's live feed the count follows (None: it polls); the station stops it.
        self.feed = feed
        # A declaration changes rarely: each change is read at once (no coalescing wait); the
        # poll reads the count only (an open list is not re-read under the clerk's hands).
        self.live = LiveRefresh(
            self._on_changed,
            wants=lambda topics: LiveFeed.concerns(topics, (DECLARATIONS_TOPIC,)),
            coalesce_ms=0,
            poll_ms=poll_ms,
            on_poll=self.refresh_count,
            parent=self,
        )
        self.live.follow(feed)
        self.live.restart_poll()
        self.refresh_count()

    # ---- the count ---------------------------------------------------------------------------

    @Slot()
    def _on_changed(self) -> None:
        self.refresh_count()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    @Slot()
    def refresh_count(self) -> None:
        self._seq += 1
        seq = self._seq
        desk, principal = self.desk, self.principal

        def done(rows: Sequence[PendingDeclaration] | None, error: BaseException | None) -> None:
            if seq != self._seq:
                return
            if error is not None or rows is None:
                log.warning("kiosk declarations: cannot count them: %s", error)
                return
            self.set_count(len(rows))

        run_task(lambda: tuple(desk.pending_declarations(principal)), done)

    def set_count(self, count: int) -> None:
        self.count = count
        self.badge.setText(str(count))
        self.badge.setVisible(count > 0)
        self.corner.adjustSize()
        if self.toolbar is None:  # (a menu bar lays its corner out only when it is set)
            self.window.menuBar().setCornerWidget(self.corner, Qt.Corner.TopRightCorner)
        self.badge.setAccessibleName(self.tr("{n} waiting").format(n=count))
        self.action.setText(
            self.tr("Kiosk declarations ({n} waiting)… (F8)").format(n=count)
            if count
            else self.tr("Kiosk declarations… (F8)")
        )
        self.sig_count.emit(count)

    # ---- the list ----------------------------------------------------------------------------

    @Slot()
    def open_list(self) -> DeclarationsDialog:
        dialog = self.dialog
        if dialog is None:
            dialog = self.dialog = DeclarationsDialog(
                self.desk,
                self.principal,
                english=self.english,
                tz=self.tz,
                is_open=self._is_open,
                parent=self.window,
            )
            dialog.sig_claimed.connect(self._on_claimed)
            dialog.sig_loaded.connect(self.set_count)
        dialog.refresh()
        dialog.show()  # (not modal: the desk stays usable beside it)
        dialog.raise_()
        dialog.activateWindow()
        dialog.table.setFocus()
        return dialog

    def _on_claimed(self, draft: DraftRecord) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self._open_draft(draft)
        self.window.statusBar().showMessage(
            self.tr(
                "Kiosk declaration opened: check the person and the materials, then accept "
                "(Ctrl+Enter) or refuse it."
            )
        )
        self.sig_opened.emit(draft)

    def close(self) -> None:
        """The station closes: no more polls, no more reads on the feed's changes."""
        self.live.stop()
        self._seq += 1
