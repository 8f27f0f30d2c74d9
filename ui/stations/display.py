"""The calling display's station (``[station] kind = "display"``): a screen on the hall's wall.

It signs nobody in. The board it shows — numbers, windows, waiting counts — holds no personal
data, and the queue service hands it out read-only without a principal
(``QueueService.board``); the station reads it through its backend every
:attr:`DisplayConfig.poll_ms` on the worker thread, and at once on ``queue:calls`` from the live
feed (``Hall.change_listener`` under ``ui.live.LiveFeed``; the poll is the fallback). Full
screen; new calls flash and are announced (chime + Chinese voice where the platform has them,
``ui.display.announcer``).

``--scene queue-display`` shows synthetic calls (``ui.display.scene``) without a database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.domain.queueing import HallBoard
from ui.display.announcer import Announcer
from ui.display.model import DisplayModel
from ui.display.page import CallingDisplay
from ui.live import ChangeSource, LiveFeed
from ui.live_refresh import LiveRefresh, of_kinds
from ui.main_window import MainWindow
from ui.tasks import run_task

if TYPE_CHECKING:
    from ui.reader.adapter import ReaderAdapter

__all__ = ["SCENE", "DisplayBackend", "DisplayConfig", "DisplayStation"]

log = logging.getLogger(__name__)

SCENE = "queue-display"


@dataclass(frozen=True, slots=True)
class DisplayConfig:
    hall_name: str
    #: Milliseconds between two reads of the board (the poll fallback of the live feed): 250
    #: keeps a call's way to the screen under 300 ms at p95 (``benchmarks/queue_bench.py``).
    poll_ms: int = 250


class DisplayBackend(Protocol):
    """What the composition root (``desktop.app.RegistryConnection``) gives a display."""

    def display_config(self) -> DisplayConfig: ...

    def display_board(self) -> HallBoard:
        """The hall's board now (on the worker; opens the services if needed)."""
        ...


class DisplayStation(QObject):
    sig_desk_ready = Signal(object)  # never: nobody signs in at a display
    sig_scene_ready = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        backend: DisplayBackend,
        *,
        language: str,
        scene: str | None = None,
        announcer: Announcer | None = None,
        full_screen: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.backend = backend
        self.scene = scene
        self.language = language
        self.config = backend.display_config() if scene is None else DisplayConfig("")
        self.model = DisplayModel(self)
        self.announcer = announcer if announcer is not None else Announcer(self)
        self.page: CallingDisplay | None = None
        self._full_screen = full_screen and scene is None
        self._busy = False
        self._closed = False
        self._failures = 0
        # A call is shown (and said) at once: no coalescing wait; the poll is the fallback.
        self.live = LiveRefresh(
            self.refresh,
            wants=of_kinds("queue"),
            coalesce_ms=0,
            poll_ms=self.config.poll_ms,
            parent=self,
        )
        self._hidden: Any = None
        self._feed: Any = None

    def start(self) -> None:
        hall = self.config.hall_name
        if self.scene is not None:
            hall = QCoreApplication.translate("CallingDisplay", "Demonstration Service Hall")
        self.page = CallingDisplay(hall, language=self.language)
        # The status page stays alive (the main window keeps updating it) but out of sight.
        self._hidden = self.window.takeCentralWidget()
        if self._hidden is not None:
            self._hidden.setParent(self.window)
            self._hidden.hide()
        self.window.setCentralWidget(self.page)
        self.window.menuBar().hide()
        self.window.statusBar().hide()
        self.model.sig_board.connect(self.page.show_board)
        self.model.sig_announce.connect(self.announcer.announce)
        if self._full_screen:
            self.window.showFullScreen()
        if self.scene is not None:
            self._play_scene()
            return
        self.refresh()
        self.live.restart_poll()
        self._start_live_feed()

    def _start_live_feed(self) -> None:
        """Refresh at once on ``queue:calls`` when the live feed is there (``ui.live`` and the
        backend's ``display_listener``); the poll stays as the fallback either way."""
        make = getattr(self.backend, "display_listener", None)
        if make is None:
            return

        def built(source: ChangeSource | None, error: BaseException | None) -> None:
            if error is not None or source is None or self._closed:
                if error is not None:
                    log.info("the calling display polls only: %s", error)
                return
            self._feed = LiveFeed(source, self)
            self.live.follow(self._feed)
            self._feed.start()

        run_task(make, built)

    def _play_scene(self) -> None:
        from ui.display.scene import scene_board

        self.model.apply(scene_board())
        QTimer.singleShot(300, lambda: self.sig_scene_ready.emit(True))

    def refresh(self) -> None:
        """Read the board (on the worker) unless a read is still under way."""
        if self._busy or self._closed:
            return
        self._busy = True
        run_task(self.backend.display_board, self._on_board)

    def _on_board(self, board: HallBoard | None, error: BaseException | None) -> None:
        self._busy = False
        if self._closed or self.page is None:
            return
        if error is not None or board is None:
            self._failures += 1
            if self._failures == 1:
                log.warning("the calling display cannot read the board: %s", error)
            self.page.show_status(QCoreApplication.translate("CallingDisplay", "Reconnecting…"))
            return
        if self._failures:
            log.info("the calling display reads the board again")
            self._failures = 0
            self.page.show_status("")
        self.model.apply(board)

    def attach_reader(self, adapter: ReaderAdapter, demo_tap: Callable[[], None] | None) -> None:
        """A display has no use for a card reader."""

    def close(self) -> None:
        self._closed = True
        self.live.stop()
        if self._feed is not None:
            self._feed.stop()
