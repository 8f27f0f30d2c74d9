"""The supervisor's window: a side list of pages (``ui.supervisor.pages.PAGES``) and the page.

Pages are built the first time they are opened; the first one at once. Keyboard: Ctrl+Page
Down / Ctrl+Page Up (and the arrows in the list) move between pages, Alt+1…9 open one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from ui.supervisor.pages import PAGES, PageContext, SupervisorPage
from ui.theme import scaled_font

__all__ = ["SupervisorWindow"]

log = logging.getLogger(__name__)


class SupervisorWindow(QWidget):
    """The side list and the stack of pages."""

    #: A page was built (its key, its widget).
    sig_page_built = Signal(str, object)

    def __init__(
        self,
        context: PageContext,
        pages: Sequence[SupervisorPage] = PAGES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.specs = tuple(pages)
        self.built: dict[str, QWidget] = {}
        self.side = QListWidget(self)
        self.side.setFont(scaled_font(self.font(), 1.25, bold=True))
        self.side.setSpacing(4)
        for spec in self.specs:
            self.side.addItem(spec.title())
        self.side.setFixedWidth(max(150, self.side.sizeHintForColumn(0) + 28))
        self.stack = QStackedWidget(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.side)
        layout.addWidget(self.stack, 1)
        self.side.currentRowChanged.connect(self.open_page)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=step: self._step(s))
        for i in range(min(9, len(self.specs))):
            shortcut = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda i=i: self.side.setCurrentRow(i))
        if self.specs:
            self.side.setCurrentRow(0)

    def _step(self, step: int) -> None:
        count = self.side.count()
        if count:
            self.side.setCurrentRow((self.side.currentRow() + step) % count)

    @Slot(int)
    def open_page(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        spec = self.specs[row]
        page = self.built.get(spec.key)
        if page is None:
            page = spec.build(self.context)
            self.built[spec.key] = page
            self.stack.addWidget(page)
            self.sig_page_built.emit(spec.key, page)
        elif hasattr(page, "refresh"):
            page.refresh()
        self.stack.setCurrentWidget(page)

    def page(self, key: str) -> QWidget | None:
        return self.built.get(key)

    def stop(self) -> None:
        """The window closes: every built page stops its timers."""
        for page in self.built.values():
            stop = getattr(page, "stop", None)
            if callable(stop):
                stop()
