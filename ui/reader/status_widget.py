"""A small reader-status line: a coloured dot, the state in words, and a DEMO tag.

    status = ReaderStatusWidget(parent)
    status.bind(adapter)   # follows the adapter's signals (GUI thread)

It can also be driven by hand (:meth:`ReaderStatusWidget.show_state`), e.g. from a test or a
window that has no reader configured.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from devices.reader import ReaderState
from ui.reader.adapter import ReaderAdapter
from ui.reader.texts import card_error_text, reader_state_text

__all__ = ["ReaderStatusWidget", "indicator_colour"]

GREY: Final = "#9ca3af"
GREEN: Final = "#15803d"
BLUE: Final = "#1d4ed8"
AMBER: Final = "#b45309"
RED: Final = "#b91c1c"

_COLOURS: Final[dict[str, str]] = {
    ReaderState.NO_READER: GREY,
    ReaderState.READER_READY: GREEN,
    ReaderState.CARD_PRESENT: BLUE,
    ReaderState.READING: BLUE,
    ReaderState.READ_DONE: GREEN,
    ReaderState.INVALID_CARD: RED,
    ReaderState.CARD_REMOVED: GREEN,  # the reader is ready for the next card
    ReaderState.READER_LOST: RED,
    ReaderState.SERVICE_UNAVAILABLE: RED,
}
_DOT_SIZE: Final = 12
DEMO_TAG_STYLE: Final = (
    "QLabel#readerDemoTag { background: #b45309; color: #ffffff; border-radius: 3px;"
    " padding: 1px 6px; font-weight: bold; }"
)


def indicator_colour(state: str | None, error_code: str = "") -> str:
    """The dot's colour for a state (a card pulled mid-read shows amber: read it again)."""
    if state == ReaderState.CARD_REMOVED and error_code:
        return AMBER
    return _COLOURS.get(state or "", GREY)


class ReaderStatusWidget(QWidget):
    """Shows one reader's state; see the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerStatus")
        self._state: str | None = None
        self._reader = ""
        self._error_code = ""
        self._error_message = ""

        self.indicator = QLabel(self)
        self.indicator.setObjectName("readerIndicator")
        self.indicator.setFixedSize(_DOT_SIZE, _DOT_SIZE)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("readerStatusText")
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_tag = QLabel(self.tr("DEMO"), self)
        self.demo_tag.setObjectName("readerDemoTag")
        self.demo_tag.setStyleSheet(DEMO_TAG_STYLE)
        self.demo_tag.setToolTip(
            self.tr("Demo reader: its cards are synthetic, not real people's.")
        )
        self.demo_tag.setVisible(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.indicator, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.demo_tag, 0, Qt.AlignmentFlag.AlignVCenter)
        self._render()

    # ---- public ------------------------------------------------------------------------------

    @property
    def state(self) -> str | None:
        return self._state

    @property
    def text(self) -> str:
        return self.text_label.text()

    @property
    def colour(self) -> str:
        return indicator_colour(self._state, self._error_code)

    @property
    def is_demo(self) -> bool:
        return not self.demo_tag.isHidden()

    def bind(self, adapter: ReaderAdapter) -> None:
        """Follow ``adapter`` (its signals arrive on the GUI thread) and show its DEMO tag."""
        self.set_demo(adapter.is_demo)
        adapter.sig_state_changed.connect(self._on_state_changed)
        adapter.sig_read_failed.connect(self._on_read_failed)
        if adapter.state is not None:
            self.show_state(adapter.state.value, adapter.reader)

    def set_demo(self, demo: bool) -> None:
        self.demo_tag.setVisible(demo)

    def show_state(self, state: str | None, reader: str = "", error_code: str = "") -> None:
        """Show ``state`` (a ReaderState value; None: not started) of ``reader``."""
        self._state = state
        self._reader = reader
        self._error_code = error_code
        self._error_message = ""
        self._render()

    # ---- handlers ----------------------------------------------------------------------------

    @Slot(str, str)
    def _on_state_changed(self, state: str, reader: str) -> None:
        self.show_state(state, reader)

    @Slot(str, str)
    def _on_read_failed(self, code: str, message: str) -> None:
        # Follows the sig_state_changed of the same event: add the reason to that state.
        self._error_code = code
        self._error_message = message
        self._render()

    def _render(self) -> None:
        self.text_label.setText(reader_state_text(self._state, self._error_code))
        colour = self.colour
        self.indicator.setStyleSheet(
            f"QLabel#readerIndicator {{ background: {colour}; border-radius: {_DOT_SIZE // 2}px; }}"
        )
        tip = [self._reader] if self._reader else []
        if self._error_code:
            tip.append(f"{card_error_text(self._error_code)} [{self._error_code}]")
        self.setToolTip("\n".join(tip))
