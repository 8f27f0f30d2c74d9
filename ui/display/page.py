"""The calling display's screen: readable from across a hall.

Huge type sized from the screen's height (the newest call's number about a quarter of it),
light text on a dark navy ground (contrast above 12:1; the number in amber), no decoration that
does not carry information. The newest call is the hero ("A005 → 3 号窗口"), flashing for a few
seconds when it arrives; the last calls are listed beside it; the waiting counts per queue run
along the bottom; the hall's name and the time at the top.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.queueing import HallBoard, HallCall

__all__ = ["CallingDisplay"]

NAVY = "#0A1F3C"
PANEL = "#10305A"
HEADER = "#06142A"
AMBER = "#FFC83D"
WHITE = "#FFFFFF"
MUTED = "#C9D6EA"
HERO = "#0F2A50"

#: How many earlier calls are listed beside the newest.
RECENT = 5
FLASH_MS = 500
FLASHES = 6


def window_text(window: int) -> str:
    return QCoreApplication.translate("CallingDisplay", "Window {n}").format(n=window)


def _label(parent: QWidget, name: str, color: str = WHITE) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(f"color: {color}; background: transparent;")
    return label


class CallingDisplay(QWidget):
    def __init__(
        self, hall_name: str, parent: QWidget | None = None, *, language: str = "zh_CN"
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("callingDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(NAVY))
        self.setPalette(palette)
        self.setStyleSheet(f"#callingDisplay {{ background: {NAVY}; }}")
        self._board: HallBoard | None = None

        header = QFrame(self)
        header.setObjectName("displayHeader")
        header.setStyleSheet(f"#displayHeader {{ background: {HEADER}; }}")
        self.hall_label = _label(header, "displayHall")
        self.hall_label.setText(hall_name)
        self.clock_label = _label(header, "displayClock", MUTED)
        top = QHBoxLayout(header)
        top.setContentsMargins(32, 8, 32, 8)
        top.addWidget(self.hall_label, 1)
        top.addWidget(self.clock_label, 0)

        hero = QFrame(self)
        hero.setObjectName("displayHero")
        self._hero = hero
        self.caption = _label(hero, "displayCaption", MUTED)
        self.caption.setText(QCoreApplication.translate("CallingDisplay", "Now calling"))
        self.number_label = _label(hero, "displayNumber", AMBER)
        self.window_label = _label(hero, "displayWindow")
        self.idle_label = _label(hero, "displayIdle", MUTED)
        self.idle_label.setText(
            QCoreApplication.translate("CallingDisplay", "Please wait for your number to be called")
        )
        self.idle_label.setWordWrap(True)
        for w in (self.caption, self.number_label, self.window_label, self.idle_label):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hero_box = QVBoxLayout(hero)
        hero_box.setContentsMargins(24, 16, 24, 16)
        hero_box.addStretch(1)
        hero_box.addWidget(self.caption)
        hero_box.addWidget(self.number_label)
        hero_box.addWidget(self.window_label)
        hero_box.addWidget(self.idle_label)
        hero_box.addStretch(1)

        recent = QFrame(self)
        recent.setObjectName("displayRecent")
        recent.setStyleSheet(f"#displayRecent {{ background: {PANEL}; border-radius: 12px; }}")
        self.recent_title = _label(recent, "displayRecentTitle", MUTED)
        self.recent_title.setText(QCoreApplication.translate("CallingDisplay", "Recent calls"))
        self.recent_rows: list[tuple[QLabel, QLabel]] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for i in range(RECENT):
            number = _label(recent, f"recentNumber{i}", AMBER)
            window = _label(recent, f"recentWindow{i}")
            window.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(number, i, 0)
            grid.addWidget(window, i, 1)
            self.recent_rows.append((number, window))
        recent_box = QVBoxLayout(recent)
        recent_box.setContentsMargins(28, 16, 28, 16)
        recent_box.addWidget(self.recent_title)
        recent_box.addLayout(grid)
        recent_box.addStretch(1)

        middle = QHBoxLayout()
        middle.setContentsMargins(24, 16, 24, 16)
        middle.setSpacing(24)
        middle.addWidget(hero, 62)
        middle.addWidget(recent, 38)

        footer = QFrame(self)
        footer.setObjectName("displayFooter")
        footer.setStyleSheet(f"#displayFooter {{ background: {HEADER}; }}")
        self.waiting_box = QHBoxLayout(footer)
        self.waiting_box.setContentsMargins(32, 8, 32, 8)
        self.waiting_box.setSpacing(40)
        self.waiting_labels: list[QLabel] = []
        self.status_label = _label(footer, "displayStatus", MUTED)
        self._footer = footer

        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(header, 0)
        page.addLayout(middle, 1)
        page.addWidget(footer, 0)

        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()
        self._set_hero(None)
        self._apply_fonts()

    # ---- content -----------------------------------------------------------------------------

    def show_board(self, board: HallBoard) -> None:
        newest_before = self._board.calls[0].key if self._board and self._board.calls else None
        self._board = board
        calls = board.calls
        self._set_hero(calls[0] if calls else None)
        for i, (number, window) in enumerate(self.recent_rows):
            call = calls[i + 1] if i + 1 < len(calls) else None
            number.setText(call.number if call else "")
            window.setText(window_text(call.window) if call else "")
        self._set_waiting(board)
        if calls and calls[0].key != newest_before:
            self._flash_left = FLASHES
            self._flash_timer.start()

    def show_status(self, text: str) -> None:
        """A quiet line in the footer (e.g. the database is away; the calls on screen stay)."""
        self.status_label.setText(text)

    def _set_hero(self, call: HallCall | None) -> None:
        self.caption.setVisible(call is not None)
        self.number_label.setVisible(call is not None)
        self.window_label.setVisible(call is not None)
        self.idle_label.setVisible(call is None)
        if call is not None:
            self.number_label.setText(call.number)
            self.window_label.setText("→ " + window_text(call.window))
        self._paint_hero(False)

    def _set_waiting(self, board: HallBoard) -> None:
        while len(self.waiting_labels) < len(board.waiting):
            label = _label(self._footer, f"waiting{len(self.waiting_labels)}")
            self.waiting_box.insertWidget(len(self.waiting_labels), label)
            self.waiting_labels.append(label)
        for label, count in zip(self.waiting_labels, board.waiting, strict=False):
            label.setText(
                QCoreApplication.translate("CallingDisplay", "{queue} {code}: {n} waiting").format(
                    queue=count.name(self.language), code=count.queue_code, n=count.waiting
                )
            )
        if self.waiting_box.indexOf(self.status_label) < 0:
            self.waiting_box.addStretch(1)
            self.waiting_box.addWidget(self.status_label)
        self._apply_fonts()

    # ---- looks -------------------------------------------------------------------------------

    def _paint_hero(self, lit: bool) -> None:
        # A new call flashes the hero's frame, never its ground: the contrast stays the same.
        frame = AMBER if lit else HERO
        self._hero.setStyleSheet(
            f"#displayHero {{ background: {HERO}; border: 8px solid {frame};"
            " border-radius: 16px; }"
        )

    def _flash(self) -> None:
        self._flash_left -= 1
        self._paint_hero(self._flash_left % 2 == 1)
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._paint_hero(False)

    def _tick(self) -> None:
        self.clock_label.setText(datetime.now().strftime("%H:%M"))

    def _font(self, px: int, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(10, px))
        font.setBold(bold)
        return font

    def _apply_fonts(self) -> None:
        h = max(self.height(), 480)
        w = max(self.width(), 640)
        self.hall_label.setFont(self._font(int(h * 0.05), bold=True))
        self.clock_label.setFont(self._font(int(h * 0.05), bold=True))
        self.caption.setFont(self._font(int(h * 0.055), bold=True))
        # The number must fit the hero's width too (62 % of the screen, 4-5 characters).
        self.number_label.setFont(self._font(min(int(h * 0.27), int(w * 0.62 / 3.2)), bold=True))
        self.window_label.setFont(self._font(min(int(h * 0.12), int(w * 0.62 / 7)), bold=True))
        self.idle_label.setFont(self._font(int(h * 0.06), bold=True))
        self.recent_title.setFont(self._font(int(h * 0.045), bold=True))
        for number, window in self.recent_rows:
            number.setFont(self._font(int(h * 0.075), bold=True))
            window.setFont(self._font(int(h * 0.065), bold=True))
        # The waiting counts share the footer's width: the largest type that fits them all.
        if self.waiting_labels:
            share = (w - 64) / len(self.waiting_labels) - 40
            px = int(h * 0.045)
            while px > 12:
                font = self._font(px, bold=True)
                metrics = QFontMetrics(font)
                if all(metrics.horizontalAdvance(lb.text()) <= share for lb in self.waiting_labels):
                    break
                px -= 1
            for label in self.waiting_labels:
                label.setFont(self._font(px, bold=True))
        self.status_label.setFont(self._font(int(h * 0.03)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_fonts()
