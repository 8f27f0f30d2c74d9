"""The card reader's panel: its live status, the last card read, and (demo reader only) a button
that lays the next synthetic card on the reader."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from devices.idcard.document import IdentityDocument
from devices.reader import ReaderState
from ui.reader.adapter import ReaderAdapter
from ui.reader.status_widget import ReaderStatusWidget


class ReaderPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self.tr("Card reader"), self)
        self.status = ReaderStatusWidget(self)
        self.card_label = QLabel(self)
        self.card_label.setObjectName("readerLastCard")
        self.card_label.setWordWrap(True)
        self.tap_button = QPushButton(self.tr("Tap the next demo card"), self)
        self.tap_button.setVisible(False)
        self.tap_button.clicked.connect(self._on_tap_clicked)
        self._demo_tap: Callable[[], None] | None = None

        self._row = QHBoxLayout()
        self._row.addWidget(self.status, 1)
        self._row.addWidget(self.tap_button, 0)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.title)
        self._layout.addLayout(self._row)
        self._layout.addWidget(self.card_label)

    def set_compact(self, compact: bool) -> None:
        """One line (status · last card · demo button): the desk needs the height."""
        self.title.setVisible(not compact)
        self._layout.removeWidget(self.card_label)
        self._row.removeWidget(self.card_label)
        if compact:
            self._row.insertWidget(1, self.card_label, 2)
            self._layout.setContentsMargins(8, 2, 8, 2)
        else:
            self._layout.addWidget(self.card_label)
            self._layout.setContentsMargins(9, 9, 9, 9)

    def attach(self, adapter: ReaderAdapter, *, demo_tap: Callable[[], None] | None) -> None:
        self.status.bind(adapter)
        adapter.sig_card_read.connect(self._on_card_read)
        adapter.sig_state_changed.connect(self._on_state_changed)
        self._demo_tap = demo_tap
        self.tap_button.setVisible(demo_tap is not None)

    def show_error(self, code: str) -> None:
        self.status.show_state(ReaderState.SERVICE_UNAVAILABLE.value, "", code)

    @Slot()
    def _on_tap_clicked(self) -> None:
        if self._demo_tap is not None:
            self._demo_tap()

    @Slot(object)
    def _on_card_read(self, document: IdentityDocument) -> None:
        from desktop.domain.identity import mask_id_number  # its region table: not at start-up

        demo = self.tr(" · demo card (synthetic)") if document.demo else ""
        self.card_label.setText(
            self.tr("Last card: {name}, {number}").format(
                name=document.name, number=mask_id_number(document.id_number)
            )
            + demo
        )

    @Slot(str, str)
    def _on_state_changed(self, state: str, _reader: str) -> None:
        # The previous person's card must not stay on screen once the card has left.
        if state == ReaderState.CARD_REMOVED.value:
            self.card_label.clear()
