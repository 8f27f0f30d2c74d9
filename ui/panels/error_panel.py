"""What the window shows when the registry cannot be opened: what happened, and Retry."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.theme import ERROR_HEADLINE_STYLE, scaled_font

#: Lines longer than this are hard to read; the error text wraps within it.
MAX_TEXT_WIDTH = 900


class ErrorPanel(QWidget):
    sig_retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon.pixmap(QSize(48, 48)))
        self.headline_label = QLabel(self)
        self.headline_label.setObjectName("errorHeadline")
        self.headline_label.setStyleSheet(ERROR_HEADLINE_STYLE)
        self.headline_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.headline_label.setWordWrap(True)
        self.detail_caption = QLabel(self.tr("Technical detail:"), self)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("errorDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = QLabel(
            self.tr(
                "Nothing has been changed. Correct the cause (see the detail above, or ask the "
                "hall's administrator), then try again."
            ),
            self,
        )
        self.hint_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setMinimumWidth(120)
        self.retry_button.clicked.connect(self._on_retry_clicked)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self.headline_label)
        text.addWidget(self.detail_caption)
        text.addWidget(self.detail_label)
        text.addWidget(self.hint_label)
        text.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        content = QWidget(self)
        content.setMaximumWidth(MAX_TEXT_WIDTH)
        row = QHBoxLayout(content)
        row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(content, 100)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

    def show_error(self, headline: str, detail: str) -> None:
        self.headline_label.setText(headline)
        self.detail_label.setText(detail)
        self.retry_button.setEnabled(True)
        self.retry_button.setFocus()

    @Slot()
    def _on_retry_clicked(self) -> None:
        self.retry_button.setEnabled(False)
        self.sig_retry_requested.emit()
