"""The kiosk's welcome page: kept for the kiosk's life, it never shows a person (tap your ID
card; the language switch; the hall's corner an administrator holds)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.kiosk.widgets import text_label, touch_button

__all__ = ["WelcomePage"]


class WelcomePage(QWidget):
    """Tap your ID card; the language switch; the hall's corner an administrator holds."""

    sig_language = Signal(str)
    sig_admin_hold = Signal()

    def __init__(self, hall_name: str, hold_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hall = text_label(hall_name, "kioskHall", self)
        self.hall.setAccessibleName(hall_name)
        self.title = text_label("", "kioskTitle", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = text_label("", "kioskHint", self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A card drawn by the style sheet (an emoji font is not on every kiosk).
        self.card_icon = text_label("ID", "kioskCardIcon", self)
        self.card_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_icon.setFixedSize(240, 150)
        self.status = text_label("", "kioskStatus", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ended = text_label("", "kioskEnded", self)
        self.ended.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ended.hide()
        self.language = touch_button("", "kioskLanguage", self)
        self.language.clicked.connect(self._toggle_language)
        self._english = False
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self.sig_admin_hold)
        self._ended_timer = QTimer(self)
        self._ended_timer.setSingleShot(True)
        self._ended_timer.timeout.connect(self.ended.hide)
        top = QHBoxLayout()
        top.addWidget(self.hall, 1)
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.ended)
        layout.addWidget(self.card_icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(24)
        layout.addWidget(self.status)
        layout.addStretch(2)
        self.hall.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Place your ID card on the reader"))
        self.hint.setText(
            self.tr(
                "See your cases, print your papers again, declare your residence, take a "
                "ticket or rate our service. Nothing is typed: your card is enough."
            )
        )
        # The switch is written in the language it switches to.
        self.language.setText("English" if not self._english else "中文")
        self.language.setAccessibleName(self.language.text())
        self.ended.setText(
            self.tr("Your session has ended. Nothing of yours is kept on this screen.")
        )

    def set_english(self, english: bool) -> None:
        self._english = english
        self.retranslate()

    def _toggle_language(self) -> None:
        self.sig_language.emit("zh_CN" if self._english else "en")

    def set_status(self, text: str, *, alert: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("alert", alert)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def show_ended(self, ms: int = 6000) -> None:
        self.ended.show()
        self._ended_timer.start(ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # the administrator's hold
        if watched is self.hall:
            if event.type() == QEvent.Type.MouseButtonPress:
                self._hold.start()
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._hold.stop()
        return False
