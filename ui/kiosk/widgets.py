"""The kiosk's building blocks: finger-sized buttons, labels nobody can select, a content
page with its title, message line and scrolling body, and a card frame."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.errors import error_text
from ui.kiosk.ports import KioskPages

__all__ = [
    "TOUCH_PX",
    "ContentPage",
    "card_frame",
    "chinese",
    "day_text",
    "text_label",
    "touch_button",
]

# Touch targets: at least this many pixels high (a fingertip with room to spare).
TOUCH_PX = 72


def text_label(text: str, name: str = "", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no selection
    if name:
        widget.setObjectName(name)
    return widget


def touch_button(text: str, name: str = "", parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setMinimumHeight(TOUCH_PX)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setAccessibleName(text)
    if name:
        widget.setObjectName(name)
    return widget


def day_text(day: date | None) -> str:
    return day.isoformat() if day is not None else "—"


def chinese() -> bool:
    """The interface speaks Chinese now (the kiosk's language switch installs translators)."""
    return QCoreApplication.translate("KioskTexts", "Very satisfied") != "Very satisfied"


class ContentPage(QWidget):
    """A content page: a title, a line for what is happening, and a scrolling body."""

    def __init__(self, pages: KioskPages, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.title = text_label(title, "kioskPageTitle", self)
        self.message = text_label("", "kioskMessage", self)
        self.message.hide()
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 12, 0)
        self.body_layout.setSpacing(16)
        self.body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.scroller = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self.page_layout = layout

    def add(self, widget: QWidget) -> None:
        self.body_layout.insertWidget(self.body_layout.count() - 1, widget)

    def say(self, text: str, *, alert: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("alert", alert)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def loading(self) -> None:
        self.say(self.tr("One moment…"))

    def failed(self, error: BaseException | None) -> None:
        # The kiosk's language switch installs translators, not a locale: say the core's
        # refusal in the language the screen speaks now.
        self.say(error_text(error, language="zh_CN" if chinese() else "en"), alert=True)


def card_frame(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("kioskCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 18, 24, 18)
    layout.setSpacing(8)
    return frame, layout
