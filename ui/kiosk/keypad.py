"""An on-screen digit keypad: the kiosk's only way to type (a phone number).

The digits live in the keypad itself (no QLineEdit: no undo history, no selection, no context
menu, nothing for the clipboard); :meth:`clear` forgets them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

__all__ = ["DigitKeypad"]


class DigitKeypad(QWidget):
    """Big digit keys, a delete key and a clear key over a display of what was typed."""

    # The digits typed so far (after every key).
    sig_changed = Signal(str)

    def __init__(self, max_digits: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = ""
        self._max = max_digits
        self.display = QLabel(self)
        self.display.setObjectName("keypadDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(76)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for i, digit in enumerate("123456789"):
            self._add_key(grid, digit, digit, i // 3, i % 3)
        self._add_key(grid, "clear", self.tr("Clear"), 3, 0)
        self._add_key(grid, "0", "0", 3, 1)
        self._add_key(grid, "back", self.tr("Delete"), 3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        layout.addLayout(grid)
        self._show()

    def _add_key(self, grid: QGridLayout, key: str, text: str, row: int, col: int) -> None:
        button = QPushButton(text, self)
        button.setObjectName("keypadKey")
        button.setMinimumSize(120, 72)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(text)
        button.clicked.connect(lambda _checked=False, k=key: self.press(k))
        grid.addWidget(button, row, col)
        self.keys[key] = button

    def press(self, key: str) -> None:
        if key == "back":
            self._digits = self._digits[:-1]
        elif key == "clear":
            self._digits = ""
        elif key.isdigit() and len(self._digits) < self._max:
            self._digits += key
        self._show()
        self.sig_changed.emit(self._digits)

    def digits(self) -> str:
        return self._digits

    def set_digits(self, digits: str) -> None:
        self._digits = "".join(c for c in digits if c.isdigit())[: self._max]
        self._show()

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def _show(self) -> None:
        self.display.setText(self._digits or "—")
