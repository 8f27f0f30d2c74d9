"""What the calling display shows and announces, from the boards the queue service hands out.

:class:`DisplayModel` takes each new :class:`~desktop.domain.queueing.HallBoard` (polled, or
pushed by the live feed) and says what changed: ``sig_board`` with the board to paint, and
``sig_announce`` once per new call or recall (oldest first). The first board after a start is
shown but not announced, so a display restarted mid-day does not call out the last calls again.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, Signal

from desktop.domain.queueing import HallBoard, HallCall

__all__ = ["DisplayModel", "speech_text"]

_DIGITS = "零一二三四五六七八九"


def speech_text(call: HallCall) -> str:
    """The announcement, as the voice should read it: 请A零零五号到3号窗口办理.

    The ticket's digits are spelled one by one (a hall reads "A005" as A-零-零-五); the window
    number is read as a number. Always Chinese: the hall's voice is a Chinese one.
    """
    spelled = "".join(_DIGITS[int(c)] if c.isdigit() else c for c in call.number)
    return f"请{spelled}号到{call.window}号窗口办理"


class DisplayModel(QObject):
    sig_board = Signal(object)  # HallBoard
    sig_announce = Signal(object)  # HallCall

    #: How many call keys are remembered (a day's calls at a busy hall fit easily).
    MEMORY = 2000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seen: set[tuple[str, int, int]] = set()
        self._order: deque[tuple[str, int, int]] = deque()
        self._started = False
        self.board: HallBoard | None = None

    def apply(self, board: HallBoard) -> list[HallCall]:
        """Take a new board; returns (and announces) the calls not seen before, oldest first."""
        fresh = [c for c in reversed(board.calls) if c.key not in self._seen]
        for call in fresh:
            self._seen.add(call.key)
            self._order.append(call.key)
        while len(self._order) > self.MEMORY:
            self._seen.discard(self._order.popleft())
        announce = fresh if self._started else []
        self._started = True
        if board != self.board:
            self.board = board
            self.sig_board.emit(board)
        for call in announce:
            self.sig_announce.emit(call)
        return announce
